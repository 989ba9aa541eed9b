package keeper_test

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// requireCode requires err to be a gRPC status with code and a message
// containing contains.
func (s *KeeperTestSuite) requireCode(err error, code codes.Code, contains string) {
	s.T().Helper()
	s.Require().Error(err)
	st, ok := status.FromError(err)
	s.Require().True(ok, "not a gRPC status: %v", err)
	s.Require().Equal(code, st.Code(), "%v", err)
	s.Require().Contains(st.Message(), contains)
}

func taskIDs(tasks []types.Task) []uint64 {
	var out []uint64
	for _, t := range tasks {
		out = append(out, t.Id)
	}
	return out
}

func modelIDs(models []types.Model) []uint64 {
	var out []uint64
	for _, m := range models {
		out = append(out, m.Id)
	}
	return out
}

func bountyIDs(bounties []types.Bounty) []uint64 {
	var out []uint64
	for _, b := range bounties {
		out = append(out, b.Id)
	}
	return out
}

func circuitIDs(circuits []types.Circuit) []string {
	var out []string
	for _, c := range circuits {
		out = append(out, c.Id)
	}
	return out
}

// Every query refuses a nil request with InvalidArgument.
func (s *KeeperTestSuite) TestQueriesRefuseNilRequests() {
	q := s.querier
	for name, call := range map[string]func() error{
		"Params":           func() error { _, err := q.Params(s.ctx, nil); return err },
		"Task":             func() error { _, err := q.Task(s.ctx, nil); return err },
		"Tasks":            func() error { _, err := q.Tasks(s.ctx, nil); return err },
		"ValidationSlices": func() error { _, err := q.ValidationSlices(s.ctx, nil); return err },
		"Circuit":          func() error { _, err := q.Circuit(s.ctx, nil); return err },
		"Circuits":         func() error { _, err := q.Circuits(s.ctx, nil); return err },
		"Model":            func() error { _, err := q.Model(s.ctx, nil); return err },
		"ModelsByTask":     func() error { _, err := q.ModelsByTask(s.ctx, nil); return err },
		"BestModel":        func() error { _, err := q.BestModel(s.ctx, nil); return err },
		"Bounty":           func() error { _, err := q.Bounty(s.ctx, nil); return err },
		"Bounties":         func() error { _, err := q.Bounties(s.ctx, nil); return err },
	} {
		s.Run(name, func() { s.requireCode(call(), codes.InvalidArgument, "empty request") })
	}
}

func (s *KeeperTestSuite) TestQueryParams() {
	res, err := s.querier.Params(s.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(testParams(), res.Params)
}

func (s *KeeperTestSuite) TestQueryTask() {
	s.richState()
	res, err := s.querier.Task(s.ctx, &types.QueryTaskRequest{TaskId: 1})
	s.Require().NoError(err)
	s.Require().Equal(s.task(1), res.Task)
	s.Require().NotNil(res.Task.TestSet, "with its revealed test set")

	_, err = s.querier.Task(s.ctx, &types.QueryTaskRequest{TaskId: 9})
	s.requireCode(err, codes.NotFound, "no task 9")
	_, err = s.querier.Task(s.ctx, &types.QueryTaskRequest{})
	s.requireCode(err, codes.NotFound, "no task 0")
}

func (s *KeeperTestSuite) TestQueryTasksPagination() {
	for range 5 {
		s.createTask(s.taskMsg())
	}
	page := func(p *query.PageRequest) ([]uint64, *query.PageResponse) {
		res, err := s.querier.Tasks(s.ctx, &types.QueryTasksRequest{Pagination: p})
		s.Require().NoError(err)
		return taskIDs(res.Tasks), res.Pagination
	}
	all, _ := page(nil)
	s.Require().Equal([]uint64{1, 2, 3, 4, 5}, all)

	first, res := page(&query.PageRequest{Limit: 2, CountTotal: true})
	s.Require().Equal([]uint64{1, 2}, first)
	s.Require().Equal(uint64(5), res.Total)
	s.Require().NotEmpty(res.NextKey)
	second, res := page(&query.PageRequest{Key: res.NextKey, Limit: 2})
	s.Require().Equal([]uint64{3, 4}, second)
	last, res := page(&query.PageRequest{Key: res.NextKey, Limit: 2})
	s.Require().Equal([]uint64{5}, last)
	s.Require().Empty(res.NextKey, "no page after the last")

	offset, _ := page(&query.PageRequest{Offset: 3, Limit: 10})
	s.Require().Equal([]uint64{4, 5}, offset)
	reversed, _ := page(&query.PageRequest{Reverse: true, Limit: 2})
	s.Require().Equal([]uint64{5, 4}, reversed)

	_, err := s.querier.Tasks(s.ctx, &types.QueryTasksRequest{Pagination: &query.PageRequest{Key: []byte{1}, Offset: 1}})
	s.requireCode(err, codes.InvalidArgument, "either offset or key is expected, got both")
}

func (s *KeeperTestSuite) TestQueryValidationSlices() {
	t1 := s.createTask(s.taskMsg())
	t2 := s.createTask(s.taskMsg())
	_, err := s.msgServer.RevealValidationSlice(s.ctx, s.sliceMsg(t2, 0))
	s.Require().NoError(err)
	res, err := s.querier.ValidationSlices(s.ctx, &types.QueryValidationSlicesRequest{TaskId: t1})
	s.Require().NoError(err)
	s.Require().Empty(res.Slices, "another task's slices are not listed")
	s.Require().Equal(uint32(3), res.TotalSlices)
	s.Require().Zero(res.CurrentEpoch)

	s.setHeight(startHeight + epoch)
	_, err = s.msgServer.RevealValidationSlice(s.ctx, s.sliceMsg(t1, 1))
	s.Require().NoError(err)
	res, err = s.querier.ValidationSlices(s.ctx, &types.QueryValidationSlicesRequest{TaskId: t1})
	s.Require().NoError(err)
	s.Require().Len(res.Slices, 1)
	s.Require().Equal(uint32(1), res.Slices[0].Index)
	s.Require().Equal(t1, res.Slices[0].TaskId)
	s.Require().Equal(uint64(1), res.CurrentEpoch)

	// The epoch keeps counting after the last slice.
	s.setHeight(startHeight + 7*epoch + 5)
	res, err = s.querier.ValidationSlices(s.ctx, &types.QueryValidationSlicesRequest{TaskId: t1})
	s.Require().NoError(err)
	s.Require().Equal(uint64(7), res.CurrentEpoch)

	_, err = s.querier.ValidationSlices(s.ctx, &types.QueryValidationSlicesRequest{TaskId: 3})
	s.requireCode(err, codes.NotFound, "no task 3")
}

func (s *KeeperTestSuite) TestQueryCircuits() {
	s.approve("zeta-train", trainShape())
	s.approve("alpha-train", trainShape())
	s.approve("mid-train", trainShape())
	s.setHeight(130)
	_, err := s.msgServer.RevokeCircuit(s.ctx, &types.MsgRevokeCircuit{Authority: s.authority, Id: "mid-train", Reason: "leaked"})
	s.Require().NoError(err)

	res, err := s.querier.Circuit(s.ctx, &types.QueryCircuitRequest{Id: "mid-train"})
	s.Require().NoError(err)
	s.Require().True(res.Circuit.Revoked, "revoked circuits are shown")
	s.Require().Equal(int64(130), res.Circuit.RevokedHeight)
	s.Require().Equal(bmtestutil.VerifyingKey(), res.Circuit.VerifyingKey)

	list, err := s.querier.Circuits(s.ctx, &types.QueryCircuitsRequest{})
	s.Require().NoError(err)
	s.Require().Equal([]string{"alpha-train", "mid-train", "zeta-train"}, circuitIDs(list.Circuits), "in id order")
	paged, err := s.querier.Circuits(s.ctx, &types.QueryCircuitsRequest{Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	s.Require().NoError(err)
	s.Require().Equal([]string{"alpha-train"}, circuitIDs(paged.Circuits))
	s.Require().Equal(uint64(3), paged.Pagination.Total)
	paged, err = s.querier.Circuits(s.ctx, &types.QueryCircuitsRequest{Pagination: &query.PageRequest{Key: paged.Pagination.NextKey, Limit: 5}})
	s.Require().NoError(err)
	s.Require().Equal([]string{"mid-train", "zeta-train"}, circuitIDs(paged.Circuits))

	_, err = s.querier.Circuit(s.ctx, &types.QueryCircuitRequest{})
	s.requireCode(err, codes.InvalidArgument, "circuit id is required")
	_, err = s.querier.Circuit(s.ctx, &types.QueryCircuitRequest{Id: "beta-train"})
	s.requireCode(err, codes.NotFound, `no circuit "beta-train"`)
	_, err = s.querier.Circuits(s.ctx, &types.QueryCircuitsRequest{Pagination: &query.PageRequest{Key: []byte("a"), Offset: 2}})
	s.requireCode(err, codes.InvalidArgument, "got both")
}

func (s *KeeperTestSuite) TestQueryModel() {
	s.richState()
	for _, tc := range []struct {
		name             string
		id               uint64
		validation, test *types.ModelScore
	}{
		{"both scores", 1,
			&types.ModelScore{ModelId: 1, TaskId: 1, Version: 1, Metric: 900_000, Height: startHeight, Direction: types.HigherIsBetter},
			&types.ModelScore{ModelId: 1, TaskId: 1, Version: 2, Metric: 910_000, Height: 150, Direction: types.HigherIsBetter}},
		{"deprecated: the test score stays", 2, nil,
			&types.ModelScore{ModelId: 2, TaskId: 1, Version: 2, Metric: 700_000, Height: 150, Direction: types.HigherIsBetter}},
		{"validation score only, lower is better", 3,
			&types.ModelScore{ModelId: 3, TaskId: 2, Version: 1, Metric: 150, Height: startHeight, Direction: types.LowerIsBetter}, nil},
		{"test score only", 5, nil,
			&types.ModelScore{ModelId: 5, TaskId: 4, Version: 1, Metric: 990_000, Height: 195, Direction: types.HigherIsBetter}},
	} {
		s.Run(tc.name, func() {
			res, err := s.querier.Model(s.ctx, &types.QueryModelRequest{ModelId: tc.id})
			s.Require().NoError(err)
			s.Require().Equal(s.model(tc.id), res.Model)
			s.Require().Equal(tc.validation, res.ValidationScore)
			s.Require().Equal(tc.test, res.TestScore)
		})
	}
	s.Require().Equal(types.ModelDeprecated, s.model(2).Status)

	_, err := s.querier.Model(s.ctx, &types.QueryModelRequest{ModelId: 6})
	s.requireCode(err, codes.NotFound, "no model 6")
}

func (s *KeeperTestSuite) TestQueryModelsByTask() {
	t1 := s.createTask(s.taskMsg())
	t2 := s.createTask(s.taskMsg())
	empty := s.createTask(s.taskMsg())
	for i := range 6 { // models 1..6 alternate between the tasks
		task := t1
		if i%2 == 1 {
			task = t2
		}
		s.registerModel(s.modelMsg(carol, task))
	}
	page := func(task uint64, p *query.PageRequest) ([]uint64, *query.PageResponse) {
		res, err := s.querier.ModelsByTask(s.ctx, &types.QueryModelsByTaskRequest{TaskId: task, Pagination: p})
		s.Require().NoError(err)
		for _, m := range res.Models {
			s.Require().Equal(task, m.TaskId)
		}
		return modelIDs(res.Models), res.Pagination
	}
	all, _ := page(t1, nil)
	s.Require().Equal([]uint64{1, 3, 5}, all)
	all, _ = page(t2, nil)
	s.Require().Equal([]uint64{2, 4, 6}, all)
	none, _ := page(empty, nil)
	s.Require().Empty(none)

	first, res := page(t1, &query.PageRequest{Limit: 2, CountTotal: true})
	s.Require().Equal([]uint64{1, 3}, first)
	s.Require().Equal(uint64(3), res.Total, "counts only the task's models")
	rest, res := page(t1, &query.PageRequest{Key: res.NextKey, Limit: 2})
	s.Require().Equal([]uint64{5}, rest)
	s.Require().Empty(res.NextKey)
	offset, _ := page(t2, &query.PageRequest{Offset: 1, Limit: 1})
	s.Require().Equal([]uint64{4}, offset)
	reversed, _ := page(t2, &query.PageRequest{Reverse: true})
	s.Require().Equal([]uint64{6, 4, 2}, reversed)

	_, err := s.querier.ModelsByTask(s.ctx, &types.QueryModelsByTaskRequest{TaskId: 4})
	s.requireCode(err, codes.NotFound, "no task 4")
	_, err = s.querier.ModelsByTask(s.ctx, &types.QueryModelsByTaskRequest{TaskId: t1, Pagination: &query.PageRequest{Key: []byte{1}, Offset: 1}})
	s.requireCode(err, codes.InvalidArgument, "got both")
}

func (s *KeeperTestSuite) TestQueryBestModel() {
	s.richState()
	best := func(task uint64) (uint64, int64) {
		res, err := s.querier.BestModel(s.ctx, &types.QueryBestModelRequest{TaskId: task})
		s.Require().NoError(err)
		s.Require().Equal(res.Model.Id, res.Score.ModelId)
		s.Require().Equal(task, res.Score.TaskId)
		s.Require().Equal(s.model(res.Model.Id), res.Model)
		return res.Model.Id, res.Score.Metric
	}
	id, metric := best(1)
	s.Require().Equal([]any{uint64(1), int64(900_000)}, []any{id, metric}, "model 2 scored 800000 and is deprecated")
	id, metric = best(2)
	s.Require().Equal([]any{uint64(3), int64(150)}, []any{id, metric})
	id, _ = best(4)
	s.Require().Equal(uint64(4), id, "test scores do not rank: model 5 has no validation score")

	_, err := s.querier.BestModel(s.ctx, &types.QueryBestModelRequest{TaskId: 3})
	s.requireCode(err, codes.NotFound, "task 3 has no active model with a verified validation metric")
	_, err = s.querier.BestModel(s.ctx, &types.QueryBestModelRequest{TaskId: 7})
	s.requireCode(err, codes.NotFound, "no task 7")

	// On a lower-is-better task a smaller error overtakes, a larger one
	// does not, and a tie stays with the older model.
	for _, r := range []struct {
		builder  int
		metric   int64
		wantBest uint64
	}{{0, 200, 3}, {1, 149, 7}, {0, 149, 7}, {1, 0, 9}} {
		builder := carol
		if r.builder == 1 {
			builder = dave
		}
		id := s.registerModel(s.modelMsg(builder, 2))
		s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, id, 1, r.metric))
		got, _ := best(2)
		s.Require().Equal(r.wantBest, got, "after model %d scored %d", id, r.metric)
	}
	id, metric = best(2)
	s.Require().Equal([]any{uint64(9), int64(0)}, []any{id, metric})

	// Deprecating the best hands the task to the next one.
	_, err = s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(dave), ModelId: 9})
	s.Require().NoError(err)
	id, _ = best(2)
	s.Require().Equal(uint64(7), id)
}

func (s *KeeperTestSuite) TestQueryBounties() {
	s.richState()
	res, err := s.querier.Bounty(s.ctx, &types.QueryBountyRequest{BountyId: 1})
	s.Require().NoError(err)
	s.Require().Equal(s.bounty(1), res.Bounty)
	s.Require().Equal(types.BountyPaid, res.Bounty.Status)
	s.Require().Equal(uint64(1), res.Bounty.WinnerModelId)
	_, err = s.querier.Bounty(s.ctx, &types.QueryBountyRequest{BountyId: 5})
	s.requireCode(err, codes.NotFound, "no bounty 5")

	// Two more bounties on task 3, so one task has several.
	s.postBounty(s.bountyMsg(3, minReward, 100))
	s.postBounty(s.bountyMsg(3, minReward, 100))

	page := func(task uint64, p *query.PageRequest) ([]uint64, *query.PageResponse) {
		res, err := s.querier.Bounties(s.ctx, &types.QueryBountiesRequest{TaskId: task, Pagination: p})
		s.Require().NoError(err)
		for _, b := range res.Bounties {
			s.Require().Equal(s.bounty(b.Id), b)
			if task != 0 {
				s.Require().Equal(task, b.TaskId)
			}
		}
		return bountyIDs(res.Bounties), res.Pagination
	}
	all, _ := page(0, nil)
	s.Require().Equal([]uint64{1, 2, 3, 4, 5, 6}, all)
	first, res2 := page(0, &query.PageRequest{Limit: 4, CountTotal: true})
	s.Require().Equal([]uint64{1, 2, 3, 4}, first)
	s.Require().Equal(uint64(6), res2.Total)
	rest, _ := page(0, &query.PageRequest{Key: res2.NextKey})
	s.Require().Equal([]uint64{5, 6}, rest)

	task3, _ := page(3, nil)
	s.Require().Equal([]uint64{3, 5, 6}, task3)
	first, res2 = page(3, &query.PageRequest{Limit: 1, CountTotal: true})
	s.Require().Equal([]uint64{3}, first)
	s.Require().Equal(uint64(3), res2.Total)
	rest, _ = page(3, &query.PageRequest{Key: res2.NextKey})
	s.Require().Equal([]uint64{5, 6}, rest)
	reversed, _ := page(3, &query.PageRequest{Reverse: true, Limit: 2})
	s.Require().Equal([]uint64{6, 5}, reversed)
	task2, _ := page(2, nil)
	s.Require().Equal([]uint64{2}, task2)

	_, err = s.querier.Bounties(s.ctx, &types.QueryBountiesRequest{TaskId: 8})
	s.requireCode(err, codes.NotFound, "no task 8")
	_, err = s.querier.Bounties(s.ctx, &types.QueryBountiesRequest{Pagination: &query.PageRequest{Key: []byte{1}, Offset: 1}})
	s.requireCode(err, codes.InvalidArgument, "got both")
	_, err = s.querier.Bounties(s.ctx, &types.QueryBountiesRequest{TaskId: 3, Pagination: &query.PageRequest{Key: []byte{1}, Offset: 1}})
	s.requireCode(err, codes.InvalidArgument, "got both")
}

package keeper_test

import (
	"github.com/litegpt/litegpt/x/buildermarket/keeper"
	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func (s *KeeperTestSuite) TestZeroReporterRefuses() {
	id := s.registerModel(s.modelMsg(carol, s.createTask(s.taskMsg())))
	var zero keeper.MetricReporter
	s.requireRejected(func() error { return zero.ReportValidationMetric(s.ctx, id, 1, 500_000) }, types.ErrUnknownReporter, "Keeper.NewMetricReporter")
	s.requireRejected(func() error { return zero.ReportTestMetric(s.ctx, id, 1, 500_000) }, types.ErrUnknownReporter, "Keeper.NewMetricReporter")
}

func (s *KeeperTestSuite) TestReporterOnlyBeforeSeal() {
	s.Require().Equal("pog", s.reporter.Module())
	s.Require().PanicsWithValue(`buildermarket metric reporter for "other" requested after Seal: it can only be created while the app is built`,
		func() { s.keeper.NewMetricReporter("other") })
	k := s.newKeeper()
	k.NewMetricReporter("pog")
	s.Require().Panics(func() { k.NewMetricReporter("pog") }, "one reporter per module")
}

func (s *KeeperTestSuite) TestReportValidationMetric() {
	task := s.createTask(s.taskMsg())
	id := s.registerModel(s.modelMsg(carol, task))
	s.setHeight(110)
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, id, 3, 700_000))
	score := types.ModelScore{ModelId: id, TaskId: task, Version: 3, Metric: 700_000, Height: 110, Direction: types.HigherIsBetter}
	got, err := s.keeper.ValidationScores.Get(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(score, got)
	requireEvents(s, &types.EventMetricRecorded{Score: score, Improved: true})
	requireEvents(s, &types.EventBestModelChanged{TaskId: task, ModelId: id, Metric: 700_000})

	// A worse or equal metric is recorded as an event but does not replace it.
	s.setHeight(111)
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, id, 4, 700_000))
	requireEvents(s, &types.EventMetricRecorded{Score: types.ModelScore{ModelId: id, TaskId: task, Version: 4, Metric: 700_000, Height: 111, Direction: types.HigherIsBetter}})
	requireEvents[*types.EventBestModelChanged](s)
	got, err = s.keeper.ValidationScores.Get(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(score, got)

	// A better one does, without a best-model change (same model).
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, id, 5, 700_001))
	got, err = s.keeper.ValidationScores.Get(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(uint64(5), got.Version)
	s.Require().Equal(int64(700_001), got.Metric)
	requireEvents[*types.EventBestModelChanged](s)
	s.requireConserved()
}

func (s *KeeperTestSuite) TestReportMetricRejected() {
	for _, tc := range []struct {
		name     string
		setup    func() (model, version uint64, metric int64)
		err      error
		contains string
	}{
		{"unknown model", func() (uint64, uint64, int64) { return 9, 1, 5 }, types.ErrModelNotFound, "no model 9"},
		{"version zero", func() (uint64, uint64, int64) { return 1, 0, 5 }, types.ErrInvalidMetric, "version must be an x/pog version id"},
		{"accuracy above 1", func() (uint64, uint64, int64) { return 1, 1, 1_000_001 }, types.ErrInvalidMetric, "accuracy must be in 0..1000000"},
		{"negative accuracy", func() (uint64, uint64, int64) { return 1, 1, -1 }, types.ErrInvalidMetric, "accuracy must be in"},
		{"deprecated model", func() (uint64, uint64, int64) {
			_, err := s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(carol), ModelId: 1})
			s.Require().NoError(err)
			return 1, 1, 5
		}, types.ErrModelNotActive, "model 1 was deprecated at height 1"},
	} {
		for _, test := range []bool{false, true} {
			s.Run(tc.name, func() {
				s.SetupTest()
				task := s.createTask(s.taskMsg())
				s.registerModel(s.modelMsg(carol, task))
				if test {
					s.postBounty(s.bountyMsg(task, minReward, 10))
					s.setHeight(startHeight + 10)
					s.revealTestSet(task)
				}
				model, version, metric := tc.setup()
				report := s.reporter.ReportValidationMetric
				if test {
					report = s.reporter.ReportTestMetric
				}
				s.requireRejected(func() error { return report(s.ctx, model, version, metric) }, tc.err, tc.contains)
			})
		}
	}
}

// BestModel ranks by metric in the task's direction; ties go to the older
// model.
func (s *KeeperTestSuite) TestBestModelOrdering() {
	for _, tc := range []struct {
		name    string
		msg     *types.MsgCreateTask
		metrics []int64 // of models 1, 2, 3
		best    uint64
	}{
		{"higher is better", s.taskMsg(), []int64{600_000, 900_000, 800_000}, 2},
		{"higher is better, tie to the older", s.taskMsg(), []int64{600_000, 900_000, 900_000}, 2},
		{"lower is better", bmtestutil.RegressionTaskMsg(s.bech32(alice), 1, epoch), []int64{300, 100, 200}, 2},
		{"lower is better, tie to the older", bmtestutil.RegressionTaskMsg(s.bech32(alice), 1, epoch), []int64{100, 300, 100}, 1},
		{"lower is better, zero error is best", bmtestutil.RegressionTaskMsg(s.bech32(alice), 1, epoch), []int64{5, 0, 7}, 2},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			task := s.createTask(tc.msg)
			for i, m := range tc.metrics {
				builder := carol
				if i%2 == 1 {
					builder = dave
				}
				id := s.registerModel(s.modelMsg(builder, task))
				s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, id, 1, m))
			}
			best, score, err := s.keeper.BestModel(s.ctx, task)
			s.Require().NoError(err)
			s.Require().Equal(tc.best, best.Id)
			s.Require().Equal(tc.metrics[tc.best-1], score.Metric)
			res, err := s.querier.BestModel(s.ctx, &types.QueryBestModelRequest{TaskId: task})
			s.Require().NoError(err)
			s.Require().Equal(tc.best, res.Model.Id)
			s.requireConserved()
		})
	}
}

func (s *KeeperTestSuite) TestBestModelChangesAcrossTasks() {
	t1 := s.createTask(s.taskMsg())
	t2 := s.createTask(s.taskMsg())
	a := s.registerModel(s.modelMsg(carol, t1))
	b := s.registerModel(s.modelMsg(dave, t2))
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, b, 1, 100))
	s.fresh()
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, a, 1, 50))
	requireEvents(s, &types.EventBestModelChanged{TaskId: t1, ModelId: a, Metric: 50})
	best, _, err := s.keeper.BestModel(s.ctx, t2)
	s.Require().NoError(err)
	s.Require().Equal(b, best.Id, "a task's ranking ignores other tasks, even with better metrics")

	// Overtaking emits a change; falling behind cannot happen (scores only improve).
	c := s.registerModel(s.modelMsg(carol, t1))
	s.fresh()
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, c, 1, 51))
	requireEvents(s, &types.EventBestModelChanged{TaskId: t1, ModelId: c, Metric: 51})
}

func (s *KeeperTestSuite) TestReportTestMetric() {
	task := s.createTask(s.taskMsg())
	id := s.registerModel(s.modelMsg(carol, task))
	s.postBounty(s.bountyMsg(task, minReward, 10)) // deadline 110
	s.requireRejected(func() error { return s.reporter.ReportTestMetric(s.ctx, id, 1, 5) }, types.ErrInvalidMetric,
		"task 1 has not revealed its test set")

	s.setHeight(110)
	end := s.revealTestSet(task)
	s.fresh()
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, id, 2, 800_000))
	score := types.ModelScore{ModelId: id, TaskId: task, Version: 2, Metric: 800_000, Height: 110, Direction: types.HigherIsBetter}
	requireEvents(s, &types.EventMetricRecorded{Score: score, Test: true, Improved: true})
	requireEvents[*types.EventBestModelChanged](s)

	// A worse second report does not replace it; a better one does.
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, id, 3, 700_000))
	got, err := s.keeper.TestScores.Get(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(score, got)
	s.setHeight(end - 1)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, id, 4, 850_000))
	got, err = s.keeper.TestScores.Get(s.ctx, id)
	s.Require().NoError(err)
	s.Require().Equal(int64(850_000), got.Metric)

	s.setHeight(end)
	s.requireRejected(func() error { return s.reporter.ReportTestMetric(s.ctx, id, 5, 900_000) }, types.ErrInvalidMetric,
		"scoring on the test set of task 1 ended at height 140")
	has, err := s.keeper.ValidationScores.Has(s.ctx, id)
	s.Require().NoError(err)
	s.Require().False(has, "test metrics do not rank the model for BestModel")
	s.requireConserved()
}

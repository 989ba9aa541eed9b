package keeper_test

import (
	"cosmossdk.io/collections"

	"google.golang.org/grpc/codes"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// What the keeper does when a store or bank it relies on misbehaves:
// failed bounty resolutions wait for the next block, failed refunds and
// reports change nothing, and undecodable records are Internal errors.

// endBlocksUnchecked runs EndBlock up to h without checking invariants, for
// states a test corrupted on purpose.
func (s *KeeperTestSuite) endBlocksUnchecked(h int64) {
	for height := s.ctx.BlockHeight() + 1; height <= h; height++ {
		s.setHeight(height)
		s.Require().NoError(s.keeper.EndBlocker(s.ctx))
	}
}

// A resolution that fails leaves the bounty open, emits nothing, moves no
// coin and is tried again the next block.
func (s *KeeperTestSuite) TestFailedResolutionsAreRetried() {
	for _, tc := range []struct {
		name    string
		bounty  uint64
		due     int64 // the height the resolution is tried at
		corrupt func()
	}{
		{"the poster's address does not decode", 3, 320, func() {
			s.setBounty(3, func(b *types.Bounty) { b.Poster = "lgpt1notanaddress" })
		}},
		{"the poster refuses coins", 3, 320, func() { s.bank.failSendsTo[string(bob)] = true }},
		{"the winner's builder refuses coins", 4, 225, func() { s.bank.failSendsTo[string(dave)] = true }},
		{"the winning model is gone", 4, 225, func() { s.Require().NoError(s.keeper.Models.Remove(s.ctx, 4)) }},
		{"the task is gone", 3, 320, func() { s.Require().NoError(s.keeper.Tasks.Remove(s.ctx, 3)) }},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.richState()
			tc.corrupt()
			s.endBlocksUnchecked(tc.due - 1)
			before := s.snapshot()
			s.endBlocksUnchecked(tc.due)
			s.Require().Empty(s.ctx.EventManager().Events())
			s.Require().Equal(types.BountyOpen, s.bounty(tc.bounty).Status)
			s.Require().Equal(before.bank, s.bank.String(), "no coin moved")
			s.Require().False(s.queued(tc.due, tc.bounty))
			s.Require().True(s.queued(tc.due+1, tc.bounty), "tried again next block")
			entries := 0
			for _, key := range s.queue() {
				if key.K2() == tc.bounty {
					entries++
				}
			}
			s.Require().Equal(1, entries, "one entry per open bounty")
		})
	}

	// Once the builder takes coins again, the retry pays.
	s.SetupTest()
	s.richState()
	s.bank.failSendsTo[string(dave)] = true
	s.endBlocksTo(225)
	delete(s.bank.failSendsTo, string(dave))
	s.endBlocksTo(226)
	b := s.bounty(4)
	s.Require().Equal(types.BountyPaid, b.Status)
	s.Require().Equal(int64(226), b.ResolvedHeight)
	requireEvents(s, &types.EventBountyPaid{BountyId: 4, TaskId: 4, ModelId: 4, Builder: s.bech32(dave), Reward: coin(700), Metric: 650_000})
}

// EndBlock drops a queue entry of a bounty that is no longer open (which
// BountyInvariant rules out) and resolves nothing for it.
func (s *KeeperTestSuite) TestStaleQueueEntryIsDropped() {
	s.richState()
	s.Require().NoError(s.keeper.BountyQueue.Set(s.ctx, collections.Join(int64(richHeight+1), uint64(1))))
	s.Require().Error(s.keeper.BountyInvariant(s.ctx))
	paid := s.bounty(1)
	bank := s.bank.String()
	s.endBlocksTo(richHeight + 1) // checks the invariants again
	s.Require().Equal(paid, s.bounty(1))
	s.Require().Equal(bank, s.bank.String())
	s.Require().Empty(s.ctx.EventManager().Events())
	s.Require().False(s.queued(richHeight+1, 1))
}

func (s *KeeperTestSuite) TestDeprecateModelRefundRefused() {
	id := s.registerModel(s.modelMsg(carol, s.createTask(s.taskMsg())))
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, id, 1, 500_000))
	s.bank.failSendsTo[string(carol)] = true
	s.requireRejected(func() error {
		_, err := s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(carol), ModelId: id})
		return err
	}, nil, "recipient refuses coins")
	s.Require().Equal(types.ModelActive, s.model(id).Status)
}

// A report for a model whose task is gone fails and records nothing.
func (s *KeeperTestSuite) TestReportForAModelWithoutTask() {
	task := s.createTask(s.taskMsg())
	id := s.registerModel(s.modelMsg(carol, task))
	s.Require().NoError(s.keeper.Tasks.Remove(s.ctx, task))
	for name, report := range map[string]func() error{
		"validation": func() error { return s.reporter.ReportValidationMetric(s.ctx, id, 1, 5) },
		"test":       func() error { return s.reporter.ReportTestMetric(s.ctx, id, 1, 5) },
	} {
		s.Run(name, func() {
			s.fresh()
			err := report()
			s.Require().ErrorIs(err, types.ErrTaskNotFound)
			s.Require().ErrorContains(err, "no task 1")
			s.Require().Empty(s.ctx.EventManager().Events())
			for _, scores := range []scores{s.keeper.ValidationScores, s.keeper.TestScores} {
				has, err := scores.Has(s.ctx, id)
				s.Require().NoError(err)
				s.Require().False(has)
			}
		})
	}
}

// garbage is not a protobuf encoding (field 0 is invalid).
var garbage = []byte{0x00, 0x01}

// setRaw writes value under a collection's prefix and an encoded uint64
// key.
func (s *KeeperTestSuite) setRaw(prefix collections.Prefix, id uint64, value []byte) {
	key, err := collections.EncodeKeyWithPrefix(prefix.Bytes(), collections.Uint64Key, id)
	s.Require().NoError(err)
	s.ctx.KVStore(s.key).Set(key, value)
}

func (s *KeeperTestSuite) TestQueriesOfUndecodableRecords() {
	s.richState()
	s.setRaw(types.TasksPrefix, 2, garbage)
	_, err := s.querier.Task(s.ctx, &types.QueryTaskRequest{TaskId: 2})
	s.requireCode(err, codes.Internal, "")
	_, err = s.querier.BestModel(s.ctx, &types.QueryBestModelRequest{TaskId: 2})
	s.requireCode(err, codes.Internal, "")

	s.setRaw(types.TestScoresPrefix, 1, garbage)
	_, err = s.querier.Model(s.ctx, &types.QueryModelRequest{ModelId: 1})
	s.requireCode(err, codes.Internal, "")

	key, err := collections.EncodeKeyWithPrefix(types.ValidationSlicesPrefix.Bytes(),
		collections.PairKeyCodec(collections.Uint64Key, collections.Uint32Key), collections.Join(uint64(1), uint32(2)))
	s.Require().NoError(err)
	s.ctx.KVStore(s.key).Set(key, garbage)
	_, err = s.querier.ValidationSlices(s.ctx, &types.QueryValidationSlicesRequest{TaskId: 1})
	s.requireCode(err, codes.Internal, "")

	s.use(s.emptyChain(s.bank)) // no genesis: no params
	_, err = s.querier.Params(s.ctx, &types.QueryParamsRequest{})
	s.requireCode(err, codes.Internal, "not found")
}

package keeper_test

import (
	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func (s *KeeperTestSuite) queued(height int64, id uint64) bool {
	has, err := s.keeper.BountyQueue.Has(s.ctx, collections.Join(height, id))
	s.Require().NoError(err)
	return has
}

func (s *KeeperTestSuite) TestPostBounty() {
	task := s.createTask(s.taskMsg())
	msg := s.bountyMsg(task, 700, 50)
	msg.HasThreshold, msg.Threshold = true, 850_000
	s.fresh()
	id := s.postBounty(msg)
	s.Require().Equal(uint64(1), id)
	want := types.Bounty{
		Id: 1, TaskId: task, Poster: s.bech32(bob), Reward: coin(700), DeadlineHeight: 150,
		HasThreshold: true, Threshold: 850_000, Status: types.BountyOpen, CreatedHeight: startHeight,
	}
	s.Require().Equal(want, s.bounty(1))
	s.Require().Equal(int64(startBalance-700), s.balance(bob))
	s.Require().Equal(int64(700), s.escrowed())
	s.Require().True(s.queued(150+revealWin, 1), "looked at again when the reveal window closes")
	s.Require().Equal(int64(150), s.task(task).LatestBountyDeadline)
	requireEvents(s, &types.EventBountyPosted{Bounty: want})
	s.requireConserved()

	// An earlier deadline leaves the latest one; a later one moves it.
	s.postBounty(s.bountyMsg(task, minReward, 10))
	s.Require().Equal(int64(150), s.task(task).LatestBountyDeadline)
	s.postBounty(s.bountyMsg(task, minReward, 1_000))
	s.Require().Equal(int64(1_100), s.task(task).LatestBountyDeadline)
	s.Require().Equal(int64(700+2*minReward), s.escrowed())
	s.requireConserved()
}

func (s *KeeperTestSuite) TestPostBountyRejected() {
	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgPostBounty)
		err      error
		contains string
	}{
		{"deadline too near", func(m *types.MsgPostBounty) { m.DeadlineHeight = startHeight + 9 }, types.ErrInvalidBounty,
			"deadline_height must be in [110, 1100] (min_bounty_blocks..max_bounty_blocks after height 100), got 109"},
		{"deadline too far", func(m *types.MsgPostBounty) { m.DeadlineHeight = startHeight + 1_001 }, types.ErrInvalidBounty, "got 1101"},
		{"deadline in the past", func(m *types.MsgPostBounty) { m.DeadlineHeight = 50 }, types.ErrInvalidBounty, "got 50"},
		{"reward below the minimum", func(m *types.MsgPostBounty) { m.Reward = coin(minReward - 1) }, types.ErrInvalidAmount, "reward must be at least 500ulgpt"},
		{"reward in another denom", func(m *types.MsgPostBounty) { m.Reward = sdk.NewInt64Coin("uatom", 1_000) }, types.ErrInvalidAmount, "reward must be in ulgpt"},
		{"threshold without the flag", func(m *types.MsgPostBounty) { m.Threshold = 5 }, types.ErrInvalidBounty, "threshold 5 given without has_threshold"},
		{"impossible threshold", func(m *types.MsgPostBounty) { m.HasThreshold, m.Threshold = true, 1_000_001 }, types.ErrInvalidBounty,
			"threshold: accuracy must be in 0..1000000"},
		{"unknown task", func(m *types.MsgPostBounty) { m.TaskId = 3 }, types.ErrTaskNotFound, "no task 3"},
		{"bad poster", func(m *types.MsgPostBounty) { m.Poster = "b" }, types.ErrInvalidAddress, "poster"},
		{"more than spendable", func(m *types.MsgPostBounty) { m.Reward = coin(startBalance + 1) }, types.ErrInsufficientFunds,
			"the bounty reward needs 1000001ulgpt, but " + s.bech32(bob) + " can spend only 1000000ulgpt"},
		{"test set revealed", func(m *types.MsgPostBounty) {
			s.postBounty(s.bountyMsg(1, minReward, 10))
			s.setHeight(startHeight + 10)
			s.revealTestSet(1)
			m.DeadlineHeight = startHeight + 50
		}, types.ErrTestSetRevealed, "task 1 revealed its test set at height 110; new bounties would be judged on public data"},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.createTask(s.taskMsg())
			msg := s.bountyMsg(1, minReward, 50)
			tc.malleate(msg)
			s.requireRejected(func() error { _, err := s.msgServer.PostBounty(s.ctx, msg); return err }, tc.err, tc.contains)
		})
	}
}

// lifeSetup makes task 1, models 1 (carol) and 2 (dave) at height 100 and
// bounty 1 of 600 by bob due at 150, and returns the task.
func (s *KeeperTestSuite) lifeSetup(mutate func(*types.MsgPostBounty)) uint64 {
	task := s.createTask(s.taskMsg())
	s.registerModel(s.modelMsg(carol, task))
	s.registerModel(s.modelMsg(dave, task))
	msg := s.bountyMsg(task, 600, 50)
	if mutate != nil {
		mutate(msg)
	}
	s.postBounty(msg)
	return task
}

func (s *KeeperTestSuite) TestBountyPaysTheBestEligibleModel() {
	task := s.lifeSetup(nil)
	s.setHeight(150)
	late := s.registerModel(s.modelMsg(carol, task)) // at the deadline: too late to compete
	end := s.revealTestSet(task)
	s.Require().Equal(int64(180), end)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 1, 1, 800_000))
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 2, 1, 900_000))
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, late, 1, 950_000))

	s.endBlocksTo(179)
	s.Require().Equal(types.BountyOpen, s.bounty(1).Status, "scoring is still open")
	s.Require().True(s.queued(180, 1), "re-queued at the end of scoring when the reveal window closed")

	s.endBlocksTo(180)
	b := s.bounty(1)
	s.Require().Equal(types.BountyPaid, b.Status)
	s.Require().Equal(uint64(2), b.WinnerModelId)
	s.Require().Equal(int64(900_000), b.WinningMetric)
	s.Require().Equal(int64(180), b.ResolvedHeight)
	requireEvents(s, &types.EventBountyPaid{BountyId: 1, TaskId: task, ModelId: 2, Builder: s.bech32(dave), Reward: coin(600), Metric: 900_000})
	s.Require().Equal(int64(startBalance-deposit+600), s.balance(dave))
	s.Require().Equal(int64(startBalance-600), s.balance(bob))
	s.Require().Equal(int64(3*deposit), s.escrowed())

	// It resolves once: later blocks change nothing.
	before := s.snapshot()
	s.endBlocksTo(250)
	s.Require().Equal(before.bank, s.snapshot().bank)
	s.Require().Equal(before.genesis, s.snapshot().genesis)
}

func (s *KeeperTestSuite) TestBountyPaysADeprecatedWinner() {
	task := s.lifeSetup(nil)
	s.setHeight(150)
	s.revealTestSet(task)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 1, 1, 800_000))
	_, err := s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(carol), ModelId: 1})
	s.Require().NoError(err)
	s.endBlocksTo(180)
	s.Require().Equal(uint64(1), s.bounty(1).WinnerModelId, "its verified test score still counts")
	s.Require().Equal(int64(startBalance+600), s.balance(carol), "deposit back and the reward")
}

func (s *KeeperTestSuite) TestBountyThresholdNobodyMeets() {
	task := s.lifeSetup(func(m *types.MsgPostBounty) { m.HasThreshold, m.Threshold = true, 950_000 })
	s.setHeight(150)
	late := s.registerModel(s.modelMsg(carol, task))
	s.revealTestSet(task)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, late, 1, 990_000)) // meets it, but too late
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 2, 1, 949_999))
	s.endBlocksTo(180)
	b := s.bounty(1)
	s.Require().Equal(types.BountyRefunded, b.Status)
	s.Require().Zero(b.WinnerModelId)
	requireEvents(s, &types.EventBountyRefunded{BountyId: 1, TaskId: task, Poster: s.bech32(bob), Reward: coin(600), Reason: types.RefundNoEligibleModel})
	s.Require().Equal(int64(startBalance), s.balance(bob))
}

func (s *KeeperTestSuite) TestBountyThresholdLowerIsBetter() {
	task := s.createTask(bmtestutil.RegressionTaskMsg(s.bech32(alice), 1, epoch))
	s.registerModel(s.modelMsg(carol, task))
	s.registerModel(s.modelMsg(dave, task))
	msg := s.bountyMsg(task, 600, 50)
	msg.HasThreshold, msg.Threshold = true, 100
	s.postBounty(msg)
	s.setHeight(150)
	s.revealTestSet(task)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 1, 1, 120))
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 2, 1, 100))
	s.endBlocksTo(180)
	s.Require().Equal(uint64(2), s.bounty(1).WinnerModelId, "the lowest error, at the threshold, wins")
}

func (s *KeeperTestSuite) TestBountyWithoutScoresRefunds() {
	task := s.lifeSetup(nil)
	s.setHeight(150)
	s.revealTestSet(task)
	s.endBlocksTo(180)
	requireEvents(s, &types.EventBountyRefunded{BountyId: 1, TaskId: task, Poster: s.bech32(bob), Reward: coin(600), Reason: types.RefundNoEligibleModel})
}

func (s *KeeperTestSuite) TestBountyRefundedWithoutReveal() {
	task := s.lifeSetup(nil)
	s.endBlocksTo(169)
	s.Require().Equal(types.BountyOpen, s.bounty(1).Status)
	s.endBlocksTo(170)
	b := s.bounty(1)
	s.Require().Equal(types.BountyRefunded, b.Status)
	s.Require().Equal(int64(170), b.ResolvedHeight)
	requireEvents(s, &types.EventBountyRefunded{BountyId: 1, TaskId: task, Poster: s.bech32(bob), Reward: coin(600), Reason: types.RefundNotRevealed})
	s.Require().Equal(int64(startBalance), s.balance(bob))
	s.Require().Equal(int64(2*deposit), s.escrowed())

	// The window closed: the creator can no longer reveal.
	s.requireRejected(func() error { _, err := s.msgServer.RevealTestSet(s.ctx, s.testSetMsg(task)); return err }, types.ErrRevealOutOfWindow, "[150, 170)")
}

func (s *KeeperTestSuite) TestLaterBountyMovesTheRevealWindow() {
	task := s.lifeSetup(nil) // bounty 1 due at 150
	s.setHeight(120)
	s.postBounty(s.bountyMsg(task, minReward, 80)) // bounty 2 due at 200
	s.Require().Equal(int64(200), s.task(task).LatestBountyDeadline)

	s.endBlocksTo(170)
	s.Require().Equal(types.BountyOpen, s.bounty(1).Status, "the later bounty moved the reveal window")
	s.Require().True(s.queued(220, 1))
	s.requireRejected(func() error { _, err := s.msgServer.RevealTestSet(s.ctx, s.testSetMsg(task)); return err }, types.ErrRevealOutOfWindow, "[200, 220)")

	s.endBlocksTo(205)
	end := s.revealTestSet(task)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 1, 1, 700_000))
	s.endBlocksTo(end)
	s.Require().Equal(types.BountyPaid, s.bounty(1).Status)
	s.Require().Equal(types.BountyPaid, s.bounty(2).Status)
	s.Require().Equal(int64(startBalance-deposit+600+minReward), s.balance(carol))
}

func (s *KeeperTestSuite) TestBountyResolutionsPerBlockAreBounded() {
	task := s.createTask(s.taskMsg())
	for i := 0; i < 5; i++ {
		s.postBounty(s.bountyMsg(task, minReward, 50)) // all due at 150, queued at 170
	}
	statuses := func() []types.BountyStatus {
		var out []types.BountyStatus
		for id := uint64(1); id <= 5; id++ {
			out = append(out, s.bounty(id).Status)
		}
		return out
	}
	open, refunded := types.BountyOpen, types.BountyRefunded
	s.endBlocksTo(170)
	s.Require().Equal([]types.BountyStatus{refunded, refunded, open, open, open}, statuses())
	s.Require().Len(typedEvents[*types.EventBountyRefunded](s), 2)
	s.endBlocksTo(171)
	s.Require().Equal([]types.BountyStatus{refunded, refunded, refunded, refunded, open}, statuses())
	s.endBlocksTo(172)
	s.Require().Equal([]types.BountyStatus{refunded, refunded, refunded, refunded, refunded}, statuses())
	s.Require().Equal(int64(startBalance), s.balance(bob))
	s.Require().Zero(s.escrowed())
}

func (s *KeeperTestSuite) TestFailedResolutionIsRetried() {
	s.lifeSetup(nil)
	s.bank.failSendsTo[string(bob)] = true
	s.endBlocksTo(170)
	s.Require().Equal(types.BountyOpen, s.bounty(1).Status, "nothing was written")
	s.Require().Empty(s.ctx.EventManager().Events())
	s.Require().True(s.queued(171, 1), "retried next block")
	s.Require().False(s.queued(170, 1))

	delete(s.bank.failSendsTo, string(bob))
	s.endBlocksTo(171)
	s.Require().Equal(types.BountyRefunded, s.bounty(1).Status)
	s.Require().Equal(int64(startBalance), s.balance(bob))
}

// Every ulgpt is accounted for across register, post, deprecate, pay and
// refund.
func (s *KeeperTestSuite) TestEscrowAccounting() {
	task := s.createTask(s.taskMsg())
	other := s.createTask(s.taskMsg())
	s.registerModel(s.modelMsg(carol, task))
	s.registerModel(s.modelMsg(dave, task))
	s.Require().Equal(int64(2*deposit), s.escrowed())
	s.postBounty(s.bountyMsg(task, 700, 50))  // 1: paid
	s.postBounty(s.bountyMsg(other, 550, 50)) // 2: refunded, no reveal
	s.Require().Equal(int64(2*deposit+700+550), s.escrowed())
	_, err := s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(dave), ModelId: 2})
	s.Require().NoError(err)
	s.Require().Equal(int64(deposit+700+550), s.escrowed())
	s.requireConserved()

	s.setHeight(150)
	s.revealTestSet(task)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 1, 1, 500_000))
	s.endBlocksTo(180)
	s.Require().Equal(int64(deposit), s.escrowed(), "paid 700, refunded 550")

	s.Require().Equal(int64(startBalance-2*taskFee), s.balance(alice))
	s.Require().Equal(int64(startBalance-700), s.balance(bob))
	s.Require().Equal(int64(startBalance-deposit+700), s.balance(carol))
	s.Require().Equal(int64(startBalance), s.balance(dave))
	s.Require().Equal(int64(2*taskFee), s.pool())
	s.requireConserved()
}

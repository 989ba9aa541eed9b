package keeper_test

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/x/buildermarket/keeper"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// The invariants hold after every message, report and EndBlock of the
// rich scenario (endBlocksTo checks them each block) and at its end.
func (s *KeeperTestSuite) TestInvariantsHoldAfterOperations() {
	s.richState()
	s.Require().NoError(s.keeper.Invariants(s.ctx))
	s.endBlocksTo(330)
	s.Require().NoError(s.keeper.Invariants(s.ctx))
	s.Require().Equal(int64(4*deposit), s.escrowed(), "only the four active models' deposits are left")
}

// corruption changes the store (or the bank) behind the keeper's back.
type corruption struct {
	name     string
	corrupt  func()
	contains string
}

// requireBroken applies each corruption to a fresh rich state and requires
// check to report it with ErrInvariantViolated, and Invariants to fail too
// (perhaps first on another invariant the corruption also broke).
func (s *KeeperTestSuite) requireBroken(check func(keeper.Keeper, context.Context) error, cases []corruption) {
	for _, tc := range cases {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.richState()
			s.Require().NoError(check(s.keeper, s.ctx))
			tc.corrupt()
			err := check(s.keeper, s.ctx)
			s.Require().ErrorIs(err, types.ErrInvariantViolated)
			s.Require().ErrorContains(err, tc.contains)
			s.Require().ErrorIs(s.keeper.Invariants(s.ctx), types.ErrInvariantViolated)
		})
	}
}

func (s *KeeperTestSuite) setModel(id uint64, mutate func(*types.Model)) {
	m := s.model(id)
	mutate(&m)
	s.Require().NoError(s.keeper.Models.Set(s.ctx, id, m))
}

func (s *KeeperTestSuite) setBounty(id uint64, mutate func(*types.Bounty)) {
	b := s.bounty(id)
	mutate(&b)
	s.Require().NoError(s.keeper.Bounties.Set(s.ctx, id, b))
}

// scores is ValidationScores or TestScores.
type scores = *collections.IndexedMap[uint64, types.ModelScore, keeper.ScoreIndexes]

func (s *KeeperTestSuite) setScore(of func() scores, id uint64, mutate func(*types.ModelScore)) {
	scores := of()
	score, err := scores.Get(s.ctx, id)
	s.Require().NoError(err)
	mutate(&score)
	s.Require().NoError(scores.Set(s.ctx, id, score))
}

// At richHeight the module account holds 4 active deposits (4000) and the
// open bounties 3 and 4 (500 + 700).
func (s *KeeperTestSuite) TestEscrowInvariantBroken() {
	module := authtypes.NewModuleAddress(types.ModuleName)
	s.requireBroken(keeper.Keeper.EscrowInvariant, []corruption{
		{"coins sent to the module account", func() { s.bank.mint(module, sdk.NewCoins(coin(7))) },
			"the buildermarket module account holds 5207ulgpt, but active model deposits (4000) and open bounty rewards (1200) sum to 5200ulgpt"},
		{"coins taken from the module account", func() { s.Require().NoError(s.bank.take(module, sdk.NewCoins(coin(1_000)))) },
			"holds 4200ulgpt"},
		{"a deposit changed", func() { s.setModel(3, func(m *types.Model) { m.Deposit = coin(999) }) },
			"active model deposits (3999)"},
		{"a model deprecated without its refund", func() {
			s.setModel(4, func(m *types.Model) { m.Status, m.DeprecatedHeight = types.ModelDeprecated, richHeight })
		}, "active model deposits (3000)"},
		{"a bounty paid without paying", func() { s.setBounty(3, func(b *types.Bounty) { b.Status = types.BountyPaid }) },
			"open bounty rewards (700)"},
		{"a refunded bounty reopened", func() { s.setBounty(2, func(b *types.Bounty) { b.Status = types.BountyOpen }) },
			"open bounty rewards (1750)"},
		{"a reward changed", func() { s.setBounty(4, func(b *types.Bounty) { b.Reward = coin(701) }) },
			"open bounty rewards (1201)"},
	})
}

// At richHeight the queue holds (210, bounty 4) and (320, bounty 3).
func (s *KeeperTestSuite) TestBountyInvariantBroken() {
	queue := func(h int64, id uint64) collections.Pair[int64, uint64] { return collections.Join(h, id) }
	s.requireBroken(keeper.Keeper.BountyInvariant, []corruption{
		{"an open bounty left the queue", func() { s.Require().NoError(s.keeper.BountyQueue.Remove(s.ctx, queue(320, 3))) },
			"open bounty 3 has 0 queue entries, want 1"},
		{"an open bounty queued twice", func() { s.Require().NoError(s.keeper.BountyQueue.Set(s.ctx, queue(400, 4))) },
			"open bounty 4 has 2 queue entries, want 1"},
		{"a paid bounty queued", func() { s.Require().NoError(s.keeper.BountyQueue.Set(s.ctx, queue(250, 1))) },
			"BOUNTY_STATUS_PAID bounty 1 still has 1 queue entries"},
		{"a refunded bounty queued", func() { s.Require().NoError(s.keeper.BountyQueue.Set(s.ctx, queue(250, 2))) },
			"BOUNTY_STATUS_REFUNDED bounty 2 still has 1 queue entries"},
		{"an open bounty resolved without leaving the queue", func() {
			s.setBounty(3, func(b *types.Bounty) { b.Status = types.BountyRefunded })
		}, "BOUNTY_STATUS_REFUNDED bounty 3 still has 1 queue entries"},
		{"a queue entry for no bounty", func() { s.Require().NoError(s.keeper.BountyQueue.Set(s.ctx, queue(250, 77))) },
			"the bounty queue has 3 entries, 1 of them for unknown bounties"},
		{"a queued bounty deleted", func() { s.Require().NoError(s.keeper.Bounties.Remove(s.ctx, 4)) },
			"the bounty queue has 2 entries, 1 of them for unknown bounties"},
	})
}

// At richHeight models 1, 3 and 4 have validation scores and models 1,
// 2, 4 and 5 test scores; tasks 1 and 4 revealed their test sets.
func (s *KeeperTestSuite) TestScoreInvariantBroken() {
	v := func() scores { return s.keeper.ValidationScores }
	t := func() scores { return s.keeper.TestScores }
	s.requireBroken(keeper.Keeper.ScoreInvariant, []corruption{
		{"a validation score of no model", func() {
			s.Require().NoError(v().Set(s.ctx, 42, types.ModelScore{ModelId: 42, TaskId: 1, Version: 1, Metric: 5, Direction: types.HigherIsBetter}))
		}, "validation score of model 42: no model 42"},
		{"a test score of a deleted model", func() { s.Require().NoError(s.keeper.Models.Remove(s.ctx, 5)) },
			"test score of model 5: no model 5"},
		{"a score stored under another model's id", func() { s.setScore(v, 1, func(sc *types.ModelScore) { sc.ModelId = 3 }) },
			"validation score stored for model 1 names model 3 of task 1; the model's task is 1"},
		{"a score of another task", func() { s.setScore(t, 4, func(sc *types.ModelScore) { sc.TaskId = 1 }) },
			"test score stored for model 4 names model 4 of task 1; the model's task is 4"},
		{"a validation score of a deprecated model", func() {
			s.setModel(3, func(m *types.Model) { m.Status, m.DeprecatedHeight = types.ModelDeprecated, richHeight })
		}, "validation score of model 3, which is MODEL_STATUS_DEPRECATED"},
		{"a validation score against the task's direction", func() {
			s.setScore(v, 3, func(sc *types.ModelScore) { sc.Direction = types.HigherIsBetter })
		}, "validation score of model 3 has direction METRIC_DIRECTION_HIGHER_IS_BETTER, task 2 has METRIC_DIRECTION_LOWER_IS_BETTER"},
		{"a test score against the task's direction", func() {
			s.setScore(t, 2, func(sc *types.ModelScore) { sc.Direction = types.LowerIsBetter })
		}, "test score of model 2 has direction METRIC_DIRECTION_LOWER_IS_BETTER"},
		{"a test score before the reveal", func() {
			task := s.task(4)
			task.TestSet = nil
			s.Require().NoError(s.keeper.Tasks.Set(s.ctx, 4, task))
		}, "test score of model 4, but task 4 has not revealed its test set"},
		{"a test score of a model without a task", func() {
			s.setModel(5, func(m *types.Model) { m.TaskId = 9 })
			s.setScore(t, 5, func(sc *types.ModelScore) { sc.TaskId = 9 })
		}, "test score of model 5: no task 9"},
	})
}

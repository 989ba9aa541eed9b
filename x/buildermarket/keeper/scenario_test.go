package keeper_test

import (
	"maps"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/keeper"
	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// richHeight is the height richState leaves the chain at.
const richHeight = 200

// richState drives every kind of record into the store through messages,
// reports and EndBlock, and leaves the chain at richHeight:
//
//   - task 1 (classification, 3 slices): slice 0 revealed; test set
//     revealed at 150; bounty 1 (600, due 150) paid at 180 to model 1;
//   - task 2 (regression): bounty 2 (550, due 150) refunded at 170, the test
//     set never revealed;
//   - task 3: bounty 3 (500, due 300) open, test set hidden (queued at 320);
//   - task 4: bounty 4 (700, due 190, threshold 500000) open while its
//     test set, revealed at 195, is being scored until 225 (queued at 210);
//   - circuits logreg-train and logreg-infer approved, logreg-eval revoked
//     after model 1 cited it;
//   - models 1 (carol, task 1, citing train and eval), 2 (dave, task 1,
//     deprecated at 185 with its test score kept), 3 (carol, task 2),
//     4 (dave, task 4) and 5 (carol, task 4, registered after bounty 4's
//     deadline with the best test score);
//   - validation scores of the active models 1, 3 and 4 (model 2's left
//     with its deprecation) and test scores of models 1, 2, 4 and 5.
func (s *KeeperTestSuite) richState() {
	t1 := s.createTask(s.taskMsg())
	t2 := s.createTask(bmtestutil.RegressionTaskMsg(s.bech32(alice), 1, epoch))
	t3 := s.createTask(s.taskMsg())
	t4 := s.createTask(s.taskMsg())
	_, err := s.msgServer.RevealValidationSlice(s.ctx, s.sliceMsg(t1, 0))
	s.Require().NoError(err)

	s.approveLogreg()
	m1 := s.modelMsg(carol, t1)
	m1.TrainCircuitId, m1.EvalCircuitId = "logreg-train", "logreg-eval"
	s.registerModel(m1)
	s.registerModel(s.modelMsg(dave, t1))
	s.registerModel(s.modelMsg(carol, t2))
	s.registerModel(s.modelMsg(dave, t4))
	_, err = s.msgServer.RevokeCircuit(s.ctx, &types.MsgRevokeCircuit{Authority: s.authority, Id: "logreg-eval", Reason: "transcript did not verify"})
	s.Require().NoError(err)

	s.postBounty(s.bountyMsg(t1, 600, 50))
	s.postBounty(s.bountyMsg(t2, 550, 50))
	s.postBounty(s.bountyMsg(t3, 500, 200))
	b4 := s.bountyMsg(t4, 700, 90)
	b4.HasThreshold, b4.Threshold = true, 500_000
	s.postBounty(b4)

	for _, r := range []struct {
		model  uint64
		metric int64
	}{{1, 900_000}, {2, 800_000}, {3, 150}, {4, 600_000}} {
		s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, r.model, 1, r.metric))
	}

	s.setHeight(150)
	s.revealTestSet(t1)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 1, 2, 910_000))
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 2, 2, 700_000))
	s.endBlocksTo(185)
	_, err = s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(dave), ModelId: 2})
	s.Require().NoError(err)

	s.endBlocksTo(195)
	s.registerModel(s.modelMsg(carol, t4)) // model 5: after bounty 4's deadline
	s.revealTestSet(t4)
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 4, 3, 650_000))
	s.Require().NoError(s.reporter.ReportTestMetric(s.ctx, 5, 1, 990_000))
	s.endBlocksTo(richHeight)

	statuses := []types.BountyStatus{types.BountyPaid, types.BountyRefunded, types.BountyOpen, types.BountyOpen}
	for i, want := range statuses {
		s.Require().Equal(want, s.bounty(uint64(i+1)).Status, "bounty %d", i+1)
	}
	s.requireConserved()
}

// chain is one keeper over its own store and bank, so a test can run two
// of them side by side.
type chain struct {
	ctx    sdk.Context
	key    *storetypes.KVStoreKey
	bank   *fakeBank
	keeper keeper.Keeper
}

// current is the chain the suite drives.
func (s *KeeperTestSuite) current() chain {
	return chain{ctx: s.ctx, key: s.key, bank: s.bank, keeper: s.keeper}
}

// use makes c the chain the suite drives.
func (s *KeeperTestSuite) use(c chain) {
	s.ctx, s.key, s.bank, s.keeper = c.ctx, c.key, c.bank, c.keeper
	s.msgServer = keeper.NewMsgServerImpl(c.keeper)
	s.querier = keeper.NewQuerier(c.keeper)
}

// emptyChain is a keeper over a fresh, empty store (no genesis) at the
// current height and chain-id, with bank as its bank.
func (s *KeeperTestSuite) emptyChain(bank *fakeBank) chain {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContextWithDB(s.T(), key, storetypes.NewTransientStoreKey("transient_test")).Ctx.
		WithBlockHeight(s.ctx.BlockHeight()).WithChainID(s.ctx.ChainID())
	saved := s.current()
	s.key, s.bank = key, bank
	k := s.newKeeper()
	s.use(saved)
	return chain{ctx: ctx, key: key, bank: bank, keeper: k}
}

// clone returns an independent copy of the bank.
func (b *fakeBank) clone() *fakeBank {
	return &fakeBank{
		balances: maps.Clone(b.balances), locked: maps.Clone(b.locked),
		communityPool: b.communityPool, failSendsTo: maps.Clone(b.failSendsTo),
	}
}

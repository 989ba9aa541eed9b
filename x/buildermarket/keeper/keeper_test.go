package keeper_test

import (
	"github.com/cosmos/cosmos-sdk/runtime"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/litegpt/litegpt/x/buildermarket/keeper"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// noModuleAccount is an account keeper that does not know the module
// account.
type noModuleAccount struct{ fakeAccounts }

func (noModuleAccount) GetModuleAddress(string) sdk.AccAddress { return nil }

func (s *KeeperTestSuite) TestNewKeeper() {
	s.Require().Equal(s.authority, s.keeper.GetAuthority())
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	store := runtime.NewKVStoreService(s.key)
	s.Require().PanicsWithError(`buildermarket authority "gov" is not a valid address: decoding bech32 failed: invalid bech32 string length 3`, func() {
		keeper.NewKeeper(cdc, store, "gov", fakeAccounts{s.addrCodec}, s.bank, s.bank, s.stake)
	})
	s.Require().PanicsWithError("the buildermarket module account is not set", func() {
		keeper.NewKeeper(cdc, store, s.authority, noModuleAccount{fakeAccounts{s.addrCodec}}, s.bank, s.bank, s.stake)
	})
}

// On a store that never saw InitGenesis the sequences are at 0; ids still
// start at 1.
func (s *KeeperTestSuite) TestIDsStartAtOneWithoutGenesis() {
	s.use(s.emptyChain(s.bank))
	s.Require().NoError(s.keeper.Params.Set(s.ctx, testParams()))
	s.Require().Equal(uint64(1), s.createTask(s.taskMsg()))
	s.Require().Equal(uint64(2), s.createTask(s.taskMsg()))
	s.Require().Equal(uint64(1), s.registerModel(s.modelMsg(carol, 1)))
	s.Require().Equal(uint64(1), s.postBounty(s.bountyMsg(1, minReward, 50)))
	gs := s.export()
	s.Require().Equal([]uint64{3, 2, 2}, []uint64{gs.NextTaskId, gs.NextModelId, gs.NextBountyId})
	s.Require().NoError(gs.Validate())
	s.requireConserved()
}

// Messages that fail their stateless checks are rejected before the
// store is read: even the creator's right or the task's existence is not
// looked at.
func (s *KeeperTestSuite) TestStatelessChecksComeFirst() {
	for _, tc := range []struct {
		name     string
		call     func() error
		err      error
		contains string
	}{
		{"slice without a root", func() error {
			_, err := s.msgServer.RevealValidationSlice(s.ctx, &types.MsgRevealValidationSlice{Creator: s.bech32(mallet), TaskId: 9, LeafCount: 1})
			return err
		}, types.ErrInvalidReveal, "data_root"},
		{"test set without a salt", func() error {
			msg := s.testSetMsg(9)
			msg.Creator, msg.Salt = s.bech32(mallet), nil
			_, err := s.msgServer.RevealTestSet(s.ctx, msg)
			return err
		}, types.ErrInvalidReveal, "salt must be 32 bytes, got 0"},
		{"bounty without a task", func() error {
			_, err := s.msgServer.PostBounty(s.ctx, &types.MsgPostBounty{Poster: s.bech32(bob), Reward: coin(minReward), DeadlineHeight: 150})
			return err
		}, types.ErrInvalidBounty, "task_id must be at least 1"},
		{"revocation of a malformed id", func() error {
			_, err := s.msgServer.RevokeCircuit(s.ctx, &types.MsgRevokeCircuit{Authority: s.authority, Id: "X", Reason: "r"})
			return err
		}, types.ErrInvalidCircuit, `circuit id "X" must be 3..64`},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.createTask(s.taskMsg())
			s.requireRejected(tc.call, tc.err, tc.contains)
		})
	}
}

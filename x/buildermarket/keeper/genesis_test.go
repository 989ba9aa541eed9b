package keeper_test

import (
	"math"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/x/buildermarket"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// queue lists the BountyQueue in order.
func (s *KeeperTestSuite) queue() []collections.Pair[int64, uint64] {
	var out []collections.Pair[int64, uint64]
	s.Require().NoError(s.keeper.BountyQueue.Walk(s.ctx, nil, func(k collections.Pair[int64, uint64]) (bool, error) {
		out = append(out, k)
		return false, nil
	}))
	return out
}

func (s *KeeperTestSuite) export() *types.GenesisState {
	gs, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	return gs
}

// importChain loads gs into an empty chain over a copy of the bank and
// returns that chain and InitGenesis's error.
func (s *KeeperTestSuite) importChain(gs *types.GenesisState) (chain, error) {
	c := s.emptyChain(s.bank.clone())
	return c, c.keeper.InitGenesis(c.ctx, *gs)
}

func (s *KeeperTestSuite) TestGenesisRoundTrip() {
	s.richState()
	exported := s.export()
	s.Require().Len(exported.Tasks, 4)
	s.Require().Len(exported.ValidationSlices, 1)
	s.Require().Len(exported.Circuits, 3)
	s.Require().Len(exported.Models, 5)
	s.Require().Len(exported.ValidationScores, 3)
	s.Require().Len(exported.TestScores, 4)
	s.Require().Len(exported.Bounties, 4)
	s.Require().Equal([]uint64{5, 6, 5}, []uint64{exported.NextTaskId, exported.NextModelId, exported.NextBountyId})
	s.Require().NoError(exported.Validate())
	s.Require().Equal([]collections.Pair[int64, uint64]{collections.Join(int64(210), uint64(4)), collections.Join(int64(320), uint64(3))}, s.queue())

	original := s.current()
	imported, err := s.importChain(exported)
	s.Require().NoError(err)
	s.use(imported)
	s.Require().Equal(exported, s.export(), "export(import(g)) == g")
	s.requireConserved()
	// The queue is rebuilt: bounty 4 at the end of its task's scoring,
	// bounty 3 test_reveal_window_blocks after its deadline.
	s.Require().Equal([]collections.Pair[int64, uint64]{collections.Join(int64(225), uint64(4)), collections.Join(int64(320), uint64(3))}, s.queue())

	// Ids go on where they stopped.
	s.Require().Equal(uint64(5), s.createTask(s.taskMsg()))
	s.Require().Equal(uint64(6), s.registerModel(s.modelMsg(carol, 1)))
	s.Require().Equal(uint64(5), s.postBounty(s.bountyMsg(5, minReward, 50)))

	// Both chains resolve the open bounties alike.
	s.use(original)
	s.Require().Equal(uint64(5), s.createTask(s.taskMsg()))
	s.Require().Equal(uint64(6), s.registerModel(s.modelMsg(carol, 1)))
	s.Require().Equal(uint64(5), s.postBounty(s.bountyMsg(5, minReward, 50)))
	s.endBlocksTo(330)
	want, wantBank := s.export(), s.bank.String()
	s.Require().Equal(types.BountyPaid, s.bounty(4).Status)
	s.Require().Equal(uint64(4), s.bounty(4).WinnerModelId, "model 5 scored better but came after the deadline")
	s.Require().Equal(int64(225), s.bounty(4).ResolvedHeight)
	s.Require().Equal(types.BountyRefunded, s.bounty(3).Status)
	s.use(imported)
	s.endBlocksTo(330)
	s.Require().Equal(want, s.export())
	s.Require().Equal(wantBank, s.bank.String())
}

// The module's JSON genesis round-trips too, through ValidateGenesis.
func (s *KeeperTestSuite) TestGenesisJSONRoundTrip() {
	s.richState()
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	bz := buildermarket.NewAppModule(cdc, s.keeper).ExportGenesis(s.ctx, cdc)
	s.Require().NoError(buildermarket.AppModule{}.ValidateGenesis(cdc, nil, bz))

	imported := s.emptyChain(s.bank.clone())
	module := buildermarket.NewAppModule(cdc, imported.keeper)
	s.Require().NotPanics(func() { module.InitGenesis(imported.ctx, cdc, bz) })
	s.Require().JSONEq(string(bz), string(module.ExportGenesis(imported.ctx, cdc)))
}

func (s *KeeperTestSuite) TestDefaultGenesisRoundTrip() {
	c := s.emptyChain(newFakeBank())
	s.Require().NoError(c.keeper.InitGenesis(c.ctx, *types.DefaultGenesis()))
	s.use(c)
	s.Require().Equal(types.DefaultGenesis(), s.export())
	s.Require().Empty(s.queue())
}

func (s *KeeperTestSuite) TestSinglePartyCircuitGenesis() {
	s.richState()
	gs := s.export()
	gs.Circuits[1].Ceremony = types.CeremonySingleParty // logreg-infer
	_, err := s.importChain(gs)
	s.Require().ErrorIs(err, types.ErrInvalidGenesis)
	s.Require().ErrorContains(err, `circuit "logreg-infer": `+"chain \"litegpt-1\" accepts only keys from a multi-party ceremony")

	s.ctx = s.ctx.WithChainID(localChainID)
	imported, err := s.importChain(gs)
	s.Require().NoError(err, "a local chain takes single-party keys")
	s.use(imported)
	s.Require().Equal(gs, s.export())
}

func (s *KeeperTestSuite) TestInitGenesisRejected() {
	for _, tc := range []struct {
		name     string
		malleate func(gs *types.GenesisState, bank *fakeBank)
		contains string
		// written: InitGenesis fails only after writing (the app then
		// panics, so nothing is committed).
		written bool
	}{
		{"bad params", func(gs *types.GenesisState, _ *fakeBank) { gs.Params.MinBountyBlocks = 0 }, "min_bounty_blocks must be 1..", false},
		{"model of an unknown task", func(gs *types.GenesisState, _ *fakeBank) { gs.Models[2].TaskId = 9 }, "model 3 names unknown task 9", false},
		{"next id below a record", func(gs *types.GenesisState, _ *fakeBank) { gs.NextBountyId = 4 }, "bounty 4 is not below next_bounty_id 4", false},
		{"latest deadline out of step", func(gs *types.GenesisState, _ *fakeBank) { gs.Tasks[2].LatestBountyDeadline = 299 }, "task 3 has latest_bounty_deadline 299, but its bounties' latest deadline is 300", false},
		{"single-party circuit on a real chain", func(gs *types.GenesisState, _ *fakeBank) { gs.Circuits[0].Ceremony = types.CeremonySingleParty }, `circuit "logreg-eval": chain "litegpt-1"`, false},
		{"open bounty whose queue height overflows", func(gs *types.GenesisState, _ *fakeBank) {
			gs.Bounties[2].DeadlineHeight, gs.Tasks[2].LatestBountyDeadline = math.MaxInt64, math.MaxInt64
		}, "bounty 3: height 9223372036854775807 + 20 blocks overflows", true},
		{"module account holds less than the escrow", func(_ *types.GenesisState, bank *fakeBank) {
			s.Require().NoError(bank.take(authtypes.NewModuleAddress(types.ModuleName), sdk.NewCoins(coin(1))))
		}, "the buildermarket module account holds 5199ulgpt, but active model deposits (4000) and open bounty rewards (1200) sum to 5200ulgpt", true},
		{"module account holds more than the escrow", func(_ *types.GenesisState, bank *fakeBank) {
			bank.mint(authtypes.NewModuleAddress(types.ModuleName), sdk.NewCoins(coin(1)))
		}, "holds 5201ulgpt", true},
		{"open bounty counted as paid", func(gs *types.GenesisState, _ *fakeBank) {
			gs.Bounties[3].Status, gs.Bounties[3].WinnerModelId, gs.Bounties[3].ResolvedHeight = types.BountyPaid, 4, 225
		}, "open bounty rewards (500)", true},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.richState()
			gs := s.export()
			c := s.emptyChain(s.bank.clone())
			tc.malleate(gs, c.bank)
			err := c.keeper.InitGenesis(c.ctx, *gs)
			want := types.ErrInvalidGenesis
			if tc.name == "bad params" {
				want = types.ErrInvalidParams
			}
			s.Require().ErrorIs(err, want)
			s.Require().ErrorContains(err, tc.contains)
			if !tc.written {
				it := c.ctx.KVStore(c.key).Iterator(nil, nil)
				defer it.Close()
				s.Require().False(it.Valid(), "a genesis that fails validation writes nothing")
			}
		})
	}
}

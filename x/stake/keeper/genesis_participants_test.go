package keeper_test

import (
	"time"

	"cosmossdk.io/math"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/x/stake/keeper"
	"github.com/litegpt/litegpt/x/stake/types"
)

// populate builds state through messages: three participants with several
// bonds, unbondings at two completion times, a slashed bond, a left role
// and one payout.
func (s *ParticipantsTestSuite) populate() {
	alice, bob, carol := testAddr(1), testAddr(2), testAddr(3)
	s.register(alice, types.RoleLearner, minLearner+100)
	s.bond(alice, types.RoleVerifier, minVerifier)
	s.register(bob, types.RoleRouter, minRouter+50)
	s.register(carol, types.RoleInferenceNode, minInference)
	s.unbond(alice, types.RoleLearner, 40)
	s.advance(10 * time.Minute)
	s.unbond(bob, types.RoleRouter, 50)
	s.leave(carol, types.RoleInferenceNode)
	_, err := s.slasher.Slash(s.ctx, alice, types.RoleVerifier, keeper.SlashAmount(math.NewInt(3)), "no-show")
	s.Require().NoError(err)
	s.advance(testUnbondingPeriod - 5*time.Minute)
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx)) // pays alice's 40
	s.requireConserved()
}

func (s *ParticipantsTestSuite) export() types.GenesisState {
	gs, err := keeper.ExportParticipantsGenesis(s.ctx, s.keeper)
	s.Require().NoError(err)
	return gs
}

func (s *ParticipantsTestSuite) TestGenesisRoundTrip() {
	s.populate()
	exported := s.export()
	s.Require().NoError(types.ValidateParticipantsGenesis(exported))
	s.Require().Len(exported.Participants, 3)
	s.Require().Len(exported.Unbondings, 2)
	s.Require().Equal(uint64(4), exported.NextUnbondingId)
	s.Require().Empty(exported.Participants[2].Bonds, "carol left her only role but stays registered")
	escrow := s.escrowed()

	// Import into a fresh store whose module account holds the escrow.
	s.SetupTest()
	s.bank.mint(authtypes.NewModuleAddress(types.ModuleName), coins(escrow))
	s.supply = s.bank.supply()
	s.Require().NoError(keeper.InitParticipantsGenesis(s.ctx, s.keeper, exported))
	s.Require().Equal(exported, s.export(), "export(import(g)) == g")
	s.requireConserved()

	// The imported state works: ids continue, entries mature.
	s.Require().Equal(uint64(4), s.unbond(testAddr(1), types.RoleLearner, 10).UnbondingId)
	s.advance(2 * testUnbondingPeriod)
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx))
	s.Require().Empty(s.queue())
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestInitGenesisRequiresTheEscrow() {
	s.populate()
	exported := s.export()
	escrow := s.escrowed()
	for name, held := range map[string]int64{"one short": escrow - 1, "one over": escrow + 1, "empty": 0} {
		s.Run(name, func() {
			s.SetupTest()
			s.bank.mint(authtypes.NewModuleAddress(types.ModuleName), coins(held))
			err := keeper.InitParticipantsGenesis(s.ctx, s.keeper, exported)
			s.Require().ErrorIs(err, types.ErrInvalidGenesis)
			s.Require().ErrorContains(err, "module account holds")
		})
	}
}

// Tiers are derived when a record is written; a later change of the
// thresholds leaves them until the participant's next update, and the
// export stays valid meanwhile.
func (s *ParticipantsTestSuite) TestGenesisKeepsTiersAcrossThresholdChanges() {
	s.register(testAddr(1), types.RoleLearner, minLearner) // 8 TFLOPS: tier B
	s.setParams(func(p *types.Params) { p.TierBMinMilliTflops, p.TierAMinMilliTflops = 10_000, 40_000 })
	exported := s.export()
	s.Require().Equal(types.TierB, exported.Participants[0].Participant.Tier)
	s.Require().NoError(types.ValidateParticipantsGenesis(exported))

	// Any update derives it again with the new thresholds.
	_, err := s.msgServer.UpdateParticipant(s.ctx, &types.MsgUpdateParticipant{Owner: s.bech32(testAddr(1)), HpkePublicKey: testHPKEKey(9)})
	s.Require().NoError(err)
	p, err := s.keeper.Participants.Get(s.ctx, testAddr(1))
	s.Require().NoError(err)
	s.Require().Equal(types.TierC, p.Tier)
}

func (s *ParticipantsTestSuite) TestCheckEscrowDetectsDrift() {
	alice := testAddr(1)
	for _, tc := range []struct {
		name     string
		malleate func()
	}{
		{"coins added to the module account", func() {
			s.bank.mint(authtypes.NewModuleAddress(types.ModuleName), coins(1))
		}},
		{"coins taken from the module account", func() {
			s.Require().NoError(s.bank.take(authtypes.NewModuleAddress(types.ModuleName), coins(1)))
		}},
		{"a bond grows", func() {
			s.Require().NoError(s.keeper.Bonds.Set(s.ctx, collectionsKey(alice, types.RoleLearner), math.NewInt(minLearner+101)))
		}},
		{"an unbonding entry vanishes", func() {
			e := s.queue()[0]
			s.Require().NoError(s.keeper.Unbondings.Remove(s.ctx, keyOf(e)))
		}},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.register(alice, types.RoleLearner, minLearner+100)
			s.unbond(alice, types.RoleLearner, 50)
			s.Require().NoError(s.keeper.CheckEscrow(s.ctx))
			tc.malleate()
			s.Require().ErrorIs(s.keeper.CheckEscrow(s.ctx), types.ErrInvalidGenesis)
		})
	}
}

package keeper_test

import (
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/stake/types"
)

// TestBondsOfRole: every bond of a role is listed, by address, with its
// amount; other roles' bonds are not.
func (s *ParticipantsTestSuite) TestBondsOfRole() {
	alice, bob, carol := testAddr(1), testAddr(2), testAddr(3)
	s.register(bob, types.RoleVerifier, minVerifier+5)
	s.register(alice, types.RoleVerifier, minVerifier)
	s.register(carol, types.RoleLearner, minLearner)
	bonds, err := s.keeper.BondsOfRole(s.ctx, types.RoleVerifier)
	s.Require().NoError(err)
	s.Require().Len(bonds, 2)
	s.Require().Equal(alice, bonds[0].Address)
	s.Require().Equal(math.NewInt(minVerifier), bonds[0].Amount)
	s.Require().Equal(bob, bonds[1].Address)
	s.Require().Equal(math.NewInt(minVerifier+5), bonds[1].Amount)
	learners, err := s.keeper.BondsOfRole(s.ctx, types.RoleLearner)
	s.Require().NoError(err)
	s.Require().Len(learners, 1)
	routers, err := s.keeper.BondsOfRole(s.ctx, types.RoleRouter)
	s.Require().NoError(err)
	s.Require().Empty(routers)
}

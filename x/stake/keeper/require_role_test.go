package keeper_test

import (
	"math"

	sdkmath "cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/stake/keeper"
	"github.com/litegpt/litegpt/x/stake/types"
)

func (s *ParticipantsTestSuite) TestRequireRole() {
	alice, bob := testAddr(1), testAddr(2)
	for _, tc := range []struct {
		name     string
		malleate func()
		role     types.Role
		contains string // empty: RequireRole passes
	}{
		{"bonded at the minimum", func() {}, types.RoleLearner, ""},
		{"bonded above the minimum", func() { s.bond(alice, types.RoleLearner, 5) }, types.RoleLearner, ""},
		{"another role", func() {}, types.RoleVerifier, "has no bond for ROLE_VERIFIER"},
		{"left the role", func() { s.leave(alice, types.RoleLearner) }, types.RoleLearner, "has no bond"},
		{"slashed below the minimum", func() {
			_, err := s.slasher.Slash(s.ctx, alice, types.RoleLearner, keeper.SlashAmount(sdkmath.NewInt(1)), "late")
			s.Require().NoError(err)
		}, types.RoleLearner, "below the role's minimum"},
		{"minimum raised by governance", func() {
			s.setParams(func(p *types.Params) { p.RoleMinimums[1].MinBond = sdkmath.NewInt(minLearner + 1) })
		}, types.RoleLearner, "below the role's minimum of 1001"},
		{"invalid role", func() {}, types.Role(math.MaxInt32), "is not one of"},
		{"unspecified role", func() {}, types.RoleUnspecified, "is not one of"},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.register(alice, types.RoleLearner, minLearner)
			tc.malleate()
			err := s.keeper.RequireRole(s.ctx, alice, tc.role)
			if tc.contains == "" {
				s.Require().NoError(err)
				return
			}
			s.Require().ErrorIs(err, types.ErrRoleRequired)
			s.Require().ErrorContains(err, tc.contains)
		})
	}

	s.Run("not registered", func() {
		s.SetupTest()
		err := s.keeper.RequireRole(s.ctx, bob, types.RoleLearner)
		s.Require().ErrorIs(err, types.ErrRoleRequired)
		s.Require().ErrorContains(err, "is not a registered participant")
	})
}

func (s *ParticipantsTestSuite) TestBondOf() {
	alice := testAddr(1)
	s.register(alice, types.RoleLearner, minLearner+7)
	s.Require().Equal(int64(minLearner+7), s.bondOf(alice, types.RoleLearner))
	s.Require().Zero(s.bondOf(alice, types.RoleRouter), "no bond is zero")
	s.Require().Zero(s.bondOf(testAddr(2), types.RoleLearner), "so is an unregistered address's")
}

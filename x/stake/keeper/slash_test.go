package keeper_test

import (
	"time"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/stake/keeper"
	"github.com/litegpt/litegpt/x/stake/types"
)

// slashSetup gives alice a learner bond of 1500 and two learner unbonding
// entries, 300 (id 1, older) and 200 (id 2, newer), plus a verifier bond
// of 1000 and a verifier entry of 50 (id 3) that learner slashes must not
// touch. Slashable learner stake: 2000.
func (s *ParticipantsTestSuite) slashSetup() {
	alice := testAddr(1)
	s.register(alice, types.RoleLearner, 2000)
	s.bond(alice, types.RoleVerifier, minVerifier+50)
	s.unbond(alice, types.RoleLearner, 300)
	s.advance(time.Minute)
	s.unbond(alice, types.RoleLearner, 200)
	s.unbond(alice, types.RoleVerifier, 50)
	s.fresh()
}

// learnerEntries is alice's learner entries as id -> amount.
func (s *ParticipantsTestSuite) learnerEntries() map[uint64]int64 {
	out := map[uint64]int64{}
	for _, e := range s.queue() {
		if e.Role == types.RoleLearner {
			out[e.Id] = e.Amount.Int64()
		}
	}
	return out
}

func (s *ParticipantsTestSuite) slash(req keeper.SlashRequest) int64 {
	got, err := s.slasher.Slash(s.ctx, testAddr(1), types.RoleLearner, req, "forged gradient")
	s.Require().NoError(err)
	return got.Int64()
}

// The slash takes the bond first, then the newest entry, then older ones.
func (s *ParticipantsTestSuite) TestSlashAmountTakesBondThenNewestEntries() {
	alice := testAddr(1)
	s.slashSetup()
	s.Require().Equal(int64(1800), s.slash(keeper.SlashAmount(math.NewInt(1800))))

	s.Require().Zero(s.bondOf(alice, types.RoleLearner))
	has, err := s.keeper.Bonds.Has(s.ctx, collectionsKey(alice, types.RoleLearner))
	s.Require().NoError(err)
	s.Require().False(has, "a bond slashed to zero is removed")
	s.Require().Equal(map[uint64]int64{1: 200}, s.learnerEntries(), "id 2 (200) emptied, then 100 of id 1")
	s.Require().Equal(int64(minVerifier), s.bondOf(alice, types.RoleVerifier), "other roles untouched")
	s.Require().Equal(coins(1800), s.bank.communityPool)
	s.Require().Equal([]*types.EventRoleBondSlashed{{
		Address: s.bech32(alice), Role: types.RoleLearner, FromBond: math.NewInt(1500), FromUnbonding: math.NewInt(300),
		Reason: "forged gradient", Slasher: "pog", Destination: types.SlashToCommunityPool,
	}}, typedEvents[*types.EventRoleBondSlashed](s))
	s.requireConserved()

	// The slashed entry still matures, with what is left.
	s.advance(testUnbondingPeriod)
	before := s.balance(alice)
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx))
	s.Require().Equal(before+200+50, s.balance(alice))
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestSlashAmountWithinTheBond() {
	alice := testAddr(1)
	s.slashSetup()
	s.Require().Equal(int64(600), s.slash(keeper.SlashAmount(math.NewInt(600))))
	s.Require().Equal(int64(900), s.bondOf(alice, types.RoleLearner), "left below the minimum")
	s.Require().Equal(map[uint64]int64{1: 300, 2: 200}, s.learnerEntries(), "entries untouched")
	s.requireConserved()
}

// A fraction is of the bond plus the role's entries (2000), rounded down.
func (s *ParticipantsTestSuite) TestSlashFraction() {
	alice := testAddr(1)
	s.slashSetup()
	s.Require().Equal(int64(200), s.slash(keeper.SlashFraction(math.LegacyNewDecWithPrec(1, 1))))
	s.Require().Equal(int64(1300), s.bondOf(alice, types.RoleLearner))

	// 0.3333 of 1800 is 599.94: 599.
	s.Require().Equal(int64(599), s.slash(keeper.SlashFraction(math.LegacyMustNewDecFromStr("0.3333"))))
	s.Require().Equal(int64(701), s.bondOf(alice, types.RoleLearner))

	// All of it: 701 + 300 + 200.
	s.Require().Equal(int64(1201), s.slash(keeper.SlashFraction(math.LegacyOneDec())))
	s.Require().Zero(s.bondOf(alice, types.RoleLearner))
	s.Require().Empty(s.learnerEntries())
	s.Require().Equal(coins(2000), s.bank.communityPool)
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestSlashBurns() {
	s.setParams(func(p *types.Params) { p.SlashDestination = types.SlashBurn })
	s.slashSetup()
	s.Require().Equal(int64(1700), s.slash(keeper.SlashAmount(math.NewInt(1700))))
	s.Require().Equal(coins(1700), s.bank.burned)
	s.Require().True(s.bank.communityPool.IsZero())
	ev := typedEvents[*types.EventRoleBondSlashed](s)
	s.Require().Len(ev, 1)
	s.Require().Equal(types.SlashBurn, ev[0].Destination)
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestSlashNeverTakesMoreThanExists() {
	alice := testAddr(1)
	s.slashSetup()
	s.Require().Equal(int64(2000), s.slash(keeper.SlashAmount(math.NewInt(1_000_000))))
	s.Require().Zero(s.bondOf(alice, types.RoleLearner))
	s.Require().Empty(s.learnerEntries())
	s.Require().Equal(int64(minVerifier), s.bondOf(alice, types.RoleVerifier))
	s.requireConserved()

	// Nothing is left: a second slash fails and changes nothing.
	before := s.snapshot()
	s.fresh()
	_, err := s.slasher.Slash(s.ctx, alice, types.RoleLearner, keeper.SlashAmount(math.NewInt(1)), "again")
	s.Require().ErrorIs(err, types.ErrRoleNotBonded)
	s.requireUnchanged(before)
}

// Only unbonding stake is left: the slash takes it, newest first.
func (s *ParticipantsTestSuite) TestSlashAfterLeavingTheRole() {
	alice := testAddr(1)
	s.slashSetup()
	s.leave(alice, types.RoleLearner) // id 4: 1500, newest
	s.fresh()
	s.Require().Equal(int64(1600), s.slash(keeper.SlashAmount(math.NewInt(1600))))
	s.Require().Equal(map[uint64]int64{1: 300, 2: 100}, s.learnerEntries())
	s.requireConserved()
}

// A fraction that rounds to nothing slashes nothing but is still reported.
func (s *ParticipantsTestSuite) TestSlashFractionRoundingToZero() {
	alice := testAddr(1)
	s.slashSetup()
	before := s.snapshot()
	s.Require().Zero(s.slash(keeper.SlashFraction(math.LegacyNewDecWithPrec(1, 4)))) // 0.0001 x 2000 = 0.2
	s.Require().Equal(before.store, s.snapshot().store)
	s.Require().Equal(before.bank, s.snapshot().bank)
	s.Require().Equal([]*types.EventRoleBondSlashed{{
		Address: s.bech32(alice), Role: types.RoleLearner, FromBond: math.ZeroInt(), FromUnbonding: math.ZeroInt(),
		Reason: "forged gradient", Slasher: "pog", Destination: types.SlashToCommunityPool,
	}}, typedEvents[*types.EventRoleBondSlashed](s))
}

func (s *ParticipantsTestSuite) TestSlashBelowMinimumKeepsTheBond() {
	alice := testAddr(1)
	s.register(alice, types.RoleLearner, minLearner)
	s.fresh()
	s.Require().Equal(int64(1), s.slash(keeper.SlashAmount(math.NewInt(1))))
	s.Require().Equal(int64(minLearner-1), s.bondOf(alice, types.RoleLearner), "the bond stays")
	err := s.keeper.RequireRole(s.ctx, alice, types.RoleLearner)
	s.Require().ErrorIs(err, types.ErrRoleRequired)
	s.Require().ErrorContains(err, "below the role's minimum of 1000")

	// A partial unbond would stay below the minimum; leaving works.
	_, err = s.msgServer.UnbondRole(s.ctx, &types.MsgUnbondRole{Owner: s.bech32(alice), Role: types.RoleLearner, Amount: coin(1)})
	s.Require().ErrorIs(err, types.ErrBondBelowMinimum)

	// A top-up of any size restores the role.
	s.bond(alice, types.RoleLearner, 1)
	s.Require().NoError(s.keeper.RequireRole(s.ctx, alice, types.RoleLearner))
	s.leave(alice, types.RoleLearner)
	s.Require().Equal(int64(minLearner), s.queue()[0].Amount.Int64(), "leaving unbonds the topped-up bond")
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestSlashRejected() {
	alice, bob := testAddr(1), testAddr(2)
	amount := math.NewInt(10)
	for _, tc := range []struct {
		name    string
		slasher func() keeper.Slasher
		addr    func() []byte
		role    types.Role
		req     *keeper.SlashRequest
		reason  *string
		err     error
	}{
		{name: "zero Slasher", slasher: func() keeper.Slasher { return keeper.Slasher{} }, err: types.ErrUnknownSlasher},
		{name: "neither amount nor fraction", req: &keeper.SlashRequest{}, err: types.ErrInvalidSlash},
		{name: "both amount and fraction", req: &keeper.SlashRequest{Amount: &amount, Fraction: ptr(math.LegacyOneDec())}, err: types.ErrInvalidSlash},
		{name: "zero amount", req: ptr(keeper.SlashAmount(math.ZeroInt())), err: types.ErrInvalidSlash},
		{name: "negative amount", req: ptr(keeper.SlashAmount(math.NewInt(-1))), err: types.ErrInvalidSlash},
		{name: "nil amount", req: ptr(keeper.SlashAmount(math.Int{})), err: types.ErrInvalidSlash},
		{name: "zero fraction", req: ptr(keeper.SlashFraction(math.LegacyZeroDec())), err: types.ErrInvalidSlash},
		{name: "negative fraction", req: ptr(keeper.SlashFraction(math.LegacyNewDec(-1))), err: types.ErrInvalidSlash},
		{name: "fraction above one", req: ptr(keeper.SlashFraction(math.LegacyMustNewDecFromStr("1.000000000000000001"))), err: types.ErrInvalidSlash},
		{name: "empty reason", reason: ptr(""), err: types.ErrInvalidSlash},
		{name: "invalid role", role: 77, err: types.ErrInvalidRole},
		{name: "unregistered address", addr: func() []byte { return bob }, err: types.ErrNotRegistered},
		{name: "role never bonded", role: types.RoleRouter, err: types.ErrRoleNotBonded},
		{name: "community pool fails: nothing is kept"}, // err nil: the fake pool fails
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.slashSetup()
			slasher, addr, role, req, reason := s.slasher, alice, types.RoleLearner, keeper.SlashAmount(amount), "reason"
			if tc.slasher != nil {
				slasher = tc.slasher()
			}
			if tc.addr != nil {
				addr = tc.addr()
			}
			if tc.role != 0 {
				role = tc.role
			}
			if tc.req != nil {
				req = *tc.req
			}
			if tc.reason != nil {
				reason = *tc.reason
			}
			if tc.err == nil {
				s.bank.failCommunityPool = true
			}
			before := s.snapshot()
			s.fresh()
			_, err := slasher.Slash(s.ctx, addr, role, req, reason)
			if tc.err != nil {
				s.Require().ErrorIs(err, tc.err)
			} else {
				s.Require().ErrorContains(err, "community pool unavailable")
			}
			s.requireUnchanged(before)
		})
	}
}

func (s *ParticipantsTestSuite) TestSlashersOnlyAtConstruction() {
	s.Require().Equal("pog", s.slasher.Module())
	s.Require().Panics(func() { s.keeper.NewSlasher("market") }, "after Seal")
}

func ptr[T any](v T) *T { return &v }

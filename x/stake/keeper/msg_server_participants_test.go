package keeper_test

import (
	"strings"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/litegpt/litegpt/x/stake/types"
)

func (s *ParticipantsTestSuite) TestRegisterParticipant() {
	alice := testAddr(1)
	msg := s.registerMsg(alice)
	s.fresh()
	_, err := s.msgServer.RegisterParticipant(s.ctx, msg)
	s.Require().NoError(err)

	want := types.Participant{
		Address: s.bech32(alice), Endpoint: msg.Endpoint, HpkePublicKey: msg.HpkePublicKey,
		Profile: msg.Profile, Tier: types.TierB, RegisteredHeight: 10,
	}
	got, err := s.keeper.Participants.Get(s.ctx, alice)
	s.Require().NoError(err)
	s.Require().Equal(want, got)
	s.Require().Equal(int64(minLearner), s.bondOf(alice, types.RoleLearner))
	s.Require().Equal(int64(startBalance-minLearner), s.balance(alice), "the bond left the owner")
	s.Require().Equal(int64(minLearner), s.escrowed(), "into the stake module account")
	s.Require().Equal([]*types.EventParticipantRegistered{{Participant: want}}, typedEvents[*types.EventParticipantRegistered](s))
	s.Require().Equal([]*types.EventRoleBonded{{Address: s.bech32(alice), Role: types.RoleLearner, Amount: math.NewInt(minLearner), Bonded: math.NewInt(minLearner)}},
		typedEvents[*types.EventRoleBonded](s))
	s.Require().NoError(s.keeper.RequireRole(s.ctx, alice, types.RoleLearner))
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestRegisterParticipantDerivesTier() {
	params := testParams()
	for i, tc := range []struct {
		milliTflops uint64
		tier        types.Tier
	}{
		{1, types.TierC},
		{params.TierBMinMilliTflops - 1, types.TierC},
		{params.TierBMinMilliTflops, types.TierB},
		{params.TierAMinMilliTflops - 1, types.TierB},
		{params.TierAMinMilliTflops, types.TierA},
		{types.MaxMilliTflops, types.TierA},
	} {
		owner := testAddr(100 + i)
		s.fund(owner)
		msg := s.registerMsg(owner)
		msg.Profile.MilliTflops = tc.milliTflops
		_, err := s.msgServer.RegisterParticipant(s.ctx, msg)
		s.Require().NoError(err, "%d mTFLOPS", tc.milliTflops)
		p, err := s.keeper.Participants.Get(s.ctx, owner)
		s.Require().NoError(err)
		s.Require().Equal(tc.tier, p.Tier, "%d mTFLOPS", tc.milliTflops)
	}
}

func (s *ParticipantsTestSuite) TestRegisterParticipantStoresCanonicalAddress() {
	alice := testAddr(1)
	msg := s.registerMsg(alice)
	msg.Owner = strings.ToUpper(msg.Owner) // bech32 allows all upper case
	_, err := s.msgServer.RegisterParticipant(s.ctx, msg)
	s.Require().NoError(err)
	p, err := s.keeper.Participants.Get(s.ctx, alice)
	s.Require().NoError(err)
	s.Require().Equal(s.bech32(alice), p.Address)
}

func (s *ParticipantsTestSuite) TestRegisterParticipantRejected() {
	alice := testAddr(1)
	for _, tc := range []struct {
		name     string
		malleate func(msg *types.MsgRegisterParticipant)
		err      error
		contains string
	}{
		{"invalid role", func(m *types.MsgRegisterParticipant) { m.Role = 99 }, types.ErrInvalidRole, "role 99 is not one of"},
		{"unspecified role", func(m *types.MsgRegisterParticipant) { m.Role = types.RoleUnspecified }, types.ErrInvalidRole, ""},
		{"bond below minimum", func(m *types.MsgRegisterParticipant) { m.Bond = coin(minLearner - 1) }, types.ErrBondBelowMinimum, "ROLE_LEARNER needs at least 1000"},
		{"below another role's minimum", func(m *types.MsgRegisterParticipant) { m.Role, m.Bond = types.RoleDataNode, coin(minDataNode-1) }, types.ErrBondBelowMinimum, ""},
		{"endpoint not a multiaddr", func(m *types.MsgRegisterParticipant) { m.Endpoint = "203.0.113.7:4001" }, types.ErrInvalidEndpoint, "is not a multiaddr"},
		{"endpoint without peer id", func(m *types.MsgRegisterParticipant) { m.Endpoint = "/ip4/203.0.113.7/tcp/4001" }, types.ErrInvalidEndpoint, ""},
		{"endpoint listen address", func(m *types.MsgRegisterParticipant) { m.Endpoint = "/ip4/0.0.0.0/tcp/4001/p2p/" + testPeerID }, types.ErrInvalidEndpoint, "listen address"},
		{"empty endpoint", func(m *types.MsgRegisterParticipant) { m.Endpoint = "" }, types.ErrInvalidEndpoint, ""},
		{"key too short", func(m *types.MsgRegisterParticipant) { m.HpkePublicKey = m.HpkePublicKey[:31] }, types.ErrInvalidHPKEKey, "must be 32 bytes"},
		{"no key", func(m *types.MsgRegisterParticipant) { m.HpkePublicKey = nil }, types.ErrInvalidHPKEKey, ""},
		{"all-zero key", func(m *types.MsgRegisterParticipant) { m.HpkePublicKey = make([]byte, 32) }, types.ErrInvalidHPKEKey, "small-order"},
		{"profile without memory", func(m *types.MsgRegisterParticipant) { m.Profile.MemoryBytes = 0 }, types.ErrInvalidProfile, "memory_bytes"},
		{"profile above 1 PiB", func(m *types.MsgRegisterParticipant) { m.Profile.MemoryBytes = types.MaxMemoryBytes + 1 }, types.ErrInvalidProfile, "memory_bytes"},
		{"profile too fast", func(m *types.MsgRegisterParticipant) { m.Profile.MilliTflops = types.MaxMilliTflops + 1 }, types.ErrInvalidProfile, "milli_tflops"},
		{"profile without compute", func(m *types.MsgRegisterParticipant) { m.Profile.MilliTflops = 0 }, types.ErrInvalidProfile, "milli_tflops"},
		{"profile above 10 Tbit/s", func(m *types.MsgRegisterParticipant) { m.Profile.BandwidthBps = types.MaxBandwidthBps + 1 }, types.ErrInvalidProfile, "bandwidth_bps"},
		{"wrong denom", func(m *types.MsgRegisterParticipant) { m.Bond = sdk.NewInt64Coin("uatom", minLearner) }, types.ErrInvalidAmount, `bonds are in ulgpt, got "uatom"`},
		{"zero bond", func(m *types.MsgRegisterParticipant) { m.Bond = coin(0) }, types.ErrInvalidAmount, "must be positive"},
		{"negative bond", func(m *types.MsgRegisterParticipant) { m.Bond = sdk.Coin{Denom: bondDenom, Amount: math.NewInt(-5)} }, types.ErrInvalidAmount, ""},
		{"nil bond amount", func(m *types.MsgRegisterParticipant) { m.Bond = sdk.Coin{Denom: bondDenom} }, types.ErrInvalidAmount, ""},
		{"bad owner", func(m *types.MsgRegisterParticipant) { m.Owner = "lgpt1notanaddress" }, types.ErrInvalidAddress, ""},
		{"empty owner", func(m *types.MsgRegisterParticipant) { m.Owner = "" }, types.ErrInvalidAddress, ""},
		{"more than the owner has", func(m *types.MsgRegisterParticipant) { m.Bond = coin(startBalance + 1) }, nil, "insufficient funds"},
		{"already registered", func(m *types.MsgRegisterParticipant) {
			_, err := s.msgServer.RegisterParticipant(s.ctx, s.registerMsg(alice))
			s.Require().NoError(err)
			m.Role, m.Bond = types.RoleVerifier, coin(minVerifier) // another role: still a second registration
		}, types.ErrAlreadyRegistered, "use tx stake bond"},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			msg := s.registerMsg(alice)
			tc.malleate(msg)
			before := s.snapshot()
			s.fresh()
			_, err := s.msgServer.RegisterParticipant(s.ctx, msg)
			s.Require().Error(err)
			if tc.err != nil {
				s.Require().ErrorIs(err, tc.err)
			}
			s.Require().ErrorContains(err, tc.contains)
			s.requireUnchanged(before)
		})
	}
}

func (s *ParticipantsTestSuite) TestBondRole() {
	alice := testAddr(1)
	s.register(alice, types.RoleLearner, minLearner)

	s.fresh()
	res, err := s.msgServer.BondRole(s.ctx, &types.MsgBondRole{Owner: s.bech32(alice), Role: types.RoleLearner, Amount: coin(1)})
	s.Require().NoError(err, "a top-up can be any positive amount")
	s.Require().Equal(coin(minLearner+1), res.Bonded)
	s.Require().Equal([]*types.EventRoleBonded{{Address: s.bech32(alice), Role: types.RoleLearner, Amount: math.NewInt(1), Bonded: math.NewInt(minLearner + 1)}},
		typedEvents[*types.EventRoleBonded](s))

	res, err = s.msgServer.BondRole(s.ctx, &types.MsgBondRole{Owner: s.bech32(alice), Role: types.RoleVerifier, Amount: coin(minVerifier)})
	s.Require().NoError(err, "a new role at exactly its minimum")
	s.Require().Equal(coin(minVerifier), res.Bonded)
	s.Require().NoError(s.keeper.RequireRole(s.ctx, alice, types.RoleVerifier))
	s.Require().Equal(int64(startBalance-minLearner-1-minVerifier), s.balance(alice))
	s.Require().Equal(int64(minLearner+1+minVerifier), s.escrowed())
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestBondRoleRejected() {
	alice, bob := testAddr(1), testAddr(2)
	for _, tc := range []struct {
		name     string
		malleate func(msg *types.MsgBondRole)
		err      error
	}{
		{"new role below minimum", func(m *types.MsgBondRole) { m.Role, m.Amount = types.RoleRouter, coin(minRouter-1) }, types.ErrBondBelowMinimum},
		{"unregistered owner", func(m *types.MsgBondRole) { m.Owner = s.bech32(bob) }, types.ErrNotRegistered},
		{"invalid role", func(m *types.MsgBondRole) { m.Role = 42 }, types.ErrInvalidRole},
		{"unspecified role", func(m *types.MsgBondRole) { m.Role = types.RoleUnspecified }, types.ErrInvalidRole},
		{"wrong denom", func(m *types.MsgBondRole) { m.Amount = sdk.NewInt64Coin("stake", 5) }, types.ErrInvalidAmount},
		{"zero amount", func(m *types.MsgBondRole) { m.Amount = coin(0) }, types.ErrInvalidAmount},
		{"bad owner", func(m *types.MsgBondRole) { m.Owner = "nope" }, types.ErrInvalidAddress},
		{"more than the owner has", func(m *types.MsgBondRole) { m.Amount = coin(startBalance) }, nil},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.register(alice, types.RoleLearner, minLearner)
			msg := &types.MsgBondRole{Owner: s.bech32(alice), Role: types.RoleLearner, Amount: coin(10)}
			tc.malleate(msg)
			before := s.snapshot()
			s.fresh()
			_, err := s.msgServer.BondRole(s.ctx, msg)
			s.Require().Error(err)
			if tc.err != nil {
				s.Require().ErrorIs(err, tc.err)
			} else {
				s.Require().ErrorContains(err, "insufficient funds")
			}
			s.requireUnchanged(before)
		})
	}
}

func (s *ParticipantsTestSuite) TestUnbondRole() {
	alice := testAddr(1)
	s.register(alice, types.RoleLearner, minLearner+500)

	s.fresh()
	res := s.unbond(alice, types.RoleLearner, 300)
	want := types.UnbondingEntry{
		Id: 1, Address: s.bech32(alice), Role: types.RoleLearner, Amount: math.NewInt(300),
		CompletionTime: genesisTime.Add(testUnbondingPeriod), CreationHeight: 10,
	}
	s.Require().Equal(&types.MsgUnbondRoleResponse{UnbondingId: 1, CompletionTime: want.CompletionTime}, res)
	s.Require().Equal([]types.UnbondingEntry{want}, s.queue())
	s.Require().Equal(int64(minLearner+200), s.bondOf(alice, types.RoleLearner))
	s.Require().Equal([]*types.EventRoleUnbonding{{Entry: want, Bonded: math.NewInt(minLearner + 200)}}, typedEvents[*types.EventRoleUnbonding](s))
	s.Require().Equal(int64(startBalance-minLearner-500), s.balance(alice), "nothing is paid before maturity")
	s.requireConserved()

	s.advance(0)
	res = s.unbond(alice, types.RoleLearner, 200)
	s.Require().Equal(uint64(2), res.UnbondingId, "ids count up")
	s.Require().Equal(int64(minLearner), s.bondOf(alice, types.RoleLearner), "down to exactly the minimum")
	s.Require().NoError(s.keeper.RequireRole(s.ctx, alice, types.RoleLearner))
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestUnbondRoleRejected() {
	alice, bob := testAddr(1), testAddr(2)
	for _, tc := range []struct {
		name     string
		malleate func(msg *types.MsgUnbondRole)
		err      error
		contains string
	}{
		{"more than bonded", func(m *types.MsgUnbondRole) { m.Amount = coin(minLearner + 501) }, types.ErrInsufficientBond, "cannot unbond 1501"},
		{"remainder below minimum", func(m *types.MsgUnbondRole) { m.Amount = coin(501) }, types.ErrBondBelowMinimum, "use tx stake leave"},
		{"everything", func(m *types.MsgUnbondRole) { m.Amount = coin(minLearner + 500) }, types.ErrBondBelowMinimum, "use tx stake leave"},
		{"role not bonded", func(m *types.MsgUnbondRole) { m.Role = types.RoleVerifier }, types.ErrRoleNotBonded, ""},
		{"unregistered owner", func(m *types.MsgUnbondRole) { m.Owner = s.bech32(bob) }, types.ErrNotRegistered, ""},
		{"invalid role", func(m *types.MsgUnbondRole) { m.Role = 7 }, types.ErrInvalidRole, ""},
		{"zero amount", func(m *types.MsgUnbondRole) { m.Amount = coin(0) }, types.ErrInvalidAmount, ""},
		{"wrong denom", func(m *types.MsgUnbondRole) { m.Amount = sdk.NewInt64Coin("uatom", 1) }, types.ErrInvalidAmount, ""},
		{"bad owner", func(m *types.MsgUnbondRole) { m.Owner = "" }, types.ErrInvalidAddress, ""},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.register(alice, types.RoleLearner, minLearner+500)
			msg := &types.MsgUnbondRole{Owner: s.bech32(alice), Role: types.RoleLearner, Amount: coin(100)}
			tc.malleate(msg)
			before := s.snapshot()
			s.fresh()
			_, err := s.msgServer.UnbondRole(s.ctx, msg)
			s.Require().ErrorIs(err, tc.err)
			s.Require().ErrorContains(err, tc.contains)
			s.requireUnchanged(before)
		})
	}
}

func (s *ParticipantsTestSuite) TestLeaveRole() {
	alice := testAddr(1)
	s.register(alice, types.RoleLearner, minLearner+500)
	s.bond(alice, types.RoleDataNode, minDataNode)

	s.fresh()
	res := s.leave(alice, types.RoleLearner)
	want := types.UnbondingEntry{
		Id: 1, Address: s.bech32(alice), Role: types.RoleLearner, Amount: math.NewInt(minLearner + 500),
		CompletionTime: genesisTime.Add(testUnbondingPeriod), CreationHeight: 10,
	}
	s.Require().Equal(&types.MsgLeaveRoleResponse{UnbondingId: 1, CompletionTime: want.CompletionTime}, res)
	s.Require().Equal([]types.UnbondingEntry{want}, s.queue())
	s.Require().Equal([]*types.EventRoleUnbonding{{Entry: want, Bonded: math.ZeroInt(), LeftRole: true}}, typedEvents[*types.EventRoleUnbonding](s))
	has, err := s.keeper.Bonds.Has(s.ctx, collectionsKey(alice, types.RoleLearner))
	s.Require().NoError(err)
	s.Require().False(has, "the role is dropped")
	s.Require().ErrorIs(s.keeper.RequireRole(s.ctx, alice, types.RoleLearner), types.ErrRoleRequired)
	s.Require().Equal(int64(minDataNode), s.bondOf(alice, types.RoleDataNode), "other roles stay")
	s.requireConserved()

	// Leaving every role keeps the registration: bonding again needs no
	// new registration, and a new role's minimum applies again.
	s.leave(alice, types.RoleDataNode)
	_, err = s.keeper.Participants.Get(s.ctx, alice)
	s.Require().NoError(err)
	_, err = s.msgServer.BondRole(s.ctx, &types.MsgBondRole{Owner: s.bech32(alice), Role: types.RoleLearner, Amount: coin(minLearner - 1)})
	s.Require().ErrorIs(err, types.ErrBondBelowMinimum)
	s.bond(alice, types.RoleLearner, minLearner)
	s.requireConserved()
}

func (s *ParticipantsTestSuite) TestLeaveRoleRejected() {
	alice, bob := testAddr(1), testAddr(2)
	for _, tc := range []struct {
		name string
		msg  func() *types.MsgLeaveRole
		err  error
	}{
		{"role not bonded", func() *types.MsgLeaveRole { return &types.MsgLeaveRole{Owner: s.bech32(alice), Role: types.RoleRouter} }, types.ErrRoleNotBonded},
		{"unregistered owner", func() *types.MsgLeaveRole { return &types.MsgLeaveRole{Owner: s.bech32(bob), Role: types.RoleLearner} }, types.ErrNotRegistered},
		{"invalid role", func() *types.MsgLeaveRole { return &types.MsgLeaveRole{Owner: s.bech32(alice), Role: 0} }, types.ErrInvalidRole},
		{"bad owner", func() *types.MsgLeaveRole { return &types.MsgLeaveRole{Owner: "x", Role: types.RoleLearner} }, types.ErrInvalidAddress},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.register(alice, types.RoleLearner, minLearner)
			before := s.snapshot()
			s.fresh()
			_, err := s.msgServer.LeaveRole(s.ctx, tc.msg())
			s.Require().ErrorIs(err, tc.err)
			s.requireUnchanged(before)
		})
	}
}

func (s *ParticipantsTestSuite) TestUpdateParticipant() {
	alice := testAddr(1)
	fast := types.DeviceProfile{MemoryBytes: 80 << 30, MilliTflops: 60_000, BandwidthBps: 10_000_000_000}
	newEndpoint := "/dns4/node.example.org/udp/4001/quic-v1/p2p/" + testPeerID
	for _, tc := range []struct {
		name     string
		malleate func(msg *types.MsgUpdateParticipant, want *types.Participant)
	}{
		{"endpoint only", func(m *types.MsgUpdateParticipant, w *types.Participant) {
			m.Endpoint, w.Endpoint = newEndpoint, newEndpoint
		}},
		{"key only", func(m *types.MsgUpdateParticipant, w *types.Participant) {
			m.HpkePublicKey, w.HpkePublicKey = testHPKEKey(2), testHPKEKey(2)
		}},
		{"profile only: the tier is derived again", func(m *types.MsgUpdateParticipant, w *types.Participant) {
			m.Profile, w.Profile, w.Tier = &fast, fast, types.TierA
		}},
		{"everything", func(m *types.MsgUpdateParticipant, w *types.Participant) {
			m.Endpoint, w.Endpoint = newEndpoint, newEndpoint
			m.HpkePublicKey, w.HpkePublicKey = testHPKEKey(3), testHPKEKey(3)
			slow := types.DeviceProfile{MemoryBytes: 1, MilliTflops: 1, BandwidthBps: 1}
			m.Profile, w.Profile, w.Tier = &slow, slow, types.TierC
		}},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.register(alice, types.RoleLearner, minLearner)
			want, err := s.keeper.Participants.Get(s.ctx, alice)
			s.Require().NoError(err)
			msg := &types.MsgUpdateParticipant{Owner: s.bech32(alice)}
			tc.malleate(msg, &want)
			s.advance(0)
			_, err = s.msgServer.UpdateParticipant(s.ctx, msg)
			s.Require().NoError(err)
			got, err := s.keeper.Participants.Get(s.ctx, alice)
			s.Require().NoError(err)
			s.Require().Equal(want, got, "registered_height and the fields not given are kept")
			s.Require().Equal([]*types.EventParticipantUpdated{{Participant: want}}, typedEvents[*types.EventParticipantUpdated](s))
			s.requireConserved()
		})
	}
}

func (s *ParticipantsTestSuite) TestUpdateParticipantRejected() {
	alice, bob := testAddr(1), testAddr(2)
	for _, tc := range []struct {
		name string
		msg  func() *types.MsgUpdateParticipant
		err  error
	}{
		{"nothing to update", func() *types.MsgUpdateParticipant { return &types.MsgUpdateParticipant{Owner: s.bech32(alice)} }, types.ErrNothingToUpdate},
		{"bad endpoint", func() *types.MsgUpdateParticipant {
			return &types.MsgUpdateParticipant{Owner: s.bech32(alice), Endpoint: "/ip4/203.0.113.7/tcp/0/p2p/" + testPeerID}
		}, types.ErrInvalidEndpoint},
		{"bad key", func() *types.MsgUpdateParticipant {
			return &types.MsgUpdateParticipant{Owner: s.bech32(alice), HpkePublicKey: []byte{1}}
		}, types.ErrInvalidHPKEKey},
		{"bad profile", func() *types.MsgUpdateParticipant {
			return &types.MsgUpdateParticipant{Owner: s.bech32(alice), Profile: &types.DeviceProfile{}}
		}, types.ErrInvalidProfile},
		{"a bad field spoils the good ones", func() *types.MsgUpdateParticipant {
			return &types.MsgUpdateParticipant{Owner: s.bech32(alice), Endpoint: "/dns/ok.example/tcp/1/p2p/" + testPeerID, HpkePublicKey: make([]byte, 32)}
		}, types.ErrInvalidHPKEKey},
		{"unregistered owner", func() *types.MsgUpdateParticipant {
			return &types.MsgUpdateParticipant{Owner: s.bech32(bob), HpkePublicKey: testHPKEKey(2)}
		}, types.ErrNotRegistered},
		{"bad owner", func() *types.MsgUpdateParticipant {
			return &types.MsgUpdateParticipant{Owner: "bad", HpkePublicKey: testHPKEKey(2)}
		}, types.ErrInvalidAddress},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.register(alice, types.RoleLearner, minLearner)
			before := s.snapshot()
			s.fresh()
			_, err := s.msgServer.UpdateParticipant(s.ctx, tc.msg())
			s.Require().ErrorIs(err, tc.err)
			s.requireUnchanged(before)
		})
	}
}

func (s *ParticipantsTestSuite) TestUpdateParams() {
	s.fresh()
	p := testParams()
	p.SlashDestination = types.SlashBurn
	p.RoleMinimums[0].MinBond = math.NewInt(7)
	_, err := s.msgServer.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: p})
	s.Require().NoError(err)
	got, err := s.keeper.Params.Get(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(p, got)
	s.Require().Equal([]*types.EventParamsUpdated{{Authority: s.authority, Params: p}}, typedEvents[*types.EventParamsUpdated](s))
}

func (s *ParticipantsTestSuite) TestUpdateParamsRejected() {
	for _, tc := range []struct {
		name     string
		malleate func(msg *types.MsgUpdateParams)
		err      error
	}{
		{"unauthorised sender", func(m *types.MsgUpdateParams) { m.Authority = s.bech32(testAddr(1)) }, sdkerrors.ErrUnauthorized},
		{"empty authority", func(m *types.MsgUpdateParams) { m.Authority = "" }, sdkerrors.ErrUnauthorized},
		{"unauthorised sender with invalid params", func(m *types.MsgUpdateParams) {
			m.Authority, m.Params.UnbondingPeriod = s.bech32(testAddr(1)), 0
		}, sdkerrors.ErrUnauthorized},
		{"zero unbonding period", func(m *types.MsgUpdateParams) { m.Params.UnbondingPeriod = 0 }, types.ErrInvalidParams},
		{"zero maturities per block", func(m *types.MsgUpdateParams) { m.Params.MaxUnbondingsPerBlock = 0 }, types.ErrInvalidParams},
		{"no slash destination", func(m *types.MsgUpdateParams) { m.Params.SlashDestination = types.SlashDestinationUnspecified }, types.ErrInvalidParams},
		{"role without minimum", func(m *types.MsgUpdateParams) { m.Params.RoleMinimums = m.Params.RoleMinimums[1:] }, types.ErrInvalidParams},
		{"zero minimum", func(m *types.MsgUpdateParams) { m.Params.RoleMinimums[2].MinBond = math.ZeroInt() }, types.ErrInvalidParams},
		{"tier thresholds reversed", func(m *types.MsgUpdateParams) {
			m.Params.TierAMinMilliTflops, m.Params.TierBMinMilliTflops = m.Params.TierBMinMilliTflops, m.Params.TierAMinMilliTflops
		}, types.ErrInvalidParams},
		{"max multiplier below one", func(m *types.MsgUpdateParams) { m.Params.MaxMultiplier = types.MultiplierOne - 1 }, types.ErrInvalidParams},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			msg := &types.MsgUpdateParams{Authority: s.authority, Params: testParams()}
			tc.malleate(msg)
			before := s.snapshot()
			s.fresh()
			_, err := s.msgServer.UpdateParams(s.ctx, msg)
			s.Require().ErrorIs(err, tc.err)
			s.requireUnchanged(before)
		})
	}
}

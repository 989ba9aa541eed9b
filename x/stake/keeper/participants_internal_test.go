package keeper

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

const peerID = "12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X"

// fakeBank tracks ulgpt balances of accounts and modules, the coins burned
// and the community pool, so tests can check that nothing is lost or made.
type fakeBank struct {
	balances      map[string]math.Int
	burned        math.Int
	communityPool math.Int
}

func newFakeBank() *fakeBank {
	return &fakeBank{balances: map[string]math.Int{}, burned: math.ZeroInt(), communityPool: math.ZeroInt()}
}

func (b *fakeBank) balance(addr sdk.AccAddress) math.Int {
	if v, ok := b.balances[string(addr)]; ok {
		return v
	}
	return math.ZeroInt()
}

func (b *fakeBank) move(from, to sdk.AccAddress, amt sdk.Coins) error {
	a := amt.AmountOf("ulgpt")
	if b.balance(from).LT(a) {
		return fmt.Errorf("insufficient funds: %s has %s, needs %s", from, b.balance(from), a)
	}
	b.balances[string(from)] = b.balance(from).Sub(a)
	b.balances[string(to)] = b.balance(to).Add(a)
	return nil
}

func (b *fakeBank) SendCoinsFromAccountToModule(_ context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error {
	return b.move(from, authtypes.NewModuleAddress(module), amt)
}

func (b *fakeBank) SendCoinsFromModuleToAccount(_ context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	return b.move(authtypes.NewModuleAddress(module), to, amt)
}

func (b *fakeBank) BurnCoins(_ context.Context, module string, amt sdk.Coins) error {
	addr := authtypes.NewModuleAddress(module)
	a := amt.AmountOf("ulgpt")
	if b.balance(addr).LT(a) {
		return fmt.Errorf("burning more than the module holds")
	}
	b.balances[string(addr)] = b.balance(addr).Sub(a)
	b.burned = b.burned.Add(a)
	return nil
}

func (b *fakeBank) GetBalance(_ context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	return sdk.NewCoin(denom, b.balance(addr))
}

// FundCommunityPool is the fake distribution keeper.
func (b *fakeBank) FundCommunityPool(_ context.Context, amt sdk.Coins, sender sdk.AccAddress) error {
	a := amt.AmountOf("ulgpt")
	if b.balance(sender).LT(a) {
		return fmt.Errorf("insufficient funds")
	}
	b.balances[string(sender)] = b.balance(sender).Sub(a)
	b.communityPool = b.communityPool.Add(a)
	return nil
}

// total is every coin the fake knows: balances, burned, community pool.
func (b *fakeBank) total() math.Int {
	t := b.burned.Add(b.communityPool)
	for _, v := range b.balances {
		t = t.Add(v)
	}
	return t
}

// stakeHarness is a keeper with a fake bank, distribution, staking and
// reputation, and a few funded accounts.
type stakeHarness struct {
	t      *testing.T
	ctx    sdk.Context
	k      Keeper
	ms     types.MsgServer
	q      Querier
	bank   *fakeBank
	params types.Params
	alice  sdk.AccAddress
	bob    sdk.AccAddress
	supply math.Int
}

func lgpt(n int64) math.Int { return math.NewInt(n).MulRaw(1_000_000) }

func newStakeHarness(t *testing.T) *stakeHarness {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	enc := moduletestutil.MakeTestEncodingConfig()
	bank := newFakeBank()
	fakes := &powerFakes{validators: map[string]stakingtypes.Validator{}, powers: map[string]int64{}, scores: map[string]uint64{}}
	k := NewKeeper(enc.Codec, runtime.NewKVStoreService(key), authtypes.NewModuleAddress(govtypes.ModuleName).String(),
		powerAccounts{}, bank, bank, fakes, fakes)
	h := &stakeHarness{t: t, k: k, ms: NewMsgServerImpl(k), q: NewQuerier(k), bank: bank}
	h.params = types.DefaultParams()
	h.ctx = tctx.Ctx.WithBlockHeight(10).WithBlockTime(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	_, err := k.InitGenesis(h.ctx, types.GenesisState{Params: h.params, NextUnbondingId: 1})
	require.NoError(t, err)
	h.alice = sdk.AccAddress(bytes.Repeat([]byte{1}, 20))
	h.bob = sdk.AccAddress(bytes.Repeat([]byte{2}, 20))
	bank.balances[string(h.alice)] = lgpt(100_000)
	bank.balances[string(h.bob)] = lgpt(100_000)
	h.supply = bank.total()
	return h
}

// snapshot is the module's whole exported state plus every balance, to
// check that a rejected message changes nothing.
func (h *stakeHarness) snapshot() string {
	h.t.Helper()
	gs, err := h.k.ExportGenesis(h.ctx)
	require.NoError(h.t, err)
	return fmt.Sprintf("%v|%v|%s|%s", gs.String(), h.bank.balances, h.bank.burned, h.bank.communityPool)
}

// checkConservation asserts the escrow invariant and that no coin was made
// or lost.
func (h *stakeHarness) checkConservation() {
	h.t.Helper()
	require.NoError(h.t, h.k.CheckEscrow(h.ctx))
	require.Equal(h.t, h.supply.String(), h.bank.total().String(), "coins made or lost")
}

func (h *stakeHarness) hpkeKey(seed byte) []byte { return bytes.Repeat([]byte{seed}, 32) }

func (h *stakeHarness) registerMsg(owner sdk.AccAddress) *types.MsgRegisterParticipant {
	return &types.MsgRegisterParticipant{
		Owner: owner.String(), Endpoint: "/ip4/10.0.0.1/tcp/4001/p2p/" + peerID, HpkePublicKey: h.hpkeKey(7),
		Profile: types.DeviceProfile{MemoryBytes: 16 << 30, MilliTflops: 8_000, BandwidthBps: 1_000_000_000},
		Role:    types.RoleLearner, Bond: sdk.NewCoin("ulgpt", lgpt(10_000)),
	}
}

// events returns the typed events emitted since the last reset, decoded.
func (h *stakeHarness) events() []string {
	var names []string
	for _, e := range h.ctx.EventManager().Events() {
		names = append(names, e.Type)
	}
	return names
}

func (h *stakeHarness) freshEvents() { h.ctx = h.ctx.WithEventManager(sdk.NewEventManager()) }

func TestRegisterParticipant(t *testing.T) {
	h := newStakeHarness(t)
	h.freshEvents()
	_, err := h.ms.RegisterParticipant(h.ctx, h.registerMsg(h.alice))
	require.NoError(t, err)

	p, err := h.k.Participants.Get(h.ctx, h.alice)
	require.NoError(t, err)
	require.Equal(t, types.TierB, p.Tier, "8 TFLOPS is tier B")
	require.Equal(t, int64(10), p.RegisteredHeight)
	bond, err := h.k.BondOf(h.ctx, h.alice, types.RoleLearner)
	require.NoError(t, err)
	require.Equal(t, lgpt(10_000), bond)
	require.Equal(t, lgpt(90_000), h.bank.balance(h.alice), "the bond left the owner")
	require.Equal(t, lgpt(10_000), h.bank.balance(authtypes.NewModuleAddress(types.ModuleName)), "and is escrowed")
	require.Equal(t, []string{"litegpt.stake.v1.EventParticipantRegistered", "litegpt.stake.v1.EventRoleBonded"}, h.events())
	ev, err := sdk.ParseTypedEvent(abciEvent(h.ctx.EventManager().Events()[1]))
	require.NoError(t, err)
	require.Equal(t, &types.EventRoleBonded{Address: h.alice.String(), Role: types.RoleLearner, Amount: lgpt(10_000), Bonded: lgpt(10_000)}, ev)
	require.NoError(t, h.k.RequireRole(h.ctx, h.alice, types.RoleLearner))
	require.ErrorIs(t, h.k.RequireRole(h.ctx, h.alice, types.RoleVerifier), types.ErrRoleRequired)
	h.checkConservation()
}

func TestRegisterParticipantRejections(t *testing.T) {
	for name, tc := range map[string]struct {
		malleate func(h *stakeHarness, m *types.MsgRegisterParticipant)
		want     error
	}{
		"wrong role":          {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Role = 99 }, types.ErrInvalidRole},
		"unspecified role":    {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Role = types.RoleUnspecified }, types.ErrInvalidRole},
		"bond below minimum":  {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Bond.Amount = lgpt(9_999) }, types.ErrBondBelowMinimum},
		"malformed endpoint":  {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Endpoint = "10.0.0.1:4001" }, types.ErrInvalidEndpoint},
		"endpoint no peer id": {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Endpoint = "/ip4/10.0.0.1/tcp/4001" }, types.ErrInvalidEndpoint},
		"short key":           {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.HpkePublicKey = make([]byte, 31) }, types.ErrInvalidHPKEKey},
		"zero key":            {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.HpkePublicKey = make([]byte, 32) }, types.ErrInvalidHPKEKey},
		"profile no memory":   {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Profile.MemoryBytes = 0 }, types.ErrInvalidProfile},
		"profile too fast": {func(_ *stakeHarness, m *types.MsgRegisterParticipant) {
			m.Profile.MilliTflops = types.MaxMilliTflops + 1
		}, types.ErrInvalidProfile},
		"wrong denom": {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Bond.Denom = "uatom" }, types.ErrInvalidAmount},
		"zero bond":   {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Bond.Amount = math.ZeroInt() }, types.ErrInvalidAmount},
		"bad owner":   {func(_ *stakeHarness, m *types.MsgRegisterParticipant) { m.Owner = "cosmos1xyz" }, types.ErrInvalidAddress},
		"duplicate": {func(h *stakeHarness, m *types.MsgRegisterParticipant) {
			_, err := h.ms.RegisterParticipant(h.ctx, h.registerMsg(h.alice))
			require.NoError(h.t, err)
		}, types.ErrAlreadyRegistered},
		"insufficient funds": {func(h *stakeHarness, m *types.MsgRegisterParticipant) { m.Bond.Amount = lgpt(100_001) }, nil},
	} {
		t.Run(name, func(t *testing.T) {
			h := newStakeHarness(t)
			m := h.registerMsg(h.alice)
			tc.malleate(h, m)
			before := h.snapshot()
			_, err := h.ms.RegisterParticipant(h.ctx, m) // not cached: the handler itself must write nothing

			require.Error(t, err)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			} else {
				require.ErrorContains(t, err, "insufficient funds")
			}
			require.Equal(t, before, h.snapshot(), "a rejected message changes nothing")
			h.checkConservation()
		})
	}
}

func abciEvent(e sdk.Event) abci.Event { return abci.Event(e) }

// registered returns a harness where alice is a learner with 10,000 LGPT.
func registered(t *testing.T) *stakeHarness {
	h := newStakeHarness(t)
	_, err := h.ms.RegisterParticipant(h.ctx, h.registerMsg(h.alice))
	require.NoError(t, err)
	h.freshEvents()
	return h
}

func coin(n int64) sdk.Coin { return sdk.NewCoin("ulgpt", lgpt(n)) }

func TestBondRole(t *testing.T) {
	h := registered(t)
	res, err := h.ms.BondRole(h.ctx, &types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(1)})
	require.NoError(t, err, "a top-up can be any amount")
	require.Equal(t, coin(10_001), res.Bonded)
	_, err = h.ms.BondRole(h.ctx, &types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleVerifier, Amount: coin(10_000)})
	require.NoError(t, err, "a new role at its minimum")
	require.NoError(t, h.k.RequireRole(h.ctx, h.alice, types.RoleVerifier))
	require.Equal(t, lgpt(100_000-20_001), h.bank.balance(h.alice))
	h.checkConservation()

	for name, tc := range map[string]struct {
		msg  *types.MsgBondRole
		want error
	}{
		"new role below minimum": {&types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleRouter, Amount: coin(4_999)}, types.ErrBondBelowMinimum},
		"unregistered":           {&types.MsgBondRole{Owner: h.bob.String(), Role: types.RoleRouter, Amount: coin(5_000)}, types.ErrNotRegistered},
		"wrong role":             {&types.MsgBondRole{Owner: h.alice.String(), Role: 42, Amount: coin(5_000)}, types.ErrInvalidRole},
		"wrong denom":            {&types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: sdk.NewInt64Coin("stake", 5)}, types.ErrInvalidAmount},
	} {
		before := h.snapshot()
		_, err := h.ms.BondRole(h.ctx, tc.msg)
		require.ErrorIs(t, err, tc.want, name)
		require.Equal(t, before, h.snapshot(), name)
	}
}

func TestUnbondAndLeaveRole(t *testing.T) {
	h := registered(t)
	h.params.UnbondingPeriod = time.Hour
	_, err := h.ms.UpdateParams(h.ctx, &types.MsgUpdateParams{Authority: h.k.GetAuthority(), Params: h.params})
	require.NoError(t, err)
	_, err = h.ms.BondRole(h.ctx, &types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(5_000)})
	require.NoError(t, err)
	h.freshEvents()

	res, err := h.ms.UnbondRole(h.ctx, &types.MsgUnbondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(5_000)})
	require.NoError(t, err)
	require.Equal(t, uint64(1), res.UnbondingId)
	require.Equal(t, h.ctx.BlockTime().Add(time.Hour), res.CompletionTime)
	bond, _ := h.k.BondOf(h.ctx, h.alice, types.RoleLearner)
	require.Equal(t, lgpt(10_000), bond)
	ev, err := sdk.ParseTypedEvent(abciEvent(h.ctx.EventManager().Events()[0]))
	require.NoError(t, err)
	require.Equal(t, lgpt(10_000), ev.(*types.EventRoleUnbonding).Bonded)
	require.False(t, ev.(*types.EventRoleUnbonding).LeftRole)
	h.checkConservation()

	for name, tc := range map[string]struct {
		msg  *types.MsgUnbondRole
		want error
	}{
		"more than bonded":    {&types.MsgUnbondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(10_001)}, types.ErrInsufficientBond},
		"remainder below min": {&types.MsgUnbondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(1)}, types.ErrBondBelowMinimum},
		"role not bonded":     {&types.MsgUnbondRole{Owner: h.alice.String(), Role: types.RoleRouter, Amount: coin(1)}, types.ErrRoleNotBonded},
		"unregistered":        {&types.MsgUnbondRole{Owner: h.bob.String(), Role: types.RoleLearner, Amount: coin(1)}, types.ErrNotRegistered},
		"zero amount":         {&types.MsgUnbondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(0)}, types.ErrInvalidAmount},
	} {
		before := h.snapshot()
		_, err := h.ms.UnbondRole(h.ctx, tc.msg)
		require.ErrorIs(t, err, tc.want, name)
		require.Equal(t, before, h.snapshot(), name)
	}

	leave, err := h.ms.LeaveRole(h.ctx, &types.MsgLeaveRole{Owner: h.alice.String(), Role: types.RoleLearner})
	require.NoError(t, err)
	require.Equal(t, uint64(2), leave.UnbondingId)
	bond, _ = h.k.BondOf(h.ctx, h.alice, types.RoleLearner)
	require.True(t, bond.IsZero())
	_, err = h.ms.LeaveRole(h.ctx, &types.MsgLeaveRole{Owner: h.alice.String(), Role: types.RoleLearner})
	require.ErrorIs(t, err, types.ErrRoleNotBonded, "a left role cannot be left again")
	h.checkConservation()

	// Maturity: nothing one second early, both entries at the hour.
	h.ctx = h.ctx.WithBlockTime(h.ctx.BlockTime().Add(time.Hour - time.Second))
	require.NoError(t, h.k.MatureUnbondings(h.ctx))
	require.Equal(t, lgpt(85_000), h.bank.balance(h.alice))
	h.ctx = h.ctx.WithBlockTime(h.ctx.BlockTime().Add(time.Second)).WithEventManager(sdk.NewEventManager())
	require.NoError(t, h.k.MatureUnbondings(h.ctx))
	require.Equal(t, lgpt(100_000), h.bank.balance(h.alice), "everything paid back")
	require.Len(t, h.ctx.EventManager().Events(), 2)
	h.checkConservation()
}

func TestMaturityIsBoundedPerBlockAndOrdered(t *testing.T) {
	h := registered(t)
	h.params.MaxUnbondingsPerBlock = 2
	h.params.UnbondingPeriod = time.Minute
	_, err := h.ms.UpdateParams(h.ctx, &types.MsgUpdateParams{Authority: h.k.GetAuthority(), Params: h.params})
	require.NoError(t, err)
	_, err = h.ms.BondRole(h.ctx, &types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(3)})
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		_, err := h.ms.UnbondRole(h.ctx, &types.MsgUnbondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(1)})
		require.NoError(t, err)
	}
	h.ctx = h.ctx.WithBlockTime(h.ctx.BlockTime().Add(time.Hour)).WithEventManager(sdk.NewEventManager())
	require.NoError(t, h.k.MatureUnbondings(h.ctx))
	var ids []uint64
	for _, e := range h.ctx.EventManager().Events() {
		ev, err := sdk.ParseTypedEvent(abciEvent(e))
		require.NoError(t, err)
		ids = append(ids, ev.(*types.EventUnbondingMatured).Entry.Id)
	}
	require.Equal(t, []uint64{1, 2}, ids, "two per block, oldest first")
	res, err := h.q.Unbondings(h.ctx, &types.QueryUnbondingsRequest{})
	require.NoError(t, err)
	require.Len(t, res.Entries, 1)
	require.NoError(t, h.k.MatureUnbondings(h.ctx))
	res, err = h.q.Unbondings(h.ctx, &types.QueryUnbondingsRequest{})
	require.NoError(t, err)
	require.Empty(t, res.Entries, "the rest is paid in the next block")
	h.checkConservation()
}

func TestUpdateParticipant(t *testing.T) {
	h := registered(t)
	fast := types.DeviceProfile{MemoryBytes: 80 << 30, MilliTflops: 60_000, BandwidthBps: 10_000_000_000}
	_, err := h.ms.UpdateParticipant(h.ctx, &types.MsgUpdateParticipant{Owner: h.alice.String(), Profile: &fast})
	require.NoError(t, err)
	p, _ := h.k.Participants.Get(h.ctx, h.alice)
	require.Equal(t, types.TierA, p.Tier, "tier re-derived")
	require.Equal(t, "/ip4/10.0.0.1/tcp/4001/p2p/"+peerID, p.Endpoint, "an empty endpoint keeps the old one")
	_, err = h.ms.UpdateParticipant(h.ctx, &types.MsgUpdateParticipant{Owner: h.alice.String(), Endpoint: "/dns4/a.example/udp/9/p2p/" + peerID, HpkePublicKey: h.hpkeKey(9)})
	require.NoError(t, err)
	p, _ = h.k.Participants.Get(h.ctx, h.alice)
	require.Equal(t, "/dns4/a.example/udp/9/p2p/"+peerID, p.Endpoint)
	require.Equal(t, h.hpkeKey(9), p.HpkePublicKey)
	require.Equal(t, fast, p.Profile)

	for name, tc := range map[string]struct {
		msg  *types.MsgUpdateParticipant
		want error
	}{
		"nothing":      {&types.MsgUpdateParticipant{Owner: h.alice.String()}, types.ErrNothingToUpdate},
		"bad endpoint": {&types.MsgUpdateParticipant{Owner: h.alice.String(), Endpoint: "nope"}, types.ErrInvalidEndpoint},
		"bad key":      {&types.MsgUpdateParticipant{Owner: h.alice.String(), HpkePublicKey: []byte{1}}, types.ErrInvalidHPKEKey},
		"bad profile":  {&types.MsgUpdateParticipant{Owner: h.alice.String(), Profile: &types.DeviceProfile{}}, types.ErrInvalidProfile},
		"unregistered": {&types.MsgUpdateParticipant{Owner: h.bob.String(), Endpoint: "/ip4/1.2.3.4/tcp/1/p2p/" + peerID}, types.ErrNotRegistered},
	} {
		before := h.snapshot()
		_, err := h.ms.UpdateParticipant(h.ctx, tc.msg)
		require.ErrorIs(t, err, tc.want, name)
		require.Equal(t, before, h.snapshot(), name)
	}
}

func TestUpdateParams(t *testing.T) {
	h := newStakeHarness(t)
	p := types.DefaultParams()
	p.PowerEpochBlocks = 7
	_, err := h.ms.UpdateParams(h.ctx, &types.MsgUpdateParams{Authority: h.k.GetAuthority(), Params: p})
	require.NoError(t, err)
	got, _ := h.k.Params.Get(h.ctx)
	require.Equal(t, uint64(7), got.PowerEpochBlocks)

	before := h.snapshot()
	_, err = h.ms.UpdateParams(h.ctx, &types.MsgUpdateParams{Authority: h.alice.String(), Params: types.DefaultParams()})
	require.ErrorContains(t, err, "invalid authority")
	bad := types.DefaultParams()
	bad.MaxMultiplier = 900_000
	_, err = h.ms.UpdateParams(h.ctx, &types.MsgUpdateParams{Authority: h.k.GetAuthority(), Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	bad = types.DefaultParams()
	bad.RoleMinimums = bad.RoleMinimums[1:]
	_, err = h.ms.UpdateParams(h.ctx, &types.MsgUpdateParams{Authority: h.k.GetAuthority(), Params: bad})
	require.ErrorContains(t, err, "ROLE_DATA_NODE has no minimum bond")
	require.Equal(t, before, h.snapshot())
}

func TestSlash(t *testing.T) {
	h := registered(t)
	h.params.UnbondingPeriod = time.Hour
	_, err := h.ms.UpdateParams(h.ctx, &types.MsgUpdateParams{Authority: h.k.GetAuthority(), Params: h.params})
	require.NoError(t, err)
	_, err = h.ms.BondRole(h.ctx, &types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(2_000)})
	require.NoError(t, err)
	_, err = h.ms.UnbondRole(h.ctx, &types.MsgUnbondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(2_000)})
	require.NoError(t, err) // bond 10,000, unbonding 2,000
	slasher := h.k.NewSlasher("pog")
	h.freshEvents()

	// 11,000 of 12,000: all the bond, then 1,000 of the unbonding entry.
	got, err := slasher.Slash(h.ctx, h.alice, types.RoleLearner, SlashAmount(lgpt(11_000)), "forged proof")
	require.NoError(t, err)
	require.Equal(t, lgpt(11_000), got)
	bond, _ := h.k.BondOf(h.ctx, h.alice, types.RoleLearner)
	require.True(t, bond.IsZero())
	entries, err := h.k.roleUnbondings(h.ctx, h.alice, types.RoleLearner)
	require.NoError(t, err)
	require.Equal(t, lgpt(1_000), entries[0].Amount)
	require.Equal(t, lgpt(11_000), h.bank.communityPool)
	ev, err := sdk.ParseTypedEvent(abciEvent(h.ctx.EventManager().Events()[0]))
	require.NoError(t, err)
	require.Equal(t, &types.EventRoleBondSlashed{Address: h.alice.String(), Role: types.RoleLearner, FromBond: lgpt(10_000),
		FromUnbonding: lgpt(1_000), Reason: "forged proof", Slasher: "pog", Destination: types.SlashToCommunityPool}, ev)
	h.checkConservation()

	// A fraction of what is left (1,000), burned.
	h.params.SlashDestination = types.SlashBurn
	_, err = h.ms.UpdateParams(h.ctx, &types.MsgUpdateParams{Authority: h.k.GetAuthority(), Params: h.params})
	require.NoError(t, err)
	got, err = slasher.Slash(h.ctx, h.alice, types.RoleLearner, SlashFraction(math.LegacyNewDecWithPrec(5, 1)), "false metric")
	require.NoError(t, err)
	require.Equal(t, lgpt(500), got)
	require.Equal(t, lgpt(500), h.bank.burned)
	h.supply = h.bank.total() // burned coins are counted by the fake: still conserved
	h.checkConservation()

	// Clamped to what exists.
	got, err = slasher.Slash(h.ctx, h.alice, types.RoleLearner, SlashAmount(lgpt(1_000_000)), "again")
	require.NoError(t, err)
	require.Equal(t, lgpt(500), got)
	h.checkConservation()

	before := h.snapshot()
	_, err = slasher.Slash(h.ctx, h.alice, types.RoleLearner, SlashAmount(lgpt(1)), "nothing left")
	require.ErrorIs(t, err, types.ErrRoleNotBonded)
	for name, req := range map[string]SlashRequest{
		"neither":        {},
		"both":           {Amount: ptr(lgpt(1)), Fraction: ptr(math.LegacyOneDec())},
		"zero amount":    SlashAmount(math.ZeroInt()),
		"fraction above": SlashFraction(math.LegacyNewDec(2)),
	} {
		_, err := h.k.NewSlasher("t-"+name).Slash(h.ctx, h.alice, types.RoleVerifier, req, name)
		require.Error(t, err, name)
	}
	_, err = Slasher{}.Slash(h.ctx, h.alice, types.RoleLearner, SlashAmount(lgpt(1)), "zero slasher")
	require.ErrorIs(t, err, types.ErrUnknownSlasher)
	_, err = slasher.Slash(h.ctx, h.bob, types.RoleLearner, SlashAmount(lgpt(1)), "unregistered")
	require.ErrorIs(t, err, types.ErrNotRegistered)
	require.Equal(t, before, h.snapshot())
}

func ptr[T any](v T) *T { return &v }

func TestSlashBelowMinimumBreaksRequireRole(t *testing.T) {
	h := registered(t)
	slasher := h.k.NewSlasher("pog")
	_, err := slasher.Slash(h.ctx, h.alice, types.RoleLearner, SlashAmount(lgpt(1)), "small")
	require.NoError(t, err)
	require.ErrorContains(t, h.k.RequireRole(h.ctx, h.alice, types.RoleLearner), "the role needs 10000000000")
	members, err := h.q.ParticipantsByRole(h.ctx, &types.QueryParticipantsByRoleRequest{Role: types.RoleLearner})
	require.NoError(t, err)
	require.False(t, members.Members[0].MeetsMinimum)
	_, err = h.ms.BondRole(h.ctx, &types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleLearner, Amount: coin(1)})
	require.NoError(t, err)
	require.NoError(t, h.k.RequireRole(h.ctx, h.alice, types.RoleLearner), "a top-up restores the role")
	_, err = h.ms.LeaveRole(h.ctx, &types.MsgLeaveRole{Owner: h.alice.String(), Role: types.RoleLearner})
	require.NoError(t, err)
	h.checkConservation()
}

func TestSlashersOnlyAtConstruction(t *testing.T) {
	h := newStakeHarness(t)
	h.k.NewSlasher("a")
	require.Panics(t, func() { h.k.NewSlasher("a") }, "duplicate")
	require.Panics(t, func() { h.k.NewSlasher("") }, "empty")
	h.k.Seal()
	require.Panics(t, func() { h.k.NewSlasher("b") }, "after Seal")
}

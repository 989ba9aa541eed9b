package keeper

import (
	"context"
	"errors"
	"os"
	"sort"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
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

func TestMain(m *testing.M) {
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount("lgpt", "lgptpub")
	cfg.SetBech32PrefixForValidator("lgptvaloper", "lgptvaloperpub")
	cfg.SetBech32PrefixForConsensusNode("lgptvalcons", "lgptvalconspub")
	os.Exit(m.Run())
}

// powerFakes stand in for x/staking and x/reputation in the power tests.
type powerFakes struct {
	validators map[string]stakingtypes.Validator // by operator bytes
	powers     map[string]int64                  // bonded set: operator bytes -> staking power
	scores     map[string]uint64                 // operator account bytes -> reputation
}

func (f *powerFakes) BondDenom(context.Context) (string, error) { return "ulgpt", nil }
func (f *powerFakes) PowerReduction(context.Context) math.Int   { return sdk.DefaultPowerReduction }
func (f *powerFakes) IterateLastValidatorPowers(_ context.Context, fn func(sdk.ValAddress, int64) bool) error {
	keys := make([]string, 0, len(f.powers))
	for k := range f.powers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if fn(sdk.ValAddress(k), f.powers[k]) {
			break
		}
	}
	return nil
}
func (f *powerFakes) GetValidator(_ context.Context, addr sdk.ValAddress) (stakingtypes.Validator, error) {
	v, ok := f.validators[string(addr)]
	if !ok {
		return v, stakingtypes.ErrNoValidatorFound
	}
	return v, nil
}
func (f *powerFakes) GetValidatorByConsAddr(_ context.Context, consAddr sdk.ConsAddress) (stakingtypes.Validator, error) {
	for _, v := range f.validators {
		if c, _ := v.GetConsAddr(); sdk.ConsAddress(c).Equals(consAddr) {
			return v, nil
		}
	}
	return stakingtypes.Validator{}, stakingtypes.ErrNoValidatorFound
}
func (f *powerFakes) ValidatorAddressCodec() address.Codec {
	return addresscodec.NewBech32Codec("lgptvaloper")
}
func (f *powerFakes) ConsensusAddressCodec() address.Codec {
	return addresscodec.NewBech32Codec("lgptvalcons")
}
func (f *powerFakes) Score(_ context.Context, addr sdk.AccAddress) (uint64, error) {
	if s, ok := f.scores[string(addr)]; ok {
		return s, nil
	}
	return types.NeutralReputation, nil
}

type powerAccounts struct{}

func (powerAccounts) AddressCodec() address.Codec { return addresscodec.NewBech32Codec("lgpt") }
func (powerAccounts) GetModuleAddress(name string) sdk.AccAddress {
	return authtypes.NewModuleAddress(name)
}

// powerHarness is a keeper over an in-memory store with fake x/staking and
// x/reputation, and a few validators.
type powerHarness struct {
	t      *testing.T
	ctx    sdk.Context
	k      Keeper
	f      *powerFakes
	ops    []sdk.ValAddress
	params types.Params
}

func newPowerHarness(t *testing.T, stakingPowers ...int64) *powerHarness {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	enc := moduletestutil.MakeTestEncodingConfig()
	f := &powerFakes{validators: map[string]stakingtypes.Validator{}, powers: map[string]int64{}, scores: map[string]uint64{}}
	k := NewKeeper(enc.Codec, runtime.NewKVStoreService(key), authtypes.NewModuleAddress(govtypes.ModuleName).String(),
		powerAccounts{}, nil, nil, f, f)
	h := &powerHarness{t: t, k: k, f: f}
	h.params = types.DefaultParams()
	h.params.PowerEpochBlocks = 10
	require.NoError(t, k.Params.Set(tctx.Ctx, h.params))
	h.ctx = tctx.Ctx.WithBlockHeight(0).WithBlockTime(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)).
		WithConsensusParams(cmtproto.ConsensusParams{Evidence: &cmtproto.EvidenceParams{MaxAgeNumBlocks: 20, MaxAgeDuration: time.Minute}})
	for _, p := range stakingPowers {
		h.addValidator(p)
	}
	return h
}

// addValidator creates a validator with an ed25519 consensus key and puts it
// in the bonded set with staking power p.
func (h *powerHarness) addValidator(p int64) sdk.ValAddress {
	pk := ed25519.GenPrivKey().PubKey()
	op := sdk.ValAddress(pk.Address()) // any 20 bytes
	v, err := stakingtypes.NewValidator(op.String(), pk, stakingtypes.Description{Moniker: "v"})
	require.NoError(h.t, err)
	h.f.validators[string(op)] = v
	h.f.powers[string(op)] = p
	h.ops = append(h.ops, op)
	return op
}

func (h *powerHarness) consAddr(op sdk.ValAddress) sdk.ConsAddress {
	c, err := h.f.validators[string(op)].GetConsAddr()
	require.NoError(h.t, err)
	return c
}

// block runs PowerUpdates at height and returns the updates by validator.
func (h *powerHarness) block(height int64) map[string]int64 {
	h.t.Helper()
	h.ctx = h.ctx.WithBlockHeight(height).WithBlockTime(h.ctx.BlockTime().Add(5 * time.Second)).WithEventManager(sdk.NewEventManager())
	updates, err := h.k.PowerUpdates(h.ctx)
	require.NoError(h.t, err)
	return h.byOperator(updates)
}

func (h *powerHarness) byOperator(updates []abci.ValidatorUpdate) map[string]int64 {
	out := map[string]int64{}
	for _, u := range updates {
		found := false
		for _, op := range h.ops {
			v := h.f.validators[string(op)]
			pk, err := v.CmtConsPublicKey()
			require.NoError(h.t, err)
			if pk.Equal(u.PubKey) {
				out[string(op)] = u.Power
				found = true
			}
		}
		require.True(h.t, found, "update for a key no validator has")
	}
	return out
}

func (h *powerHarness) sent(op sdk.ValAddress) (int64, bool) {
	s, err := h.k.LastSent.Get(h.ctx, h.consAddr(op))
	if errors.Is(err, collections.ErrNotFound) {
		return 0, false
	}
	require.NoError(h.t, err)
	return s.Power, true
}

func (h *powerHarness) genesis() map[string]int64 {
	h.t.Helper()
	updates, err := h.k.initPowerGenesis(h.ctx, types.GenesisState{Params: h.params})
	require.NoError(h.t, err)
	return h.byOperator(updates)
}

func TestGenesisSetIsStakingPowerAtMultiplierOne(t *testing.T) {
	h := newPowerHarness(t, 100, 50)
	h.f.scores[string(h.ops[0])] = types.MaxReputation // reputation acts at epochs, not at genesis
	got := h.genesis()
	require.Equal(t, map[string]int64{string(h.ops[0]): 100, string(h.ops[1]): 50}, got)
	for _, op := range h.ops {
		w, err := h.k.Weights.Get(h.ctx, op)
		require.NoError(t, err)
		require.Equal(t, types.ValidatorWeight{Multiplier: types.MultiplierOne, Eligible: true}, w)
	}
	// The genesis set governs heights 1 and 2: its record sits at -1.
	sp, err := h.k.StakingPowerAt(h.ctx, h.consAddr(h.ops[0]), 0, 100) // evidence for height 1
	require.NoError(t, err)
	require.Equal(t, int64(100), sp)
}

func TestEpochMovesMultiplierByAtMostTheCap(t *testing.T) {
	h := newPowerHarness(t, 100, 100, 100)
	h.genesis()
	high, low, neutral := h.ops[0], h.ops[1], h.ops[2]
	h.f.scores[string(high)] = types.MaxReputation // target 1.25
	h.f.scores[string(low)] = 300_000              // target 0.92, above the 0.2 threshold

	for height := int64(1); height < 10; height++ {
		require.Empty(t, h.block(height), "no re-weighting between epochs")
	}
	require.Equal(t, map[string]int64{string(high): 105, string(low): 95}, h.block(10), "first epoch: ±0.05")
	require.Empty(t, h.block(11))
	require.Equal(t, map[string]int64{string(high): 110, string(low): 92}, h.block(20), "low reaches its target 0.92")
	for epoch := int64(3); epoch <= 10; epoch++ {
		h.block(epoch * 10)
	}
	p, _ := h.sent(high)
	require.Equal(t, int64(125), p, "bounded by max_multiplier")
	p, _ = h.sent(neutral)
	require.Equal(t, int64(100), p, "m(neutral) = 1")
	w, err := h.k.Weights.Get(h.ctx, high)
	require.NoError(t, err)
	require.Equal(t, h.params.MaxMultiplier, w.Multiplier)
}

func TestThresholdZeroesPowerAtTheEpoch(t *testing.T) {
	h := newPowerHarness(t, 100, 100, 100)
	h.genesis()
	bad := h.ops[1]
	h.f.scores[string(bad)] = h.params.MinVotingReputation - 1
	require.Empty(t, h.block(9))
	require.Equal(t, map[string]int64{string(bad): 0}, h.block(10), "removed at the epoch, not before")
	_, known := h.sent(bad)
	require.False(t, known)
	require.Empty(t, h.block(11), "a removed validator is not removed again")

	w, err := h.k.Weights.Get(h.ctx, bad)
	require.NoError(t, err)
	require.Equal(t, types.ValidatorWeight{Multiplier: 950_000, Eligible: false}, w, "its multiplier still moved")

	// Back to neutral: it returns at the next epoch, its multiplier one step
	// back up (0.95 -> 1.0).
	h.f.scores[string(bad)] = types.NeutralReputation
	require.Empty(t, h.block(19))
	require.Equal(t, map[string]int64{string(bad): 100}, h.block(20))
}

func TestThresholdIgnoredWhenEveryValidatorIsBelowIt(t *testing.T) {
	h := newPowerHarness(t, 100, 60)
	h.genesis()
	for _, op := range h.ops {
		h.f.scores[string(op)] = 0
	}
	got := h.block(10)
	require.Equal(t, map[string]int64{string(h.ops[0]): 95, string(h.ops[1]): 57}, got, "multipliers still move; nobody is removed")
	require.Len(t, h.ctx.EventManager().Events(), 3, "two power changes and the epoch event")
	epochEvent := h.ctx.EventManager().Events()[0]
	require.Equal(t, "litegpt.stake.v1.EventPowerEpoch", epochEvent.Type)
	ignored, ok := epochEvent.GetAttribute("threshold_ignored")
	require.True(t, ok)
	require.Equal(t, "true", ignored.Value)
	require.Empty(t, h.block(11), "the threshold stays ignored for the epoch")
}

func TestJoinsAndJailingsArePushedAtOnce(t *testing.T) {
	h := newPowerHarness(t, 100, 100)
	h.genesis()
	h.f.scores[string(h.ops[0])] = types.MaxReputation
	h.block(10) // ops[0] now at 1.05

	joiner := h.addValidator(40)
	require.Equal(t, map[string]int64{string(joiner): 40}, h.block(13), "a join is sent in its block at multiplier 1")

	delete(h.f.powers, string(h.ops[0])) // jailed: x/staking drops it from the bonded set
	require.Equal(t, map[string]int64{string(h.ops[0]): 0}, h.block(14), "a jailing is sent in its block")

	h.f.powers[string(h.ops[1])] = 130 // delegation
	require.Equal(t, map[string]int64{string(h.ops[1]): 130}, h.block(15), "staking power changes are sent at once")

	// Unjailed: it comes back with the multiplier it had, not a fresh 1.0.
	h.f.powers[string(h.ops[0])] = 100
	require.Equal(t, map[string]int64{string(h.ops[0]): 105}, h.block(16))
}

func TestIneligibleJoinerIsNeverSentAndNeverRemoved(t *testing.T) {
	h := newPowerHarness(t, 100)
	h.genesis()
	joiner := h.addValidator(50)
	h.f.scores[string(joiner)] = 0
	require.Empty(t, h.block(3), "below the threshold at join: not sent")
	delete(h.f.powers, string(joiner))
	require.Empty(t, h.block(4), "never sent, so never removed")
}

func TestNeverEmptiesTheSet(t *testing.T) {
	h := newPowerHarness(t, 100, 80)
	h.genesis()
	h.f.powers = map[string]int64{} // every validator unbonded at once
	require.Empty(t, h.block(5), "an empty set is never sent")
	for _, op := range h.ops {
		_, known := h.sent(op)
		require.True(t, known, "the last set is kept")
	}
}

func TestStakingPowerAtFollowsRecords(t *testing.T) {
	h := newPowerHarness(t, 100, 100)
	h.genesis()
	op := h.ops[0]
	h.f.scores[string(op)] = types.MaxReputation
	h.block(10)                  // sends 105 (staking 100) at EndBlock 10
	h.f.powers[string(op)] = 200 // delegation mid-epoch
	h.block(13)                  // sends 210 (staking 200) at EndBlock 13
	cons := h.consAddr(op)

	for _, tc := range []struct {
		infraction int64 // CometBFT height of the misbehaviour
		reported   int64
		want       int64
	}{
		{5, 100, 100},  // genesis set
		{12, 105, 100}, // set of EndBlock 10, in force at 12..14
		{14, 105, 100},
		{15, 210, 200}, // set of EndBlock 13
		{40, 210, 200},
	} {
		// x/evidence passes infraction - 1 as the distribution height.
		got, err := h.k.StakingPowerAt(h.ctx, cons, tc.infraction-1, tc.reported)
		require.NoError(t, err)
		require.Equal(t, tc.want, got, "infraction at %d", tc.infraction)
	}
}

func TestStakingPowerAtFallsBackWithoutRecord(t *testing.T) {
	h := newPowerHarness(t, 100)
	op := h.ops[0] // no genesis run: no record
	got, err := h.k.StakingPowerAt(h.ctx, h.consAddr(op), 5, 90)
	require.NoError(t, err)
	require.Equal(t, int64(0), got, "the fake validator has no tokens, so at most 0")
}

func TestPowerRecordsArePrunedOnceInadmissible(t *testing.T) {
	h := newPowerHarness(t, 100)
	h.genesis()
	op := h.ops[0]
	cons := h.consAddr(op)
	h.f.powers[string(op)] = 110
	h.block(2) // supersedes the genesis record at height 2
	count := func() int {
		n := 0
		require.NoError(t, h.k.PowerRecords.Walk(h.ctx, nil, func(collections.Pair[sdk.ConsAddress, int64], types.PowerRecord) (bool, error) {
			n++
			return false, nil
		}))
		return n
	}
	require.Equal(t, 2, count())
	// Evidence max age: 20 blocks and 1 minute (5 s blocks: the time limit
	// expires after 12 blocks, the height limit after 20: both must pass).
	for height := int64(3); height <= 22; height++ {
		h.block(height)
	}
	require.Equal(t, 2, count(), "20 blocks after the superseding height: still admissible")
	h.block(23)
	require.Equal(t, 1, count(), "pruned when both limits have passed")
	sp, err := h.k.StakingPowerAt(h.ctx, cons, 22, 110)
	require.NoError(t, err)
	require.Equal(t, int64(110), sp, "the record in force stays")
}

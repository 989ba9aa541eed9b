package app

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"

	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// slashed is what x/staking takes for fraction of a staking power: the
// tokens that power implies, times the fraction, truncated.
func slashed(stakingPower int64, fraction sdkmath.LegacyDec) sdkmath.Int {
	return sdkmath.LegacyNewDecFromInt(sdk.TokensFromConsensusPower(stakingPower, sdk.DefaultPowerReduction)).Mul(fraction).TruncateInt()
}

// TestDoubleSignSlashesUnweightedPower: CometBFT reports weighted power in
// evidence; the tokens slashed must be what the validator's staking power in
// force at the infraction implies, for old evidence (the multiplier moved
// since) and for a validator whose staking power changed mid-epoch.
func TestDoubleSignSlashesUnweightedPower(t *testing.T) {
	c := newStakeChain(t, stakeChainConfig{
		stakingPowers: []int64{100, 100, 100, 100},
		reputations:   []uint64{staketypes.MaxReputation, staketypes.MaxReputation}, // A and B climb toward 1.25
		epoch:         5,
	})
	c.runTo(8)
	fraction := slashingParams(t, c).SlashFractionDoubleSign
	c.block([][]byte{c.delegateTx(1, 50)}) // height 8: B's staking power 100 -> 150 mid-epoch
	c.runTo(25)                            // several more epochs: multipliers 1.05, 1.10, 1.15, 1.20

	require.Equal(t, int64(105), c.power(0, 9), "A at height 9: staking 100 x 1.05")
	require.Equal(t, int64(157), c.power(1, 11), "B at height 11: staking 150 x 1.05")
	require.Equal(t, int64(120), c.power(0, 24), "A later: x 1.20")

	for _, tc := range []struct {
		name         string
		val          int
		infraction   int64
		stakingPower int64
	}{
		{"evidence four epochs old", 0, 9, 100},
		{"staking power changed mid-epoch", 1, 11, 150},
	} {
		before := c.tokens(tc.val)
		c.block(nil, c.duplicateVote(tc.val, tc.infraction))
		taken := before.Sub(c.tokens(tc.val))
		want := slashed(tc.stakingPower, fraction)
		require.Equal(t, want.String(), taken.String(), "%s: tokens slashed", tc.name)
		weighted := slashed(c.power(tc.val, tc.infraction), fraction)
		require.True(t, taken.LT(weighted), "%s: never what the weighted power %d would imply", tc.name, c.power(tc.val, tc.infraction))
	}
}

// TestDowntimeSlashesUnweightedPower: a validator whose multiplier is below
// 1 misses blocks; the downtime slash takes what its staking power implies,
// it is jailed, x/stake removes it from CometBFT's set in that block, and
// the chain goes on.
func TestDowntimeSlashesUnweightedPower(t *testing.T) {
	c := newStakeChain(t, stakeChainConfig{
		stakingPowers: []int64{100, 100, 100},
		reputations:   []uint64{0, 0, 300_000}, // C targets 0.92; A and B are neutral (0 means unset)
		epoch:         5,
	})
	c.runTo(12)
	fraction := slashingParams(t, c).SlashFractionDowntime
	require.Equal(t, int64(92), c.power(2, 12), "C at its target 0.92")

	c.offline[string(c.vals[2].consAddr)] = true
	before := c.tokens(2)
	var jailedAt int64
	for c.height < 60 && jailedAt == 0 {
		res := c.block(nil)
		v, err := c.app.StakingKeeper.GetValidator(c.app.NewContext(true), c.vals[2].operator)
		require.NoError(t, err)
		if v.Jailed {
			jailedAt = c.height - 1
			removed := false
			for _, u := range res.ValidatorUpdates {
				if u.Power == 0 {
					removed = true
				}
			}
			require.True(t, removed, "x/stake removes the jailed validator in the jailing block")
		}
	}
	require.NotZero(t, jailedAt, "C was never jailed")
	require.Equal(t, slashed(100, fraction).String(), before.Sub(c.tokens(2)).String(),
		"downtime slash: staking power 100, not the weighted 92")
	for range 3 {
		c.block(nil)
	}
	require.Zero(t, c.power(2, c.height+1), "C is out of CometBFT's set")
	require.Equal(t, int64(100), c.power(0, c.height+1), "the others go on")
}

func slashingParams(t *testing.T, c *stakeChain) slashingtypes.Params {
	p, err := c.app.SlashingKeeper.GetParams(c.app.NewContext(true))
	require.NoError(t, err)
	return p
}

// TestExportImportKeepsWeightedValidatorSet: a running chain whose
// multipliers differ from 1 is exported; the export's CometBFT validators
// are the weighted set CometBFT has, and a chain imported from it starts
// with exactly that set and sends no spurious updates.
func TestExportImportKeepsWeightedValidatorSet(t *testing.T) {
	c := newStakeChain(t, stakeChainConfig{
		stakingPowers: []int64{100, 200, 50},
		reputations:   []uint64{staketypes.MaxReputation, 0, 250_000},
		epoch:         5,
	})
	c.runTo(13)
	exported, err := c.app.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)

	// What CometBFT will use from the next height on (EndBlock 12's set).
	want := c.sets[c.height+1]
	got := map[string]int64{}
	for _, v := range exported.Validators {
		got[string(v.Address)] = v.Power
	}
	require.Equal(t, want, got, "the export names CometBFT's weighted set")
	require.Equal(t, map[string]int64{
		string(c.vals[0].consAddr): 110, string(c.vals[1].consAddr): 200, string(c.vals[2].consAddr): 45,
	}, got)

	n, res := importStakeChain(t, c, exported)
	imported := map[string]int64{}
	n.apply(imported, res.Validators)
	require.Equal(t, want, imported, "InitChain returns the same set and powers")
	first := n.block(nil) // height 13: no epoch
	require.Empty(t, first.ValidatorUpdates, "no spurious updates after import")
	n.runTo(16)
	require.Equal(t, int64(115), n.power(0, 17), "weighting continues at the next epoch (15)")
}

// TestFeesFollowWeightedPower: two validators with equal staking power but
// different multipliers earn fees in the ratio of their weighted powers.
func TestFeesFollowWeightedPower(t *testing.T) {
	c := newStakeChain(t, stakeChainConfig{
		stakingPowers: []int64{100, 100},
		reputations:   []uint64{staketypes.MaxReputation},
		epoch:         5,
	})
	c.runTo(14) // A at 1.10 since height 12
	rewards := func(i int) sdkmath.LegacyDec {
		r, err := c.app.DistrKeeper.GetValidatorOutstandingRewards(c.app.NewContext(true), c.vals[i].operator)
		require.NoError(t, err)
		return r.Rewards.AmountOf(BondDenom)
	}
	c.block([][]byte{c.sendTx(1_000_000)})
	a0, b0 := rewards(0), rewards(1)
	c.block(nil) // distributes the previous block's fees by the votes' powers
	da, db := rewards(0).Sub(a0), rewards(1).Sub(b0)
	require.True(t, db.IsPositive())
	require.Equal(t, int64(110), c.power(0, c.height-2))
	require.Equal(t, int64(100), c.power(1, c.height-2))
	ratio := da.Quo(db)
	require.True(t, ratio.Sub(sdkmath.LegacyNewDecWithPrec(11, 1)).Abs().LT(sdkmath.LegacyNewDecWithPrec(1, 9)),
		"rewards ratio %s, want 1.1 (weighted 110 : 100)", ratio)
}

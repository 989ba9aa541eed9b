package types_test

import (
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/stake/types"
)

// TestProposerSelectionFollowsWeightedPower drives CometBFT's proposer
// selection (IncrementProposerPriority) over the weighted powers x/stake
// sends and checks that each validator proposes in proportion to its
// weighted power, not its staking power: within 0.1 percentage points over
// 100,000 rounds (CometBFT's weighted round robin is exact up to one round
// per validator per cycle).
func TestProposerSelectionFollowsWeightedPower(t *testing.T) {
	p := types.DefaultParams()
	stakingPowers := []int64{100, 100, 100, 300}
	scores := []uint64{types.MaxReputation, types.NeutralReputation, 0, types.NeutralReputation}

	vals := make([]*cmttypes.Validator, len(stakingPowers))
	var total int64
	for i, sp := range stakingPowers {
		m := types.TargetMultiplier(scores[i], p) // after enough epochs the multiplier reaches its target
		power := types.WeightedPower(sp, m)
		vals[i] = cmttypes.NewValidator(ed25519.GenPrivKey().PubKey(), power)
		total += power
	}
	require.Equal(t, []int64{125, 100, 80, 300}, []int64{vals[0].VotingPower, vals[1].VotingPower, vals[2].VotingPower, vals[3].VotingPower})
	set := cmttypes.NewValidatorSet(vals)

	const rounds = 100_000
	counts := map[string]int{}
	for range rounds {
		counts[string(set.GetProposer().Address)]++
		set.IncrementProposerPriority(1)
	}
	for _, v := range vals {
		share := float64(v.VotingPower) / float64(total)
		got := float64(counts[string(v.Address)]) / rounds
		require.InDelta(t, share, got, 0.001, "validator with power %d proposed %.4f of blocks, expected %.4f", v.VotingPower, got, share)
	}
	// The reputation weighting changed who proposes: equal staking power,
	// unequal proposals.
	require.Greater(t, counts[string(vals[0].Address)], counts[string(vals[1].Address)])
	require.Greater(t, counts[string(vals[1].Address)], counts[string(vals[2].Address)])
}

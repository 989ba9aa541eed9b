package types_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/stake/types"
)

func TestTargetMultiplier(t *testing.T) {
	p := types.DefaultParams() // min 0.8, max 1.25
	for _, tc := range []struct {
		score uint64
		want  uint64
	}{
		{types.NeutralReputation, types.MultiplierOne}, // m(neutral) = 1
		{types.MaxReputation, 1_250_000},
		{0, 800_000},
		{750_000, 1_125_000},   // halfway up
		{250_000, 900_000},     // halfway down
		{500_001, 1_000_000},   // 0.5 micro rounds down
		{499_999, 999_999},     // 0.4 micro below: floor of 999_999.6
		{2_000_000, 1_250_000}, // out-of-range scores clamp
	} {
		require.Equal(t, tc.want, types.TargetMultiplier(tc.score, p), "score %d", tc.score)
	}
	for score := uint64(0); score <= types.MaxReputation; score += 997 {
		m := types.TargetMultiplier(score, p)
		require.GreaterOrEqual(t, m, p.MinMultiplier)
		require.LessOrEqual(t, m, p.MaxMultiplier)
		if score > 0 {
			require.GreaterOrEqual(t, m, types.TargetMultiplier(score-997, p), "monotone")
		}
	}
}

func TestStepToward(t *testing.T) {
	require.Equal(t, uint64(1_050_000), types.StepToward(1_000_000, 1_250_000, 50_000))
	require.Equal(t, uint64(950_000), types.StepToward(1_000_000, 800_000, 50_000))
	require.Equal(t, uint64(1_020_000), types.StepToward(1_000_000, 1_020_000, 50_000), "reaches a near target")
	require.Equal(t, uint64(990_000), types.StepToward(1_000_000, 990_000, 50_000))
	require.Equal(t, uint64(1_000_000), types.StepToward(1_000_000, 1_000_000, 50_000))
}

func TestWeightedPower(t *testing.T) {
	require.Equal(t, int64(100), types.WeightedPower(100, types.MultiplierOne), "neutral multiplier is the identity")
	require.Equal(t, int64(125), types.WeightedPower(100, 1_250_000))
	require.Equal(t, int64(80), types.WeightedPower(101, 800_000), "80.8 floors to 80")
	require.Equal(t, int64(1), types.WeightedPower(1, 800_000), "a bonded validator keeps at least power 1")
	require.Equal(t, int64(0), types.WeightedPower(0, 1_250_000))
	require.Equal(t, int64(math.MaxInt64/4), types.WeightedPower(math.MaxInt64/4, types.MultiplierOne))
	require.Equal(t, int64(3*(math.MaxInt64/4)), types.WeightedPower(math.MaxInt64/4, 3*types.MultiplierOne), "no overflow in the product")
}

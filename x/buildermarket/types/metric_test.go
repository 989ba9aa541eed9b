package types_test

import (
	"math"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func TestBetterAndThreshold(t *testing.T) {
	require.True(t, types.Better(types.HigherIsBetter, 2, 1))
	require.False(t, types.Better(types.HigherIsBetter, 1, 1), "equal is not better")
	require.True(t, types.Better(types.LowerIsBetter, 1, 2))
	require.False(t, types.Better(types.LowerIsBetter, 2, 2))
	require.True(t, types.MeetsThreshold(types.HigherIsBetter, 900, 900))
	require.False(t, types.MeetsThreshold(types.HigherIsBetter, 899, 900))
	require.True(t, types.MeetsThreshold(types.LowerIsBetter, 900, 900))
	require.False(t, types.MeetsThreshold(types.LowerIsBetter, 901, 900))
}

func TestValidateMetricValue(t *testing.T) {
	require.NoError(t, types.ValidateMetricValue(types.MetricAccuracy, 0))
	require.NoError(t, types.ValidateMetricValue(types.MetricAccuracy, 1_000_000))
	require.ErrorContains(t, types.ValidateMetricValue(types.MetricAccuracy, 1_000_001), "accuracy must be in 0..1000000")
	require.ErrorContains(t, types.ValidateMetricValue(types.MetricAccuracy, -1), "accuracy must be in 0..1000000")
	require.NoError(t, types.ValidateMetricValue(types.MetricCrossEntropy, math.MaxInt64))
	require.ErrorContains(t, types.ValidateMetricValue(types.MetricMeanSquaredError, -1), "cannot be negative")
	require.ErrorIs(t, types.ValidateMetricValue(types.MetricUnspecified, 1), types.ErrInvalidMetric)
	d, ok := types.DirectionOf(types.MetricCrossEntropy)
	require.True(t, ok)
	require.Equal(t, types.LowerIsBetter, d)
	_, ok = types.DirectionOf(types.MetricUnspecified)
	require.False(t, ok)
}

// RankKey orders metrics best first in both directions, over the whole
// int64 range.
func TestRankKeyOrdersBestFirst(t *testing.T) {
	metrics := []int64{math.MinInt64, -5, -1, 0, 1, 7, 1_000_000, math.MaxInt64}
	for _, dir := range []types.MetricDirection{types.HigherIsBetter, types.LowerIsBetter} {
		sorted := append([]int64(nil), metrics...)
		sort.Slice(sorted, func(i, j int) bool { return types.RankKey(dir, sorted[i]) < types.RankKey(dir, sorted[j]) })
		for i := 1; i < len(sorted); i++ {
			require.True(t, types.Better(dir, sorted[i-1], sorted[i]), "%s: %d ranks before %d", dir, sorted[i-1], sorted[i])
		}
	}
}

package types_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// FuzzValidateCreateTask: the check never panics, and every task it accepts
// is within the documented bounds.
func FuzzValidateCreateTask(f *testing.F) {
	good := testutil.CreateTaskMsg(testCreator, 2, 100)
	f.Add(good.Name, good.Input.Features, good.Input.MinRaw, good.Input.MaxRaw, int32(good.Label.Kind), good.Label.Classes,
		good.BatchSize, int32(good.Metric), int32(good.Direction), good.Format.Bits, good.Format.Frac, int32(good.Rounding),
		good.EpochBlocks, bytes.Join(good.ValidationCommitments, nil), good.TestSetCommitment)
	f.Add("r", uint32(1), int64(-2), int64(1), int32(2), uint32(0), uint32(4096), int32(3), int32(2), uint32(2), uint32(1), int32(3),
		uint64(10), make([]byte, 32), bytes.Repeat([]byte{1}, 32))
	f.Add("", uint32(0), int64(5), int64(-5), int32(0), uint32(1<<31), uint32(0), int32(9), int32(0), uint32(300), uint32(280), int32(0),
		uint64(1<<63), []byte{}, []byte{})
	f.Fuzz(func(t *testing.T, name string, features uint32, minRaw, maxRaw int64, kind int32, classes, batch uint32,
		metric, direction int32, bits, frac uint32, rounding int32, epoch uint64, commitments, test []byte) {
		msg := &types.MsgCreateTask{
			Creator: testCreator, Name: name,
			Input:     types.InputSchema{Features: features, MinRaw: minRaw, MaxRaw: maxRaw},
			Label:     types.LabelSchema{Kind: types.LabelKind(kind), Classes: classes},
			BatchSize: batch, Metric: types.Metric(metric), Direction: types.MetricDirection(direction),
			Format: types.FixedPointFormat{Bits: bits, Frac: frac}, Rounding: types.Rounding(rounding), EpochBlocks: epoch,
			TestSetCommitment: test,
		}
		for len(commitments) >= 32 {
			msg.ValidationCommitments = append(msg.ValidationCommitments, commitments[:32])
			commitments = commitments[32:]
		}
		if len(commitments) > 0 {
			msg.ValidationCommitments = append(msg.ValidationCommitments, commitments)
		}
		p := taskParams()
		if err := types.ValidateCreateTask(msg, p); err != nil {
			require.ErrorIs(t, err, types.ErrInvalidTask)
			return
		}
		require.True(t, len(msg.Name) >= 1 && len(msg.Name) <= types.MaxNameLength)
		require.True(t, features >= 1 && features <= types.MaxFeatures)
		require.True(t, bits >= 2 && bits <= 32 && frac < bits)
		lo, hi := -(int64(1) << (bits - 1)), int64(1)<<(bits-1)-1
		require.True(t, lo <= minRaw && minRaw <= maxRaw && maxRaw <= hi)
		switch msg.Label.Kind {
		case types.LabelClassification:
			require.True(t, classes >= 2 && classes <= types.MaxClasses)
			require.Contains(t, []types.Metric{types.MetricAccuracy, types.MetricCrossEntropy}, msg.Metric)
		case types.LabelRegression:
			require.Zero(t, classes)
			require.Equal(t, types.MetricMeanSquaredError, msg.Metric)
		default:
			t.Fatalf("accepted label kind %s", msg.Label.Kind)
		}
		if msg.Metric == types.MetricAccuracy {
			require.Equal(t, types.HigherIsBetter, msg.Direction)
		} else {
			require.Equal(t, types.LowerIsBetter, msg.Direction)
		}
		require.True(t, batch >= 1 && batch <= types.MaxBatchSize)
		require.Contains(t, []types.Rounding{types.RoundNearestEven, types.RoundNearestAway, types.RoundTowardZero}, msg.Rounding)
		require.True(t, epoch >= p.MinEpochBlocks && epoch <= p.MaxEpochBlocks)
		require.True(t, len(msg.ValidationCommitments) >= 1 && len(msg.ValidationCommitments) <= int(p.MaxValidationSlices))
		for i, c := range msg.ValidationCommitments {
			require.Len(t, c, 32)
			require.NotEqual(t, test, c)
			for _, d := range msg.ValidationCommitments[:i] {
				require.NotEqual(t, d, c)
			}
		}
		require.Len(t, test, 32)
	})
}

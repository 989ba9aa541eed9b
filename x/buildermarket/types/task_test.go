package types_test

import (
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

const testCreator = "lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s"

// taskParams are the default params with up to 4 slices of 10..1000 blocks.
func taskParams() types.Params {
	p := types.DefaultParams()
	p.MaxValidationSlices, p.MinEpochBlocks, p.MaxEpochBlocks = 4, 10, 1000
	return p
}

func TestValidateCreateTask(t *testing.T) {
	require.NoError(t, types.ValidateCreateTask(testutil.CreateTaskMsg(testCreator, 2, 100), taskParams()))
	require.NoError(t, types.ValidateCreateTask(testutil.RegressionTaskMsg(testCreator, 1, 100), taskParams()))

	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgCreateTask)
		contains string
	}{
		{"empty name", func(m *types.MsgCreateTask) { m.Name = "" }, "name must be 1..64 bytes, got 0"},
		{"long name", func(m *types.MsgCreateTask) { m.Name = strings.Repeat("n", 65) }, "name must be 1..64 bytes, got 65"},
		{"long description", func(m *types.MsgCreateTask) { m.Description = strings.Repeat("d", 1025) }, "description must be at most 1024 bytes"},
		{"no features", func(m *types.MsgCreateTask) { m.Input.Features = 0 }, "input.features must be 1..65536, got 0"},
		{"too many features", func(m *types.MsgCreateTask) { m.Input.Features = 65537 }, "input.features must be 1..65536"},
		{"min above max", func(m *types.MsgCreateTask) { m.Input.MinRaw, m.Input.MaxRaw = 5, 4 }, "input.min_raw (5) must not exceed input.max_raw (4)"},
		{"max not representable", func(m *types.MsgCreateTask) { m.Input.MaxRaw = 1 << 15 }, "input.max_raw: value 32768 outside the Q8.8 range"},
		{"min not representable", func(m *types.MsgCreateTask) { m.Input.MinRaw = -(1 << 15) - 1 }, "input.min_raw"},
		{"long input description", func(m *types.MsgCreateTask) { m.Input.Description = strings.Repeat("i", 257) }, "input.description must be at most 256"},
		{"one class", func(m *types.MsgCreateTask) { m.Label.Classes = 1 }, "classification label needs 2..1024 classes, got 1"},
		{"too many classes", func(m *types.MsgCreateTask) { m.Label.Classes = 1025 }, "needs 2..1024 classes"},
		{"regression with classes", func(m *types.MsgCreateTask) {
			m.Label = types.LabelSchema{Kind: types.LabelRegression, Classes: 3}
			m.Metric, m.Direction = types.MetricMeanSquaredError, types.LowerIsBetter
		}, "a regression label has 0 classes, got 3"},
		{"unspecified label", func(m *types.MsgCreateTask) { m.Label.Kind = types.LabelUnspecified }, "label.kind must be"},
		{"long label description", func(m *types.MsgCreateTask) { m.Label.Description = strings.Repeat("l", 257) }, "label.description must be at most 256"},
		{"no batch", func(m *types.MsgCreateTask) { m.BatchSize = 0 }, "batch_size must be 1..4096, got 0"},
		{"big batch", func(m *types.MsgCreateTask) { m.BatchSize = 4097 }, "batch_size must be 1..4096"},
		{"accuracy lower is better", func(m *types.MsgCreateTask) { m.Direction = types.LowerIsBetter }, "METRIC_ACCURACY needs direction METRIC_DIRECTION_HIGHER_IS_BETTER"},
		{"cross-entropy higher is better", func(m *types.MsgCreateTask) { m.Metric = types.MetricCrossEntropy }, "METRIC_CROSS_ENTROPY needs direction METRIC_DIRECTION_LOWER_IS_BETTER"},
		{"mse on classification", func(m *types.MsgCreateTask) {
			m.Metric, m.Direction = types.MetricMeanSquaredError, types.LowerIsBetter
		}, "METRIC_MEAN_SQUARED_ERROR scores LABEL_KIND_REGRESSION tasks"},
		{"accuracy on regression", func(m *types.MsgCreateTask) { m.Label = types.LabelSchema{Kind: types.LabelRegression} }, "METRIC_ACCURACY scores LABEL_KIND_CLASSIFICATION tasks"},
		{"unspecified metric", func(m *types.MsgCreateTask) { m.Metric = types.MetricUnspecified }, "metric must be one of"},
		{"unknown metric", func(m *types.MsgCreateTask) { m.Metric = 9 }, "metric must be one of"},
		{"one-bit format", func(m *types.MsgCreateTask) { m.Format = types.FixedPointFormat{Bits: 1}; m.Input.MaxRaw = 0 }, "bits must be 2..32, got 1"},
		{"wide format", func(m *types.MsgCreateTask) { m.Format = types.FixedPointFormat{Bits: 33} }, "bits must be 2..32, got 33"},
		{"format that wraps uint8", func(m *types.MsgCreateTask) { m.Format = types.FixedPointFormat{Bits: 272, Frac: 8} }, "bits must be 2..32, got 272"},
		{"frac not below bits", func(m *types.MsgCreateTask) { m.Format = types.FixedPointFormat{Bits: 16, Frac: 16} }, "frac bits (16) must be below total bits (16)"},
		{"rounding unspecified", func(m *types.MsgCreateTask) { m.Rounding = types.RoundingUnspecified }, "rounding must be one of"},
		{"rounding unknown", func(m *types.MsgCreateTask) { m.Rounding = 4 }, "rounding must be one of"},
		{"epoch below min", func(m *types.MsgCreateTask) { m.EpochBlocks = 9 }, "epoch_blocks must be in 10..1000, got 9"},
		{"epoch above max", func(m *types.MsgCreateTask) { m.EpochBlocks = 1001 }, "epoch_blocks must be in 10..1000, got 1001"},
		{"zero epoch", func(m *types.MsgCreateTask) { m.EpochBlocks = 0 }, "epoch_blocks must be 1.."},
		{"no validation slices", func(m *types.MsgCreateTask) { m.ValidationCommitments = nil }, "need 1..1024 validation commitments, got 0"},
		{"too many slices", func(m *types.MsgCreateTask) { *m = *testutil.CreateTaskMsg(testCreator, 5, 100) }, "at most 4 validation commitments (max_validation_slices), got 5"},
		{"short commitment", func(m *types.MsgCreateTask) { m.ValidationCommitments[1] = m.ValidationCommitments[1][:31] }, "validation commitment 1 must be 32 bytes, got 31"},
		{"duplicate commitment", func(m *types.MsgCreateTask) { m.ValidationCommitments[1] = m.ValidationCommitments[0] }, "validation commitment 1 repeats commitment 0"},
		{"short test commitment", func(m *types.MsgCreateTask) { m.TestSetCommitment = nil }, "test_set_commitment must be 32 bytes, got 0"},
		{"test equals validation", func(m *types.MsgCreateTask) { m.TestSetCommitment = m.ValidationCommitments[1] }, "test_set_commitment equals validation commitment 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := testutil.CreateTaskMsg(testCreator, 2, 100)
			tc.malleate(msg)
			err := types.ValidateCreateTask(msg, taskParams())
			require.ErrorIs(t, err, types.ErrInvalidTask)
			require.ErrorContains(t, err, tc.contains)
		})
	}
	require.ErrorIs(t, types.ValidateCreateTask(nil, taskParams()), types.ErrInvalidTask)
}

func TestTaskWindowsAndEpochs(t *testing.T) {
	task := types.NewTask(testutil.CreateTaskMsg(testCreator, 3, 100), 1, testCreator, 50)
	for i, want := range [][2]int64{{50, 150}, {150, 250}, {250, 350}} {
		start, end, err := task.SliceWindow(uint32(i))
		require.NoError(t, err)
		require.Equal(t, want, [2]int64{start, end}, "slice %d", i)
	}
	for height, epoch := range map[int64]uint64{0: 0, 49: 0, 50: 0, 149: 0, 150: 1, 349: 2, 350: 3} {
		require.Equal(t, epoch, task.ValidationEpoch(height), "height %d", height)
	}
	task.CreatedHeight = 1<<63 - 150
	_, _, err := task.SliceWindow(1)
	require.ErrorIs(t, err, types.ErrInvalidTask)
	require.ErrorContains(t, err, "overflows")

	require.Equal(t, uint32(10), task.OutputWidth())
	regression := types.NewTask(testutil.RegressionTaskMsg(testCreator, 1, 100), 2, testCreator, 1)
	require.Equal(t, uint32(1), regression.OutputWidth())
}

func TestValidateReveals(t *testing.T) {
	o := testutil.ValidationOpening(0)
	good := &types.MsgRevealValidationSlice{Creator: testCreator, TaskId: 1, DataRoot: o.DataRoot, LeafCount: o.LeafCount, Salt: o.Salt, Uri: "ipfs://v0"}
	require.NoError(t, types.ValidateRevealValidationSlice(good))
	nonCanonical := make([]byte, 32)
	for i := range nonCanonical {
		nonCanonical[i] = 0xff
	}
	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgRevealValidationSlice)
		contains string
	}{
		{"short root", func(m *types.MsgRevealValidationSlice) { m.DataRoot = m.DataRoot[:31] }, "data_root: a digest is 32 bytes, got 31"},
		{"root above the modulus", func(m *types.MsgRevealValidationSlice) { m.DataRoot = nonCanonical }, "not a canonical BN254 scalar"},
		{"no leaves", func(m *types.MsgRevealValidationSlice) { m.LeafCount = 0 }, "leaf_count must be 1.."},
		{"too many leaves", func(m *types.MsgRevealValidationSlice) { m.LeafCount = commit.MaxLeaves + 1 }, "leaf_count must be 1.."},
		{"short salt", func(m *types.MsgRevealValidationSlice) { m.Salt = m.Salt[:16] }, "salt must be 32 bytes, got 16"},
		{"long uri", func(m *types.MsgRevealValidationSlice) { m.Uri = strings.Repeat("u", 257) }, "uri must be at most 256 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := *good
			tc.malleate(&msg)
			err := types.ValidateRevealValidationSlice(&msg)
			require.ErrorIs(t, err, types.ErrInvalidReveal)
			require.ErrorContains(t, err, tc.contains)

			testMsg := &types.MsgRevealTestSet{Creator: msg.Creator, TaskId: 1, DataRoot: msg.DataRoot, LeafCount: msg.LeafCount, Uri: msg.Uri, Salt: msg.Salt}
			err = types.ValidateRevealTestSet(testMsg)
			require.ErrorIs(t, err, types.ErrInvalidReveal)
			require.ErrorContains(t, err, tc.contains)
		})
	}
}

// The dataset commitment is SHA-256 over the documented layout, which the
// sidecar reproduces byte for byte.
func TestDatasetCommitmentLayout(t *testing.T) {
	root, salt := testutil.Digest(1), testutil.Hash("salt")
	got := types.DatasetCommitment(types.DatasetValidation, 3, root, 8, salt)
	var pre []byte
	pre = append(pre, "litegpt/dataset/v1"...)
	pre = append(pre, 0)          // kind: validation
	pre = append(pre, 0, 0, 0, 3) // index, big-endian uint32
	pre = append(pre, root...)
	pre = append(pre, 0, 0, 0, 0, 0, 0, 0, 8) // leaf count, big-endian uint64
	pre = append(pre, salt...)
	want := sha256.Sum256(pre)
	require.Equal(t, want[:], got)
	require.NotEqual(t, got, types.DatasetCommitment(types.DatasetTest, 3, root, 8, salt), "kind is bound")
	require.NotEqual(t, got, types.DatasetCommitment(types.DatasetValidation, 4, root, 8, salt), "index is bound")
	require.NotEqual(t, got, types.DatasetCommitment(types.DatasetValidation, 3, root, 9, salt), "leaf count is bound")
}

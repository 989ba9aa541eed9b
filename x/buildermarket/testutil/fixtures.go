package testutil

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// Shape of the task CreateTaskMsg makes.
const (
	TaskFeatures  = 64
	TaskClasses   = 10
	TaskBatchSize = 32
)

// Format is the fixed-point format of the fixtures: Q8.8.
var Format = types.FixedPointFormat{Bits: 16, Frac: 8}

// Digest returns a canonical pkg/commit digest: a zero byte, then 31 bytes
// of b (below the BN254 modulus whatever b is).
func Digest(b byte) []byte { return append([]byte{0}, bytes.Repeat([]byte{b}, 31)...) }

// Hash returns 32 pseudo-random bytes derived from label.
func Hash(label string) []byte {
	h := sha256.Sum256([]byte(label))
	return h[:]
}

// Opening is what a task creator reveals for a committed dataset.
type Opening struct {
	DataRoot  []byte
	LeafCount uint64
	Salt      []byte
}

// Commitment is the dataset commitment the opening opens.
func (o Opening) Commitment(kind types.DatasetKind, index uint32) []byte {
	return types.DatasetCommitment(kind, index, o.DataRoot, o.LeafCount, o.Salt)
}

// ValidationOpening is the opening of validation slice i of the fixtures.
func ValidationOpening(i uint32) Opening {
	return Opening{DataRoot: Digest(byte(0x10 + i)), LeafCount: uint64(4 + i), Salt: Hash(fmt.Sprintf("validation salt %d", i))}
}

// TestSetOpening is the opening of the fixtures' test set.
func TestSetOpening() Opening {
	return Opening{DataRoot: Digest(0x7e), LeafCount: 16, Salt: Hash("test salt")}
}

// CreateTaskMsg returns a valid MsgCreateTask: 10-class digit
// classification scored by accuracy, 64 features in Q8.8 (raw 0..4096),
// batches of 32, slices validation slices of epochBlocks each, committed
// with ValidationOpening, and a test set committed with TestSetOpening.
func CreateTaskMsg(creator string, slices uint32, epochBlocks uint64) *types.MsgCreateTask {
	commitments := make([][]byte, slices)
	for i := range commitments {
		commitments[i] = ValidationOpening(uint32(i)).Commitment(types.DatasetValidation, uint32(i))
	}
	return &types.MsgCreateTask{
		Creator: creator, Name: "UCI digits", Description: "8x8 handwritten digits",
		Input:     types.InputSchema{Features: TaskFeatures, MinRaw: 0, MaxRaw: 4096, Description: "pixel intensities 0..16"},
		Label:     types.LabelSchema{Kind: types.LabelClassification, Classes: TaskClasses, Description: "the digit"},
		BatchSize: TaskBatchSize, Metric: types.MetricAccuracy, Direction: types.HigherIsBetter,
		Format: Format, Rounding: types.RoundNearestEven, EpochBlocks: epochBlocks,
		ValidationCommitments: commitments,
		TestSetCommitment:     TestSetOpening().Commitment(types.DatasetTest, 0),
	}
}

// RegressionTaskMsg is CreateTaskMsg for a regression task scored by mean
// squared error (lower is better).
func RegressionTaskMsg(creator string, slices uint32, epochBlocks uint64) *types.MsgCreateTask {
	msg := CreateTaskMsg(creator, slices, epochBlocks)
	msg.Name = "house prices"
	msg.Label = types.LabelSchema{Kind: types.LabelRegression, Description: "price"}
	msg.Metric, msg.Direction = types.MetricMeanSquaredError, types.LowerIsBetter
	return msg
}

// Shape returns the circuit shape of family and purpose for the fixtures'
// classification task.
func Shape(family types.ModelFamily, purpose types.CircuitPurpose) types.CircuitShape {
	s := types.CircuitShape{
		Family: family, Purpose: purpose, BatchSize: TaskBatchSize, Features: TaskFeatures, Classes: TaskClasses,
		Format: Format, TreeDepth: 20,
	}
	if purpose == types.PurposeTrainStep {
		s.MaxParents, s.Steps = 2, 1
	}
	return s
}

// ApproveCircuitMsg returns a valid MsgApproveCircuit for id and shape
// with VerifyingKey and a multi-party ceremony.
func ApproveCircuitMsg(authority, id string, shape types.CircuitShape) *types.MsgApproveCircuit {
	return &types.MsgApproveCircuit{
		Authority: authority, Id: id, Shape: shape, VerifyingKey: VerifyingKey(),
		Ceremony: types.CeremonyMultiParty, TranscriptHash: Hash("transcript " + id),
		Description: "toy circuit " + id,
	}
}

// RegisterModelMsg returns a valid MsgRegisterModel of a logistic
// regression for the fixtures' task taskID, citing no circuit.
func RegisterModelMsg(builder string, taskID uint64) *types.MsgRegisterModel {
	return &types.MsgRegisterModel{
		Builder: builder, TaskId: taskID, Name: "logreg",
		Architecture: types.Architecture{Family: types.FamilyLogisticRegression},
		Format:       Format, InitialWeights: Digest(0x42), WeightsUri: "ipfs://bafy/init", RoyaltyBps: 250,
	}
}

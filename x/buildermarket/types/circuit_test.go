package types_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

const testAuthority = "lgpt10d07y265gmmuvt4z0w9aw880jnsr700jvmc2fs"

func TestValidateCircuitID(t *testing.T) {
	for _, id := range []string{"abc", "logreg-b32-f64-c10-q8.8", "0ab", "a_b.c-d", strings.Repeat("a", 64)} {
		require.NoError(t, types.ValidateCircuitID(id), id)
	}
	for _, id := range []string{"", "ab", "-abc", ".abc", "_abc", "Abc", "ab c", "abc/", strings.Repeat("a", 65), "ab\n", "äbc"} {
		err := types.ValidateCircuitID(id)
		require.ErrorIs(t, err, types.ErrInvalidCircuit, "%q", id)
		require.ErrorContains(t, err, "must be 3..64 of a-z, 0-9")
	}
}

func approveMsg() *types.MsgApproveCircuit {
	return testutil.ApproveCircuitMsg(testAuthority, "logreg-train", testutil.Shape(types.FamilyLogisticRegression, types.PurposeTrainStep))
}

func TestValidateApproveCircuit(t *testing.T) {
	max := uint32(types.DefaultParams().MaxVerifyingKeyBytes)
	require.NoError(t, types.ValidateApproveCircuit(approveMsg(), max))
	for _, purpose := range []types.CircuitPurpose{types.PurposeEvaluation, types.PurposeInference} {
		msg := testutil.ApproveCircuitMsg(testAuthority, "mlp-x", testutil.Shape(types.FamilyMLP, purpose))
		require.NoError(t, types.ValidateApproveCircuit(msg, max), purpose.String())
	}
	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgApproveCircuit)
		contains string
	}{
		{"bad id", func(m *types.MsgApproveCircuit) { m.Id = "X" }, "circuit id"},
		{"no family", func(m *types.MsgApproveCircuit) { m.Shape.Family = types.FamilyUnspecified }, "shape.family must be"},
		{"unknown family", func(m *types.MsgApproveCircuit) { m.Shape.Family = 7 }, "shape.family must be"},
		{"no purpose", func(m *types.MsgApproveCircuit) { m.Shape.Purpose = types.PurposeUnspecified }, "shape.purpose must be"},
		{"no batch", func(m *types.MsgApproveCircuit) { m.Shape.BatchSize = 0 }, "shape.batch_size must be 1..4096, got 0"},
		{"big batch", func(m *types.MsgApproveCircuit) { m.Shape.BatchSize = 4097 }, "shape.batch_size"},
		{"no features", func(m *types.MsgApproveCircuit) { m.Shape.Features = 0 }, "shape.features must be 1..65536, got 0"},
		{"no classes", func(m *types.MsgApproveCircuit) { m.Shape.Classes = 0 }, "shape.classes must be 1..1024"},
		{"bad format", func(m *types.MsgApproveCircuit) { m.Shape.Format.Frac = 16 }, "shape.format: fixed-point format: frac bits (16)"},
		{"train without parents", func(m *types.MsgApproveCircuit) { m.Shape.MaxParents = 0 }, "merges 1..16 parents, got max_parents 0"},
		{"train with 17 parents", func(m *types.MsgApproveCircuit) { m.Shape.MaxParents = 17 }, "merges 1..16 parents"},
		{"train without tree", func(m *types.MsgApproveCircuit) { m.Shape.TreeDepth = 0 }, "tree_depth must be 1..40, got 0"},
		{"tree too deep", func(m *types.MsgApproveCircuit) { m.Shape.TreeDepth = 41 }, "tree_depth must be at most 40, got 41"},
		{"train without steps", func(m *types.MsgApproveCircuit) { m.Shape.Steps = 0 }, "covers 1..64 steps, got 0"},
		{"train with 65 steps", func(m *types.MsgApproveCircuit) { m.Shape.Steps = 65 }, "covers 1..64 steps"},
		{"eval with parents", func(m *types.MsgApproveCircuit) { m.Shape.Purpose = types.PurposeEvaluation; m.Shape.Steps = 0 }, "only train-step circuits have max_parents and steps"},
		{"inference with steps", func(m *types.MsgApproveCircuit) { m.Shape.Purpose = types.PurposeInference; m.Shape.MaxParents = 0 }, "only train-step circuits"},
		{"no ceremony", func(m *types.MsgApproveCircuit) { m.Ceremony = types.CeremonyUnspecified }, "ceremony must be"},
		{"short transcript", func(m *types.MsgApproveCircuit) { m.TranscriptHash = m.TranscriptHash[:31] }, "transcript_hash must be 32 bytes, got 31"},
		{"long description", func(m *types.MsgApproveCircuit) { m.Description = strings.Repeat("d", 1025) }, "description must be at most 1024"},
		{"no key", func(m *types.MsgApproveCircuit) { m.VerifyingKey = nil }, "verifying_key is empty"},
		{"key with trailing bytes", func(m *types.MsgApproveCircuit) { m.VerifyingKey = append(m.VerifyingKey, 1, 2) }, "trailing bytes"},
		{"key not decodable", func(m *types.MsgApproveCircuit) { m.VerifyingKey = []byte("not a key") }, "verifying key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := approveMsg()
			tc.malleate(msg)
			err := types.ValidateApproveCircuit(msg, max)
			require.ErrorIs(t, err, types.ErrInvalidCircuit)
			require.ErrorContains(t, err, tc.contains)
		})
	}
	err := types.ValidateApproveCircuit(approveMsg(), uint32(len(testutil.VerifyingKey())-1))
	require.ErrorIs(t, err, types.ErrInvalidCircuit)
	require.ErrorContains(t, err, "more than max_verifying_key_bytes")
}

func TestCheckCeremony(t *testing.T) {
	require.NoError(t, types.CheckCeremony(types.CeremonyMultiParty, "litegpt-1"))
	require.NoError(t, types.CheckCeremony(types.CeremonyMultiParty, "litegpt-local-1"))
	require.NoError(t, types.CheckCeremony(types.CeremonySingleParty, "litegpt-local-1"))
	err := types.CheckCeremony(types.CeremonySingleParty, "litegpt-1")
	require.ErrorIs(t, err, types.ErrSinglePartyKey)
	require.ErrorContains(t, err, `chain "litegpt-1" accepts only keys from a multi-party ceremony`)
}

func TestValidateRevokeCircuit(t *testing.T) {
	require.NoError(t, types.ValidateRevokeCircuit(&types.MsgRevokeCircuit{Authority: testAuthority, Id: "abc", Reason: "r"}))
	require.ErrorContains(t, types.ValidateRevokeCircuit(&types.MsgRevokeCircuit{Id: "abc"}), "reason must be 1..256 bytes, got 0")
	require.ErrorContains(t, types.ValidateRevokeCircuit(&types.MsgRevokeCircuit{Id: "abc", Reason: strings.Repeat("r", 257)}), "reason must be 1..256")
	require.ErrorIs(t, types.ValidateRevokeCircuit(&types.MsgRevokeCircuit{Id: "a", Reason: "r"}), types.ErrInvalidCircuit)
}

func TestCircuitValidate(t *testing.T) {
	c := types.NewCircuit(approveMsg(), 5)
	require.NoError(t, c.Validate())
	c.Revoked, c.RevokedHeight = true, 7
	require.NoError(t, c.Validate())
	for name, mutate := range map[string]func(*types.Circuit){
		"revoked without height":  func(c *types.Circuit) { c.RevokedHeight = 0 },
		"height without revoked":  func(c *types.Circuit) { c.Revoked = false },
		"revoked before approval": func(c *types.Circuit) { c.RevokedHeight = 4 },
		"negative approval":       func(c *types.Circuit) { c.ApprovedHeight = -1; c.RevokedHeight = 1 },
		"bad key":                 func(c *types.Circuit) { c.VerifyingKey = c.VerifyingKey[:10] },
	} {
		bad := c
		mutate(&bad)
		require.ErrorIs(t, bad.Validate(), types.ErrInvalidCircuit, name)
	}
}

func TestCheckCircuitFits(t *testing.T) {
	task := types.NewTask(testutil.CreateTaskMsg(testCreator, 1, 100), 1, testCreator, 1)
	model := types.NewModel(testutil.RegisterModelMsg(testCreator, 1), 1, testCreator, types.DefaultParams().ModelDeposit, 1)
	ref := types.CircuitRef{Field: "train_circuit_id", Purpose: types.PurposeTrainStep, ID: "logreg-train"}
	circuit := types.NewCircuit(approveMsg(), 1)
	require.NoError(t, types.CheckCircuitFits(circuit, ref, model, task))
	for _, tc := range []struct {
		name     string
		mutate   func(*types.CircuitShape)
		contains string
	}{
		{"purpose", func(s *types.CircuitShape) { s.Purpose = types.PurposeEvaluation }, "train_circuit_id logreg-train: circuit purpose is CIRCUIT_PURPOSE_EVALUATION, the model needs CIRCUIT_PURPOSE_TRAIN_STEP"},
		{"family", func(s *types.CircuitShape) { s.Family = types.FamilyMLP }, "circuit family is MODEL_FAMILY_MLP"},
		{"batch size", func(s *types.CircuitShape) { s.BatchSize = 64 }, "circuit batch_size is 64, the model needs 32"},
		{"features", func(s *types.CircuitShape) { s.Features = 63 }, "circuit features is 63, the model needs 64"},
		{"classes", func(s *types.CircuitShape) { s.Classes = 2 }, "circuit classes is 2, the model needs 10"},
		{"format", func(s *types.CircuitShape) { s.Format.Frac = 7 }, "circuit format is bits 16 frac 7, the model needs bits 16 frac 8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := circuit
			tc.mutate(&c.Shape)
			err := types.CheckCircuitFits(c, ref, model, task)
			require.ErrorIs(t, err, types.ErrIncompatibleCircuit)
			require.ErrorContains(t, err, tc.contains)
		})
	}
	// A regression task's output is one value.
	regression := types.NewTask(testutil.RegressionTaskMsg(testCreator, 1, 100), 2, testCreator, 1)
	circuit.Shape.Classes = 1
	require.NoError(t, types.CheckCircuitFits(circuit, ref, model, regression))
}

func TestCircuitRefs(t *testing.T) {
	m := types.Model{TrainCircuitId: "t-1", InferenceCircuitId: "i-1"}
	require.Equal(t, []types.CircuitRef{
		{Field: "train_circuit_id", Purpose: types.PurposeTrainStep, ID: "t-1"},
		{Field: "inference_circuit_id", Purpose: types.PurposeInference, ID: "i-1"},
	}, m.CircuitRefs())
	require.Empty(t, types.Model{}.CircuitRefs())
}

// FuzzValidateApproveCircuit: the check never panics, and what it accepts
// is within the documented bounds.
func FuzzValidateApproveCircuit(f *testing.F) {
	good := approveMsg()
	f.Add(good.Id, int32(good.Shape.Family), int32(good.Shape.Purpose), good.Shape.BatchSize, good.Shape.Features, good.Shape.Classes,
		good.Shape.Format.Bits, good.Shape.Format.Frac, good.Shape.MaxParents, good.Shape.TreeDepth, good.Shape.Steps,
		int32(good.Ceremony), good.TranscriptHash, good.VerifyingKey, uint8(0))
	f.Add("eval-1", int32(2), int32(2), uint32(1), uint32(1), uint32(1), uint32(2), uint32(1), uint32(0), uint32(0), uint32(0),
		int32(2), make([]byte, 32), []byte{1, 2, 3}, uint8(7))
	f.Add("", int32(0), int32(9), uint32(0), uint32(1<<20), uint32(5000), uint32(300), uint32(300), uint32(99), uint32(99), uint32(99),
		int32(0), []byte{}, []byte{}, uint8(200))
	f.Fuzz(func(t *testing.T, id string, family, purpose int32, batch, features, classes, bits, frac, parents, depth, steps uint32,
		ceremony int32, transcript, vk []byte, cut uint8) {
		if len(vk) > int(cut) && cut > 0 { // sometimes a truncated real key
			vk = testutil.VerifyingKey()[:min(int(cut), len(testutil.VerifyingKey()))]
		}
		msg := &types.MsgApproveCircuit{
			Authority: testAuthority, Id: id,
			Shape: types.CircuitShape{
				Family: types.ModelFamily(family), Purpose: types.CircuitPurpose(purpose), BatchSize: batch, Features: features, Classes: classes,
				Format: types.FixedPointFormat{Bits: bits, Frac: frac}, MaxParents: parents, TreeDepth: depth, Steps: steps,
			},
			VerifyingKey: vk, Ceremony: types.CeremonyKind(ceremony), TranscriptHash: transcript,
		}
		if err := types.ValidateApproveCircuit(msg, types.MaxVerifyingKeyBytesLimit); err != nil {
			require.ErrorIs(t, err, types.ErrInvalidCircuit)
			return
		}
		s := msg.Shape
		require.NoError(t, types.ValidateCircuitID(id))
		require.True(t, len(id) >= 3 && len(id) <= 64)
		require.Contains(t, []types.ModelFamily{types.FamilyLogisticRegression, types.FamilyMLP, types.FamilyTTMLP}, s.Family)
		require.True(t, s.BatchSize >= 1 && s.BatchSize <= types.MaxBatchSize)
		require.True(t, s.Features >= 1 && s.Features <= types.MaxFeatures)
		require.True(t, s.Classes >= 1 && s.Classes <= types.MaxClasses)
		require.True(t, s.Format.Bits >= 2 && s.Format.Bits <= 32 && s.Format.Frac < s.Format.Bits)
		require.True(t, s.TreeDepth <= types.MaxTreeDepth)
		if s.Purpose == types.PurposeTrainStep {
			require.True(t, s.MaxParents >= 1 && s.MaxParents <= 16 && s.TreeDepth >= 1 && s.Steps >= 1 && s.Steps <= 64)
		} else {
			require.Contains(t, []types.CircuitPurpose{types.PurposeEvaluation, types.PurposeInference}, s.Purpose)
			require.Zero(t, s.MaxParents)
			require.Zero(t, s.Steps)
		}
		require.Len(t, msg.TranscriptHash, 32)
		require.Contains(t, []types.CeremonyKind{types.CeremonyMultiParty, types.CeremonySingleParty}, msg.Ceremony)
		_, err := types.DecodeVerifyingKey(msg.VerifyingKey)
		require.NoError(t, err)
	})
}

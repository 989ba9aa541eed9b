package types

import (
	"fmt"
	"regexp"

	"github.com/litegpt/litegpt/internal/chainid"
)

// Bounds of a circuit's shape.
const (
	// MaxParents bounds the parents a train-step circuit merges.
	MaxParents = 16
	// MaxTreeDepth bounds the data tree depth a circuit proves paths in
	// (pkg/commit trees hold at most 2^40 leaves).
	MaxTreeDepth = 40
	// MaxSteps bounds the SGD steps one train-step proof covers.
	MaxSteps = 64
)

// circuitIDPattern is what a circuit id looks like: 3..64 characters of
// a-z, 0-9, '.', '_' and '-', starting with a letter or digit.
var circuitIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)

// ValidateCircuitID checks a circuit id's form.
func ValidateCircuitID(id string) error {
	if !circuitIDPattern.MatchString(id) {
		return ErrInvalidCircuit.Wrapf("circuit id %q must be 3..64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit (e.g. logreg-b32-f64-c10-q8.8)", id)
	}
	return nil
}

// ValidateCircuitShape checks a circuit's shape: a known family and
// purpose; batch_size 1..4096, features 1..65536, classes 1..1024; a valid
// format; for a train step max_parents 1..16, tree_depth 1..40 and steps
// 1..64; for evaluation and inference circuits max_parents and steps 0 and
// tree_depth at most 40.
func ValidateCircuitShape(s CircuitShape) error {
	switch s.Family {
	case FamilyLogisticRegression, FamilyMLP, FamilyTTMLP:
	default:
		return ErrInvalidCircuit.Wrapf("shape.family must be %s, %s or %s; got %s", FamilyLogisticRegression, FamilyMLP, FamilyTTMLP, s.Family)
	}
	if s.BatchSize < 1 || s.BatchSize > MaxBatchSize {
		return ErrInvalidCircuit.Wrapf("shape.batch_size must be 1..%d, got %d", MaxBatchSize, s.BatchSize)
	}
	if s.Features < 1 || s.Features > MaxFeatures {
		return ErrInvalidCircuit.Wrapf("shape.features must be 1..%d, got %d", MaxFeatures, s.Features)
	}
	if s.Classes < 1 || s.Classes > MaxClasses {
		return ErrInvalidCircuit.Wrapf("shape.classes must be 1..%d (1 for regression), got %d", MaxClasses, s.Classes)
	}
	if err := validateFormat(ErrInvalidCircuit, "shape.format", s.Format); err != nil {
		return err
	}
	if s.TreeDepth > MaxTreeDepth {
		return ErrInvalidCircuit.Wrapf("shape.tree_depth must be at most %d, got %d", MaxTreeDepth, s.TreeDepth)
	}
	switch s.Purpose {
	case PurposeTrainStep:
		if s.MaxParents < 1 || s.MaxParents > MaxParents {
			return ErrInvalidCircuit.Wrapf("a train-step circuit merges 1..%d parents, got max_parents %d", MaxParents, s.MaxParents)
		}
		if s.TreeDepth < 1 {
			return ErrInvalidCircuit.Wrapf("a train-step circuit proves a leaf of the data tree: tree_depth must be 1..%d, got 0", MaxTreeDepth)
		}
		if s.Steps < 1 || s.Steps > MaxSteps {
			return ErrInvalidCircuit.Wrapf("a train-step circuit covers 1..%d steps, got %d", MaxSteps, s.Steps)
		}
	case PurposeEvaluation, PurposeInference:
		if s.MaxParents != 0 || s.Steps != 0 {
			return ErrInvalidCircuit.Wrapf("only train-step circuits have max_parents and steps; a %s circuit has %d and %d", s.Purpose, s.MaxParents, s.Steps)
		}
	default:
		return ErrInvalidCircuit.Wrapf("shape.purpose must be %s, %s or %s; got %s", PurposeTrainStep, PurposeEvaluation, PurposeInference, s.Purpose)
	}
	return nil
}

// validateCeremonyKind checks that kind is multi- or single-party.
func validateCeremonyKind(kind CeremonyKind) error {
	if kind != CeremonyMultiParty && kind != CeremonySingleParty {
		return ErrInvalidCircuit.Wrapf("ceremony must be %s or %s, got %s", CeremonyMultiParty, CeremonySingleParty, kind)
	}
	return nil
}

// CheckCeremony refuses single-party keys outside local chain-ids: whoever
// ran a single-party setup can forge proofs.
func CheckCeremony(kind CeremonyKind, chainID string) error {
	if kind == CeremonySingleParty && !chainid.IsLocal(chainID) {
		return ErrSinglePartyKey.Wrapf("chain %q accepts only keys from a multi-party ceremony (single-party keys are for %s* chain-ids)", chainID, chainid.LocalPrefix)
	}
	return nil
}

// ValidateApproveCircuit checks a MsgApproveCircuit without the store: the
// id, the shape, the ceremony kind, a 32-byte transcript hash, a
// description of at most 1024 bytes and a verifying key of 1..maxVKBytes
// bytes that decodes (DecodeVerifyingKey). The authority and the chain-id
// rule (CheckCeremony) are the handler's.
func ValidateApproveCircuit(msg *MsgApproveCircuit, maxVKBytes uint32) error {
	if msg == nil {
		return ErrInvalidCircuit.Wrap("empty message")
	}
	if err := ValidateCircuitID(msg.Id); err != nil {
		return err
	}
	if err := ValidateCircuitShape(msg.Shape); err != nil {
		return err
	}
	if err := validateCeremonyKind(msg.Ceremony); err != nil {
		return err
	}
	if err := validateHash(ErrInvalidCircuit, "transcript_hash", msg.TranscriptHash); err != nil {
		return err
	}
	if err := validateText(ErrInvalidCircuit, "description", msg.Description, 0, MaxDescriptionLength); err != nil {
		return err
	}
	return ValidateVerifyingKey(msg.VerifyingKey, maxVKBytes)
}

// ValidateRevokeCircuit checks a MsgRevokeCircuit without the store: the
// id's form and a reason of 1..256 bytes.
func ValidateRevokeCircuit(msg *MsgRevokeCircuit) error {
	if msg == nil {
		return ErrInvalidCircuit.Wrap("empty message")
	}
	if err := ValidateCircuitID(msg.Id); err != nil {
		return err
	}
	return validateText(ErrInvalidCircuit, "reason", msg.Reason, 1, MaxReasonLength)
}

// NewCircuit returns the circuit msg approves at height.
func NewCircuit(msg *MsgApproveCircuit, height int64) Circuit {
	return Circuit{
		Id: msg.Id, Shape: msg.Shape, VerifyingKey: msg.VerifyingKey, Ceremony: msg.Ceremony,
		TranscriptHash: msg.TranscriptHash, Description: msg.Description, ApprovedHeight: height,
	}
}

// Validate checks a stored circuit (genesis): what ValidateApproveCircuit
// checks, with the absolute key size limit, and revocation fields that
// agree (revoked_height set exactly when revoked, not before approval).
func (c Circuit) Validate() error {
	msg := MsgApproveCircuit{
		Id: c.Id, Shape: c.Shape, VerifyingKey: c.VerifyingKey, Ceremony: c.Ceremony,
		TranscriptHash: c.TranscriptHash, Description: c.Description,
	}
	if err := ValidateApproveCircuit(&msg, MaxVerifyingKeyBytesLimit); err != nil {
		return err
	}
	if c.ApprovedHeight < 0 {
		return ErrInvalidCircuit.Wrapf("circuit %s: approved_height cannot be negative, got %d", c.Id, c.ApprovedHeight)
	}
	if c.Revoked != (c.RevokedHeight > 0) || (c.Revoked && c.RevokedHeight < c.ApprovedHeight) {
		return ErrInvalidCircuit.Wrapf("circuit %s: revoked %v with revoked_height %d (approved at %d)", c.Id, c.Revoked, c.RevokedHeight, c.ApprovedHeight)
	}
	if c.RevokedHeight < 0 {
		return ErrInvalidCircuit.Wrapf("circuit %s: revoked_height cannot be negative", c.Id)
	}
	return nil
}

// modelCircuitFields are the model fields that cite circuits, with the
// purpose each needs.
var modelCircuitFields = []struct {
	field   string
	purpose CircuitPurpose
	id      func(Model) string
}{
	{"train_circuit_id", PurposeTrainStep, func(m Model) string { return m.TrainCircuitId }},
	{"eval_circuit_id", PurposeEvaluation, func(m Model) string { return m.EvalCircuitId }},
	{"inference_circuit_id", PurposeInference, func(m Model) string { return m.InferenceCircuitId }},
}

// CircuitRef is a circuit a model cites, with the field that cites it and
// the purpose that field needs.
type CircuitRef struct {
	// Field is the model field, e.g. "train_circuit_id".
	Field string
	// Purpose is what the field's circuit must prove.
	Purpose CircuitPurpose
	// ID is the cited circuit id.
	ID string
}

// CircuitRefs lists the circuits m cites, in field order (train,
// evaluation, inference), skipping empty ids.
func (m Model) CircuitRefs() []CircuitRef {
	var refs []CircuitRef
	for _, f := range modelCircuitFields {
		if id := f.id(m); id != "" {
			refs = append(refs, CircuitRef{Field: f.field, Purpose: f.purpose, ID: id})
		}
	}
	return refs
}

// CheckCircuitFits checks that circuit c can serve ref for model m of task
// t: its purpose is ref's, and its shape is the model's and the task's
// (family, batch size, features, classes, format). The error names the
// first field that differs.
func CheckCircuitFits(c Circuit, ref CircuitRef, m Model, t Task) error {
	s := c.Shape
	mismatch := func(what string, circuit, want any) error {
		return ErrIncompatibleCircuit.Wrapf("%s %s: circuit %s is %v, the model needs %v", ref.Field, c.Id, what, circuit, want)
	}
	switch {
	case s.Purpose != ref.Purpose:
		return mismatch("purpose", s.Purpose, ref.Purpose)
	case s.Family != m.Architecture.Family:
		return mismatch("family", s.Family, m.Architecture.Family)
	case s.BatchSize != t.BatchSize:
		return mismatch("batch_size", s.BatchSize, t.BatchSize)
	case s.Features != t.Input.Features:
		return mismatch("features", s.Features, t.Input.Features)
	case s.Classes != t.OutputWidth():
		return mismatch("classes", s.Classes, t.OutputWidth())
	case s.Format != m.Format:
		return mismatch("format", formatString(s.Format), formatString(m.Format))
	}
	return nil
}

// formatString shows a format's bits and fractional bits.
func formatString(f FixedPointFormat) string {
	return fmt.Sprintf("bits %d frac %d", f.Bits, f.Frac)
}

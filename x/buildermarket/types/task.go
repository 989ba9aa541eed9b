package types

import (
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
)

// NewTask returns the task msg creates, with id, the creator's canonical
// address and the height of creation.
func NewTask(msg *MsgCreateTask, id uint64, creator string, height int64) Task {
	return Task{
		Id: id, Creator: creator, Name: msg.Name, Description: msg.Description,
		Input: msg.Input, Label: msg.Label, BatchSize: msg.BatchSize,
		Metric: msg.Metric, Direction: msg.Direction, Format: msg.Format, Rounding: msg.Rounding,
		EpochBlocks: msg.EpochBlocks, ValidationCommitments: msg.ValidationCommitments,
		TestSetCommitment: msg.TestSetCommitment, CreatedHeight: height,
	}
}

// ValidateCreateTask checks a MsgCreateTask without the store: every field
// of the task it creates (see Task.ValidateSpec), plus the bounds params
// set: epoch_blocks in [min_epoch_blocks, max_epoch_blocks] and at most
// max_validation_slices validation commitments. The creator address is the
// handler's to check.
func ValidateCreateTask(msg *MsgCreateTask, p Params) error {
	if msg == nil {
		return ErrInvalidTask.Wrap("empty message")
	}
	t := NewTask(msg, 0, msg.Creator, 0)
	if err := t.ValidateSpec(); err != nil {
		return err
	}
	if msg.EpochBlocks < p.MinEpochBlocks || msg.EpochBlocks > p.MaxEpochBlocks {
		return ErrInvalidTask.Wrapf("epoch_blocks must be in %d..%d, got %d", p.MinEpochBlocks, p.MaxEpochBlocks, msg.EpochBlocks)
	}
	if n := len(msg.ValidationCommitments); n > int(p.MaxValidationSlices) {
		return ErrInvalidTask.Wrapf("at most %d validation commitments (max_validation_slices), got %d", p.MaxValidationSlices, n)
	}
	return nil
}

// ValidateSpec checks what a task is, independent of params and of its
// life: name 1..64 bytes, description at most 1024, the input schema
// (features 1..65536, min_raw <= max_raw, both representable in the
// format), the label schema (classification: classes 2..1024; regression:
// classes 0), batch_size 1..4096, a metric that agrees with the direction
// and the label kind, a valid format and rounding, epoch_blocks
// 1..MaxBlocks, 1..MaxValidationSlicesLimit distinct 32-byte validation
// commitments and a 32-byte test-set commitment unlike all of them.
func (t Task) ValidateSpec() error {
	if err := validateText(ErrInvalidTask, "name", t.Name, 1, MaxNameLength); err != nil {
		return err
	}
	if err := validateText(ErrInvalidTask, "description", t.Description, 0, MaxDescriptionLength); err != nil {
		return err
	}
	if err := validateFormat(ErrInvalidTask, "format", t.Format); err != nil {
		return err
	}
	if err := validateInput(t.Input, t.Format); err != nil {
		return err
	}
	if err := validateLabel(t.Label); err != nil {
		return err
	}
	if t.BatchSize < 1 || t.BatchSize > MaxBatchSize {
		return ErrInvalidTask.Wrapf("batch_size must be 1..%d, got %d", MaxBatchSize, t.BatchSize)
	}
	if err := validateMetric(t.Metric, t.Direction, t.Label.Kind); err != nil {
		return err
	}
	if err := validateRounding(t.Rounding); err != nil {
		return err
	}
	if t.EpochBlocks < 1 || t.EpochBlocks > MaxBlocks {
		return ErrInvalidTask.Wrapf("epoch_blocks must be 1..%d, got %d", MaxBlocks, t.EpochBlocks)
	}
	return validateCommitments(t.ValidationCommitments, t.TestSetCommitment)
}

// validateInput checks an input schema against the task's format.
func validateInput(in InputSchema, format FixedPointFormat) error {
	if in.Features < 1 || in.Features > MaxFeatures {
		return ErrInvalidTask.Wrapf("input.features must be 1..%d, got %d", MaxFeatures, in.Features)
	}
	if in.MinRaw > in.MaxRaw {
		return ErrInvalidTask.Wrapf("input.min_raw (%d) must not exceed input.max_raw (%d)", in.MinRaw, in.MaxRaw)
	}
	f, err := format.Commit()
	if err != nil {
		return ErrInvalidTask.Wrapf("format: %s", err)
	}
	if err := f.CheckRaw(in.MinRaw); err != nil {
		return ErrInvalidTask.Wrapf("input.min_raw: %s", err)
	}
	if err := f.CheckRaw(in.MaxRaw); err != nil {
		return ErrInvalidTask.Wrapf("input.max_raw: %s", err)
	}
	return validateText(ErrInvalidTask, "input.description", in.Description, 0, MaxSchemaDescriptionLength)
}

// validateLabel checks a label schema.
func validateLabel(l LabelSchema) error {
	switch l.Kind {
	case LabelClassification:
		if l.Classes < MinClasses || l.Classes > MaxClasses {
			return ErrInvalidTask.Wrapf("a classification label needs %d..%d classes, got %d", MinClasses, MaxClasses, l.Classes)
		}
	case LabelRegression:
		if l.Classes != 0 {
			return ErrInvalidTask.Wrapf("a regression label has 0 classes, got %d", l.Classes)
		}
	default:
		return ErrInvalidTask.Wrapf("label.kind must be %s or %s, got %s", LabelClassification, LabelRegression, l.Kind)
	}
	return validateText(ErrInvalidTask, "label.description", l.Description, 0, MaxSchemaDescriptionLength)
}

// validateCommitments checks the validation and test-set commitments.
func validateCommitments(validation [][]byte, test []byte) error {
	if n := len(validation); n < 1 || n > MaxValidationSlicesLimit {
		return ErrInvalidTask.Wrapf("need 1..%d validation commitments, got %d", MaxValidationSlicesLimit, n)
	}
	for i, c := range validation {
		if err := validateHash(ErrInvalidTask, fmt.Sprintf("validation commitment %d", i), c); err != nil {
			return err
		}
	}
	if i, j := firstDuplicate(validation); j >= 0 {
		return ErrInvalidTask.Wrapf("validation commitment %d repeats commitment %d; each slice needs its own", j, i)
	}
	if err := validateHash(ErrInvalidTask, "test_set_commitment", test); err != nil {
		return err
	}
	if i := indexOfBytes(validation, test); i >= 0 {
		return ErrInvalidTask.Wrapf("test_set_commitment equals validation commitment %d; the test set must be a different dataset", i)
	}
	return nil
}

// OutputWidth is the width of a model's output for the task: its classes,
// or 1 for regression.
func (t Task) OutputWidth() uint32 {
	if t.Label.Kind == LabelRegression {
		return 1
	}
	return t.Label.Classes
}

// SliceWindow returns the heights [start, end) in which validation slice
// index may be revealed: [created_height + index*epoch_blocks,
// created_height + (index+1)*epoch_blocks).
func (t Task) SliceWindow(index uint32) (start, end int64, err error) {
	if t.EpochBlocks < 1 || t.EpochBlocks > MaxBlocks {
		return 0, 0, ErrInvalidTask.Wrapf("epoch_blocks %d is outside 1..%d", t.EpochBlocks, MaxBlocks)
	}
	// index < 2^32 and epoch_blocks <= 2^40: the offsets fit in a uint64.
	if start, err = AddBlocks(t.CreatedHeight, uint64(index)*t.EpochBlocks); err != nil {
		return 0, 0, ErrInvalidTask.Wrapf("slice %d window: %s", index, err)
	}
	if end, err = AddBlocks(start, t.EpochBlocks); err != nil {
		return 0, 0, ErrInvalidTask.Wrapf("slice %d window: %s", index, err)
	}
	return start, end, nil
}

// ValidationEpoch returns the validation epoch height falls in:
// (height - created_height) / epoch_blocks, and 0 before the task existed.
func (t Task) ValidationEpoch(height int64) uint64 {
	if height <= t.CreatedHeight || t.EpochBlocks == 0 {
		return 0
	}
	return uint64(height-t.CreatedHeight) / t.EpochBlocks
}

// Validate checks a stored task (genesis): its id, creator, spec, heights
// and, once revealed, its test set: revealed at or after both its creation
// and its latest bounty deadline, which must be set (a test set is only
// revealed to judge bounties).
func (t Task) Validate() error {
	if t.Id == 0 {
		return ErrInvalidTask.Wrap("task id must be at least 1")
	}
	if err := validateAddress("creator", t.Creator); err != nil {
		return err
	}
	if err := t.ValidateSpec(); err != nil {
		return err
	}
	if t.CreatedHeight < 0 || t.LatestBountyDeadline < 0 {
		return ErrInvalidTask.Wrapf("heights cannot be negative (created_height %d, latest_bounty_deadline %d)", t.CreatedHeight, t.LatestBountyDeadline)
	}
	if _, _, err := t.SliceWindow(uint32(len(t.ValidationCommitments) - 1)); err != nil {
		return err
	}
	if t.TestSet == nil {
		return nil
	}
	if err := t.TestSet.Validate(); err != nil {
		return ErrInvalidTask.Wrapf("test set: %s", err)
	}
	if t.LatestBountyDeadline == 0 {
		return ErrInvalidTask.Wrap("test set revealed without a bounty")
	}
	if h := t.TestSet.RevealedHeight; h < t.CreatedHeight || h < t.LatestBountyDeadline {
		return ErrInvalidTask.Wrapf("test set revealed at height %d, before the task's creation (%d) or its latest bounty deadline (%d)",
			h, t.CreatedHeight, t.LatestBountyDeadline)
	}
	return nil
}

// Validate checks an opened dataset: a canonical data root, 1..2^40
// leaves, a uri of at most 256 bytes and a positive reveal height.
func (d RevealedDataset) Validate() error {
	if err := validateOpening(d.DataRoot, d.LeafCount, d.Uri); err != nil {
		return err
	}
	if d.RevealedHeight < 1 {
		return ErrInvalidReveal.Wrapf("revealed_height must be positive, got %d", d.RevealedHeight)
	}
	return nil
}

// validateOpening checks the opened values of a dataset commitment.
func validateOpening(dataRoot []byte, leafCount uint64, uri string) error {
	if err := validateDigest(ErrInvalidReveal, "data_root", dataRoot); err != nil {
		return err
	}
	if leafCount < 1 || leafCount > commit.MaxLeaves {
		return ErrInvalidReveal.Wrapf("leaf_count must be 1..%d, got %d", commit.MaxLeaves, leafCount)
	}
	return validateText(ErrInvalidReveal, "uri", uri, 0, MaxURILength)
}

// ValidateRevealValidationSlice checks a MsgRevealValidationSlice without
// the store: a canonical data root, 1..2^40 leaves, a 32-byte salt and a
// uri of at most 256 bytes.
func ValidateRevealValidationSlice(msg *MsgRevealValidationSlice) error {
	if msg == nil {
		return ErrInvalidReveal.Wrap("empty message")
	}
	if err := validateOpening(msg.DataRoot, msg.LeafCount, msg.Uri); err != nil {
		return err
	}
	return validateHash(ErrInvalidReveal, "salt", msg.Salt)
}

// ValidateRevealTestSet checks a MsgRevealTestSet without the store, as
// ValidateRevealValidationSlice does.
func ValidateRevealTestSet(msg *MsgRevealTestSet) error {
	if msg == nil {
		return ErrInvalidReveal.Wrap("empty message")
	}
	if err := validateOpening(msg.DataRoot, msg.LeafCount, msg.Uri); err != nil {
		return err
	}
	return validateHash(ErrInvalidReveal, "salt", msg.Salt)
}

// Validate checks a stored validation slice against nothing but itself.
func (s ValidationSlice) Validate() error {
	if s.TaskId == 0 {
		return ErrInvalidReveal.Wrap("validation slice without a task id")
	}
	return s.Dataset.Validate()
}

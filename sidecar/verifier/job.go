package verifier

import (
	"errors"
	"fmt"
	"math"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// ErrInvalidJob wraps every error of Job.Validate: the caller built a job
// the chain would not have accepted as a version, so there is nothing to
// vote on.
var ErrInvalidJob = errors.New("invalid verification job")

// ErrUnsupportedMetric is a metric this verifier cannot compute
// deterministically (see Score).
var ErrUnsupportedMetric = errors.New("unsupported metric")

// Job is what a version poll asks a verifier to check, from the version's
// fields (x/pog types.Version) and its model's and task's.
type Job struct {
	// Mode is the version's proof mode: REEXECUTION recomputes the step,
	// ZK fetches the new weights (the chain verified the step proof).
	Mode types.ProofMode
	// Spec is the model's architecture and numerics; every fetched model
	// must have them (the seed is not compared: it only shapes initial
	// weights, which are fetched by commitment like any parent).
	Spec learn.Spec
	// Parents are the parents' weights commitments in the version's merge
	// order, resolved by the caller (version 0 is the model's
	// initial_weights).
	Parents []commit.Digest
	// MergeWeights are the version's merge_weights, one per parent.
	MergeWeights []uint64
	// MergeRule is the version's merge_rule.
	MergeRule types.MergeRule
	// Leaf is the public data the step trained on (REEXECUTION), or nil for
	// a pure merge (data.none). Not used in ZK mode.
	Leaf *Leaf
	// LearningRate is the version's raw fixed-point learning_rate
	// (Spec.Numerics.LRFrac fractional bits, as the step circuit takes it).
	LearningRate uint64
	// KeepBps is the trimmed-loss fraction of the model's step in basis
	// points (the k field of its train-step circuit id; 10000 trains on
	// every sample). Needed when a step is re-executed.
	KeepBps uint32
	// New is the version's weights_commitment.
	New commit.Digest
	// Validation is the poll's data (the task's validation slice, or its
	// test set): batches in Spec.Numerics.InputFrac fixed point.
	Validation []commit.Batch
	// Metric is the task's metric (x/buildermarket); see Score.
	Metric bmtypes.Metric
}

// Leaf is one leaf of public data: its batch, the data root the version
// cites and the inclusion proof of the batch at the cited leaf index
// (Proof.Index is the version's data.leaf).
type Leaf struct {
	Batch commit.Batch
	Root  commit.Digest
	Proof commit.Proof
}

// PureMerge reports whether the job re-executes a merge without an SGD
// step.
func (j Job) PureMerge() bool { return j.Mode == types.ModeReexecution && j.Leaf == nil }

// Validate checks the job's fields as the chain checks a submission
// (x/pog types.ValidateParents and ValidateModeData), and that the
// verifier can compute its metric. Errors wrap ErrInvalidJob or
// ErrUnsupportedMetric.
func (j Job) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidJob, fmt.Sprintf(format, args...))
	}
	if err := j.Spec.Validate(); err != nil {
		return bad("spec: %v", err)
	}
	if len(j.Parents) == 0 || len(j.Parents) > types.MaxParents {
		return bad("a version has 1..%d parents, got %d", types.MaxParents, len(j.Parents))
	}
	if len(j.MergeWeights) != len(j.Parents) {
		return bad("%d parents need %d merge weights, got %d", len(j.Parents), len(j.Parents), len(j.MergeWeights))
	}
	var sum uint64
	for i, w := range j.MergeWeights {
		if w == 0 || w > math.MaxUint32 {
			return bad("merge weight %d must be in 1..2^32-1, got %d", i, w)
		}
		sum += w
	}
	if sum > commit.MaxMergeWeightSum {
		return bad("merge weights sum to %d, at most 2^32", sum)
	}
	switch j.MergeRule {
	case types.MergeWeightedAverage, types.MergeMedian, types.MergeTrimmedMean:
	default:
		return bad("merge rule must be WEIGHTED_AVERAGE, MEDIAN or TRIMMED_MEAN, got %s", j.MergeRule)
	}
	if j.LearningRate < 1 || j.LearningRate > commit.MaxStepLearningRate {
		return bad("learning rate must be a raw value in 1..2^30, got %d", j.LearningRate)
	}
	switch j.Mode {
	case types.ModeZK:
		if j.MergeRule != types.MergeWeightedAverage {
			return bad("a ZK step merges by WEIGHTED_AVERAGE, got %s", j.MergeRule)
		}
	case types.ModeReexecution:
		if j.Leaf != nil {
			if j.KeepBps < 1 || j.KeepBps > 10000 {
				return bad("a re-executed step needs the model's trimmed-loss fraction, 1..10000 basis points, got %d", j.KeepBps)
			}
		}
	default:
		return bad("mode must be ZK or REEXECUTION, got %s", j.Mode)
	}
	if len(j.Validation) == 0 {
		return bad("no validation batches")
	}
	if _, err := scorer(j.Metric); err != nil {
		return err
	}
	return nil
}

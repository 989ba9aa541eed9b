package types

import (
	"math"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Limits of a submission.
const (
	// MaxParents is the most parents a version merges (the step circuits'
	// limit).
	MaxParents = commit.MaxStepParents
	// MaxWeightsURILength bounds weights_uri, in bytes.
	MaxWeightsURILength = 256
)

// InitialWeights is the parent id that stands for a model's initial
// weights (versions are numbered from 1).
const InitialWeights uint64 = 0

// The Validate methods below are the stateless checks of each message,
// run by the Msg service before anything is read from the store (the
// module has no ValidateBasic). Signer addresses are parsed by the service
// with the chain's address codec.

// Validate checks everything about a submission that needs no store: the
// model id, 1..16 distinct parents with one merge weight each (each in
// 1..2^32-1, summing to at most 2^32), parent_deals empty or one per
// parent, a 32-byte weights commitment, the mode, the data citation
// (a 32-byte data root for the learner's own data, none or the same for a
// deal), the learning rate (1..2^30), samples (>= 1), the weights URI and,
// for ZK, a proof.
func (m *MsgSubmitUpdate) Validate() error {
	if m.ModelId == 0 {
		return ErrInvalidSubmission.Wrap("model_id must be an x/buildermarket model id (at least 1)")
	}
	if err := ValidateParents(m.Parents, m.MergeWeights, m.ParentDeals); err != nil {
		return err
	}
	if _, err := commit.DigestFromBytes(m.WeightsCommitment); err != nil {
		return ErrInvalidSubmission.Wrapf("weights_commitment: %s", err)
	}
	if m.Mode != ModeZK {
		return ErrInvalidSubmission.Wrapf("mode must be %s, got %s", ModeZK, m.Mode)
	}
	if err := m.Data.Validate(); err != nil {
		return err
	}
	if m.LearningRate < 1 || m.LearningRate > commit.MaxStepLearningRate {
		return ErrInvalidSubmission.Wrapf("learning_rate must be in 1..2^30 (fixed point, as the circuit takes it), got %d", m.LearningRate)
	}
	if m.Samples == 0 {
		return ErrInvalidSubmission.Wrap("samples must be at least 1")
	}
	if len(m.WeightsUri) > MaxWeightsURILength {
		return ErrInvalidSubmission.Wrapf("weights_uri must be at most %d bytes, got %d", MaxWeightsURILength, len(m.WeightsUri))
	}
	if len(m.Proof) == 0 {
		return ErrInvalidProof.Wrap("a ZK submission needs the step proof (gnark's compressed Groth16 BN254 encoding, 196 bytes)")
	}
	if len(m.Proof) > MaxProofBytes {
		return ErrInvalidProof.Wrapf("proof must be at most %d bytes, got %d", MaxProofBytes, len(m.Proof))
	}
	return nil
}

// ValidateParents checks a version's parent list: 1..16 distinct ids (0
// is the model's initial weights), one merge weight per parent, each in
// 1..2^32-1 and summing to at most 2^32, and deals empty or one per parent
// (0 where none is cited; the initial weights never need one).
func ValidateParents(parents, weights, deals []uint64) error {
	if len(parents) == 0 || len(parents) > MaxParents {
		return ErrInvalidSubmission.Wrapf("give 1..%d parents (0 for the model's initial weights), got %d", MaxParents, len(parents))
	}
	if len(weights) != len(parents) {
		return ErrInvalidSubmission.Wrapf("%d parents need %d merge_weights, got %d", len(parents), len(parents), len(weights))
	}
	if len(deals) != 0 && len(deals) != len(parents) {
		return ErrInvalidSubmission.Wrapf("parent_deals must be empty or give one deal id (or 0) per parent: %d parents, %d deals", len(parents), len(deals))
	}
	seen := make(map[uint64]struct{}, len(parents))
	var sum uint64
	for i, p := range parents {
		if _, dup := seen[p]; dup {
			return ErrInvalidSubmission.Wrapf("parents[%d]: version %d is listed twice", i, p)
		}
		seen[p] = struct{}{}
		if w := weights[i]; w == 0 || w > math.MaxUint32 {
			return ErrInvalidSubmission.Wrapf("merge_weights[%d] must be in 1..2^32-1, got %d", i, w)
		}
		sum += weights[i]
		if len(deals) != 0 && p == InitialWeights && deals[i] != 0 {
			return ErrInvalidSubmission.Wrapf("parent_deals[%d]: the model's initial weights are public and need no deal, got deal %d", i, deals[i])
		}
	}
	if sum > commit.MaxMergeWeightSum {
		return ErrInvalidSubmission.Wrapf("merge_weights sum to %d, at most 2^32", sum)
	}
	return nil
}

// DealOf returns the deal cited for parent i, 0 when none is.
func DealOf(deals []uint64, i int) uint64 {
	if len(deals) == 0 {
		return 0
	}
	return deals[i]
}

// Validate checks a data citation: with a deal, the data root is empty or
// 32 bytes (the chain checks it equals the deal's); without one it is the
// learner's own 32-byte data commitment. The leaf is below 2^40.
func (d DataCitation) Validate() error {
	if d.DealId == 0 || len(d.DataRoot) != 0 {
		if _, err := commit.DigestFromBytes(d.DataRoot); err != nil {
			if d.DealId == 0 {
				return ErrInvalidData.Wrapf("data.data_root: without a deal, give the 32-byte commitment of your own data: %s", err)
			}
			return ErrInvalidData.Wrapf("data.data_root: %s", err)
		}
	}
	if d.Leaf >= commit.MaxLeaves {
		return ErrInvalidData.Wrapf("data.leaf %d is outside a tree of at most 2^40 leaves", d.Leaf)
	}
	return nil
}

// Validate checks a MsgUpdateParams' params.
func (m *MsgUpdateParams) Validate() error { return m.Params.Validate() }

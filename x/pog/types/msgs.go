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
// parent, a 32-byte weights commitment, the mode and merge rule, the data
// citation, the learning rate (1..2^30), samples (>= 1), the weights URI
// and the proof: required for ZK, absent for re-execution.
//
// A ZK step merges by weighted average (what the circuits prove) and
// trains on one leaf, bought (deal_id) or the learner's own (data_root). A
// re-execution step may merge by any rule and trains on a leaf of the
// learner's own public data (data_root and uri, where verifiers fetch
// it), or on nothing (data.none: a pure merge); bought data is private
// and needs ZK.
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
	if err := ValidateModeData(m.Mode, m.MergeRule, m.Data); err != nil {
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
	if m.Mode == ModeReexecution {
		if len(m.Proof) != 0 {
			return ErrInvalidProof.Wrap("a re-execution submission carries no proof; verifiers re-execute it")
		}
		if m.WeightsUri == "" {
			return ErrInvalidSubmission.Wrap("a re-execution submission needs weights_uri: verifiers fetch the weights there, and withheld weights are rejected")
		}
		return nil
	}
	if len(m.Proof) == 0 {
		return ErrInvalidProof.Wrap("a ZK submission needs the step proof (gnark's compressed Groth16 BN254 encoding, 196 bytes)")
	}
	if len(m.Proof) > MaxProofBytes {
		return ErrInvalidProof.Wrapf("proof must be at most %d bytes, got %d", MaxProofBytes, len(m.Proof))
	}
	return nil
}

// ValidateModeData checks that the mode, the merge rule and the data
// citation go together (see MsgSubmitUpdate.Validate).
func ValidateModeData(mode ProofMode, rule MergeRule, d DataCitation) error {
	if _, ok := MergeRule_name[int32(rule)]; !ok || rule == MergeUnspecified {
		return ErrInvalidSubmission.Wrapf("merge_rule must be WEIGHTED_AVERAGE, MEDIAN or TRIMMED_MEAN, got %s", rule)
	}
	if len(d.Uri) > MaxWeightsURILength {
		return ErrInvalidData.Wrapf("data.uri must be at most %d bytes, got %d", MaxWeightsURILength, len(d.Uri))
	}
	switch mode {
	case ModeZK:
		if rule != MergeWeightedAverage {
			return ErrInvalidSubmission.Wrapf("a ZK step merges by WEIGHTED_AVERAGE (what the circuits prove), got %s; submit robust merges for re-execution", rule)
		}
		if d.None {
			return ErrInvalidData.Wrap("a ZK step trains on a leaf; submit pure merges for re-execution")
		}
		return d.Validate()
	case ModeReexecution:
		if d.DealId != 0 {
			return ErrInvalidData.Wrapf("bought data (deal %d) is private: its steps must be proven in ZK mode", d.DealId)
		}
		if d.None {
			if len(d.DataRoot) != 0 || d.Leaf != 0 || d.Uri != "" {
				return ErrInvalidData.Wrap("a pure merge (data.none) cites no data_root, leaf or uri")
			}
			return nil
		}
		if d.Uri == "" {
			return ErrInvalidData.Wrap("a re-executed step needs data.uri, where verifiers fetch your public data (or data.none for a pure merge)")
		}
		return d.Validate()
	}
	return ErrInvalidSubmission.Wrapf("mode must be ZK or REEXECUTION, got %s", mode)
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

// Validate checks a beacon commitment's size.
func (m *MsgCommitBeacon) Validate() error {
	if len(m.Commitment) != 32 {
		return ErrInvalidBeacon.Wrapf("commitment must be the 32-byte sortition.CommitHash of your secret, got %d bytes", len(m.Commitment))
	}
	return nil
}

// Validate checks a beacon secret's size.
func (m *MsgRevealBeacon) Validate() error {
	if len(m.Secret) != 32 {
		return ErrInvalidBeacon.Wrapf("secret must be the 32 bytes you committed, got %d", len(m.Secret))
	}
	return nil
}

// Validate checks a vote commitment's poll and size.
func (m *MsgCommitVote) Validate() error {
	if m.PollId == 0 {
		return ErrInvalidVote.Wrap("poll_id must be at least 1")
	}
	if len(m.Commitment) != 32 {
		return ErrInvalidVote.Wrapf("commitment must be the 32-byte types.VoteCommitment of your vote, got %d bytes", len(m.Commitment))
	}
	return nil
}

// Validate checks a reveal's poll, result and salt.
func (m *MsgRevealVote) Validate() error {
	if m.PollId == 0 {
		return ErrInvalidVote.Wrap("poll_id must be at least 1")
	}
	if len(m.Salt) != SaltSize {
		return ErrInvalidVote.Wrapf("salt must be the %d bytes you committed with, got %d", SaltSize, len(m.Salt))
	}
	return m.Result.Validate()
}

// Validate checks a test-score request's version.
func (m *MsgRequestTestScore) Validate() error {
	if m.VersionId == 0 {
		return ErrInvalidRequest.Wrap("version_id must be at least 1")
	}
	return nil
}

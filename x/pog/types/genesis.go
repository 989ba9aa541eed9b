package types

import (
	"errors"
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
)

// DefaultGenesis is the genesis of a new chain: default params, no
// versions.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextVersionId: 1}
}

// Validate checks the params and every version: ids unique, ascending and
// below next_version_id; weights commitments unique; parents earlier
// versions of the same model (so the graph is a DAG), with merge weights
// and deals as a submission has them; statuses and heights consistent;
// and a version whose parent is rejected is rejected or accepted.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextVersionId == 0 {
		return ErrInvalidGenesis.Wrap("next_version_id must be at least 1 (versions are numbered from 1)")
	}
	byID := make(map[uint64]Version, len(gs.Versions))
	commitments := make(map[commit.Digest]uint64, len(gs.Versions))
	var last uint64
	for i, v := range gs.Versions {
		if v.Id <= last {
			return ErrInvalidGenesis.Wrapf("versions[%d]: id %d is not above the previous id %d; list versions by ascending id", i, v.Id, last)
		}
		last = v.Id
		if v.Id >= gs.NextVersionId {
			return ErrInvalidGenesis.Wrapf("version %d is not below next_version_id %d", v.Id, gs.NextVersionId)
		}
		if err := v.validate(byID); err != nil {
			return ErrInvalidGenesis.Wrapf("version %d: %s", v.Id, err)
		}
		d, _ := commit.DigestFromBytes(v.WeightsCommitment)
		if other, dup := commitments[d]; dup {
			return ErrInvalidGenesis.Wrapf("versions %d and %d have the same weights commitment", other, v.Id)
		}
		commitments[d] = v.Id
		byID[v.Id] = v
	}
	return nil
}

// validate checks one genesis version against the earlier ones.
func (v Version) validate(earlier map[uint64]Version) error {
	if v.ModelId == 0 {
		return errors.New("model_id must be at least 1")
	}
	if v.Learner == "" {
		return errors.New("learner is empty")
	}
	if err := ValidateParents(v.Parents, v.MergeWeights, v.ParentDeals); err != nil {
		return err
	}
	if _, err := commit.DigestFromBytes(v.WeightsCommitment); err != nil {
		return fmt.Errorf("weights_commitment: %s", err)
	}
	if v.Mode != ModeZK {
		return fmt.Errorf("mode must be %s, got %s", ModeZK, v.Mode)
	}
	if err := v.Data.Validate(); err != nil {
		return err
	}
	if len(v.Data.DataRoot) == 0 {
		return errors.New("data.data_root is empty; a stored version keeps the root it trained on")
	}
	if err := v.validateLife(); err != nil {
		return err
	}
	for i, p := range v.Parents {
		if p == InitialWeights {
			continue
		}
		parent, ok := earlier[p]
		if !ok {
			return fmt.Errorf("parents[%d] = %d is not an earlier version", i, p)
		}
		if parent.ModelId != v.ModelId {
			return fmt.Errorf("parents[%d] = %d is a version of model %d, not %d", i, p, parent.ModelId, v.ModelId)
		}
		if parent.Status == StatusRejected && v.Status != StatusRejected && v.Status != StatusAccepted {
			return fmt.Errorf("parent %d is rejected, so this %s version should have been rejected with it", p, v.Status)
		}
	}
	return nil
}

// validateLife checks that the status and the heights agree.
func (v Version) validateLife() error {
	if v.SubmittedHeight < 1 {
		return fmt.Errorf("submitted_height must be at least 1, got %d", v.SubmittedHeight)
	}
	verified := v.VerifiedHeight != 0
	decided := v.DecidedHeight != 0
	switch v.Status {
	case StatusPending:
		if verified || decided {
			return errors.New("a pending version has no verified_height or decided_height")
		}
	case StatusVerified:
		if !verified || decided {
			return errors.New("a verified version has a verified_height and no decided_height")
		}
	case StatusAccepted:
		if !verified || !decided {
			return errors.New("an accepted version has a verified_height and a decided_height")
		}
	case StatusRejected:
		if !decided || v.RejectReason == "" {
			return errors.New("a rejected version has a decided_height and a reject_reason")
		}
	default:
		return fmt.Errorf("status %s is not a version status", v.Status)
	}
	if (verified && v.VerifiedHeight < v.SubmittedHeight) || (decided && v.DecidedHeight < max(v.SubmittedHeight, v.VerifiedHeight)) {
		return fmt.Errorf("heights are out of order: submitted %d, verified %d, decided %d", v.SubmittedHeight, v.VerifiedHeight, v.DecidedHeight)
	}
	if v.RejectedAncestor != 0 && (v.Status != StatusRejected || v.RejectedAncestor >= v.Id) {
		return fmt.Errorf("rejected_ancestor %d must be an earlier version and the version rejected", v.RejectedAncestor)
	}
	return nil
}

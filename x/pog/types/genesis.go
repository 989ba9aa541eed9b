package types

import (
	"errors"
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
)

// DefaultGenesis is the genesis of a new chain: default params, no
// versions, and the clock's first round and epoch starting at height 1.
func DefaultGenesis() *GenesisState {
	p := DefaultParams()
	return &GenesisState{Params: p, NextVersionId: 1, NextPollId: 1, Clock: StartClock(1, p)}
}

// StartClock is the clock of a chain starting at height: round 0 and
// epoch 0 begin there with the params' lengths. InitGenesis starts the
// clock at the genesis height when a genesis leaves it empty.
func StartClock(height int64, p Params) Clock {
	return Clock{RoundStartHeight: height, RoundBlocks: p.BeaconBlocks, EpochStartHeight: height, EpochBlocks: p.EpochBlocks}
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
	return gs.validatePolls(byID)
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
	if err := ValidateModeData(v.Mode, v.MergeRule, v.Data); err != nil {
		return err
	}
	if !v.Data.None && len(v.Data.DataRoot) == 0 {
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

// validatePolls checks the polls, votes, clock and beacon and reward
// records: poll ids unique, ascending and below next_poll_id, of stored
// versions; votes of open polls, by their committees, once each; the
// clock unset (InitGenesis starts it) or with lengths; beacon entries,
// candidates and epoch records well formed.
func (gs GenesisState) validatePolls(versions map[uint64]Version) error {
	if gs.NextPollId == 0 {
		return ErrInvalidGenesis.Wrap("next_poll_id must be at least 1 (polls are numbered from 1)")
	}
	polls := map[uint64]Poll{}
	var last uint64
	for i, p := range gs.Polls {
		if p.Id <= last || p.Id >= gs.NextPollId {
			return ErrInvalidGenesis.Wrapf("polls[%d]: id %d must be above %d and below next_poll_id %d", i, p.Id, last, gs.NextPollId)
		}
		last = p.Id
		if _, ok := versions[p.VersionId]; !ok {
			return ErrInvalidGenesis.Wrapf("poll %d is about version %d, which is not in the genesis", p.Id, p.VersionId)
		}
		if p.Kind != PollVersion && p.Kind != PollTestScore {
			return ErrInvalidGenesis.Wrapf("poll %d: kind %s is not a poll kind", p.Id, p.Kind)
		}
		if p.EligibleWeight.IsNil() || p.VotedWeight.IsNil() {
			return ErrInvalidGenesis.Wrapf("poll %d: eligible_weight and voted_weight must be set", p.Id)
		}
		polls[p.Id] = p
	}
	seen := map[string]bool{}
	for i, v := range gs.Votes {
		p, ok := polls[v.PollId]
		if !ok || p.Outcome != OutcomeOpen {
			return ErrInvalidGenesis.Wrapf("votes[%d]: poll %d is not an open poll of the genesis", i, v.PollId)
		}
		onCommittee := false
		for _, j := range p.Committee {
			onCommittee = onCommittee || j.Address == v.Voter
		}
		key := fmt.Sprintf("%d/%s", v.PollId, v.Voter)
		if !onCommittee || seen[key] || len(v.Commitment) != 32 {
			return ErrInvalidGenesis.Wrapf("votes[%d]: %s must be on poll %d's committee, vote once, with a 32-byte commitment", i, v.Voter, v.PollId)
		}
		seen[key] = true
	}
	if c := gs.Clock; c != (Clock{}) && (c.RoundBlocks < 4 || c.EpochBlocks < 1 || c.RoundStartHeight < 0 || c.EpochStartHeight < 0) {
		return ErrInvalidGenesis.Wrapf("clock: leave it empty (started at genesis) or give round_blocks >= 4 and epoch_blocks >= 1, got %+v", c)
	}
	for i, e := range gs.BeaconEntries {
		if e.Round != gs.Clock.Round || len(e.Commitment) != 32 || (len(e.Secret) != 0 && len(e.Secret) != 32) {
			return ErrInvalidGenesis.Wrapf("beacon_entries[%d]: entries are of the current round %d, with a 32-byte commitment and no or a 32-byte secret", i, gs.Clock.Round)
		}
	}
	for i, c := range gs.Candidates {
		if c.Juror.Weight.IsNil() || !c.Juror.Weight.IsPositive() {
			return ErrInvalidGenesis.Wrapf("candidates[%d]: weight must be positive", i)
		}
	}
	for i, r := range gs.EpochRewards {
		if r.Released.IsNil() || r.ToProposers.IsNil() || r.ToLearners.IsNil() || r.Unspent.IsNil() ||
			!r.Released.Equal(r.ToProposers.Add(r.ToLearners).Add(r.Unspent)) {
			return ErrInvalidGenesis.Wrapf("epoch_rewards[%d]: released must equal to_proposers + to_learners + unspent", i)
		}
	}
	return nil
}

package keeper

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/sortition"
	"github.com/litegpt/litegpt/x/pog/types"
)

// committeeTag separates a poll's committee seed from other hashes.
const committeeTag = "litegpt/pog/committee/v1"

// CommitteeSeed is the seed poll's committee is drawn with from its
// round's beacon seed: SHA-256(tag, round seed, poll id). Anyone can
// recompute a committee from the chain: the round's seed (query beacon /
// EventBeaconRoundFinal), its candidates (EventCommitteeDrawn lists the
// result) and sortition.Sample.
func CommitteeSeed(roundSeed []byte, pollID uint64) [32]byte {
	h := sha256.New()
	h.Write([]byte(committeeTag))
	h.Write(roundSeed)
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], pollID)
	h.Write(id[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// openPoll opens a poll for version v, waiting for the round after the
// current one, and emits EventPollOpened.
func (k Keeper) openPoll(ctx context.Context, kind types.PollKind, v types.Version) (types.Poll, error) {
	clock, err := k.Clock.Get(ctx)
	if err != nil {
		return types.Poll{}, err
	}
	id, err := k.NextPollID.Next(ctx)
	if err == nil && id == 0 {
		id, err = k.NextPollID.Next(ctx)
	}
	if err != nil {
		return types.Poll{}, err
	}
	p := types.Poll{
		Id: id, Kind: kind, VersionId: v.Id, ModelId: v.ModelId, BeaconRound: clock.Round + 1,
		EligibleWeight: math.ZeroInt(), VotedWeight: math.ZeroInt(), CreatedHeight: height(ctx),
	}
	if kind == types.PollVersion {
		p.ValidationSlice, p.ClaimedMetric = v.ValidationSlice, v.ClaimedMetric
	}
	if err := k.Polls.Set(ctx, id, p); err != nil {
		return types.Poll{}, err
	}
	if err := k.PollsByRound.Set(ctx, collections.Join(p.BeaconRound, id)); err != nil {
		return types.Poll{}, err
	}
	return p, emit(ctx, &types.EventPollOpened{Poll: p})
}

// drawDue draws the committees of polls whose beacon round is final, at
// most budget of them, and returns how many it drew. A poll of a failed
// round moves to the current round. A round's snapshot is dropped once no
// poll waits for it.
func (k Keeper) drawDue(ctx context.Context, clock types.Clock, params types.Params, budget int) (int, error) {
	var due []collections.Pair[uint64, uint64]
	rng := new(collections.Range[collections.Pair[uint64, uint64]]).EndExclusive(collections.Join(clock.Round, uint64(0)))
	err := k.PollsByRound.Walk(ctx, rng, func(key collections.Pair[uint64, uint64]) (bool, error) {
		due = append(due, key)
		return len(due) == budget, nil
	})
	if err != nil {
		return 0, err
	}
	var rounds []uint64 // in order: due is sorted by round
	for _, key := range due {
		round, err := k.BeaconRounds.Get(ctx, key.K1())
		if err != nil {
			return 0, err
		}
		if err := k.PollsByRound.Remove(ctx, key); err != nil {
			return 0, err
		}
		if len(rounds) == 0 || rounds[len(rounds)-1] != key.K1() {
			rounds = append(rounds, key.K1())
		}
		p, err := k.Polls.Get(ctx, key.K2())
		if err != nil {
			return 0, err
		}
		if round.Failed {
			p.BeaconRound = clock.Round
			if err := k.Polls.Set(ctx, p.Id, p); err != nil {
				return 0, err
			}
			if err := k.PollsByRound.Set(ctx, collections.Join(clock.Round, p.Id)); err != nil {
				return 0, err
			}
			continue
		}
		if err := k.drawCommittee(ctx, p, round, params); err != nil {
			return 0, err
		}
	}
	for _, r := range rounds {
		left, err := k.PollsByRound.Iterate(ctx, collections.NewPrefixedPairRange[uint64, uint64](r))
		if err != nil {
			return 0, err
		}
		empty := !left.Valid()
		left.Close()
		if empty {
			if err := k.removeCandidates(ctx, r); err != nil {
				return 0, err
			}
		}
	}
	return len(due), nil
}

// drawCommittee samples p's committee from its round's candidates (the
// version's learner, and for test scores the model's builder, left out),
// opens its commit window and queues its tally.
func (k Keeper) drawCommittee(ctx context.Context, p types.Poll, round types.BeaconRound, params types.Params) error {
	v, err := k.GetVersion(ctx, p.VersionId)
	if err != nil {
		return err
	}
	exclude := []string{v.Learner}
	if p.Kind == types.PollTestScore {
		if model, err := k.builder.GetModel(ctx, p.ModelId); err == nil {
			exclude = append(exclude, model.Builder)
		}
	}
	candidates, err := k.candidatesOf(ctx, round.Round, exclude...)
	if err != nil {
		return err
	}
	chosen, err := sortition.Sample(CommitteeSeed(round.Seed, p.Id), candidates, int(params.CommitteeSize))
	if err != nil {
		return err
	}
	p.EligibleWeight = math.ZeroInt()
	for _, c := range chosen {
		p.Committee = append(p.Committee, types.Juror{Address: k.addressString(c.Address), Weight: c.Weight})
		p.EligibleWeight = p.EligibleWeight.Add(c.Weight)
	}
	h := height(ctx)
	p.CommitEndHeight = h + 1 + int64(params.VoteCommitBlocks)
	p.RevealEndHeight = p.CommitEndHeight + int64(params.VoteRevealBlocks)
	if err := k.Polls.Set(ctx, p.Id, p); err != nil {
		return err
	}
	if err := k.PollDeadlines.Set(ctx, collections.Join(p.RevealEndHeight, p.Id)); err != nil {
		return err
	}
	return emit(ctx, &types.EventCommitteeDrawn{PollId: p.Id, Committee: p.Committee, CommitEndHeight: p.CommitEndHeight, RevealEndHeight: p.RevealEndHeight})
}

// jurorWeight returns addr's weight on p's committee, or
// ErrNotOnCommittee.
func (k Keeper) jurorWeight(p types.Poll, addr sdk.AccAddress) (math.Int, error) {
	for _, j := range p.Committee {
		if k.sameAccount(addr, j.Address) {
			return j.Weight, nil
		}
	}
	return math.Int{}, types.ErrNotOnCommittee.Wrapf("%s was not drawn for poll %d", k.addressString(addr), p.Id)
}

// getPoll returns poll id, or ErrPollNotFound.
func (k Keeper) getPoll(ctx context.Context, id uint64) (types.Poll, error) {
	p, err := k.Polls.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrPollNotFound.Wrapf("no poll %d", id)
	}
	return p, err
}

// CommitVote takes a juror's commitment during its poll's commit window.
func (k msgServer) CommitVote(ctx context.Context, msg *types.MsgCommitVote) (*types.MsgCommitVoteResponse, error) {
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	voter, err := k.parseAddress("verifier", msg.Verifier)
	if err != nil {
		return nil, err
	}
	p, err := k.getPoll(ctx, msg.PollId)
	if err != nil {
		return nil, err
	}
	h := height(ctx)
	if p.Outcome != types.OutcomeOpen || p.CommitEndHeight == 0 || h >= p.CommitEndHeight {
		return nil, types.ErrWrongStage.Wrapf("poll %d takes commitments below height %d once its committee is drawn (%s, commit end %d, height %d)",
			p.Id, p.CommitEndHeight, p.Outcome, p.CommitEndHeight, h)
	}
	if _, err := k.jurorWeight(p, voter); err != nil {
		return nil, err
	}
	key := collections.Join(p.Id, voter)
	if has, err := k.Votes.Has(ctx, key); err != nil || has {
		if err == nil {
			err = types.ErrInvalidVote.Wrapf("%s already committed on poll %d", msg.Verifier, p.Id)
		}
		return nil, err
	}
	vote := types.Vote{PollId: p.Id, Voter: k.addressString(voter), Commitment: msg.Commitment}
	if err := k.Votes.Set(ctx, key, vote); err != nil {
		return nil, err
	}
	return &types.MsgCommitVoteResponse{}, emit(ctx, &types.EventVoteCommitted{PollId: p.Id, Voter: vote.Voter})
}

// RevealVote opens a juror's commitment during its poll's reveal window.
func (k msgServer) RevealVote(ctx context.Context, msg *types.MsgRevealVote) (*types.MsgRevealVoteResponse, error) {
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	voter, err := k.parseAddress("verifier", msg.Verifier)
	if err != nil {
		return nil, err
	}
	p, err := k.getPoll(ctx, msg.PollId)
	if err != nil {
		return nil, err
	}
	h := height(ctx)
	if p.Outcome != types.OutcomeOpen || p.CommitEndHeight == 0 || h < p.CommitEndHeight || h >= p.RevealEndHeight {
		return nil, types.ErrWrongStage.Wrapf("poll %d takes reveals at heights [%d, %d), this is %d", p.Id, p.CommitEndHeight, p.RevealEndHeight, h)
	}
	key := collections.Join(p.Id, voter)
	vote, err := k.Votes.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrInvalidVote.Wrapf("%s made no commitment on poll %d", msg.Verifier, p.Id)
	} else if err != nil {
		return nil, err
	}
	if vote.Revealed {
		return nil, types.ErrInvalidVote.Wrapf("%s already revealed on poll %d", msg.Verifier, p.Id)
	}
	want := types.VoteCommitment(sdk.UnwrapSDKContext(ctx).ChainID(), p.Id, voter, msg.Result, [types.SaltSize]byte(msg.Salt))
	if !bytes.Equal(want[:], vote.Commitment) {
		return nil, types.ErrInvalidVote.Wrap("the result and salt do not open your commitment (types.VoteCommitment of chain-id, poll, your address, result, salt)")
	}
	vote.Revealed, vote.Result = true, msg.Result
	if err := k.Votes.Set(ctx, key, vote); err != nil {
		return nil, err
	}
	return &types.MsgRevealVoteResponse{}, emit(ctx, &types.EventVoteRevealed{PollId: p.Id, Voter: vote.Voter, Result: vote.Result})
}

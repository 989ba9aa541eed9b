package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/types"
)

// InitGenesis validates gs and loads it: the params, the versions (the
// indexes follow) and their DAG edges, the polls and votes (with their
// queues rebuilt), the clock (started at this height when gs leaves it
// empty), the beacon state, the proposer counts, the paid epochs, the
// queue of settled versions not paid yet, and the sequences.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	addr := func(what, bech32 string) (sdk.AccAddress, error) {
		a, err := k.account.AddressCodec().StringToBytes(bech32)
		if err != nil {
			return nil, types.ErrInvalidGenesis.Wrapf("%s %q: %s", what, bech32, err)
		}
		return a, nil
	}
	for _, v := range gs.Versions {
		if _, err := addr("learner", v.Learner); err != nil {
			return err
		}
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, v := range gs.Versions {
		if err := k.Versions.Set(ctx, v.Id, v); err != nil {
			return err
		}
		if err := k.setEdges(ctx, v); err != nil {
			return err
		}
		if v.Settlement != nil && !v.Settlement.Paid {
			if err := k.Unpaid.Set(ctx, collections.Join(v.Settlement.Epoch, v.Id)); err != nil {
				return err
			}
		}
	}
	if err := k.NextVersionID.Set(ctx, gs.NextVersionId); err != nil {
		return err
	}
	for _, p := range gs.Polls {
		if err := k.loadPoll(ctx, p); err != nil {
			return err
		}
	}
	for _, v := range gs.Votes {
		voter, err := addr("voter", v.Voter)
		if err != nil {
			return err
		}
		if err := k.Votes.Set(ctx, collections.Join(v.PollId, voter), v); err != nil {
			return err
		}
	}
	if err := k.NextPollID.Set(ctx, gs.NextPollId); err != nil {
		return err
	}
	clock := gs.Clock
	if clock == (types.Clock{}) {
		clock = types.StartClock(sdk.UnwrapSDKContext(ctx).BlockHeight(), gs.Params)
	}
	if err := k.Clock.Set(ctx, clock); err != nil {
		return err
	}
	return k.loadRecords(ctx, gs, addr)
}

// loadPoll stores p and queues it: waiting for its round, waiting for its
// tally, or (a test score) as its version's open test poll.
func (k Keeper) loadPoll(ctx context.Context, p types.Poll) error {
	if err := k.Polls.Set(ctx, p.Id, p); err != nil {
		return err
	}
	if p.Outcome != types.OutcomeOpen {
		return nil
	}
	if p.Kind == types.PollTestScore {
		if err := k.OpenTestPolls.Set(ctx, p.VersionId, p.Id); err != nil {
			return err
		}
	}
	if p.CommitEndHeight == 0 {
		return k.PollsByRound.Set(ctx, collections.Join(p.BeaconRound, p.Id))
	}
	return k.PollDeadlines.Set(ctx, collections.Join(p.RevealEndHeight, p.Id))
}

// loadRecords stores the beacon rounds and entries, the candidates, the
// proposer counts and the paid epochs.
func (k Keeper) loadRecords(ctx context.Context, gs types.GenesisState, addr func(string, string) (sdk.AccAddress, error)) error {
	for _, r := range gs.BeaconRounds {
		if err := k.BeaconRounds.Set(ctx, r.Round, r); err != nil {
			return err
		}
	}
	for _, e := range gs.BeaconEntries {
		a, err := addr("beacon verifier", e.Verifier)
		if err != nil {
			return err
		}
		if err := k.BeaconEntries.Set(ctx, collections.Join(e.Round, a), e); err != nil {
			return err
		}
	}
	for _, c := range gs.Candidates {
		a, err := addr("candidate", c.Juror.Address)
		if err != nil {
			return err
		}
		if err := k.Candidates.Set(ctx, collections.Join(c.Round, a), c.Juror.Weight); err != nil {
			return err
		}
	}
	for _, p := range gs.ProposerBlocks {
		a, err := addr("proposer", p.Address)
		if err != nil {
			return err
		}
		if err := k.ProposerBlocks.Set(ctx, collections.Join(p.Epoch, a), p.Blocks); err != nil {
			return err
		}
	}
	for _, r := range gs.EpochRewards {
		if err := k.EpochRewards.Set(ctx, r.Epoch, r); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis writes the state InitGenesis reads.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	nextVersion, err := k.NextVersionID.Peek(ctx)
	if err != nil {
		return nil, err
	}
	nextPoll, err := k.NextPollID.Peek(ctx)
	if err != nil {
		return nil, err
	}
	clock, err := k.Clock.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, NextVersionId: max(nextVersion, 1), NextPollId: max(nextPoll, 1), Clock: clock}
	if gs.Versions, err = values(ctx, k.Versions.Walk); err != nil {
		return nil, err
	}
	if gs.Polls, err = values(ctx, k.Polls.Walk); err != nil {
		return nil, err
	}
	if gs.Votes, err = values(ctx, k.Votes.Walk); err != nil {
		return nil, err
	}
	if gs.BeaconRounds, err = values(ctx, k.BeaconRounds.Walk); err != nil {
		return nil, err
	}
	if gs.BeaconEntries, err = values(ctx, k.BeaconEntries.Walk); err != nil {
		return nil, err
	}
	if gs.EpochRewards, err = values(ctx, k.EpochRewards.Walk); err != nil {
		return nil, err
	}
	err = k.Candidates.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.AccAddress], w math.Int) (bool, error) {
		gs.Candidates = append(gs.Candidates, types.Candidate{Round: key.K1(), Juror: types.Juror{Address: k.addressString(key.K2()), Weight: w}})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.ProposerBlocks.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.AccAddress], n uint64) (bool, error) {
		gs.ProposerBlocks = append(gs.ProposerBlocks, types.ProposerBlocks{Epoch: key.K1(), Address: k.addressString(key.K2()), Blocks: n})
		return false, nil
	})
	return gs, err
}

// values collects every value a collection's Walk visits, in key order.
func values[K, V any](ctx context.Context, walk func(context.Context, collections.Ranger[K], func(K, V) (bool, error)) error) ([]V, error) {
	var out []V
	err := walk(ctx, nil, func(_ K, v V) (bool, error) {
		out = append(out, v)
		return false, nil
	})
	return out, err
}

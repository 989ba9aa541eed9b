package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/types"
)

// DAGInvariant checks the version graph: every version's parents are
// earlier versions of its model, every edge in Children is a parent link
// of a stored version and every parent link has its edge, no version
// builds on a rejected parent unless it was rejected or accepted itself,
// and the version sequence is above every id.
func (k Keeper) DAGInvariant(ctx context.Context) error {
	next, err := k.NextVersionID.Peek(ctx)
	if err != nil {
		return err
	}
	edges := 0
	err = k.Versions.Walk(ctx, nil, func(id uint64, v types.Version) (bool, error) {
		if id >= next {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: version %d is not below the sequence %d", id, next)
		}
		for _, p := range v.Parents {
			if p == types.InitialWeights {
				continue
			}
			edges++
			parent, err := k.GetVersion(ctx, p)
			if err != nil {
				return true, err
			}
			if p >= id || parent.ModelId != v.ModelId {
				return true, types.ErrInvalidGenesis.Wrapf("invariant: version %d's parent %d is not an earlier version of model %d", id, p, v.ModelId)
			}
			if has, err := k.Children.Has(ctx, collections.Join(p, id)); err != nil || !has {
				return true, types.ErrInvalidGenesis.Wrapf("invariant: edge %d -> %d is missing (%v)", p, id, err)
			}
			if parent.Status == types.StatusRejected && v.Status != types.StatusRejected && v.Status != types.StatusAccepted {
				return true, types.ErrInvalidGenesis.Wrapf("invariant: version %d is %s but its parent %d is rejected", id, v.Status, p)
			}
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	stored := 0
	err = k.Children.Walk(ctx, nil, func(collections.Pair[uint64, uint64]) (bool, error) {
		stored++
		return false, nil
	})
	if err == nil && stored != edges {
		return types.ErrInvalidGenesis.Wrapf("invariant: %d edges stored, the versions have %d parent links", stored, edges)
	}
	return err
}

// PollInvariant checks the poll queues: an open poll without a committee
// waits in PollsByRound, one with a committee in PollDeadlines at its
// reveal end, and a tallied poll in neither; every queue entry is such a
// poll; votes exist only for open polls' jurors.
func (k Keeper) PollInvariant(ctx context.Context) error {
	queued := map[uint64]int{}
	err := k.PollsByRound.Walk(ctx, nil, func(key collections.Pair[uint64, uint64]) (bool, error) {
		p, err := k.getPoll(ctx, key.K2())
		if err != nil {
			return true, err
		}
		if p.Outcome != types.OutcomeOpen || len(p.Committee) != 0 || p.BeaconRound != key.K1() {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: poll %d waits for round %d but is %s with %d jurors for round %d", p.Id, key.K1(), p.Outcome, len(p.Committee), p.BeaconRound)
		}
		queued[p.Id]++
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.PollDeadlines.Walk(ctx, nil, func(key collections.Pair[int64, uint64]) (bool, error) {
		p, err := k.getPoll(ctx, key.K2())
		if err != nil {
			return true, err
		}
		if p.Outcome != types.OutcomeOpen || p.CommitEndHeight == 0 || p.RevealEndHeight != key.K1() {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: poll %d is queued for its tally at %d but is %s, reveal end %d", p.Id, key.K1(), p.Outcome, p.RevealEndHeight)
		}
		queued[p.Id]++
		return false, nil
	})
	if err != nil {
		return err
	}
	open := map[uint64]types.Poll{}
	err = k.Polls.Walk(ctx, nil, func(id uint64, p types.Poll) (bool, error) {
		want := 0
		if p.Outcome == types.OutcomeOpen {
			want = 1
			open[id] = p
		}
		if queued[id] != want {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: poll %d (%s) is queued %d times, want %d", id, p.Outcome, queued[id], want)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	return k.Votes.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.AccAddress], _ types.Vote) (bool, error) {
		p, ok := open[key.K1()]
		if !ok {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: a vote of %s on poll %d, which is not open", key.K2(), key.K1())
		}
		if _, err := k.jurorWeight(p, key.K2()); err != nil {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: %s", err)
		}
		return false, nil
	})
}

// EmissionInvariant checks the paid epochs: each released what it split
// (proposers + learners + unspent), never more than the schedule released
// for it, and its learners' share is what its versions' settlements record.
func (k Keeper) EmissionInvariant(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	perEpoch := map[uint64]math.Int{}
	err = k.Versions.Walk(ctx, nil, func(_ uint64, v types.Version) (bool, error) {
		if v.Settlement != nil && v.Settlement.Paid {
			sum, ok := perEpoch[v.Settlement.Epoch]
			if !ok {
				sum = math.ZeroInt()
			}
			perEpoch[v.Settlement.Epoch] = sum.Add(v.Settlement.Reward)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	schedule := params.Schedule()
	return k.EpochRewards.Walk(ctx, nil, func(epoch uint64, r types.EpochRewards) (bool, error) {
		if !r.Released.Equal(r.ToProposers.Add(r.ToLearners).Add(r.Unspent)) || r.Unspent.IsNegative() {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: epoch %d released %s but split %s + %s + %s", epoch, r.Released, r.ToProposers, r.ToLearners, r.Unspent)
		}
		if r.Released.GT(schedule.Release(epoch)) {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: epoch %d released %s, more than the schedule's %s", epoch, r.Released, schedule.Release(epoch))
		}
		paid, ok := perEpoch[epoch]
		if !ok {
			paid = math.ZeroInt()
		}
		if !paid.Equal(r.ToLearners) {
			return true, types.ErrInvalidGenesis.Wrapf("invariant: epoch %d paid learners %s, its versions record %s", epoch, r.ToLearners, paid)
		}
		return false, nil
	})
}

// Invariants runs every x/pog invariant.
func (k Keeper) Invariants(ctx context.Context) error {
	for _, check := range []func(context.Context) error{k.DAGInvariant, k.PollInvariant, k.EmissionInvariant} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

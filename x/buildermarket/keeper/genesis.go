package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// InitGenesis loads a validated genesis, refuses single-party circuit keys
// unless the chain-id is a local one, rebuilds the BountyQueue from the
// open bounties (at the end of scoring if the task's test set is revealed,
// else test_reveal_window_blocks after the bounty's deadline), and checks
// every invariant, the escrow against the module account's balance
// included.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	chainID := sdk.UnwrapSDKContext(ctx).ChainID()
	for _, c := range gs.Circuits {
		if err := types.CheckCeremony(c.Ceremony, chainID); err != nil {
			return types.ErrInvalidGenesis.Wrapf("circuit %q: %s", c.Id, err)
		}
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	tasks := make(map[uint64]types.Task, len(gs.Tasks))
	for _, t := range gs.Tasks {
		tasks[t.Id] = t
		if err := k.Tasks.Set(ctx, t.Id, t); err != nil {
			return err
		}
	}
	for _, s := range gs.ValidationSlices {
		if err := k.ValidationSlices.Set(ctx, collections.Join(s.TaskId, s.Index), s); err != nil {
			return err
		}
	}
	for _, c := range gs.Circuits {
		if err := k.Circuits.Set(ctx, c.Id, c); err != nil {
			return err
		}
	}
	for _, m := range gs.Models {
		if err := k.Models.Set(ctx, m.Id, m); err != nil {
			return err
		}
	}
	for _, s := range gs.ValidationScores {
		if err := k.ValidationScores.Set(ctx, s.ModelId, s); err != nil {
			return err
		}
	}
	for _, s := range gs.TestScores {
		if err := k.TestScores.Set(ctx, s.ModelId, s); err != nil {
			return err
		}
	}
	for _, b := range gs.Bounties {
		if err := k.Bounties.Set(ctx, b.Id, b); err != nil {
			return err
		}
		if b.Status != types.BountyOpen {
			continue
		}
		at, err := queueHeight(gs.Params, b, tasks[b.TaskId])
		if err != nil {
			return types.ErrInvalidGenesis.Wrapf("bounty %d: %s", b.Id, err)
		}
		if err := k.BountyQueue.Set(ctx, collections.Join(at, b.Id)); err != nil {
			return err
		}
	}
	for _, seq := range []struct {
		seq  collections.Sequence
		next uint64
	}{{k.NextTaskID, gs.NextTaskId}, {k.NextModelID, gs.NextModelId}, {k.NextBountyID, gs.NextBountyId}} {
		if err := seq.seq.Set(ctx, seq.next); err != nil {
			return err
		}
	}
	if err := k.Invariants(ctx); err != nil {
		return types.ErrInvalidGenesis.Wrap(err.Error())
	}
	return nil
}

// ExportGenesis exports the state in key order (tasks, models and bounties
// by id, slices by task and index, circuits by id, scores by model), so
// that export(import(g)) == g. The queue is not exported: InitGenesis
// rebuilds it.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	if gs.Tasks, err = values(ctx, k.Tasks); err != nil {
		return nil, err
	}
	if gs.ValidationSlices, err = values(ctx, k.ValidationSlices); err != nil {
		return nil, err
	}
	if gs.Circuits, err = values(ctx, k.Circuits); err != nil {
		return nil, err
	}
	if gs.Models, err = values(ctx, k.Models); err != nil {
		return nil, err
	}
	if gs.ValidationScores, err = values(ctx, k.ValidationScores); err != nil {
		return nil, err
	}
	if gs.TestScores, err = values(ctx, k.TestScores); err != nil {
		return nil, err
	}
	if gs.Bounties, err = values(ctx, k.Bounties); err != nil {
		return nil, err
	}
	if gs.NextTaskId, err = peekNextID(ctx, k.NextTaskID); err != nil {
		return nil, err
	}
	if gs.NextModelId, err = peekNextID(ctx, k.NextModelID); err != nil {
		return nil, err
	}
	if gs.NextBountyId, err = peekNextID(ctx, k.NextBountyID); err != nil {
		return nil, err
	}
	return gs, nil
}

// walker is a collection that can be walked in key order.
type walker[K, V any] interface {
	Walk(ctx context.Context, ranger collections.Ranger[K], fn func(K, V) (bool, error)) error
}

// values returns every value of c in key order.
func values[K, V any](ctx context.Context, c walker[K, V]) ([]V, error) {
	var out []V
	err := c.Walk(ctx, nil, func(_ K, v V) (bool, error) {
		out = append(out, v)
		return false, nil
	})
	return out, err
}

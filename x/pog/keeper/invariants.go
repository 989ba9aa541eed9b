package keeper

import (
	"context"

	"cosmossdk.io/collections"

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

// Invariants runs every x/pog invariant.
func (k Keeper) Invariants(ctx context.Context) error { return k.DAGInvariant(ctx) }

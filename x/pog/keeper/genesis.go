package keeper

import (
	"context"

	"github.com/litegpt/litegpt/x/pog/types"
)

// InitGenesis validates gs and loads it: the params, the versions (the
// indexes follow) and their DAG edges, and the version sequence.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	for _, v := range gs.Versions {
		if _, err := k.parseAddress("learner", v.Learner); err != nil {
			return types.ErrInvalidGenesis.Wrapf("version %d: %s", v.Id, err)
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
	}
	return k.NextVersionID.Set(ctx, gs.NextVersionId)
}

// ExportGenesis writes the state InitGenesis reads.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	next, err := k.NextVersionID.Peek(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params, NextVersionId: max(next, 1)}
	err = k.Versions.Walk(ctx, nil, func(_ uint64, v types.Version) (bool, error) {
		gs.Versions = append(gs.Versions, v)
		return false, nil
	})
	return gs, err
}

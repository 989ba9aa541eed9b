package keeper

import (
	"context"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// InitGenesis loads params, participants, bonds and unbondings, then the
// consensus-power state, and returns the validator set CometBFT starts with.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) ([]abci.ValidatorUpdate, error) {
	if err := gs.Validate(); err != nil {
		return nil, err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return nil, err
	}
	if err := k.initParticipantsGenesis(ctx, gs); err != nil {
		return nil, err
	}
	return k.initPowerGenesis(ctx, gs)
}

// ExportGenesis exports the whole module state in a deterministic order, so
// that export(import(g)) == g.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	if err := k.exportParticipantsGenesis(ctx, gs); err != nil {
		return nil, err
	}
	return gs, k.exportPowerGenesis(ctx, gs)
}

package keeper

import (
	"context"

	"github.com/litegpt/litegpt/x/stake/types"
)

// Test hooks for the external keeper_test suite: the participant half of
// genesis, without the consensus-power half.

// InitParticipantsGenesis runs k.initParticipantsGenesis.
func InitParticipantsGenesis(ctx context.Context, k Keeper, gs types.GenesisState) error {
	return k.initParticipantsGenesis(ctx, gs)
}

// ExportParticipantsGenesis runs k.exportParticipantsGenesis into a genesis
// that holds k's params.
func ExportParticipantsGenesis(ctx context.Context, k Keeper) (types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.GenesisState{}, err
	}
	gs := types.GenesisState{Params: params}
	return gs, k.exportParticipantsGenesis(ctx, &gs)
}

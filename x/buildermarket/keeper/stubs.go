package keeper

// TEMPORARY scaffolding: replaced by the real implementation in this issue.

import (
	"context"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

type msgServer struct {
	types.UnimplementedMsgServer
	Keeper
}

// NewMsgServerImpl returns the Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return &msgServer{Keeper: k} }

// Querier is the Query service.
type Querier struct {
	types.UnimplementedQueryServer
	keeper Keeper
}

// NewQuerier returns the Query service.
func NewQuerier(k Keeper) *Querier { return &Querier{keeper: k} }

// InitGenesis loads a genesis.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	return nil
}

// ExportGenesis exports the state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	p, err := k.Params.Get(ctx)
	return &types.GenesisState{Params: p}, err
}

// EndBlocker resolves due bounties.
func (k Keeper) EndBlocker(ctx context.Context) error { return nil }

// GetTask returns a task.
func (k Keeper) GetTask(ctx context.Context, id uint64) (types.Task, error) {
	return k.Tasks.Get(ctx, id)
}

// GetModel returns a model.
func (k Keeper) GetModel(ctx context.Context, id uint64) (types.Model, error) {
	return k.Models.Get(ctx, id)
}

package keeper

import (
	"context"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// msgServer implements the x/buildermarket Msg service: tasks in
// msg_server_task.go, circuits in msg_server_circuit.go, models in
// msg_server_model.go and bounties in msg_server_bounty.go. Each handler
// validates the message statelessly (the types.Validate* functions), then
// checks state, and writes only once every check passed.
type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/buildermarket Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

// UpdateParams replaces the parameters when sent by the governance
// authority.
func (k msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := k.checkAuthority(ctx, msg.Authority, "change the buildermarket parameters"); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, emit(ctx, &types.EventParamsUpdated{Authority: msg.Authority, Params: msg.Params})
}

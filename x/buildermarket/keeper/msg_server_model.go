package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// RegisterModel registers a model for a task. The builder must hold the
// BUILDER role; the architecture must fit the task; each cited circuit must
// be approved, of the field's purpose and of the model's shape; and the
// model deposit is escrowed until the builder deprecates the model.
func (k msgServer) RegisterModel(ctx context.Context, msg *types.MsgRegisterModel) (*types.MsgRegisterModelResponse, error) {
	builder, err := k.parseAddress("builder", msg.Builder)
	if err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateRegisterModel(msg, params); err != nil {
		return nil, err
	}
	if err := k.stake.RequireRole(ctx, builder, staketypes.RoleBuilder); err != nil {
		return nil, err
	}
	task, err := k.GetTask(ctx, msg.TaskId)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateArchitecture(msg.Architecture, task.Input.Features, task.OutputWidth()); err != nil {
		return nil, err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	model := types.NewModel(msg, 0, k.addressString(builder), params.ModelDeposit, height)
	for _, ref := range model.CircuitRefs() {
		circuit, err := k.ApprovedCircuit(ctx, ref.ID)
		if err != nil {
			return nil, errorsmod.Wrap(err, ref.Field)
		}
		if err := types.CheckCircuitFits(circuit, ref, model, task); err != nil {
			return nil, err
		}
	}
	if err := k.escrow(ctx, builder, params.ModelDeposit, "the model deposit"); err != nil {
		return nil, err
	}
	if model.Id, err = nextID(ctx, k.NextModelID); err != nil {
		return nil, err
	}
	if err := k.Models.Set(ctx, model.Id, model); err != nil {
		return nil, err
	}
	return &types.MsgRegisterModelResponse{ModelId: model.Id}, emit(ctx, &types.EventModelRegistered{Model: model})
}

// DeprecateModel withdraws an active model: its deposit goes back to the
// builder and its validation score leaves the ranking (so the task's best
// model may change). Its test score, if any, stays: a bounty it won on the
// test set is still paid.
func (k msgServer) DeprecateModel(ctx context.Context, msg *types.MsgDeprecateModel) (*types.MsgDeprecateModelResponse, error) {
	builder, err := k.parseAddress("builder", msg.Builder)
	if err != nil {
		return nil, err
	}
	model, err := k.GetModel(ctx, msg.ModelId)
	if err != nil {
		return nil, err
	}
	if k.addressString(builder) != model.Builder {
		return nil, types.ErrUnauthorized.Wrapf("model %d belongs to %s; only its builder may deprecate it", model.Id, model.Builder)
	}
	if model.Status != types.ModelActive {
		return nil, types.ErrModelNotActive.Wrapf("model %d was deprecated at height %d", model.Id, model.DeprecatedHeight)
	}
	if err := k.release(ctx, model.Builder, model.Deposit); err != nil {
		return nil, err
	}
	model.Status, model.DeprecatedHeight = types.ModelDeprecated, sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := k.Models.Set(ctx, model.Id, model); err != nil {
		return nil, err
	}
	if err := emit(ctx, &types.EventModelDeprecated{ModelId: model.Id, Builder: model.Builder, Refunded: model.Deposit}); err != nil {
		return nil, err
	}
	if err := k.removeValidationScore(ctx, model); err != nil {
		return nil, err
	}
	return &types.MsgDeprecateModelResponse{Refunded: model.Deposit}, nil
}

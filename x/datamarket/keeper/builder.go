package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// notFound reports whether a x/buildermarket lookup failed because the id
// is unknown (rather than because the store broke).
func notFound(err error) bool {
	return errors.Is(err, collections.ErrNotFound) || errors.Is(err, buildertypes.ErrTaskNotFound) ||
		errors.Is(err, buildertypes.ErrModelNotFound)
}

// existingTask returns task id, or ErrInvalidOrder when there is none.
func (k Keeper) existingTask(ctx context.Context, id uint64) (buildertypes.Task, error) {
	task, err := k.builder.GetTask(ctx, id)
	if notFound(err) {
		return buildertypes.Task{}, types.ErrInvalidOrder.Wrapf("task %d does not exist in x/buildermarket", id)
	}
	return task, err
}

// activeModel returns model id, or ErrInvalidOrder when there is none or
// it is not active.
func (k Keeper) activeModel(ctx context.Context, id uint64) (buildertypes.Model, error) {
	model, err := k.builder.GetModel(ctx, id)
	if notFound(err) {
		return buildertypes.Model{}, types.ErrInvalidOrder.Wrapf("model %d does not exist in x/buildermarket", id)
	}
	if err != nil {
		return buildertypes.Model{}, err
	}
	if model.Status != buildertypes.ModelActive {
		return buildertypes.Model{}, types.ErrInvalidOrder.Wrapf("model %d is %s; only active models are traded", id, model.Status)
	}
	return model, nil
}

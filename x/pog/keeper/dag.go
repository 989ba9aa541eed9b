package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/litegpt/litegpt/x/pog/types"
)

// reject rejects version id for reason and cascades: every descendant
// that is not final (PENDING or VERIFIED) is rejected with it, naming id
// as the rejected ancestor. Accepted descendants stay accepted (their
// steps and metrics were settled on their own), and the walk does not go
// past them or past versions already rejected (whose descendants were
// rejected then). Each rejected version emits EventVersionRejected; the
// walk is breadth first in id order, so the events are in a fixed order.
// It fails for an unknown version or one that is already final.
func (k Keeper) reject(ctx context.Context, id uint64, reason string) error {
	v, err := k.GetVersion(ctx, id)
	if err != nil {
		return err
	}
	if v.Status == types.StatusAccepted || v.Status == types.StatusRejected {
		return types.ErrInvalidRequest.Wrapf("version %d is already %s", id, v.Status)
	}
	if err := k.markRejected(ctx, v, reason, 0); err != nil {
		return err
	}
	queue := []uint64{id}
	for len(queue) > 0 {
		children, err := k.childIDs(ctx, queue[0])
		if err != nil {
			return err
		}
		queue = queue[1:]
		for _, c := range children {
			child, err := k.GetVersion(ctx, c)
			if err != nil {
				return err
			}
			if child.Status == types.StatusAccepted || child.Status == types.StatusRejected {
				continue
			}
			if err := k.markRejected(ctx, child, "an ancestor was rejected", id); err != nil {
				return err
			}
			queue = append(queue, c)
		}
	}
	return nil
}

// markRejected stores v as rejected and emits EventVersionRejected.
func (k Keeper) markRejected(ctx context.Context, v types.Version, reason string, ancestor uint64) error {
	v.Status, v.DecidedHeight, v.RejectReason, v.RejectedAncestor = types.StatusRejected, height(ctx), reason, ancestor
	if err := k.Versions.Set(ctx, v.Id, v); err != nil {
		return err
	}
	return emit(ctx, &types.EventVersionRejected{VersionId: v.Id, ModelId: v.ModelId, Reason: reason, RejectedAncestor: ancestor})
}

// childIDs lists the versions that merged parent, in id order.
func (k Keeper) childIDs(ctx context.Context, parent uint64) ([]uint64, error) {
	var ids []uint64
	err := k.Children.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](parent), func(key collections.Pair[uint64, uint64]) (bool, error) {
		ids = append(ids, key.K2())
		return false, nil
	})
	return ids, err
}

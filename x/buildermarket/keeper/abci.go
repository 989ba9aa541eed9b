package keeper

import (
	"context"
	"math"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// EndBlocker looks at the bounties due in the BountyQueue (look-again
// height at or before this block), in queue order (height, then bounty id),
// at most max_bounty_resolutions_per_block of them; the rest wait for the
// next block. Each one is resolved, or re-queued for later, in its own
// cached context (see resolveDue). A bounty whose resolution fails (which
// only a broken escrow could cause) is logged, left untouched and retried
// in the next block, behind the entries already due.
func (k Keeper) EndBlocker(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	height := sdkCtx.BlockHeight()
	due, err := k.dueBounties(ctx, height, int(params.MaxBountyResolutionsPerBlock))
	if err != nil {
		return err
	}
	for _, key := range due {
		cacheCtx, write := sdkCtx.CacheContext()
		if err := k.resolveDue(cacheCtx, params, key); err != nil {
			sdkCtx.Logger().Error("bounty resolution failed; retrying next block", "bounty", key.K2(), "err", err)
			if err := k.BountyQueue.Remove(ctx, key); err != nil {
				return err
			}
			if err := k.BountyQueue.Set(ctx, collections.Join(height+1, key.K2())); err != nil {
				return err
			}
			continue
		}
		write()
	}
	return nil
}

// dueBounties returns at most limit queue entries due at height, in order.
func (k Keeper) dueBounties(ctx context.Context, height int64, limit int) ([]collections.Pair[int64, uint64], error) {
	rng := new(collections.Range[collections.Pair[int64, uint64]]).EndInclusive(collections.Join(height, uint64(math.MaxUint64)))
	iter, err := k.BountyQueue.Iterate(ctx, rng)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var due []collections.Pair[int64, uint64]
	for ; iter.Valid() && len(due) < limit; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			return nil, err
		}
		due = append(due, key)
	}
	return due, nil
}

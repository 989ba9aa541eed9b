package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// queueKey is an entry of the deal deadline or order expiry queue:
// (height, id).
type queueKey = collections.Pair[int64, uint64]

// EndBlocker settles deals whose dispute window ended, expires deals whose
// deadline passed and closes orders whose expiry height came: the due
// entries (height at most the block height) of both queues, in height
// order (deals before orders at the same height, each queue by id), at
// most max_expiries_per_block in all; the rest wait for the next block.
// Each item runs in a cached context written only when it succeeds; an
// item that fails (only a broken store can make one fail) is logged and
// left in its queue.
func (k Keeper) EndBlocker(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	h := height(ctx)
	limit := int(params.MaxExpiriesPerBlock)
	deals, err := dueKeys(ctx, k.DealDeadlines, h, limit)
	if err != nil {
		return err
	}
	orders, err := dueKeys(ctx, k.OrderExpiries, h, limit)
	if err != nil {
		return err
	}
	for n := 0; n < limit && len(deals)+len(orders) > 0; n++ {
		if len(orders) == 0 || (len(deals) > 0 && deals[0].K1() <= orders[0].K1()) {
			key := deals[0]
			deals = deals[1:]
			k.runItem(ctx, "deal", key, func(ctx context.Context) error { return k.dealDue(ctx, key, params) })
		} else {
			key := orders[0]
			orders = orders[1:]
			k.runItem(ctx, "order", key, func(ctx context.Context) error { return k.orderDue(ctx, key) })
		}
	}
	return nil
}

// dueKeys returns at most limit entries of queue due at height, in order.
func dueKeys(ctx context.Context, queue collections.KeySet[queueKey], height int64, limit int) ([]queueKey, error) {
	iter, err := queue.Iterate(ctx, new(collections.Range[queueKey]).EndInclusive(collections.Join(height, ^uint64(0))))
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var due []queueKey
	for ; iter.Valid() && len(due) < limit; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			return nil, err
		}
		due = append(due, key)
	}
	return due, nil
}

// runItem runs one due item in a cached context and writes it only when it
// succeeds; a failure is logged and the item stays queued.
func (k Keeper) runItem(ctx context.Context, kind string, key queueKey, run func(context.Context) error) {
	cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	if err := run(cacheCtx); err != nil {
		k.logger(ctx).Error("datamarket EndBlock item failed; it stays queued", "kind", kind, "height", key.K1(), "id", key.K2(), "err", err)
		return
	}
	write()
}

// dealDue settles or expires the deal of a due deadline entry. An entry
// that names no open deal at that deadline (which the invariants rule out)
// is removed and logged.
func (k Keeper) dealDue(ctx context.Context, key queueKey, params types.Params) error {
	d, err := k.Deals.Get(ctx, key.K2())
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if err != nil || !d.Status.IsOpen() || d.DeadlineHeight != key.K1() {
		k.logger(ctx).Error("removing a deadline entry of no open deal", "height", key.K1(), "deal", key.K2())
		return k.DealDeadlines.Remove(ctx, key)
	}
	if d.Status == types.DealKeyRevealed {
		return k.settle(ctx, d, params)
	}
	return k.expire(ctx, d)
}

// orderDue closes the order of a due expiry entry as expired; a bid's
// remaining escrow goes back to the buyer. An entry that names no open
// order expiring at that height is removed and logged.
func (k Keeper) orderDue(ctx context.Context, key queueKey) error {
	id := key.K2()
	if o, err := k.Offers.Get(ctx, id); err == nil && o.ExpiryHeight == key.K1() {
		return k.closeOffer(ctx, o, types.ReasonExpired)
	} else if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if b, err := k.Bids.Get(ctx, id); err == nil && b.ExpiryHeight == key.K1() {
		_, err := k.closeBid(ctx, b, types.ReasonExpired)
		return err
	} else if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	k.logger(ctx).Error("removing an expiry entry of no open order", "height", key.K1(), "order", id)
	return k.OrderExpiries.Remove(ctx, key)
}

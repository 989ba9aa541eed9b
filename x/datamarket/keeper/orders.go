package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// getOffer returns open offer id, or ErrOrderNotFound.
func (k Keeper) getOffer(ctx context.Context, id uint64) (types.Offer, error) {
	o, err := k.Offers.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Offer{}, types.ErrOrderNotFound.Wrapf("no open offer %d", id)
	}
	return o, err
}

// getBid returns open bid id, or ErrOrderNotFound.
func (k Keeper) getBid(ctx context.Context, id uint64) (types.Bid, error) {
	b, err := k.Bids.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Bid{}, types.ErrOrderNotFound.Wrapf("no open bid %d", id)
	}
	return b, err
}

// closeOffer deletes an open offer and its expiry entry and emits
// EventOrderClosed with reason.
func (k Keeper) closeOffer(ctx context.Context, o types.Offer, reason string) error {
	if err := k.Offers.Remove(ctx, o.Id); err != nil {
		return err
	}
	if err := k.OrderExpiries.Remove(ctx, collections.Join(o.ExpiryHeight, o.Id)); err != nil {
		return err
	}
	return emit(ctx, &types.EventOrderClosed{
		OrderId: o.Id, Owner: o.Seller, Reason: reason, Unfilled: o.Remaining(), Refunded: math.ZeroInt(),
	})
}

// closeBid deletes an open bid and its expiry entry, returns its remaining
// escrow to the buyer and emits EventOrderClosed with reason. It returns
// the refund.
func (k Keeper) closeBid(ctx context.Context, b types.Bid, reason string) (math.Int, error) {
	if err := k.Bids.Remove(ctx, b.Id); err != nil {
		return math.Int{}, err
	}
	if err := k.OrderExpiries.Remove(ctx, collections.Join(b.ExpiryHeight, b.Id)); err != nil {
		return math.Int{}, err
	}
	if err := k.pay(ctx, b.Buyer, b.Escrow, flowRefundOrder); err != nil {
		return math.Int{}, err
	}
	return b.Escrow, emit(ctx, &types.EventOrderClosed{
		OrderId: b.Id, Owner: b.Buyer, IsBid: true, Reason: reason, Unfilled: b.Remaining(), Refunded: b.Escrow,
	})
}

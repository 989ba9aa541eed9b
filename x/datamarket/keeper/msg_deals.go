package keeper

import (
	"bytes"
	"context"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// Deliver records the seller's commitment to its encrypted delivery: H(k)
// for its fresh per-deal key k, and the root of the ciphertext chunks. The
// deal must await delivery and its deadline must not have come; the buyer
// then has acceptance_window_blocks to accept.
func (k msgServer) Deliver(ctx context.Context, msg *types.MsgDeliver) (*types.MsgDeliverResponse, error) {
	seller, err := k.parseAddress("seller", msg.Seller)
	if err != nil {
		return nil, err
	}
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	d, err := k.dealStep(ctx, msg.DealId, seller, sellerParty, types.DealAwaitingDelivery)
	if err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	d.KeyHash, d.CiphertextRoot, d.DeliveredHeight = msg.KeyHash, msg.CiphertextRoot, height(ctx)
	if err := k.advance(ctx, &d, types.DealDelivered, params.AcceptanceWindowBlocks); err != nil {
		return nil, err
	}
	return &types.MsgDeliverResponse{}, emit(ctx, &types.EventDelivered{
		DealId: d.Id, KeyHash: d.KeyHash, CiphertextRoot: d.CiphertextRoot, AcceptByHeight: d.DeadlineHeight,
	})
}

// AcceptDelivery records that the buyer received chunks matching the
// ciphertext root; the seller then has reveal_window_blocks to reveal k.
func (k msgServer) AcceptDelivery(ctx context.Context, msg *types.MsgAcceptDelivery) (*types.MsgAcceptDeliveryResponse, error) {
	buyer, err := k.parseAddress("buyer", msg.Buyer)
	if err != nil {
		return nil, err
	}
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	d, err := k.dealStep(ctx, msg.DealId, buyer, buyerParty, types.DealDelivered)
	if err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	d.AcceptedHeight = height(ctx)
	if err := k.advance(ctx, &d, types.DealAccepted, params.RevealWindowBlocks); err != nil {
		return nil, err
	}
	return &types.MsgAcceptDeliveryResponse{}, emit(ctx, &types.EventDeliveryAccepted{DealId: d.Id, RevealByHeight: d.DeadlineHeight})
}

// RevealKey publishes k, which must hash to the deal's H(k)
// (ErrKeyMismatch). The dispute window opens: the deal settles at the
// returned height unless the buyer proves a bad chunk first.
func (k msgServer) RevealKey(ctx context.Context, msg *types.MsgRevealKey) (*types.MsgRevealKeyResponse, error) {
	seller, err := k.parseAddress("seller", msg.Seller)
	if err != nil {
		return nil, err
	}
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	d, err := k.dealStep(ctx, msg.DealId, seller, sellerParty, types.DealAccepted)
	if err != nil {
		return nil, err
	}
	key, err := exchange.KeyFromBytes(msg.Key)
	if err != nil {
		return nil, types.ErrInvalidRequest.Wrapf("key: %s", err)
	}
	if h := exchange.KeyHash(key); !bytes.Equal(h[:], d.KeyHash) {
		return nil, types.ErrKeyMismatch.Wrapf("KeyHash(key) = %X, but deal %d committed to %X at delivery", h[:], d.Id, d.KeyHash)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	d.Key, d.RevealedHeight = msg.Key, height(ctx)
	if err := k.advance(ctx, &d, types.DealKeyRevealed, params.DisputeWindowBlocks); err != nil {
		return nil, err
	}
	return &types.MsgRevealKeyResponse{SettlesAtHeight: d.DeadlineHeight}, emit(ctx, &types.EventKeyRevealed{
		DealId: d.Id, Key: d.Key, SettlesAtHeight: d.DeadlineHeight,
	})
}

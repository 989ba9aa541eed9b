package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// PostOffer posts a sell order. The seller must hold DATA_NODE. A DATA
// offer names an existing task and its group counts must fit its leaves
// (leaf_count * the task's batch size samples); a MODEL_UPDATE offer names
// an active model of that task, and its version is checked by the
// VersionChecker when one is wired (until x/pog, none is: the version is
// recorded as cited). The offer joins its order book and the expiry queue.
func (k msgServer) PostOffer(ctx context.Context, msg *types.MsgPostOffer) (*types.MsgPostOfferResponse, error) {
	seller, err := k.parseAddress("seller", msg.Seller)
	if err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	h := height(ctx)
	if err := msg.Validate(params, h); err != nil {
		return nil, err
	}
	if err := k.stake.RequireRole(ctx, seller, staketypes.RoleDataNode); err != nil {
		return nil, err
	}
	switch msg.Kind {
	case types.KindData:
		task, err := k.existingTask(ctx, msg.TaskId)
		if err != nil {
			return nil, err
		}
		if err := types.CheckGroupTotal(types.GroupSamples(msg.GroupCounts), msg.LeafCount, task.BatchSize); err != nil {
			return nil, err
		}
	case types.KindModelUpdate:
		model, err := k.activeModel(ctx, msg.ModelId)
		if err != nil {
			return nil, err
		}
		if model.TaskId != msg.TaskId {
			return nil, types.ErrIncompatible.Wrapf("model %d is for task %d, not task %d", msg.ModelId, model.TaskId, msg.TaskId)
		}
		if k.versions != nil {
			if err := k.versions.CheckVersion(ctx, seller, msg.ModelId, msg.VersionId, msg.WeightsCommitment); err != nil {
				return nil, err
			}
		}
	}

	id, err := k.nextOrderID(ctx)
	if err != nil {
		return nil, err
	}
	offer := types.Offer{
		Id: id, Seller: k.addressString(seller), Kind: msg.Kind, TaskId: msg.TaskId, ModelId: msg.ModelId,
		VersionId: msg.VersionId, WeightsCommitment: msg.WeightsCommitment, DataRoot: msg.DataRoot,
		LeafCount: msg.LeafCount, PricePerLeaf: msg.PricePerLeaf, GroupCounts: msg.GroupCounts,
		MinBuyerReputation: msg.MinBuyerReputation, ExpiryHeight: msg.ExpiryHeight, CreatedHeight: h,
	}
	if err := k.Offers.Set(ctx, id, offer); err != nil {
		return nil, err
	}
	if err := k.OrderExpiries.Set(ctx, collections.Join(offer.ExpiryHeight, id)); err != nil {
		return nil, err
	}
	return &types.MsgPostOfferResponse{OrderId: id}, emit(ctx, &types.EventOfferPosted{Offer: offer})
}

// PostBid posts a buy order for an active model and escrows leaf_count *
// max_price_per_leaf from the buyer, who must hold LEARNER (its HPKE key,
// to which sellers seal deliveries, is the one in its x/stake record).
func (k msgServer) PostBid(ctx context.Context, msg *types.MsgPostBid) (*types.MsgPostBidResponse, error) {
	buyer, err := k.parseAddress("buyer", msg.Buyer)
	if err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	h := height(ctx)
	if err := msg.Validate(params, h); err != nil {
		return nil, err
	}
	if err := k.stake.RequireRole(ctx, buyer, staketypes.RoleLearner); err != nil {
		return nil, err
	}
	model, err := k.activeModel(ctx, msg.ModelId)
	if err != nil {
		return nil, err
	}
	escrow, err := types.BidEscrow(msg.LeafCount, msg.MaxPricePerLeaf)
	if err != nil {
		return nil, err
	}
	if spendable := k.bank.SpendableCoins(ctx, buyer).AmountOf(types.BondDenom); spendable.LT(escrow) {
		return nil, types.ErrInsufficientFunds.Wrapf("the bid escrows %d leaves * %s = %s%s, but %s can spend only %s%s",
			msg.LeafCount, msg.MaxPricePerLeaf, escrow, types.BondDenom, msg.Buyer, spendable, types.BondDenom)
	}

	id, err := k.nextOrderID(ctx)
	if err != nil {
		return nil, err
	}
	if err := k.escrowFrom(ctx, buyer, escrow); err != nil {
		return nil, err
	}
	bid := types.Bid{
		Id: id, Buyer: k.addressString(buyer), Kind: msg.Kind, ModelId: msg.ModelId, TaskId: model.TaskId,
		LeafCount: msg.LeafCount, MaxPricePerLeaf: msg.MaxPricePerLeaf, Escrow: escrow,
		ExpiryHeight: msg.ExpiryHeight, CreatedHeight: h,
	}
	if err := k.Bids.Set(ctx, id, bid); err != nil {
		return nil, err
	}
	if err := k.OrderExpiries.Set(ctx, collections.Join(bid.ExpiryHeight, id)); err != nil {
		return nil, err
	}
	return &types.MsgPostBidResponse{OrderId: id, Escrow: escrow}, emit(ctx, &types.EventBidPosted{Bid: bid})
}

// CancelOrder closes the owner's offer or bid; a bid's remaining escrow,
// (leaf_count - filled) * max_price_per_leaf, goes back to the buyer.
// Deals already matched from the order are not affected.
func (k msgServer) CancelOrder(ctx context.Context, msg *types.MsgCancelOrder) (*types.MsgCancelOrderResponse, error) {
	owner, err := k.parseAddress("owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	if offer, err := k.Offers.Get(ctx, msg.OrderId); err == nil {
		if err := k.requireOwner(owner, offer.Seller, msg.OrderId); err != nil {
			return nil, err
		}
		return &types.MsgCancelOrderResponse{Refunded: math.ZeroInt()}, k.closeOffer(ctx, offer, types.ReasonCancelled)
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	bid, err := k.Bids.Get(ctx, msg.OrderId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrOrderNotFound.Wrapf("no open offer or bid %d", msg.OrderId)
	} else if err != nil {
		return nil, err
	}
	if err := k.requireOwner(owner, bid.Buyer, msg.OrderId); err != nil {
		return nil, err
	}
	refunded, err := k.closeBid(ctx, bid, types.ReasonCancelled)
	if err != nil {
		return nil, err
	}
	return &types.MsgCancelOrderResponse{Refunded: refunded}, nil
}

// requireOwner checks that signer posted order id, owned by owner.
func (k Keeper) requireOwner(signer sdk.AccAddress, owner string, id uint64) error {
	if !k.sameAccount(signer, owner) {
		return types.ErrUnauthorized.Wrapf("order %d belongs to %s; only its owner may cancel it", id, owner)
	}
	return nil
}

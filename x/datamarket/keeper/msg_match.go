package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// Match fills a bid from an offer; the signer must hold ROUTER. Every
// check fails with its own error and changes nothing: both orders open
// (ErrOrderNotFound) and not expired (ErrOrderExpired), the same kind and
// book (ErrIncompatible), different accounts (ErrSelfMatch), the buyer's
// reputation at least the offer's minimum (ErrReputationTooLow), the
// offer's price at most the bid's maximum (ErrPriceNotCrossing), the
// leaves at most both remainders (ErrQuantityOverflow; 0 takes the
// smaller remainder) and the offer the bid's BestOffer (ErrNotBestOffer).
//
// The trade executes at the resting (older) order's price. The deal's
// amount stays in escrow; the price improvement, leaves * (max price -
// price), goes back to the buyer now. No fee is paid until settlement.
func (k msgServer) Match(ctx context.Context, msg *types.MsgMatch) (*types.MsgMatchResponse, error) {
	router, err := k.parseAddress("router", msg.Router)
	if err != nil {
		return nil, err
	}
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	if err := k.stake.RequireRole(ctx, router, staketypes.RoleRouter); err != nil {
		return nil, err
	}
	bid, err := k.getBid(ctx, msg.BidId)
	if err != nil {
		return nil, err
	}
	offer, err := k.getOffer(ctx, msg.OfferId)
	if err != nil {
		return nil, err
	}
	buyer, score, err := k.checkPair(ctx, offer, bid)
	if err != nil {
		return nil, err
	}
	leaves, err := fillSize(msg.Leaves, offer, bid)
	if err != nil {
		return nil, err
	}
	best, found, err := k.bestOffer(ctx, bid, buyer, score)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, types.ErrInvariantViolated.Wrapf("offer %d is eligible for bid %d but the book has no eligible offer", offer.Id, bid.Id)
	}
	if best.Id != offer.Id {
		return nil, notBest(best, offer, bid)
	}
	deal, err := k.execute(ctx, router, offer, bid, leaves)
	if err != nil {
		return nil, err
	}
	return &types.MsgMatchResponse{
		DealId: deal.Id, LeafStart: deal.LeafStart, LeafCount: deal.LeafCount, PricePerLeaf: deal.PricePerLeaf,
	}, k.closeFilled(ctx, offer, bid, leaves)
}

// checkPair checks that offer and bid may trade at this height and returns
// the buyer and its score.
func (k Keeper) checkPair(ctx context.Context, offer types.Offer, bid types.Bid) (sdk.AccAddress, uint64, error) {
	h := height(ctx)
	if bid.IsExpired(h) {
		return nil, 0, types.ErrOrderExpired.Wrapf("bid %d expired at height %d (now %d)", bid.Id, bid.ExpiryHeight, h)
	}
	if offer.IsExpired(h) {
		return nil, 0, types.ErrOrderExpired.Wrapf("offer %d expired at height %d (now %d)", offer.Id, offer.ExpiryHeight, h)
	}
	switch {
	case offer.Kind != bid.Kind:
		return nil, 0, types.ErrIncompatible.Wrapf("offer %d sells %s, bid %d buys %s", offer.Id, offer.Kind, bid.Id, bid.Kind)
	case offer.Kind == types.KindData && offer.TaskId != bid.TaskId:
		return nil, 0, types.ErrIncompatible.Wrapf("offer %d sells data for task %d, bid %d buys for task %d (model %d)",
			offer.Id, offer.TaskId, bid.Id, bid.TaskId, bid.ModelId)
	case offer.Kind == types.KindModelUpdate && offer.ModelId != bid.ModelId:
		return nil, 0, types.ErrIncompatible.Wrapf("offer %d sells updates of model %d, bid %d buys for model %d",
			offer.Id, offer.ModelId, bid.Id, bid.ModelId)
	}
	buyer, err := k.parseAddress("buyer", bid.Buyer)
	if err != nil {
		return nil, 0, err
	}
	if k.sameAccount(buyer, offer.Seller) {
		return nil, 0, types.ErrSelfMatch.Wrapf("%s posted both offer %d and bid %d", bid.Buyer, offer.Id, bid.Id)
	}
	score, err := k.reputation.Score(ctx, buyer)
	if err != nil {
		return nil, 0, err
	}
	if score < offer.MinBuyerReputation {
		return nil, 0, types.ErrReputationTooLow.Wrapf("buyer %s has reputation %d; offer %d sells only to %d and above",
			bid.Buyer, score, offer.Id, offer.MinBuyerReputation)
	}
	if offer.PricePerLeaf.GT(bid.MaxPricePerLeaf) {
		return nil, 0, types.ErrPriceNotCrossing.Wrapf("offer %d asks %s%s per leaf, above bid %d's maximum of %s%s",
			offer.Id, offer.PricePerLeaf, types.BondDenom, bid.Id, bid.MaxPricePerLeaf, types.BondDenom)
	}
	return buyer, score, nil
}

// fillSize is the number of leaves to trade: asked, or when asked is 0 the
// smaller of both remainders.
func fillSize(asked uint64, offer types.Offer, bid types.Bid) (uint64, error) {
	left := min(offer.Remaining(), bid.Remaining())
	if asked == 0 {
		return left, nil
	}
	if asked > left {
		return 0, types.ErrQuantityOverflow.Wrapf("%d leaves asked, but offer %d has %d left and bid %d wants %d more",
			asked, offer.Id, offer.Remaining(), bid.Id, bid.Remaining())
	}
	return asked, nil
}

// notBest explains why best, not the named offer, must be matched.
func notBest(best, named types.Offer, bid types.Bid) error {
	if best.PricePerLeaf.LT(named.PricePerLeaf) {
		return types.ErrNotBestOffer.Wrapf("offer %d asks %s%s per leaf, less than offer %d's %s%s, and bid %d may take it; match offer %d",
			best.Id, best.PricePerLeaf, types.BondDenom, named.Id, named.PricePerLeaf, types.BondDenom, bid.Id, best.Id)
	}
	return types.ErrNotBestOffer.Wrapf("offer %d asks the same %s%s per leaf as offer %d and is older (id %d < %d), and bid %d may take it; match offer %d",
		best.Id, best.PricePerLeaf, types.BondDenom, named.Id, best.Id, named.Id, bid.Id, best.Id)
}

// execute creates the deal for leaves of offer bought by bid, at the
// resting order's price, returns the price improvement to the buyer and
// emits EventMatched.
func (k Keeper) execute(ctx context.Context, router sdk.AccAddress, offer types.Offer, bid types.Bid, leaves uint64) (types.Deal, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.Deal{}, err
	}
	price := bid.MaxPricePerLeaf // the bid rested first
	if offer.Id < bid.Id {
		price = offer.PricePerLeaf
	}
	n := math.NewIntFromUint64(leaves)
	amount := n.Mul(price)
	improvement := n.Mul(bid.MaxPricePerLeaf).Sub(amount)
	id, err := k.nextDealID(ctx)
	if err != nil {
		return types.Deal{}, err
	}
	h := height(ctx)
	deal := types.Deal{
		Id: id, OfferId: offer.Id, BidId: bid.Id, Seller: offer.Seller, Buyer: bid.Buyer, Router: k.addressString(router),
		Kind: offer.Kind, TaskId: offer.TaskId, ModelId: bid.ModelId, VersionId: offer.VersionId,
		DataRoot: offer.DataRoot, TreeLeaves: offer.LeafCount, LeafStart: offer.Filled, LeafCount: leaves,
		PricePerLeaf: price, Amount: amount, Status: types.DealAwaitingDelivery,
		DeadlineHeight: h + int64(params.DeliveryWindowBlocks), CreatedHeight: h,
	}
	if err := k.Deals.Set(ctx, id, deal); err != nil {
		return types.Deal{}, err
	}
	if err := k.DealDeadlines.Set(ctx, collections.Join(deal.DeadlineHeight, id)); err != nil {
		return types.Deal{}, err
	}
	if err := k.pay(ctx, bid.Buyer, improvement, flowRefundOrder); err != nil {
		return types.Deal{}, err
	}
	return deal, emit(ctx, &types.EventMatched{Deal: deal, PriceImprovement: improvement})
}

// closeFilled records the fill on both orders (the bid's escrow shrinks by
// leaves * its maximum: the deal's amount plus the improvement) and closes
// those left with nothing to trade.
func (k Keeper) closeFilled(ctx context.Context, offer types.Offer, bid types.Bid, leaves uint64) error {
	offer.Filled += leaves
	bid.Filled += leaves
	bid.Escrow = bid.Escrow.Sub(math.NewIntFromUint64(leaves).Mul(bid.MaxPricePerLeaf))
	if offer.Remaining() == 0 {
		if err := k.closeOffer(ctx, offer, types.ReasonFilled); err != nil {
			return err
		}
	} else if err := k.Offers.Set(ctx, offer.Id, offer); err != nil {
		return err
	}
	if bid.Remaining() == 0 {
		_, err := k.closeBid(ctx, bid, types.ReasonFilled)
		return err
	}
	return k.Bids.Set(ctx, bid.Id, bid)
}

package keeper

import (
	"context"

	"github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
)

// settle pays KEY_REVEALED deal d whose dispute window ended: the router
// fee (amount * router_fee_bps / 10000, rounded down) to the router, the
// protocol fee (likewise) to the community pool and the rest to the
// seller, so exactly the amount leaves the escrow. It reports the seller
// OutcomeDealDelivered and the buyer OutcomeDealPaid, and closes the deal
// as SETTLED.
func (k Keeper) settle(ctx context.Context, d types.Deal, params types.Params) error {
	sellerAmount, routerFee, protocolFee := params.Fees(d.Amount)
	if err := k.close(ctx, &d, types.DealSettled); err != nil {
		return err
	}
	if err := k.pay(ctx, d.Router, routerFee, flowRouterFee); err != nil {
		return err
	}
	if err := k.payProtocolFee(ctx, protocolFee); err != nil {
		return err
	}
	if err := k.pay(ctx, d.Seller, sellerAmount, flowPaidToSeller); err != nil {
		return err
	}
	if err := k.report(ctx, d.Seller, reputationtypes.OutcomeDealDelivered, d.Id); err != nil {
		return err
	}
	if err := k.report(ctx, d.Buyer, reputationtypes.OutcomeDealPaid, d.Id); err != nil {
		return err
	}
	return emit(ctx, &types.EventDealSettled{
		DealId: d.Id, SellerAmount: sellerAmount, RouterFee: routerFee, ProtocolFee: protocolFee,
	})
}

// expire closes open deal d whose deadline passed before settlement as
// EXPIRED: the buyer gets the amount back. A seller that did not deliver
// (AWAITING_DELIVERY) or withheld the key after acceptance (ACCEPTED) is
// reported OutcomeDealUnfulfilled. A delivery the buyer never accepted
// (DELIVERED) reports nobody: the chain cannot tell whether the seller's
// chunks were bad or never sent, or the buyer is griefing.
func (k Keeper) expire(ctx context.Context, d types.Deal) error {
	stage := d.Status
	d.ExpiredStage = stage
	if err := k.close(ctx, &d, types.DealExpired); err != nil {
		return err
	}
	if err := k.pay(ctx, d.Buyer, d.Amount, flowRefundDeal); err != nil {
		return err
	}
	if stage == types.DealAwaitingDelivery || stage == types.DealAccepted {
		if err := k.report(ctx, d.Seller, reputationtypes.OutcomeDealUnfulfilled, d.Id); err != nil {
			return err
		}
	}
	return emit(ctx, &types.EventDealExpired{DealId: d.Id, Stage: stage, Refunded: d.Amount})
}

// report reports an outcome of deal id for a stored address.
func (k Keeper) report(ctx context.Context, bech32 string, kind reputationtypes.OutcomeKind, id uint64) error {
	addr, err := k.parseAddress("party", bech32)
	if err != nil {
		return err
	}
	_, err = k.reporter.Report(ctx, addr, kind, dealReference(id))
	return err
}

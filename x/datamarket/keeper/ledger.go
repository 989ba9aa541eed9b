package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// flow is where escrowed coins came from or went: one Ledger amount.
type flow int

const (
	flowEscrowed     flow = iota // buyer -> escrow, at a bid
	flowRefundOrder              // escrow -> buyer: cancel, expiry, price improvement
	flowRefundDeal               // escrow -> buyer: proven dispute, expired deal
	flowPaidToSeller             // escrow -> seller, at settlement
	flowRouterFee                // escrow -> router, at settlement
	flowProtocolFee              // escrow -> community pool, at settlement
)

// GetLedger returns the escrow's flow accounting (zero before any flow).
func (k Keeper) GetLedger(ctx context.Context) (types.Ledger, error) {
	l, err := k.EscrowLedger.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ZeroLedger(), nil
	}
	if err != nil {
		return types.Ledger{}, err
	}
	return l.Normalized(), nil
}

// record adds amount to the ledger entry of f. Every bank movement of the
// escrow goes through it (pay, escrowFrom, payProtocolFee).
func (k Keeper) record(ctx context.Context, f flow, amount math.Int) error {
	l, err := k.GetLedger(ctx)
	if err != nil {
		return err
	}
	var entry *math.Int
	switch f {
	case flowEscrowed:
		entry = &l.Escrowed
	case flowRefundOrder:
		entry = &l.RefundedOrders
	case flowRefundDeal:
		entry = &l.RefundedDeals
	case flowPaidToSeller:
		entry = &l.PaidToSellers
	case flowRouterFee:
		entry = &l.RouterFees
	case flowProtocolFee:
		entry = &l.ProtocolFees
	default:
		return types.ErrInvariantViolated.Wrapf("unknown ledger flow %d", f)
	}
	*entry = entry.Add(amount)
	return k.EscrowLedger.Set(ctx, l)
}

// escrowFrom moves amount from buyer into the escrow.
func (k Keeper) escrowFrom(ctx context.Context, buyer []byte, amount math.Int) error {
	if err := k.bank.SendCoinsFromAccountToModule(ctx, buyer, types.ModuleName, coins(amount)); err != nil {
		return err
	}
	return k.record(ctx, flowEscrowed, amount)
}

// payProtocolFee sends amount (if positive) from the escrow to the
// community pool.
func (k Keeper) payProtocolFee(ctx context.Context, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	if err := k.distr.FundCommunityPool(ctx, coins(amount), k.moduleAddress()); err != nil {
		return err
	}
	return k.record(ctx, flowProtocolFee, amount)
}

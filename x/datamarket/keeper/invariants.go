package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// The invariants are keeper functions (SDK v0.54 has no x/crisis):
// InitGenesis requires them, tests and the randomized drivers call
// Invariants after every step. Each walks the whole module state, so none
// is for block execution.

// Invariants runs EscrowInvariant, FillInvariant, DealInvariant and
// LedgerInvariant and returns the first violation.
func (k Keeper) Invariants(ctx context.Context) error {
	for _, check := range []func(context.Context) error{k.EscrowInvariant, k.FillInvariant, k.DealInvariant, k.LedgerInvariant} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

// EscrowInvariant checks that funds are never lost or created: the module
// account holds exactly, in ulgpt, the escrow of every open bid plus the
// amount of every deal not yet settled, disputed or expired.
func (k Keeper) EscrowInvariant(ctx context.Context) error {
	bids := math.ZeroInt()
	if err := k.Bids.Walk(ctx, nil, func(_ uint64, b types.Bid) (bool, error) {
		bids = bids.Add(b.Escrow)
		return false, nil
	}); err != nil {
		return err
	}
	deals := math.ZeroInt()
	if err := k.Deals.Walk(ctx, nil, func(_ uint64, d types.Deal) (bool, error) {
		if d.Status.IsOpen() {
			deals = deals.Add(d.Amount)
		}
		return false, nil
	}); err != nil {
		return err
	}
	held := k.bank.GetBalance(ctx, k.moduleAddress(), types.BondDenom).Amount
	if want := bids.Add(deals); !held.Equal(want) {
		return types.ErrInvariantViolated.Wrapf("escrow: the %s module account holds %s%s, but open bids (%s) and open deals (%s) sum to %s%s",
			types.ModuleName, held, types.BondDenom, bids, deals, want, types.BondDenom)
	}
	return nil
}

// FillInvariant checks the orders and queues: every open order is valid
// (filled below leaf_count, a bid's escrow exactly (leaf_count - filled) *
// max_price_per_leaf); every open order has exactly one expiry entry, at
// its expiry height, and every open deal exactly one deadline entry, at its
// deadline; no entry names anything else.
func (k Keeper) FillInvariant(ctx context.Context) error {
	orders := uint64(0)
	if err := k.Offers.Walk(ctx, nil, func(id uint64, o types.Offer) (bool, error) {
		orders++
		if err := o.Validate(); err != nil {
			return true, types.ErrInvariantViolated.Wrapf("fill: offer %d: %s", id, err)
		}
		return false, k.requireQueued(ctx, k.OrderExpiries, "offer", id, o.ExpiryHeight)
	}); err != nil {
		return err
	}
	if err := k.Bids.Walk(ctx, nil, func(id uint64, b types.Bid) (bool, error) {
		orders++
		if err := b.Validate(); err != nil {
			return true, types.ErrInvariantViolated.Wrapf("fill: bid %d: %s", id, err)
		}
		return false, k.requireQueued(ctx, k.OrderExpiries, "bid", id, b.ExpiryHeight)
	}); err != nil {
		return err
	}
	if err := requireCount(ctx, k.OrderExpiries, "order expiry", orders); err != nil {
		return err
	}
	open := uint64(0)
	if err := k.Deals.Walk(ctx, nil, func(id uint64, d types.Deal) (bool, error) {
		if !d.Status.IsOpen() {
			return false, nil
		}
		open++
		return false, k.requireQueued(ctx, k.DealDeadlines, "deal", id, d.DeadlineHeight)
	}); err != nil {
		return err
	}
	return requireCount(ctx, k.DealDeadlines, "deal deadline", open)
}

// requireQueued checks that queue holds (height, id).
func (k Keeper) requireQueued(ctx context.Context, queue collections.KeySet[queueKey], what string, id uint64, height int64) error {
	has, err := queue.Has(ctx, collections.Join(height, id))
	if err != nil {
		return err
	}
	if !has {
		return types.ErrInvariantViolated.Wrapf("fill: open %s %d has no queue entry at height %d", what, id, height)
	}
	return nil
}

// requireCount checks that queue has exactly want entries: with every
// open record's entry present, any more would name something else.
func requireCount(ctx context.Context, queue collections.KeySet[queueKey], what string, want uint64) error {
	n := uint64(0)
	if err := queue.Walk(ctx, nil, func(queueKey) (bool, error) {
		n++
		return false, nil
	}); err != nil {
		return err
	}
	if n != want {
		return types.ErrInvariantViolated.Wrapf("fill: %d %s entries for %d open records; the others name closed or unknown records", n, what, want)
	}
	return nil
}

// DealInvariant checks every deal on its own (Deal.Validate): terms in
// range, amount = price * leaves, status coherent with its heights and
// keys: terminal deals have a closed_height, KEY_REVEALED and later deals a
// key matching key_hash, expired deals their expired stage.
func (k Keeper) DealInvariant(ctx context.Context) error {
	return k.Deals.Walk(ctx, nil, func(id uint64, d types.Deal) (bool, error) {
		if err := d.Validate(); err != nil {
			return true, types.ErrInvariantViolated.Wrapf("deal %d: %s", id, err)
		}
		return false, nil
	})
}

// LedgerInvariant checks the escrow's flow accounting against the bank and
// the deals:
//
//   - no coin is created or destroyed: what buyers escrowed equals what
//     went back to them, to sellers, to routers and to the community pool,
//     plus what the module account holds;
//   - no deal settles twice: the amounts of the SETTLED deals sum to
//     exactly the seller, router and protocol payouts (each settlement
//     pays its amount once, split three ways);
//   - no deal is refunded twice: the amounts of the DISPUTED and EXPIRED
//     deals sum to exactly the deal refunds.
func (k Keeper) LedgerInvariant(ctx context.Context) error {
	l, err := k.GetLedger(ctx)
	if err != nil {
		return err
	}
	held := k.bank.GetBalance(ctx, k.moduleAddress(), types.BondDenom).Amount
	if out := l.PaidOut(); !l.Escrowed.Equal(out.Add(held)) {
		return types.ErrInvariantViolated.Wrapf("ledger: %s%s escrowed, but %s paid out plus %s held is %s (%s)",
			l.Escrowed, types.BondDenom, out, held, out.Add(held), l.Summary())
	}
	settled, refunded := math.ZeroInt(), math.ZeroInt()
	if err := k.Deals.Walk(ctx, nil, func(_ uint64, d types.Deal) (bool, error) {
		switch d.Status {
		case types.DealSettled:
			settled = settled.Add(d.Amount)
		case types.DealDisputed, types.DealExpired:
			refunded = refunded.Add(d.Amount)
		}
		return false, nil
	}); err != nil {
		return err
	}
	if paid := l.SettledPayouts(); !paid.Equal(settled) {
		return types.ErrInvariantViolated.Wrapf("ledger: settled deals amount to %s%s, but settlements paid %s (%s)",
			settled, types.BondDenom, paid, l.Summary())
	}
	if !l.RefundedDeals.Equal(refunded) {
		return types.ErrInvariantViolated.Wrapf("ledger: disputed and expired deals amount to %s%s, but deal refunds total %s",
			refunded, types.BondDenom, l.RefundedDeals)
	}
	return nil
}

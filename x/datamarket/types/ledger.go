package types

import (
	"fmt"

	"cosmossdk.io/math"
)

// ZeroLedger is the ledger of a chain whose escrow never moved.
func ZeroLedger() Ledger {
	z := math.ZeroInt()
	return Ledger{Escrowed: z, RefundedOrders: z, RefundedDeals: z, PaidToSellers: z, RouterFees: z, ProtocolFees: z}
}

// Normalized returns the ledger with absent amounts (a genesis written
// before the ledger existed) read as zero.
func (l Ledger) Normalized() Ledger {
	for _, f := range l.fields() {
		if f.v.IsNil() {
			*f.v = math.ZeroInt()
		}
	}
	return l
}

// PaidOut is everything that left the escrow.
func (l Ledger) PaidOut() math.Int {
	return l.RefundedOrders.Add(l.RefundedDeals).Add(l.PaidToSellers).Add(l.RouterFees).Add(l.ProtocolFees)
}

// SettledPayouts is what settled deals paid: seller, router and protocol
// shares.
func (l Ledger) SettledPayouts() math.Int {
	return l.PaidToSellers.Add(l.RouterFees).Add(l.ProtocolFees)
}

// Validate checks that no amount is negative and that no more left the
// escrow than entered it.
func (l Ledger) Validate() error {
	l = l.Normalized()
	for _, f := range l.fields() {
		if f.v.IsNegative() {
			return ErrInvalidGenesis.Wrapf("ledger %s is %s; amounts are never negative", f.name, f.v)
		}
	}
	if out := l.PaidOut(); out.GT(l.Escrowed) {
		return ErrInvalidGenesis.Wrapf("ledger pays out %s but only %s was escrowed", out, l.Escrowed)
	}
	return nil
}

type ledgerField struct {
	name string
	v    *math.Int
}

func (l *Ledger) fields() []ledgerField {
	return []ledgerField{
		{"escrowed", &l.Escrowed}, {"refunded_orders", &l.RefundedOrders}, {"refunded_deals", &l.RefundedDeals},
		{"paid_to_sellers", &l.PaidToSellers}, {"router_fees", &l.RouterFees}, {"protocol_fees", &l.ProtocolFees},
	}
}

// Summary is the ledger on one line.
func (l Ledger) Summary() string {
	l = l.Normalized()
	return fmt.Sprintf("escrowed %s, refunded %s (orders) + %s (deals), paid %s (sellers) + %s (routers) + %s (protocol)",
		l.Escrowed, l.RefundedOrders, l.RefundedDeals, l.PaidToSellers, l.RouterFees, l.ProtocolFees)
}

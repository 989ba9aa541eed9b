package types

import "cosmossdk.io/math"

// BondDenom is the denomination orders are priced and escrowed in.
const BondDenom = "ulgpt"

// Bounds of the parameters.
const (
	// BpsDenominator is 100 %, in basis points.
	BpsDenominator = 10_000
	// MaxLeafCount is the most leaves an order may hold: the largest
	// pkg/commit tree (2^40 leaves).
	MaxLeafCount = uint64(1) << 40
	// MaxWindowBlocks bounds every window and max_order_blocks (2^40 blocks,
	// far beyond any chain's life), so that height + window never overflows.
	MaxWindowBlocks = uint64(1) << 40
	// MinChunkBytes and MaxChunkBytes bound max_chunk_bytes: a chunk needs
	// room for its header, one element and its tag; 64 MiB is far above any
	// batch.
	MinChunkBytes = 64
	// MaxChunkBytes is the upper bound of max_chunk_bytes (64 MiB).
	MaxChunkBytes = 64 << 20
)

// DefaultParams returns the parameters a new chain starts with (blocks of
// about 5 s).
func DefaultParams() Params {
	return Params{
		ProtocolFeeBps:         100,
		RouterFeeBps:           50,
		MaxOrderBlocks:         120_960,
		MaxLeavesPerOrder:      1 << 20,
		DeliveryWindowBlocks:   720,
		AcceptanceWindowBlocks: 720,
		RevealWindowBlocks:     720,
		DisputeWindowBlocks:    1_440,
		MaxExpiriesPerBlock:    100,
		DisputeSlashFraction:   math.LegacyNewDecWithPrec(10, 2),
		MaxChunkBytes:          4 << 20,
	}
}

// Validate checks every parameter and says which one is out of range.
func (p Params) Validate() error {
	switch {
	case p.ProtocolFeeBps > BpsDenominator:
		return ErrInvalidParams.Wrapf("protocol_fee_bps must be at most %d (100 %%), got %d", BpsDenominator, p.ProtocolFeeBps)
	case p.RouterFeeBps > BpsDenominator:
		return ErrInvalidParams.Wrapf("router_fee_bps must be at most %d (100 %%), got %d", BpsDenominator, p.RouterFeeBps)
	case uint64(p.ProtocolFeeBps)+uint64(p.RouterFeeBps) > BpsDenominator:
		return ErrInvalidParams.Wrapf("protocol_fee_bps + router_fee_bps must be at most %d (100 %% of a deal), got %d + %d",
			BpsDenominator, p.ProtocolFeeBps, p.RouterFeeBps)
	case p.MaxLeavesPerOrder == 0 || p.MaxLeavesPerOrder > MaxLeafCount:
		return ErrInvalidParams.Wrapf("max_leaves_per_order must be in 1..%d (2^40, the largest data tree), got %d", MaxLeafCount, p.MaxLeavesPerOrder)
	case p.MaxExpiriesPerBlock == 0:
		return ErrInvalidParams.Wrap("max_expiries_per_block must be at least 1, or expiries and settlements would never run")
	case p.DisputeSlashFraction.IsNil() || !p.DisputeSlashFraction.IsPositive() || p.DisputeSlashFraction.GT(math.LegacyOneDec()):
		return ErrInvalidParams.Wrapf("dispute_slash_fraction must be in (0, 1], got %s", p.DisputeSlashFraction)
	case p.MaxChunkBytes < MinChunkBytes || p.MaxChunkBytes > MaxChunkBytes:
		return ErrInvalidParams.Wrapf("max_chunk_bytes must be in %d..%d (64 MiB), got %d", MinChunkBytes, MaxChunkBytes, p.MaxChunkBytes)
	}
	for _, w := range []struct {
		name   string
		blocks uint64
	}{
		{"max_order_blocks", p.MaxOrderBlocks},
		{"delivery_window_blocks", p.DeliveryWindowBlocks},
		{"acceptance_window_blocks", p.AcceptanceWindowBlocks},
		{"reveal_window_blocks", p.RevealWindowBlocks},
		{"dispute_window_blocks", p.DisputeWindowBlocks},
	} {
		if w.blocks == 0 || w.blocks > MaxWindowBlocks {
			return ErrInvalidParams.Wrapf("%s must be in 1..%d blocks, got %d", w.name, MaxWindowBlocks, w.blocks)
		}
	}
	return nil
}

// Fees splits a settled deal's amount: the router fee and the protocol fee
// are amount * bps / 10000, each rounded down, and the seller gets the
// rest, so the three always add up to amount exactly.
func (p Params) Fees(amount math.Int) (seller, router, protocol math.Int) {
	router = amount.MulRaw(int64(p.RouterFeeBps)).QuoRaw(BpsDenominator)
	protocol = amount.MulRaw(int64(p.ProtocolFeeBps)).QuoRaw(BpsDenominator)
	return amount.Sub(router).Sub(protocol), router, protocol
}

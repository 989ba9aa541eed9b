package types

import "cosmossdk.io/math"

// BondDenom is the denomination orders are priced and escrowed in.
const BondDenom = "ulgpt"

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

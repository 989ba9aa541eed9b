package types

import (
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// BondDenom is the denomination of deposits, fees and rewards.
const BondDenom = "ulgpt"

// DefaultParams returns the parameters a new chain starts with (blocks of
// about 5 s).
func DefaultParams() Params {
	lgpt := func(n int64) sdk.Coin { return sdk.NewCoin(BondDenom, math.NewInt(n).MulRaw(1_000_000)) }
	return Params{
		TaskCreationFee:              lgpt(100),
		ModelDeposit:                 lgpt(1_000),
		MaxVerifyingKeyBytes:         16_384,
		MaxRoyaltyBps:                5_000,
		MaxValidationSlices:          64,
		MinEpochBlocks:               100,
		MaxEpochBlocks:               1_000_000,
		MinBountyReward:              lgpt(100),
		MinBountyBlocks:              1_000,
		MaxBountyBlocks:              6_400_000,
		TestRevealWindowBlocks:       17_280,
		ScoringWindowBlocks:          17_280,
		MaxBountyResolutionsPerBlock: 20,
	}
}

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

// Validate checks every parameter: the fee a valid amount of ulgpt (zero
// allowed), the model deposit and minimum reward positive amounts of ulgpt,
// max_verifying_key_bytes in 1..1 MiB, max_royalty_bps at most 10000,
// max_validation_slices in 1..1024, every length in blocks in 1..2^40 with
// each minimum at most its maximum, and max_bounty_resolutions_per_block at
// least 1.
func (p Params) Validate() error {
	if err := ValidateCoin(ErrInvalidParams, "task_creation_fee", p.TaskCreationFee, true); err != nil {
		return err
	}
	if err := ValidateCoin(ErrInvalidParams, "model_deposit", p.ModelDeposit, false); err != nil {
		return err
	}
	if err := ValidateCoin(ErrInvalidParams, "min_bounty_reward", p.MinBountyReward, false); err != nil {
		return err
	}
	if p.MaxVerifyingKeyBytes < 1 || p.MaxVerifyingKeyBytes > MaxVerifyingKeyBytesLimit {
		return ErrInvalidParams.Wrapf("max_verifying_key_bytes must be 1..%d, got %d", MaxVerifyingKeyBytesLimit, p.MaxVerifyingKeyBytes)
	}
	if p.MaxRoyaltyBps > BasisPoints {
		return ErrInvalidParams.Wrapf("max_royalty_bps must be at most %d (100 %%), got %d", BasisPoints, p.MaxRoyaltyBps)
	}
	if p.MaxValidationSlices < 1 || p.MaxValidationSlices > MaxValidationSlicesLimit {
		return ErrInvalidParams.Wrapf("max_validation_slices must be 1..%d, got %d", MaxValidationSlicesLimit, p.MaxValidationSlices)
	}
	for _, w := range []struct {
		name  string
		value uint64
	}{
		{"min_epoch_blocks", p.MinEpochBlocks}, {"max_epoch_blocks", p.MaxEpochBlocks},
		{"min_bounty_blocks", p.MinBountyBlocks}, {"max_bounty_blocks", p.MaxBountyBlocks},
		{"test_reveal_window_blocks", p.TestRevealWindowBlocks}, {"scoring_window_blocks", p.ScoringWindowBlocks},
	} {
		if w.value < 1 || w.value > MaxBlocks {
			return ErrInvalidParams.Wrapf("%s must be 1..%d, got %d", w.name, MaxBlocks, w.value)
		}
	}
	if p.MinEpochBlocks > p.MaxEpochBlocks {
		return ErrInvalidParams.Wrapf("min_epoch_blocks (%d) must not exceed max_epoch_blocks (%d)", p.MinEpochBlocks, p.MaxEpochBlocks)
	}
	if p.MinBountyBlocks > p.MaxBountyBlocks {
		return ErrInvalidParams.Wrapf("min_bounty_blocks (%d) must not exceed max_bounty_blocks (%d)", p.MinBountyBlocks, p.MaxBountyBlocks)
	}
	if p.MaxBountyResolutionsPerBlock < 1 {
		return ErrInvalidParams.Wrap("max_bounty_resolutions_per_block must be at least 1")
	}
	return nil
}

package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func TestParamsValidate(t *testing.T) {
	require.NoError(t, types.DefaultParams().Validate())
	zeroFee := types.DefaultParams()
	zeroFee.TaskCreationFee.Amount = math.ZeroInt()
	require.NoError(t, zeroFee.Validate(), "a free task creation is allowed")

	for _, tc := range []struct {
		name     string
		malleate func(p *types.Params)
		contains string
	}{
		{"fee in another denom", func(p *types.Params) { p.TaskCreationFee = sdk.NewInt64Coin("uatom", 1) }, `task_creation_fee must be in ulgpt, got denom "uatom"`},
		{"negative fee", func(p *types.Params) { p.TaskCreationFee.Amount = math.NewInt(-1) }, "task_creation_fee must not be negative"},
		{"nil fee", func(p *types.Params) { p.TaskCreationFee.Amount = math.Int{} }, "task_creation_fee has no amount"},
		{"zero deposit", func(p *types.Params) { p.ModelDeposit.Amount = math.ZeroInt() }, "model_deposit must be positive"},
		{"deposit in another denom", func(p *types.Params) { p.ModelDeposit.Denom = "stake" }, "model_deposit must be in ulgpt"},
		{"zero min reward", func(p *types.Params) { p.MinBountyReward.Amount = math.ZeroInt() }, "min_bounty_reward must be positive"},
		{"no key bytes", func(p *types.Params) { p.MaxVerifyingKeyBytes = 0 }, "max_verifying_key_bytes must be 1..1048576, got 0"},
		{"key bytes above 1 MiB", func(p *types.Params) { p.MaxVerifyingKeyBytes = 1<<20 + 1 }, "max_verifying_key_bytes must be 1..1048576"},
		{"royalty above 100 %", func(p *types.Params) { p.MaxRoyaltyBps = 10_001 }, "max_royalty_bps must be at most 10000"},
		{"no slices", func(p *types.Params) { p.MaxValidationSlices = 0 }, "max_validation_slices must be 1..1024, got 0"},
		{"too many slices", func(p *types.Params) { p.MaxValidationSlices = 1025 }, "max_validation_slices must be 1..1024"},
		{"zero min epoch", func(p *types.Params) { p.MinEpochBlocks = 0 }, "min_epoch_blocks must be 1.."},
		{"min epoch above max", func(p *types.Params) { p.MinEpochBlocks = p.MaxEpochBlocks + 1 }, "min_epoch_blocks (1000001) must not exceed max_epoch_blocks (1000000)"},
		{"huge epoch", func(p *types.Params) { p.MaxEpochBlocks = types.MaxBlocks + 1 }, "max_epoch_blocks must be 1..1099511627776"},
		{"zero min bounty blocks", func(p *types.Params) { p.MinBountyBlocks = 0 }, "min_bounty_blocks must be 1.."},
		{"min bounty above max", func(p *types.Params) { p.MinBountyBlocks, p.MaxBountyBlocks = 10, 9 }, "min_bounty_blocks (10) must not exceed max_bounty_blocks (9)"},
		{"zero reveal window", func(p *types.Params) { p.TestRevealWindowBlocks = 0 }, "test_reveal_window_blocks must be 1.."},
		{"zero scoring window", func(p *types.Params) { p.ScoringWindowBlocks = 0 }, "scoring_window_blocks must be 1.."},
		{"no resolutions", func(p *types.Params) { p.MaxBountyResolutionsPerBlock = 0 }, "max_bounty_resolutions_per_block must be at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := types.DefaultParams()
			tc.malleate(&p)
			err := p.Validate()
			require.ErrorIs(t, err, types.ErrInvalidParams)
			require.ErrorContains(t, err, tc.contains)
		})
	}
}

package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// SlashingStakingKeeper is the x/staking keeper handed to x/slashing and
// x/evidence. CometBFT reports the weighted power x/stake sent, so before
// x/staking turns a power into tokens to slash, it is converted back to the
// validator's un-weighted staking power at the infraction (StakingPowerAt).
// Everything else is x/staking's keeper unchanged.
type SlashingStakingKeeper struct {
	*stakingkeeper.Keeper
	stake Keeper
}

// NewSlashingStakingKeeper wraps staking for x/slashing and x/evidence.
func NewSlashingStakingKeeper(staking *stakingkeeper.Keeper, stake Keeper) SlashingStakingKeeper {
	return SlashingStakingKeeper{Keeper: staking, stake: stake}
}

// Slash slashes with the power converted back to staking power.
func (w SlashingStakingKeeper) Slash(ctx context.Context, consAddr sdk.ConsAddress, distributionHeight, power int64, fraction math.LegacyDec) (math.Int, error) {
	stakingPower, err := w.stake.StakingPowerAt(ctx, consAddr, distributionHeight, power)
	if err != nil {
		return math.Int{}, err
	}
	return w.Keeper.Slash(ctx, consAddr, distributionHeight, stakingPower, fraction)
}

// SlashWithInfractionReason slashes with the power converted back to
// staking power.
func (w SlashingStakingKeeper) SlashWithInfractionReason(
	ctx context.Context, consAddr sdk.ConsAddress, distributionHeight, power int64, fraction math.LegacyDec, reason stakingtypes.Infraction,
) (math.Int, error) {
	stakingPower, err := w.stake.StakingPowerAt(ctx, consAddr, distributionHeight, power)
	if err != nil {
		return math.Int{}, err
	}
	return w.Keeper.SlashWithInfractionReason(ctx, consAddr, distributionHeight, stakingPower, fraction, reason)
}

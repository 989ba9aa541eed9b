package app

import (
	"encoding/json"
	"fmt"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// ExportAppStateAndValidators exports the application state as a genesis
// file. With forZeroHeight the state is prepared for a new chain that starts
// at height zero (rewards withdrawn, heights reset); validators not listed in
// jailAllowedAddrs are jailed in that case when the list is not empty.
func (app *LiteGPTApp) ExportAppStateAndValidators(
	forZeroHeight bool, jailAllowedAddrs, modulesToExport []string,
) (servertypes.ExportedApp, error) {
	ctx := app.NewContextLegacy(true, cmtproto.Header{Height: app.LastBlockHeight()})

	// CometBFT starts InitChain at the height after the last committed one.
	height := app.LastBlockHeight() + 1
	if forZeroHeight {
		height = 0
		if err := app.prepForZeroHeightGenesis(ctx, jailAllowedAddrs); err != nil {
			return servertypes.ExportedApp{}, fmt.Errorf("preparing zero-height export: %w", err)
		}
	}

	genState, err := app.ModuleManager.ExportGenesisForModules(ctx, app.appCodec, modulesToExport)
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	appState, err := json.MarshalIndent(genState, "", "  ")
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	// CometBFT knows the weighted powers x/stake sent, not x/staking's.
	validators, err := app.StakeKeeper.WriteValidators(ctx)
	if err != nil {
		return servertypes.ExportedApp{}, err
	}
	return servertypes.ExportedApp{
		AppState:        appState,
		Validators:      validators,
		Height:          height,
		ConsensusParams: app.GetConsensusParams(ctx),
	}, nil
}

// prepForZeroHeightGenesis withdraws all rewards and commissions, resets
// distribution records and every creation and start height, so that the
// exported state is valid for a chain starting at height zero.
func (app *LiteGPTApp) prepForZeroHeightGenesis(ctx sdk.Context, jailAllowedAddrs []string) error {
	allowed := make(map[string]bool, len(jailAllowedAddrs))
	for _, addr := range jailAllowedAddrs {
		if _, err := sdk.ValAddressFromBech32(addr); err != nil {
			return fmt.Errorf("jail-allowed address %q: %w", addr, err)
		}
		allowed[addr] = true
	}

	validators, err := app.StakingKeeper.GetAllValidators(ctx)
	if err != nil {
		return err
	}
	delegations, err := app.StakingKeeper.GetAllDelegations(ctx)
	if err != nil {
		return err
	}

	// Pay out every commission and reward so distribution can restart clean.
	for _, val := range validators {
		valAddr, err := sdk.ValAddressFromBech32(val.GetOperator())
		if err != nil {
			return err
		}
		_, _ = app.DistrKeeper.WithdrawValidatorCommission(ctx, valAddr) // no commission is not an error here
	}
	for _, del := range delegations {
		valAddr, delAddr, err := delegationAddresses(del)
		if err != nil {
			return err
		}
		if _, err := app.DistrKeeper.WithdrawDelegationRewards(ctx, delAddr, valAddr); err != nil {
			return fmt.Errorf("withdrawing rewards of %s from %s: %w", del.DelegatorAddress, del.ValidatorAddress, err)
		}
	}
	app.DistrKeeper.DeleteAllValidatorSlashEvents(ctx)
	app.DistrKeeper.DeleteAllValidatorHistoricalRewards(ctx)

	// Re-create distribution records at height zero; left-over reward
	// fractions go to the community pool.
	height := ctx.BlockHeight()
	ctx = ctx.WithBlockHeight(0)
	for _, val := range validators {
		valAddr, err := sdk.ValAddressFromBech32(val.GetOperator())
		if err != nil {
			return err
		}
		scraps, err := app.DistrKeeper.GetValidatorOutstandingRewardsCoins(ctx, valAddr)
		if err != nil {
			return err
		}
		feePool, err := app.DistrKeeper.FeePool.Get(ctx)
		if err != nil {
			return err
		}
		feePool.CommunityPool = feePool.CommunityPool.Add(scraps...)
		if err := app.DistrKeeper.FeePool.Set(ctx, feePool); err != nil {
			return err
		}
		if err := app.DistrKeeper.Hooks().AfterValidatorCreated(ctx, valAddr); err != nil {
			return err
		}
	}
	for _, del := range delegations {
		valAddr, delAddr, err := delegationAddresses(del)
		if err != nil {
			return err
		}
		if err := app.DistrKeeper.Hooks().BeforeDelegationCreated(ctx, delAddr, valAddr); err != nil {
			return err
		}
		if err := app.DistrKeeper.Hooks().AfterDelegationModified(ctx, delAddr, valAddr); err != nil {
			return err
		}
	}
	ctx = ctx.WithBlockHeight(height)

	if err := app.resetStakingHeights(ctx, validators, allowed); err != nil {
		return err
	}
	if err := app.ReputationKeeper.RebaseForZeroHeight(ctx); err != nil {
		return err
	}
	// Bring x/stake's last-sent set in line with the reset staking set, then
	// restart its power records at the new chain's genesis.
	if _, err := app.StakeKeeper.PowerUpdates(ctx); err != nil {
		return err
	}
	if err := app.StakeKeeper.ResetPowerRecordsForZeroHeight(ctx); err != nil {
		return err
	}

	// Signing windows restart with the new chain.
	var signingErr error
	err = app.SlashingKeeper.IterateValidatorSigningInfos(ctx, func(addr sdk.ConsAddress, info slashingtypes.ValidatorSigningInfo) bool {
		info.StartHeight = 0
		signingErr = app.SlashingKeeper.SetValidatorSigningInfo(ctx, addr, info)
		return signingErr != nil
	})
	if err != nil {
		return err
	}
	return signingErr
}

// resetStakingHeights zeroes creation heights of redelegations and unbonding
// delegations and the unbonding height of validators, jailing validators that
// are not in the allowed list (when one is given).
func (app *LiteGPTApp) resetStakingHeights(ctx sdk.Context, validators []stakingtypes.Validator, allowed map[string]bool) error {
	var innerErr error
	err := app.StakingKeeper.IterateRedelegations(ctx, func(_ int64, red stakingtypes.Redelegation) bool {
		for i := range red.Entries {
			red.Entries[i].CreationHeight = 0
		}
		innerErr = app.StakingKeeper.SetRedelegation(ctx, red)
		return innerErr != nil
	})
	if err != nil || innerErr != nil {
		return firstError(err, innerErr)
	}
	err = app.StakingKeeper.IterateUnbondingDelegations(ctx, func(_ int64, ubd stakingtypes.UnbondingDelegation) bool {
		for i := range ubd.Entries {
			ubd.Entries[i].CreationHeight = 0
		}
		innerErr = app.StakingKeeper.SetUnbondingDelegation(ctx, ubd)
		return innerErr != nil
	})
	if err != nil || innerErr != nil {
		return firstError(err, innerErr)
	}
	for _, val := range validators {
		val.UnbondingHeight = 0
		if len(allowed) > 0 && !allowed[val.GetOperator()] {
			val.Jailed = true
		}
		if err := app.StakingKeeper.SetValidator(ctx, val); err != nil {
			return err
		}
	}
	_, err = app.StakingKeeper.ApplyAndReturnValidatorSetUpdates(ctx)
	return err
}

func delegationAddresses(del stakingtypes.Delegation) (sdk.ValAddress, sdk.AccAddress, error) {
	valAddr, err := sdk.ValAddressFromBech32(del.ValidatorAddress)
	if err != nil {
		return nil, nil, fmt.Errorf("delegation validator %q: %w", del.ValidatorAddress, err)
	}
	delAddr, err := sdk.AccAddressFromBech32(del.DelegatorAddress)
	if err != nil {
		return nil, nil, fmt.Errorf("delegation delegator %q: %w", del.DelegatorAddress, err)
	}
	return valAddr, delAddr, nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

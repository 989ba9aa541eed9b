package keeper

import (
	"context"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// bondedValidator is one validator of x/staking's current bonded set, with
// the weighting x/stake applies to it this block.
type bondedValidator struct {
	operator     sdk.ValAddress
	consAddr     sdk.ConsAddress
	pubKey       cmtcrypto.PublicKey
	stakingPower int64
	weight       types.ValidatorWeight
	stored       *types.ValidatorWeight // the weight in the store before this block, if any
	power        int64                  // weighted power x/stake wants CometBFT to use
}

// PowerUpdates computes the validator updates of this block, to be returned
// from EndBlock instead of x/staking's (which the app drops):
//
//   - the bonded set and staking powers are x/staking's, read after its
//     EndBlock, so joins, jailings, tombstones and unbondings (and
//     delegation changes) reach CometBFT in the same block;
//   - each validator's power is staking power x its multiplier; at heights
//     that are multiples of power_epoch_blocks every multiplier moves toward
//     the target its operator's reputation gives, by at most
//     max_multiplier_change, and validators whose operator reputation is
//     below min_voting_reputation get zero power (unless that would leave no
//     validator, in which case the threshold is ignored for the epoch);
//   - a new validator starts at multiplier 1 and is eligible if its operator's
//     reputation meets the threshold;
//   - only validators x/stake sent before are ever removed, and never all of
//     them: an empty result keeps the previous set.
//
// It also records every change of staking power or weighted power for
// slashing conversion, and prunes records no evidence can need any more.
func (k Keeper) PowerUpdates(ctx context.Context) ([]abci.ValidatorUpdate, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	height := sdkCtx.BlockHeight()
	epoch := height%int64(params.PowerEpochBlocks) == 0

	bonded, err := k.bondedValidators(ctx)
	if err != nil {
		return nil, err
	}
	thresholdIgnored := false
	for i := range bonded {
		v := &bonded[i]
		if err := k.weigh(ctx, v, params, epoch); err != nil {
			return nil, err
		}
	}
	if allIneligible(bonded) {
		// The threshold rule never empties the set: it is ignored (and, at an
		// epoch, for the whole epoch).
		thresholdIgnored = true
		for i := range bonded {
			bonded[i].weight.Eligible = true
		}
	}
	for i := range bonded {
		v := &bonded[i]
		if v.weight.Eligible {
			v.power = types.WeightedPower(v.stakingPower, v.weight.Multiplier)
		}
		if v.stored == nil || *v.stored != v.weight {
			if err := k.Weights.Set(ctx, v.operator, v.weight); err != nil {
				return nil, err
			}
		}
	}
	if epoch {
		if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventPowerEpoch{
			Height: height, Validators: uint32(len(bonded)), ThresholdIgnored: thresholdIgnored, Time: sdkCtx.BlockTime(),
		}); err != nil {
			return nil, err
		}
	}

	updates, err := k.diffAgainstLastSent(ctx, bonded)
	if err != nil {
		return nil, err
	}
	return updates, k.prunePowerRecords(ctx)
}

// bondedValidators reads x/staking's bonded set (its last validator powers)
// in operator address order.
func (k Keeper) bondedValidators(ctx context.Context) ([]bondedValidator, error) {
	var (
		bonded  []bondedValidator
		iterErr error
	)
	err := k.staking.IterateLastValidatorPowers(ctx, func(operator sdk.ValAddress, power int64) bool {
		validator, err := k.staking.GetValidator(ctx, operator)
		if err != nil {
			iterErr = fmt.Errorf("bonded validator %s: %w", operator, err)
			return true
		}
		consAddr, err := validator.GetConsAddr()
		if err != nil {
			iterErr = err
			return true
		}
		pubKey, err := validator.CmtConsPublicKey()
		if err != nil {
			iterErr = err
			return true
		}
		bonded = append(bonded, bondedValidator{operator: operator, consAddr: consAddr, pubKey: pubKey, stakingPower: power})
		return false
	})
	if err != nil {
		return nil, err
	}
	return bonded, iterErr
}

// weigh sets v.weight: the stored state, a fresh one for a joining
// validator, and at epochs the next step toward the reputation target.
func (k Keeper) weigh(ctx context.Context, v *bondedValidator, params types.Params, epoch bool) error {
	weight, err := k.Weights.Get(ctx, v.operator)
	joining := errors.Is(err, collections.ErrNotFound)
	if err != nil && !joining {
		return err
	}
	if !joining {
		stored := weight
		v.stored = &stored
	}
	if !joining && !epoch {
		v.weight = weight
		return nil
	}
	score, err := k.reputation.Score(ctx, sdk.AccAddress(v.operator))
	if err != nil {
		return fmt.Errorf("reputation of validator %s: %w", v.operator, err)
	}
	if joining {
		weight = types.ValidatorWeight{Multiplier: types.MultiplierOne}
	}
	if epoch {
		weight.Multiplier = types.StepToward(weight.Multiplier, types.TargetMultiplier(score, params), params.MaxMultiplierChange)
	}
	weight.Eligible = score >= params.MinVotingReputation
	v.weight = weight
	return nil
}

func allIneligible(bonded []bondedValidator) bool {
	for _, v := range bonded {
		if v.weight.Eligible {
			return false
		}
	}
	return len(bonded) > 0
}

// diffAgainstLastSent turns the wanted powers into CometBFT updates against
// what x/stake last sent, stores the new last-sent set and power records,
// and emits EventPowerChanged for every validator whose power changes.
func (k Keeper) diffAgainstLastSent(ctx context.Context, bonded []bondedValidator) ([]abci.ValidatorUpdate, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	wanted := make(map[string]bool, len(bonded))
	for _, v := range bonded {
		if v.power > 0 {
			wanted[string(v.consAddr)] = true
		}
	}
	if len(wanted) == 0 {
		// Never ask CometBFT to empty the set: keep the last one.
		return nil, nil
	}

	var updates []abci.ValidatorUpdate
	for _, v := range bonded {
		if v.power == 0 {
			continue
		}
		last, err := k.LastSent.Get(ctx, v.consAddr)
		known := err == nil
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return nil, err
		}
		sent := types.SentPower{OperatorAddress: v.operator.String(), PubKey: v.pubKey, StakingPower: v.stakingPower, Power: v.power}
		if known && last.Power == v.power && last.StakingPower == v.stakingPower && last.PubKey.Equal(v.pubKey) {
			continue
		}
		if !known || last.Power != v.power || !last.PubKey.Equal(v.pubKey) {
			updates = append(updates, abci.ValidatorUpdate{PubKey: v.pubKey, Power: v.power})
			if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventPowerChanged{
				OperatorAddress: sent.OperatorAddress, StakingPower: v.stakingPower, Multiplier: v.weight.Multiplier,
				Eligible: v.weight.Eligible, PreviousPower: last.Power, Power: v.power,
			}); err != nil {
				return nil, err
			}
		}
		if err := k.LastSent.Set(ctx, v.consAddr, sent); err != nil {
			return nil, err
		}
		if err := k.recordPower(ctx, v.consAddr, v.stakingPower, v.power); err != nil {
			return nil, err
		}
	}

	// Remove what was sent before and is no longer wanted; nothing else.
	var removed []types.SentPower
	var removedAddrs []sdk.ConsAddress
	err := k.LastSent.Walk(ctx, nil, func(consAddr sdk.ConsAddress, last types.SentPower) (bool, error) {
		if !wanted[string(consAddr)] {
			removed, removedAddrs = append(removed, last), append(removedAddrs, consAddr)
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	for i, last := range removed {
		updates = append(updates, abci.ValidatorUpdate{PubKey: last.PubKey, Power: 0})
		if err := k.LastSent.Remove(ctx, removedAddrs[i]); err != nil {
			return nil, err
		}
		if err := k.recordPower(ctx, removedAddrs[i], 0, 0); err != nil {
			return nil, err
		}
		operator, err := sdk.ValAddressFromBech32(last.OperatorAddress)
		if err != nil {
			return nil, fmt.Errorf("stored operator address %q: %w", last.OperatorAddress, err)
		}
		weight, err := k.Weights.Get(ctx, operator)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return nil, err
		}
		if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventPowerChanged{
			OperatorAddress: last.OperatorAddress, StakingPower: last.StakingPower, Multiplier: weight.Multiplier,
			Eligible: weight.Eligible, PreviousPower: last.Power, Power: 0,
		}); err != nil {
			return nil, err
		}
	}
	return updates, nil
}

package keeper

import (
	"context"

	abci "github.com/cometbft/cometbft/abci/types"
	cmttypes "github.com/cometbft/cometbft/types"
	cryptocodec "github.com/cosmos/cosmos-sdk/crypto/codec"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// initPowerGenesis loads weights, the last-sent set and power records, and
// returns the validator set CometBFT starts with.
//
// A new chain has no last-sent set: the set is x/staking's bonded set (as
// genutil's gentxs or the staking genesis made it) at multiplier 1, recorded
// two heights before the initial height, when it takes effect. An exported
// chain's last-sent set is returned as it was, so the weighted powers carry
// over exactly.
func (k Keeper) initPowerGenesis(ctx context.Context, gs types.GenesisState) ([]abci.ValidatorUpdate, error) {
	for _, w := range gs.Weights {
		operator, err := k.staking.ValidatorAddressCodec().StringToBytes(w.OperatorAddress)
		if err != nil {
			return nil, types.ErrInvalidGenesis.Wrapf("weight operator %q: %s", w.OperatorAddress, err)
		}
		if err := k.Weights.Set(ctx, operator, w.Weight); err != nil {
			return nil, err
		}
	}
	for _, r := range gs.PowerRecords {
		consAddr, err := k.staking.ConsensusAddressCodec().StringToBytes(r.ConsAddress)
		if err != nil {
			return nil, types.ErrInvalidGenesis.Wrapf("power record address %q: %s", r.ConsAddress, err)
		}
		if err := k.PowerRecords.Set(ctx, collections.Join(sdk.ConsAddress(consAddr), r.Height), r.Record); err != nil {
			return nil, err
		}
	}
	if err := k.rebuildPruneQueue(ctx); err != nil {
		return nil, err
	}

	if len(gs.LastSent) > 0 {
		updates := make([]abci.ValidatorUpdate, 0, len(gs.LastSent))
		for _, sent := range gs.LastSent {
			consAddr, err := consAddressOf(sent)
			if err != nil {
				return nil, err
			}
			if err := k.LastSent.Set(ctx, consAddr, sent); err != nil {
				return nil, err
			}
			updates = append(updates, abci.ValidatorUpdate{PubKey: sent.PubKey, Power: sent.Power})
		}
		return updates, nil
	}

	bonded, err := k.bondedValidators(ctx)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	// InitChain runs at height 0 for a chain starting at 1, or at its
	// initial height; the genesis set governs the first two heights.
	initialHeight := max(sdkCtx.BlockHeight(), 1)
	updates := make([]abci.ValidatorUpdate, 0, len(bonded))
	for _, v := range bonded {
		weight := types.ValidatorWeight{Multiplier: types.MultiplierOne, Eligible: true}
		if err := k.Weights.Set(ctx, v.operator, weight); err != nil {
			return nil, err
		}
		sent := types.SentPower{OperatorAddress: v.operator.String(), PubKey: v.pubKey, StakingPower: v.stakingPower, Power: v.stakingPower}
		if err := k.LastSent.Set(ctx, v.consAddr, sent); err != nil {
			return nil, err
		}
		record := types.PowerRecord{StakingPower: v.stakingPower, Power: v.stakingPower, Time: sdkCtx.BlockTime()}
		if err := k.PowerRecords.Set(ctx, collections.Join(v.consAddr, initialHeight-2), record); err != nil {
			return nil, err
		}
		updates = append(updates, abci.ValidatorUpdate{PubKey: v.pubKey, Power: v.stakingPower})
	}
	return updates, nil
}

// rebuildPruneQueue derives the prune queue from the power records: each
// record is queued at the height of the validator's next record, and a
// removal record (power 0) at its own height.
func (k Keeper) rebuildPruneQueue(ctx context.Context) error {
	type rec struct {
		addr   sdk.ConsAddress
		height int64
		record types.PowerRecord
	}
	var all []rec
	err := k.PowerRecords.Walk(ctx, nil, func(key collections.Pair[sdk.ConsAddress, int64], r types.PowerRecord) (bool, error) {
		all = append(all, rec{key.K1(), key.K2(), r})
		return false, nil
	})
	if err != nil {
		return err
	}
	for i, r := range all {
		if i+1 < len(all) && all[i+1].addr.Equals(r.addr) {
			next := all[i+1]
			if err := k.PowerPruneQueue.Set(ctx, collections.Join3(next.height, r.addr, r.height), next.record.Time.UnixNano()); err != nil {
				return err
			}
		}
		if r.record.Power == 0 {
			if err := k.PowerPruneQueue.Set(ctx, collections.Join3(r.height, r.addr, r.height), r.record.Time.UnixNano()); err != nil {
				return err
			}
		}
	}
	return nil
}

// exportPowerGenesis writes weights, the last-sent set and power records.
func (k Keeper) exportPowerGenesis(ctx context.Context, gs *types.GenesisState) error {
	err := k.Weights.Walk(ctx, nil, func(operator sdk.ValAddress, w types.ValidatorWeight) (bool, error) {
		gs.Weights = append(gs.Weights, types.GenesisValidatorWeight{OperatorAddress: operator.String(), Weight: w})
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.LastSent.Walk(ctx, nil, func(_ sdk.ConsAddress, sent types.SentPower) (bool, error) {
		gs.LastSent = append(gs.LastSent, sent)
		return false, nil
	})
	if err != nil {
		return err
	}
	return k.PowerRecords.Walk(ctx, nil, func(key collections.Pair[sdk.ConsAddress, int64], r types.PowerRecord) (bool, error) {
		gs.PowerRecords = append(gs.PowerRecords, types.GenesisPowerRecord{ConsAddress: key.K1().String(), Height: key.K2(), Record: r})
		return false, nil
	})
}

// WriteValidators returns the CometBFT genesis validators of an export: the
// weighted set x/stake last sent (x/staking's own would be un-weighted).
func (k Keeper) WriteValidators(ctx context.Context) ([]cmttypes.GenesisValidator, error) {
	var vals []cmttypes.GenesisValidator
	err := k.LastSent.Walk(ctx, nil, func(consAddr sdk.ConsAddress, sent types.SentPower) (bool, error) {
		pk, err := cryptocodec.FromCmtProtoPublicKey(sent.PubKey)
		if err != nil {
			return true, err
		}
		cmtPk, err := cryptocodec.ToCmtPubKeyInterface(pk)
		if err != nil {
			return true, err
		}
		name := sent.OperatorAddress
		if operator, err := sdk.ValAddressFromBech32(sent.OperatorAddress); err == nil {
			if v, err := k.staking.GetValidator(ctx, operator); err == nil {
				name = v.GetMoniker()
			}
		}
		vals = append(vals, cmttypes.GenesisValidator{Address: consAddr.Bytes(), PubKey: cmtPk, Power: sent.Power, Name: name})
		return false, nil
	})
	return vals, err
}

// ResetPowerRecordsForZeroHeight replaces every power record by one record
// per validator in the last-sent set, at height -1: a chain restarted at
// height zero starts with that set, and the old heights mean nothing there.
func (k Keeper) ResetPowerRecordsForZeroHeight(ctx context.Context) error {
	if err := k.PowerRecords.Clear(ctx, nil); err != nil {
		return err
	}
	if err := k.PowerPruneQueue.Clear(ctx, nil); err != nil {
		return err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	return k.LastSent.Walk(ctx, nil, func(consAddr sdk.ConsAddress, sent types.SentPower) (bool, error) {
		record := types.PowerRecord{StakingPower: sent.StakingPower, Power: sent.Power, Time: now}
		return false, k.PowerRecords.Set(ctx, collections.Join(consAddr, int64(-1)), record)
	})
}

func consAddressOf(sent types.SentPower) (sdk.ConsAddress, error) {
	pk, err := cryptocodec.FromCmtProtoPublicKey(sent.PubKey)
	if err != nil {
		return nil, types.ErrInvalidGenesis.Wrapf("last_sent key of %s: %s", sent.OperatorAddress, err)
	}
	return sdk.ConsAddress(pk.Address()), nil
}

package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// maxPrunesPerBlock bounds the power records pruned in one block.
const maxPrunesPerBlock = 1000

// recordPower stores the power x/stake sends for consAddr at this height and
// queues the record it supersedes (and a removal record itself) for pruning
// once no admissible evidence can need it.
func (k Keeper) recordPower(ctx context.Context, consAddr sdk.ConsAddress, stakingPower, power int64) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	height, now := sdkCtx.BlockHeight(), sdkCtx.BlockTime()
	previous, found, err := k.latestRecordAtOrBefore(ctx, consAddr, height-1)
	if err != nil {
		return err
	}
	if found {
		if err := k.PowerPruneQueue.Set(ctx, collections.Join3(height, consAddr, previous), now.UnixNano()); err != nil {
			return err
		}
	}
	if power == 0 {
		if err := k.PowerPruneQueue.Set(ctx, collections.Join3(height, consAddr, height), now.UnixNano()); err != nil {
			return err
		}
	}
	return k.PowerRecords.Set(ctx, collections.Join(consAddr, height),
		types.PowerRecord{StakingPower: stakingPower, Power: power, Time: now})
}

// latestRecordAtOrBefore returns the height of consAddr's newest power record
// at or before height.
func (k Keeper) latestRecordAtOrBefore(ctx context.Context, consAddr sdk.ConsAddress, height int64) (int64, bool, error) {
	rng := collections.NewPrefixedPairRange[sdk.ConsAddress, int64](consAddr).EndInclusive(height).Descending()
	iter, err := k.PowerRecords.Iterate(ctx, rng)
	if err != nil {
		return 0, false, err
	}
	defer iter.Close()
	if !iter.Valid() {
		return 0, false, nil
	}
	key, err := iter.Key()
	if err != nil {
		return 0, false, err
	}
	return key.K2(), true, nil
}

// prunePowerRecords deletes records superseded at heights whose evidence is
// no longer admissible: both older than the evidence max age in blocks and
// in time (CometBFT and x/evidence reject evidence only when both hold).
func (k Keeper) prunePowerRecords(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	evidence := sdkCtx.ConsensusParams().Evidence
	if evidence == nil {
		return nil
	}
	height, now := sdkCtx.BlockHeight(), sdkCtx.BlockTime().UnixNano()
	iter, err := k.PowerPruneQueue.Iterate(ctx, nil)
	if err != nil {
		return err
	}
	var expired []collections.Triple[int64, sdk.ConsAddress, int64]
	for ; iter.Valid() && len(expired) < maxPrunesPerBlock; iter.Next() {
		kv, err := iter.KeyValue()
		if err != nil {
			iter.Close()
			return err
		}
		supersededAt, supersededTime := kv.Key.K1(), kv.Value
		if height-supersededAt <= evidence.MaxAgeNumBlocks || now-supersededTime <= evidence.MaxAgeDuration.Nanoseconds() {
			break // the queue is ordered by height, so nothing later is expired either
		}
		expired = append(expired, kv.Key)
	}
	iter.Close()
	for _, key := range expired {
		if err := k.PowerRecords.Remove(ctx, collections.Join(key.K2(), key.K3())); err != nil {
			return err
		}
		if err := k.PowerPruneQueue.Remove(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

// StakingPowerAt converts the power CometBFT reported for consAddr back to
// the un-weighted staking power that was in force, for slashing. The
// distributionHeight is what x/slashing and x/evidence pass (infraction - 1
// for evidence, height - 2 for downtime); the set in force then was sent by
// the EndBlock at distributionHeight - 1 or earlier, and CometBFT applies
// an EndBlock's updates two heights later. Without a record (a chain
// imported at zero height, or a record pruned as inadmissible) it falls
// back to the smaller of the reported power and the validator's current
// staking power, so a slash never takes more than the un-weighted power
// implies.
func (k Keeper) StakingPowerAt(ctx context.Context, consAddr sdk.ConsAddress, distributionHeight, reportedPower int64) (int64, error) {
	recordHeight, found, err := k.latestRecordAtOrBefore(ctx, consAddr, distributionHeight-1)
	if err != nil {
		return 0, err
	}
	if found {
		record, err := k.PowerRecords.Get(ctx, collections.Join(consAddr, recordHeight))
		if err != nil {
			return 0, err
		}
		if record.Power > 0 {
			if record.Power != reportedPower {
				sdk.UnwrapSDKContext(ctx).Logger().Error("reported power differs from the power x/stake sent",
					"validator", consAddr.String(), "reported", reportedPower, "sent", record.Power, "record_height", recordHeight)
			}
			return record.StakingPower, nil
		}
	}
	validator, err := k.staking.GetValidatorByConsAddr(ctx, consAddr)
	if err != nil {
		return 0, err
	}
	current := validator.GetConsensusPower(k.staking.PowerReduction(ctx))
	return min(current, reportedPower), nil
}

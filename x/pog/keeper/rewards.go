package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/rewards"
	"github.com/litegpt/litegpt/x/pog/types"
)

// recordProposer counts this block for its proposer's operator account
// in the current epoch. A block whose proposer is not a known validator
// (none in unit tests) counts for nobody.
func (k Keeper) recordProposer(ctx context.Context, epoch uint64) error {
	consAddr := sdk.ConsAddress(sdk.UnwrapSDKContext(ctx).BlockHeader().ProposerAddress)
	if len(consAddr) == 0 || k.staking == nil {
		return nil
	}
	val, err := k.staking.GetValidatorByConsAddr(ctx, consAddr)
	if err != nil {
		return nil
	}
	op, err := k.staking.ValidatorAddressCodec().StringToBytes(val.GetOperator())
	if err != nil {
		return err
	}
	key := collections.Join(epoch, sdk.AccAddress(op))
	n, err := k.ProposerBlocks.Get(ctx, key)
	if err != nil && !errorsIsNotFound(err) {
		return err
	}
	return k.ProposerBlocks.Set(ctx, key, n+1)
}

// payEpoch pays epoch's release: the schedule's amount, never more than
// the network_rewards pool holds; proposer_share_bps of it to the epoch's
// block proposers in proportion to the blocks they proposed, the rest to
// the versions settled in the epoch in proportion to their verified gain
// (a version with no gain gets nothing). What nobody can be paid stays in
// the pool. It stores and emits EpochRewards.
func (k Keeper) payEpoch(ctx context.Context, epoch uint64, params types.Params) error {
	pool := k.account.GetModuleAddress(types.NetworkRewardsPool)
	balance := math.ZeroInt()
	if pool != nil {
		balance = k.bank.GetBalance(ctx, pool, types.BondDenom).Amount
	}
	release := math.MinInt(params.Schedule().Release(epoch), balance)
	toProposers, toLearning, err := rewards.SplitBps(release, params.ProposerShareBps)
	if err != nil {
		return err
	}
	record := types.EpochRewards{Epoch: epoch, Released: release, ToProposers: math.ZeroInt(), ToLearners: math.ZeroInt()}

	var proposers []sdk.AccAddress
	var blocks []math.Int
	rng := collections.NewPrefixedPairRange[uint64, sdk.AccAddress](epoch)
	err = k.ProposerBlocks.Walk(ctx, rng, func(key collections.Pair[uint64, sdk.AccAddress], n uint64) (bool, error) {
		proposers, blocks = append(proposers, key.K2()), append(blocks, math.NewIntFromUint64(n))
		return false, nil
	})
	if err != nil {
		return err
	}
	if err := k.ProposerBlocks.Clear(ctx, rng); err != nil {
		return err
	}
	shares, _, err := rewards.Proportional(toProposers, blocks)
	if err != nil {
		return err
	}
	for i, addr := range proposers {
		if err := k.payReward(ctx, epoch, addr, shares[i], 0); err != nil {
			return err
		}
		record.ToProposers = record.ToProposers.Add(shares[i])
	}

	var versions []types.Version
	var gains []math.Int
	unpaid := collections.NewPrefixedPairRange[uint64, uint64](epoch)
	err = k.Unpaid.Walk(ctx, unpaid, func(key collections.Pair[uint64, uint64]) (bool, error) {
		v, err := k.GetVersion(ctx, key.K2())
		if err != nil {
			return true, err
		}
		versions, gains = append(versions, v), append(gains, math.NewInt(v.Settlement.Gain))
		return false, nil
	})
	if err != nil {
		return err
	}
	if err := k.Unpaid.Clear(ctx, unpaid); err != nil {
		return err
	}
	shares, _, err = rewards.Proportional(toLearning, gains)
	if err != nil {
		return err
	}
	for i, v := range versions {
		learner, err := k.account.AddressCodec().StringToBytes(v.Learner)
		if err != nil {
			return err
		}
		if err := k.payReward(ctx, epoch, learner, shares[i], v.Id); err != nil {
			return err
		}
		v.Settlement.Reward, v.Settlement.Paid = shares[i], true
		if err := k.Versions.Set(ctx, v.Id, v); err != nil {
			return err
		}
		record.ToLearners = record.ToLearners.Add(shares[i])
		if shares[i].IsPositive() {
			record.Versions++
		}
	}
	record.Unspent = release.Sub(record.ToProposers).Sub(record.ToLearners)
	if err := k.EpochRewards.Set(ctx, epoch, record); err != nil {
		return err
	}
	return emit(ctx, &types.EventEpochRewardsPaid{Rewards: record})
}

// payReward sends amount (if positive) from the pool to addr and emits
// EventRewardPaid.
func (k Keeper) payReward(ctx context.Context, epoch uint64, addr sdk.AccAddress, amount math.Int, version uint64) error {
	if !amount.IsPositive() {
		return nil
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.NetworkRewardsPool, addr, sdk.NewCoins(sdk.NewCoin(types.BondDenom, amount))); err != nil {
		return err
	}
	return emit(ctx, &types.EventRewardPaid{Epoch: epoch, Recipient: k.addressString(addr), Amount: amount, VersionId: version})
}

package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
)

// EndBlocker runs x/pog's clock, in this order:
//  1. the block counts for its proposer in the current epoch;
//  2. at the last height of the beacon round's commit window, the
//     verifier snapshot is taken;
//  3. polls whose reveal window ends with this block are tallied;
//  4. at the round's last height its seed is fixed and the next round
//     starts; then the committees of polls waiting for a final round are
//     drawn (3 and 4 share max_tallies_per_block; the rest carry over);
//  5. at the epoch's last height its rewards are paid and the next epoch
//     starts.
func (k Keeper) EndBlocker(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	clock, err := k.Clock.Get(ctx)
	if err != nil {
		return err
	}
	h := height(ctx)
	if err := k.recordProposer(ctx, clock.Epoch); err != nil {
		return err
	}
	if h == commitWindowEnd(clock)-1 {
		if _, err := k.snapshotCandidates(ctx, clock.Round, params); err != nil {
			return err
		}
	}
	budget := int(params.MaxTalliesPerBlock)
	n, err := k.tallyDue(ctx, params, budget)
	if err != nil {
		return err
	}
	if h >= roundEnd(clock)-1 {
		if clock, err = k.finalizeRound(ctx, clock, params); err != nil {
			return err
		}
	}
	if budget > n {
		if _, err := k.drawDue(ctx, clock, params, budget-n); err != nil {
			return err
		}
	}
	if h >= clock.EpochStartHeight+int64(clock.EpochBlocks)-1 {
		if err := k.inCache(ctx, func(c context.Context) error { return k.payEpoch(c, clock.Epoch, params) }); err != nil {
			// Paying cannot fail short of a bug; if it does, the epoch's
			// release stays in the pool and the chain goes on.
			k.logger(ctx).Error("epoch rewards not paid", "epoch", clock.Epoch, "err", err)
		}
		clock.Epoch, clock.EpochStartHeight, clock.EpochBlocks = clock.Epoch+1, h+1, params.EpochBlocks
	}
	return k.Clock.Set(ctx, clock)
}

// errorsIsNotFound reports a missing collections entry.
func errorsIsNotFound(err error) bool { return errors.Is(err, collections.ErrNotFound) }

package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// resolveDue handles one due queue entry on ctx: it removes the entry and
//   - test set not revealed: re-queues the bounty at the end of the reveal
//     window (latest_bounty_deadline plus test_reveal_window_blocks) if a
//     later bounty moved it into the future, and otherwise refunds the
//     poster ("test set not revealed");
//   - revealed, scoring still open: re-queues it at the end of scoring;
//   - scoring over: pays the best eligible model's builder, or refunds
//     ("no eligible model").
func (k Keeper) resolveDue(ctx context.Context, params types.Params, key collections.Pair[int64, uint64]) error {
	if err := k.BountyQueue.Remove(ctx, key); err != nil {
		return err
	}
	bounty, err := k.GetBounty(ctx, key.K2())
	if err != nil {
		return err
	}
	if bounty.Status != types.BountyOpen { // BountyInvariant rules this out
		sdk.UnwrapSDKContext(ctx).Logger().Error("dropping the queue entry of a resolved bounty", "bounty", bounty.Id, "status", bounty.Status)
		return nil
	}
	task, err := k.GetTask(ctx, bounty.TaskId)
	if err != nil {
		return err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if task.TestSet == nil {
		revealEnd, err := types.AddBlocks(task.LatestBountyDeadline, params.TestRevealWindowBlocks)
		if err != nil {
			return err
		}
		if revealEnd > height {
			return k.BountyQueue.Set(ctx, collections.Join(revealEnd, bounty.Id))
		}
		return k.refundBounty(ctx, bounty, types.RefundNotRevealed)
	}
	scoringEnd, err := types.AddBlocks(task.TestSet.RevealedHeight, params.ScoringWindowBlocks)
	if err != nil {
		return err
	}
	if height < scoringEnd {
		return k.BountyQueue.Set(ctx, collections.Join(scoringEnd, bounty.Id))
	}
	winner, score, found, err := k.bountyWinner(ctx, bounty)
	if err != nil {
		return err
	}
	if !found {
		return k.refundBounty(ctx, bounty, types.RefundNoEligibleModel)
	}
	return k.payBounty(ctx, bounty, winner, score)
}

// bountyWinner walks the task's test scores best first and returns the
// first model registered before the bounty's deadline. With a threshold it
// stops at the first score that misses it: every later score is worse.
func (k Keeper) bountyWinner(ctx context.Context, bounty types.Bounty) (types.Model, types.ModelScore, bool, error) {
	var (
		winner types.Model
		score  types.ModelScore
		found  bool
	)
	err := walkRanked(ctx, k.TestScores, bounty.TaskId, func(s types.ModelScore) (bool, error) {
		if bounty.HasThreshold && !types.MeetsThreshold(s.Direction, s.Metric, bounty.Threshold) {
			return true, nil
		}
		model, err := k.GetModel(ctx, s.ModelId)
		if err != nil {
			return true, err
		}
		if model.RegisteredHeight >= bounty.DeadlineHeight {
			return false, nil // registered too late to compete
		}
		winner, score, found = model, s, true
		return true, nil
	})
	return winner, score, found, err
}

// payBounty pays the reward to the winner's builder.
func (k Keeper) payBounty(ctx context.Context, bounty types.Bounty, winner types.Model, score types.ModelScore) error {
	if err := k.release(ctx, winner.Builder, bounty.Reward); err != nil {
		return err
	}
	bounty.Status = types.BountyPaid
	bounty.ResolvedHeight = sdk.UnwrapSDKContext(ctx).BlockHeight()
	bounty.WinnerModelId, bounty.WinningMetric = winner.Id, score.Metric
	if err := k.Bounties.Set(ctx, bounty.Id, bounty); err != nil {
		return err
	}
	return emit(ctx, &types.EventBountyPaid{
		BountyId: bounty.Id, TaskId: bounty.TaskId, ModelId: winner.Id, Builder: winner.Builder,
		Reward: bounty.Reward, Metric: score.Metric,
	})
}

// refundBounty returns the reward to the poster.
func (k Keeper) refundBounty(ctx context.Context, bounty types.Bounty, reason string) error {
	if err := k.release(ctx, bounty.Poster, bounty.Reward); err != nil {
		return err
	}
	bounty.Status = types.BountyRefunded
	bounty.ResolvedHeight = sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := k.Bounties.Set(ctx, bounty.Id, bounty); err != nil {
		return err
	}
	return emit(ctx, &types.EventBountyRefunded{
		BountyId: bounty.Id, TaskId: bounty.TaskId, Poster: bounty.Poster, Reward: bounty.Reward, Reason: reason,
	})
}

// queueHeight is where an open bounty waits in the queue after genesis: at
// the end of scoring once its task's test set is revealed, else
// test_reveal_window_blocks after its deadline.
func queueHeight(params types.Params, bounty types.Bounty, task types.Task) (int64, error) {
	if task.TestSet != nil {
		return types.AddBlocks(task.TestSet.RevealedHeight, params.ScoringWindowBlocks)
	}
	return types.AddBlocks(bounty.DeadlineHeight, params.TestRevealWindowBlocks)
}

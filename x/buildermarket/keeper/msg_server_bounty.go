package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// PostBounty escrows a reward for the best model of a task whose test set
// is still hidden, until a deadline min_bounty_blocks..max_bounty_blocks
// ahead. The task's latest_bounty_deadline moves to the latest deadline
// (the test set may be revealed only from there), and EndBlock looks at the
// bounty again test_reveal_window_blocks after its deadline.
func (k msgServer) PostBounty(ctx context.Context, msg *types.MsgPostBounty) (*types.MsgPostBountyResponse, error) {
	poster, err := k.parseAddress("poster", msg.Poster)
	if err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidatePostBounty(msg, params); err != nil {
		return nil, err
	}
	task, err := k.GetTask(ctx, msg.TaskId)
	if err != nil {
		return nil, err
	}
	if task.TestSet != nil {
		return nil, types.ErrTestSetRevealed.Wrapf("task %d revealed its test set at height %d; new bounties would be judged on public data", task.Id, task.TestSet.RevealedHeight)
	}
	if msg.HasThreshold {
		if err := types.ValidateMetricValue(task.Metric, msg.Threshold); err != nil {
			return nil, types.ErrInvalidBounty.Wrapf("threshold: %s", err)
		}
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	earliest, err := types.AddBlocks(height, params.MinBountyBlocks)
	if err != nil {
		return nil, err
	}
	latest, err := types.AddBlocks(height, params.MaxBountyBlocks)
	if err != nil {
		return nil, err
	}
	if msg.DeadlineHeight < earliest || msg.DeadlineHeight > latest {
		return nil, types.ErrInvalidBounty.Wrapf("deadline_height must be in [%d, %d] (min_bounty_blocks..max_bounty_blocks after height %d), got %d",
			earliest, latest, height, msg.DeadlineHeight)
	}
	lookAgain, err := types.AddBlocks(msg.DeadlineHeight, params.TestRevealWindowBlocks)
	if err != nil {
		return nil, err
	}
	if err := k.escrow(ctx, poster, msg.Reward, "the bounty reward"); err != nil {
		return nil, err
	}
	id, err := nextID(ctx, k.NextBountyID)
	if err != nil {
		return nil, err
	}
	bounty := types.Bounty{
		Id: id, TaskId: task.Id, Poster: k.addressString(poster), Reward: msg.Reward, DeadlineHeight: msg.DeadlineHeight,
		HasThreshold: msg.HasThreshold, Threshold: msg.Threshold, Status: types.BountyOpen, CreatedHeight: height,
	}
	if err := k.Bounties.Set(ctx, id, bounty); err != nil {
		return nil, err
	}
	if err := k.BountyQueue.Set(ctx, collections.Join(lookAgain, id)); err != nil {
		return nil, err
	}
	if msg.DeadlineHeight > task.LatestBountyDeadline {
		task.LatestBountyDeadline = msg.DeadlineHeight
		if err := k.Tasks.Set(ctx, task.Id, task); err != nil {
			return nil, err
		}
	}
	return &types.MsgPostBountyResponse{BountyId: id}, emit(ctx, &types.EventBountyPosted{Bounty: bounty})
}

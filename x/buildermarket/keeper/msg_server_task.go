package keeper

import (
	"bytes"
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// CreateTask creates a task: the creator pays the task creation fee to the
// community pool, and the task gets the next id.
func (k msgServer) CreateTask(ctx context.Context, msg *types.MsgCreateTask) (*types.MsgCreateTaskResponse, error) {
	creator, err := k.parseAddress("creator", msg.Creator)
	if err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateCreateTask(msg, params); err != nil {
		return nil, err
	}
	if err := k.payFee(ctx, creator, params.TaskCreationFee); err != nil {
		return nil, err
	}
	id, err := nextID(ctx, k.NextTaskID)
	if err != nil {
		return nil, err
	}
	task := types.NewTask(msg, id, k.addressString(creator), sdk.UnwrapSDKContext(ctx).BlockHeight())
	if err := k.Tasks.Set(ctx, id, task); err != nil {
		return nil, err
	}
	return &types.MsgCreateTaskResponse{TaskId: id}, emit(ctx, &types.EventTaskCreated{Task: task})
}

// creatorTask returns the task a reveal names, requiring the signer to be
// its creator.
func (k msgServer) creatorTask(ctx context.Context, signer string, taskID uint64) (types.Task, error) {
	creator, err := k.parseAddress("creator", signer)
	if err != nil {
		return types.Task{}, err
	}
	task, err := k.GetTask(ctx, taskID)
	if err != nil {
		return types.Task{}, err
	}
	if k.addressString(creator) != task.Creator {
		return types.Task{}, types.ErrUnauthorized.Wrapf("only task %d's creator %s reveals its datasets, not %s", taskID, task.Creator, signer)
	}
	return task, nil
}

// RevealValidationSlice opens validation slice index of a task during its
// epoch: heights [created + index*epoch_blocks, created +
// (index+1)*epoch_blocks).
func (k msgServer) RevealValidationSlice(ctx context.Context, msg *types.MsgRevealValidationSlice) (*types.MsgRevealValidationSliceResponse, error) {
	if err := types.ValidateRevealValidationSlice(msg); err != nil {
		return nil, err
	}
	task, err := k.creatorTask(ctx, msg.Creator, msg.TaskId)
	if err != nil {
		return nil, err
	}
	if int(msg.Index) >= len(task.ValidationCommitments) {
		return nil, types.ErrInvalidReveal.Wrapf("task %d commits %d validation slices (indexes 0..%d), not %d",
			task.Id, len(task.ValidationCommitments), len(task.ValidationCommitments)-1, msg.Index)
	}
	key := collections.Join(task.Id, msg.Index)
	if existing, err := k.ValidationSlices.Get(ctx, key); err == nil {
		return nil, types.ErrInvalidReveal.Wrapf("validation slice %d of task %d was revealed at height %d", msg.Index, task.Id, existing.Dataset.RevealedHeight)
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	start, end, err := task.SliceWindow(msg.Index)
	if err != nil {
		return nil, err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if height < start || height >= end {
		return nil, types.ErrRevealOutOfWindow.Wrapf("validation slice %d of task %d may be revealed only at heights [%d, %d) (its epoch), now %d",
			msg.Index, task.Id, start, end, height)
	}
	opened := types.DatasetCommitment(types.DatasetValidation, msg.Index, msg.DataRoot, msg.LeafCount, msg.Salt)
	if !bytes.Equal(opened, task.ValidationCommitments[msg.Index]) {
		return nil, types.ErrInvalidReveal.Wrapf("data_root, leaf_count and salt do not open validation commitment %d of task %d", msg.Index, task.Id)
	}
	slice := types.ValidationSlice{TaskId: task.Id, Index: msg.Index, Dataset: types.RevealedDataset{
		DataRoot: msg.DataRoot, LeafCount: msg.LeafCount, Uri: msg.Uri, RevealedHeight: height,
	}}
	if err := k.ValidationSlices.Set(ctx, key, slice); err != nil {
		return nil, err
	}
	return &types.MsgRevealValidationSliceResponse{}, emit(ctx, &types.EventValidationSliceRevealed{Slice: slice})
}

// RevealTestSet opens a task's hidden test set. The task needs a bounty,
// and the reveal falls in [latest_bounty_deadline, latest_bounty_deadline +
// test_reveal_window_blocks): not before any bounty's deadline (nobody may
// train on it), and not after the window, when the bounties are refunded.
// Test metrics are then accepted for scoring_window_blocks.
func (k msgServer) RevealTestSet(ctx context.Context, msg *types.MsgRevealTestSet) (*types.MsgRevealTestSetResponse, error) {
	if err := types.ValidateRevealTestSet(msg); err != nil {
		return nil, err
	}
	task, err := k.creatorTask(ctx, msg.Creator, msg.TaskId)
	if err != nil {
		return nil, err
	}
	if task.TestSet != nil {
		return nil, types.ErrTestSetRevealed.Wrapf("task %d revealed its test set at height %d", task.Id, task.TestSet.RevealedHeight)
	}
	hasBounty, err := k.hasBounty(ctx, task.Id)
	if err != nil {
		return nil, err
	}
	if !hasBounty {
		return nil, types.ErrInvalidReveal.Wrapf("task %d has no bounty; its test set is revealed only after a bounty deadline, to judge the bounties", task.Id)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	revealEnd, err := types.AddBlocks(task.LatestBountyDeadline, params.TestRevealWindowBlocks)
	if err != nil {
		return nil, err
	}
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if height < task.LatestBountyDeadline || height >= revealEnd {
		return nil, types.ErrRevealOutOfWindow.Wrapf("the test set of task %d may be revealed only at heights [%d, %d) (from its latest bounty deadline for test_reveal_window_blocks), now %d",
			task.Id, task.LatestBountyDeadline, revealEnd, height)
	}
	opened := types.DatasetCommitment(types.DatasetTest, 0, msg.DataRoot, msg.LeafCount, msg.Salt)
	if !bytes.Equal(opened, task.TestSetCommitment) {
		return nil, types.ErrInvalidReveal.Wrapf("data_root, leaf_count and salt do not open the test-set commitment of task %d", task.Id)
	}
	scoringEnd, err := types.AddBlocks(height, params.ScoringWindowBlocks)
	if err != nil {
		return nil, err
	}
	task.TestSet = &types.RevealedDataset{DataRoot: msg.DataRoot, LeafCount: msg.LeafCount, Uri: msg.Uri, RevealedHeight: height}
	if err := k.Tasks.Set(ctx, task.Id, task); err != nil {
		return nil, err
	}
	return &types.MsgRevealTestSetResponse{ScoringEndsHeight: scoringEnd}, emit(ctx, &types.EventTestSetRevealed{
		TaskId: task.Id, TestSet: *task.TestSet, ScoringEndsHeight: scoringEnd,
	})
}

// hasBounty reports whether task has any bounty, open or resolved.
func (k Keeper) hasBounty(ctx context.Context, taskID uint64) (bool, error) {
	iter, err := k.Bounties.Indexes.ByTask.MatchExact(ctx, taskID)
	if err != nil {
		return false, err
	}
	defer iter.Close()
	return iter.Valid(), nil
}

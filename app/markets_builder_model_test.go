package app

import (
	"bytes"
	"sort"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	bm "github.com/litegpt/litegpt/x/buildermarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// opening is what a task creator keeps secret until it reveals a
// committed dataset.
type opening struct {
	root  []byte
	count uint64
	salt  []byte
}

// builderModel is the x/buildermarket part of the model: tasks, revealed
// validation slices, models and bounties, with the bounty queue's
// look-again heights and each refund's reason.
type builderModel struct {
	m                             *marketModel
	nextTask, nextModel, nextBnty uint64
	tasks                         map[uint64]*bm.Task
	slices                        map[[2]uint64]*bm.ValidationSlice
	models                        map[uint64]*bm.Model
	bounties                      map[uint64]*bm.Bounty
	queue                         map[uint64]int64 // open bounty -> look-again height
	refunds                       map[uint64]string
	// openings are the creators' secrets: validation slices by (task,
	// index) and test sets by (task, 0) under testKey.
	validation map[[2]uint64]opening
	tests      map[uint64]opening
}

func newBuilderModel(m *marketModel) builderModel {
	return builderModel{
		m: m, nextTask: 1, nextModel: 1, nextBnty: 1, tasks: map[uint64]*bm.Task{}, slices: map[[2]uint64]*bm.ValidationSlice{},
		models: map[uint64]*bm.Model{}, bounties: map[uint64]*bm.Bounty{}, queue: map[uint64]int64{}, refunds: map[uint64]string{},
		validation: map[[2]uint64]opening{}, tests: map[uint64]opening{},
	}
}

// createTask creates msg's task (whose openings are validation and test),
// paying the creation fee to the community pool, and returns its id.
func (b *builderModel) createTask(h int64, msg *bm.MsgCreateTask, validation []opening, test opening) (uint64, *errorsmod.Error) {
	fee := b.m.bmParams.TaskCreationFee.Amount
	if b.m.balance(msg.Creator).LT(fee) {
		return 0, bm.ErrInsufficientFunds
	}
	b.m.fundPool(msg.Creator, fee)
	id := b.nextTask
	b.nextTask++
	b.tasks[id] = &bm.Task{
		Id: id, Creator: msg.Creator, Name: msg.Name, Description: msg.Description, Input: msg.Input, Label: msg.Label,
		BatchSize: msg.BatchSize, Metric: msg.Metric, Direction: msg.Direction, Format: msg.Format, Rounding: msg.Rounding,
		EpochBlocks: msg.EpochBlocks, ValidationCommitments: msg.ValidationCommitments, TestSetCommitment: msg.TestSetCommitment,
		CreatedHeight: h,
	}
	for i, o := range validation {
		b.validation[[2]uint64{id, uint64(i)}] = o
	}
	b.tests[id] = test
	return id, nil
}

// creatorTask is the task a reveal names, if signer created it.
func (b *builderModel) creatorTask(signer string, id uint64) (*bm.Task, *errorsmod.Error) {
	task, ok := b.tasks[id]
	if !ok {
		return nil, bm.ErrTaskNotFound
	}
	if task.Creator != signer {
		return nil, bm.ErrUnauthorized
	}
	return task, nil
}

// revealSlice opens validation slice msg.Index of msg.TaskId during its
// epoch.
func (b *builderModel) revealSlice(h int64, msg *bm.MsgRevealValidationSlice) *errorsmod.Error {
	task, err := b.creatorTask(msg.Creator, msg.TaskId)
	if err != nil {
		return err
	}
	key := [2]uint64{task.Id, uint64(msg.Index)}
	if int(msg.Index) >= len(task.ValidationCommitments) {
		return bm.ErrInvalidReveal
	}
	if _, done := b.slices[key]; done {
		return bm.ErrInvalidReveal
	}
	start := task.CreatedHeight + int64(msg.Index)*int64(task.EpochBlocks)
	if h < start || h >= start+int64(task.EpochBlocks) {
		return bm.ErrRevealOutOfWindow
	}
	if o := b.validation[key]; !bytes.Equal(o.root, msg.DataRoot) || o.count != msg.LeafCount || !bytes.Equal(o.salt, msg.Salt) {
		return bm.ErrInvalidReveal
	}
	b.slices[key] = &bm.ValidationSlice{TaskId: task.Id, Index: msg.Index, Dataset: bm.RevealedDataset{
		DataRoot: msg.DataRoot, LeafCount: msg.LeafCount, Uri: msg.Uri, RevealedHeight: h,
	}}
	return nil
}

// hasBounty reports whether task id has any bounty.
func (b *builderModel) hasBounty(id uint64) bool {
	for _, bounty := range b.bounties {
		if bounty.TaskId == id {
			return true
		}
	}
	return false
}

// revealTestSet opens a task's test set, in [latest bounty deadline, +
// test_reveal_window_blocks).
func (b *builderModel) revealTestSet(h int64, msg *bm.MsgRevealTestSet) *errorsmod.Error {
	task, err := b.creatorTask(msg.Creator, msg.TaskId)
	if err != nil {
		return err
	}
	if task.TestSet != nil {
		return bm.ErrTestSetRevealed
	}
	if !b.hasBounty(task.Id) {
		return bm.ErrInvalidReveal
	}
	if h < task.LatestBountyDeadline || h >= task.LatestBountyDeadline+int64(b.m.bmParams.TestRevealWindowBlocks) {
		return bm.ErrRevealOutOfWindow
	}
	if o := b.tests[task.Id]; !bytes.Equal(o.root, msg.DataRoot) || o.count != msg.LeafCount || !bytes.Equal(o.salt, msg.Salt) {
		return bm.ErrInvalidReveal
	}
	task.TestSet = &bm.RevealedDataset{DataRoot: msg.DataRoot, LeafCount: msg.LeafCount, Uri: msg.Uri, RevealedHeight: h}
	return nil
}

// postBounty escrows msg's reward until its deadline and returns the
// bounty id.
func (b *builderModel) postBounty(h int64, msg *bm.MsgPostBounty) (uint64, *errorsmod.Error) {
	p := b.m.bmParams
	if msg.Reward.Amount.LT(p.MinBountyReward.Amount) {
		return 0, bm.ErrInvalidAmount
	}
	task, ok := b.tasks[msg.TaskId]
	if !ok {
		return 0, bm.ErrTaskNotFound
	}
	if task.TestSet != nil {
		return 0, bm.ErrTestSetRevealed
	}
	if msg.DeadlineHeight < h+int64(p.MinBountyBlocks) || msg.DeadlineHeight > h+int64(p.MaxBountyBlocks) {
		return 0, bm.ErrInvalidBounty
	}
	if b.m.balance(msg.Poster).LT(msg.Reward.Amount) {
		return 0, bm.ErrInsufficientFunds
	}
	b.m.move(msg.Poster, buildermarketAccount(), msg.Reward.Amount)
	id := b.nextBnty
	b.nextBnty++
	b.bounties[id] = &bm.Bounty{
		Id: id, TaskId: task.Id, Poster: msg.Poster, Reward: msg.Reward, DeadlineHeight: msg.DeadlineHeight,
		Status: bm.BountyOpen, CreatedHeight: h,
	}
	b.queue[id] = msg.DeadlineHeight + int64(p.TestRevealWindowBlocks)
	task.LatestBountyDeadline = max(task.LatestBountyDeadline, msg.DeadlineHeight)
	return id, nil
}

// registerModel registers msg's model (citing no circuit), escrowing the
// model deposit, and returns its id.
func (b *builderModel) registerModel(h int64, msg *bm.MsgRegisterModel) (uint64, *errorsmod.Error) {
	if err := b.m.requireRole(msg.Builder, staketypes.RoleBuilder); err != nil {
		return 0, err
	}
	if _, ok := b.tasks[msg.TaskId]; !ok {
		return 0, bm.ErrTaskNotFound
	}
	deposit := b.m.bmParams.ModelDeposit
	if b.m.balance(msg.Builder).LT(deposit.Amount) {
		return 0, bm.ErrInsufficientFunds
	}
	b.m.move(msg.Builder, buildermarketAccount(), deposit.Amount)
	id := b.nextModel
	b.nextModel++
	b.models[id] = &bm.Model{
		Id: id, TaskId: msg.TaskId, Builder: msg.Builder, Name: msg.Name, Architecture: msg.Architecture, Format: msg.Format,
		InitialWeights: msg.InitialWeights, WeightsUri: msg.WeightsUri, RoyaltyBps: msg.RoyaltyBps, Deposit: deposit,
		Status: bm.ModelActive, RegisteredHeight: h,
	}
	return id, nil
}

// deprecateModel withdraws the builder's active model and refunds its
// deposit.
func (b *builderModel) deprecateModel(h int64, builder string, id uint64) *errorsmod.Error {
	model, ok := b.models[id]
	switch {
	case !ok:
		return bm.ErrModelNotFound
	case model.Builder != builder:
		return bm.ErrUnauthorized
	case model.Status != bm.ModelActive:
		return bm.ErrModelNotActive
	}
	b.m.move(buildermarketAccount(), builder, model.Deposit.Amount)
	model.Status, model.DeprecatedHeight = bm.ModelDeprecated, h
	return nil
}

// endBlock replays x/buildermarket's EndBlock at height h: the due bounty
// queue entries in (height, id) order, at most
// max_bounty_resolutions_per_block. No metric reporter is wired into the
// app (x/pog does not exist yet), so no model is ever scored: a bounty is
// re-queued while its test set may still be revealed or scored, and then
// refunded.
func (b *builderModel) endBlock(h int64) {
	p := b.m.bmParams
	var q []queued
	for id, at := range b.queue {
		q = append(q, queued{at, id})
	}
	for _, e := range due(q, h, int(p.MaxBountyResolutionsPerBlock)) {
		bounty := b.bounties[e.id]
		task := b.tasks[bounty.TaskId]
		delete(b.queue, e.id)
		reason := bm.RefundNoEligibleModel
		if task.TestSet == nil {
			if end := task.LatestBountyDeadline + int64(p.TestRevealWindowBlocks); end > h {
				b.queue[e.id] = end
				continue
			}
			reason = bm.RefundNotRevealed
		} else if end := task.TestSet.RevealedHeight + int64(p.ScoringWindowBlocks); h < end {
			b.queue[e.id] = end
			continue
		}
		b.m.move(buildermarketAccount(), bounty.Poster, bounty.Reward.Amount)
		bounty.Status, bounty.ResolvedHeight = bm.BountyRefunded, h
		b.refunds[e.id] = reason
	}
}

// sortedBounties lists the bounties in id order.
func (b *builderModel) sortedBounties() []*bm.Bounty {
	out := make([]*bm.Bounty, 0, len(b.bounties))
	for _, x := range b.bounties {
		out = append(out, x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Id < out[j].Id })
	return out
}

// activeModels lists the active models of task id, in id order.
func (b *builderModel) activeModels(task uint64) []*bm.Model {
	var out []*bm.Model
	for id := uint64(1); id < b.nextModel; id++ {
		if m := b.models[id]; m.TaskId == task && m.Status == bm.ModelActive {
			out = append(out, m)
		}
	}
	return out
}

// coin is amount of ulgpt.
func coin(amount int64) sdk.Coin { return sdk.NewCoin(BondDenom, math.NewInt(amount)) }

package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// Invariants are keeper functions (SDK v0.54 has no x/crisis): InitGenesis
// calls them and tests call them after every operation. Each walks whole
// collections, so none is for block execution.

// EscrowInvariant checks that the module account holds exactly the
// deposits of the active models plus the rewards of the open bounties, in
// ulgpt: escrowed coins are never lost or created.
func (k Keeper) EscrowInvariant(ctx context.Context) error {
	deposits := math.ZeroInt()
	err := k.Models.Walk(ctx, nil, func(_ uint64, m types.Model) (bool, error) {
		if m.Status == types.ModelActive {
			deposits = deposits.Add(m.Deposit.Amount)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	rewards := math.ZeroInt()
	err = k.Bounties.Walk(ctx, nil, func(_ uint64, b types.Bounty) (bool, error) {
		if b.Status == types.BountyOpen {
			rewards = rewards.Add(b.Reward.Amount)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	held := k.bank.GetBalance(ctx, k.account.GetModuleAddress(types.ModuleName), types.BondDenom).Amount
	if want := deposits.Add(rewards); !held.Equal(want) {
		return types.ErrInvariantViolated.Wrapf("the %s module account holds %s%s, but active model deposits (%s) and open bounty rewards (%s) sum to %s%s",
			types.ModuleName, held, types.BondDenom, deposits, rewards, want, types.BondDenom)
	}
	return nil
}

// BountyInvariant checks that every open bounty has exactly one entry in
// the BountyQueue and that no resolved or unknown bounty has any.
func (k Keeper) BountyInvariant(ctx context.Context) error {
	entries := map[uint64]int{}
	err := k.BountyQueue.Walk(ctx, nil, func(key collections.Pair[int64, uint64]) (bool, error) {
		entries[key.K2()]++
		return false, nil
	})
	if err != nil {
		return err
	}
	queued := 0
	err = k.Bounties.Walk(ctx, nil, func(id uint64, b types.Bounty) (bool, error) {
		n := entries[id]
		queued += n
		switch {
		case b.Status == types.BountyOpen && n != 1:
			return true, types.ErrInvariantViolated.Wrapf("open bounty %d has %d queue entries, want 1", id, n)
		case b.Status != types.BountyOpen && n != 0:
			return true, types.ErrInvariantViolated.Wrapf("%s bounty %d still has %d queue entries", b.Status, id, n)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	total := 0
	for _, n := range entries {
		total += n
	}
	if total != queued {
		return types.ErrInvariantViolated.Wrapf("the bounty queue has %d entries, %d of them for unknown bounties", total, total-queued)
	}
	return nil
}

// ScoreInvariant checks that every validation score belongs to an active
// model of the score's task and carries the task's direction, and that
// every test score belongs to a model of its task, with the task's
// direction, on a task whose test set is revealed.
func (k Keeper) ScoreInvariant(ctx context.Context) error {
	check := func(kind string, scores scoreMap, needActive, needRevealed bool) error {
		return scores.Walk(ctx, nil, func(id uint64, s types.ModelScore) (bool, error) {
			model, err := k.GetModel(ctx, id)
			if err != nil {
				return true, types.ErrInvariantViolated.Wrapf("%s score of model %d: %s", kind, id, err)
			}
			if s.ModelId != id || s.TaskId != model.TaskId {
				return true, types.ErrInvariantViolated.Wrapf("%s score stored for model %d names model %d of task %d; the model's task is %d",
					kind, id, s.ModelId, s.TaskId, model.TaskId)
			}
			if needActive && model.Status != types.ModelActive {
				return true, types.ErrInvariantViolated.Wrapf("%s score of model %d, which is %s", kind, id, model.Status)
			}
			task, err := k.GetTask(ctx, model.TaskId)
			if err != nil {
				return true, types.ErrInvariantViolated.Wrapf("%s score of model %d: %s", kind, id, err)
			}
			if s.Direction != task.Direction {
				return true, types.ErrInvariantViolated.Wrapf("%s score of model %d has direction %s, task %d has %s", kind, id, s.Direction, task.Id, task.Direction)
			}
			if needRevealed && task.TestSet == nil {
				return true, types.ErrInvariantViolated.Wrapf("%s score of model %d, but task %d has not revealed its test set", kind, id, task.Id)
			}
			return false, nil
		})
	}
	if err := check("validation", k.ValidationScores, true, false); err != nil {
		return err
	}
	return check("test", k.TestScores, false, true)
}

// Invariants runs every invariant.
func (k Keeper) Invariants(ctx context.Context) error {
	for _, check := range []func(context.Context) error{k.EscrowInvariant, k.BountyInvariant, k.ScoreInvariant} {
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

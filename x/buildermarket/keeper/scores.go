package keeper

import (
	"context"
	"errors"
	"math"

	"cosmossdk.io/collections"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// scoreMap is ValidationScores or TestScores.
type scoreMap = *collections.IndexedMap[uint64, types.ModelScore, ScoreIndexes]

// taskRankRange covers every entry of task in a ByRank index.
func taskRankRange(taskID uint64) *collections.Range[collections.Pair[collections.Pair[uint64, uint64], uint64]] {
	return new(collections.Range[collections.Pair[collections.Pair[uint64, uint64], uint64]]).
		StartInclusive(collections.Join(collections.Join(taskID, uint64(0)), uint64(0))).
		EndInclusive(collections.Join(collections.Join(taskID, uint64(math.MaxUint64)), uint64(math.MaxUint64)))
}

// walkRanked calls fn with a task's scores in scores, best first (ties:
// lower model id first), until fn says stop.
func walkRanked(ctx context.Context, scores scoreMap, taskID uint64, fn func(types.ModelScore) (stop bool, err error)) error {
	iter, err := scores.Indexes.ByRank.Iterate(ctx, taskRankRange(taskID))
	if err != nil {
		return err
	}
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		modelID, err := iter.PrimaryKey()
		if err != nil {
			return err
		}
		score, err := scores.Get(ctx, modelID)
		if err != nil {
			return err
		}
		if stop, err := fn(score); err != nil || stop {
			return err
		}
	}
	return nil
}

// bestScore returns a task's best score in scores, and false if it has none.
func bestScore(ctx context.Context, scores scoreMap, taskID uint64) (types.ModelScore, bool, error) {
	var best types.ModelScore
	found := false
	err := walkRanked(ctx, scores, taskID, func(s types.ModelScore) (bool, error) {
		best, found = s, true
		return true, nil
	})
	return best, found, err
}

// BestModel returns the task's active model with the best verified
// validation metric and that score (ties go to the older model), or
// ErrNoModel. Validators serve a task's queries with this model.
func (k Keeper) BestModel(ctx context.Context, taskID uint64) (types.Model, types.ModelScore, error) {
	score, found, err := bestScore(ctx, k.ValidationScores, taskID)
	if err != nil {
		return types.Model{}, types.ModelScore{}, err
	}
	if !found {
		return types.Model{}, types.ModelScore{}, types.ErrNoModel.Wrapf("task %d has no active model with a verified validation metric", taskID)
	}
	model, err := k.GetModel(ctx, score.ModelId)
	return model, score, err
}

// changeValidationScores runs change, then emits EventBestModelChanged if
// the task's best model is another one afterwards (model id 0: none left).
func (k Keeper) changeValidationScores(ctx context.Context, taskID uint64, change func() error) error {
	before, hadBest, err := bestScore(ctx, k.ValidationScores, taskID)
	if err != nil {
		return err
	}
	if err := change(); err != nil {
		return err
	}
	after, hasBest, err := bestScore(ctx, k.ValidationScores, taskID)
	if err != nil {
		return err
	}
	if hadBest == hasBest && before.ModelId == after.ModelId {
		return nil
	}
	return emit(ctx, &types.EventBestModelChanged{TaskId: taskID, ModelId: after.ModelId, Metric: after.Metric})
}

// removeValidationScore drops a model's validation score, if it has one.
func (k Keeper) removeValidationScore(ctx context.Context, model types.Model) error {
	has, err := k.ValidationScores.Has(ctx, model.Id)
	if err != nil || !has {
		return err
	}
	return k.changeValidationScores(ctx, model.TaskId, func() error { return k.ValidationScores.Remove(ctx, model.Id) })
}

// getScore returns a model's score in scores, and false if it has none.
func getScore(ctx context.Context, scores scoreMap, modelID uint64) (types.ModelScore, bool, error) {
	s, err := scores.Get(ctx, modelID)
	if errors.Is(err, collections.ErrNotFound) {
		return types.ModelScore{}, false, nil
	}
	return s, err == nil, err
}

// ValidationScore returns a model's verified validation score (the x/pog
// version it was verified for is its best accepted version), and false if
// it has none.
func (k Keeper) ValidationScore(ctx context.Context, modelID uint64) (types.ModelScore, bool, error) {
	return getScore(ctx, k.ValidationScores, modelID)
}

// LatestValidationSlice returns the task's most recently opened
// validation slice (the highest index revealed), and false if none is.
// x/pog settles claimed metrics on it.
func (k Keeper) LatestValidationSlice(ctx context.Context, taskID uint64) (types.ValidationSlice, bool, error) {
	iter, err := k.ValidationSlices.Iterate(ctx, collections.NewPrefixedPairRange[uint64, uint32](taskID).Descending())
	if err != nil {
		return types.ValidationSlice{}, false, err
	}
	defer iter.Close()
	if !iter.Valid() {
		return types.ValidationSlice{}, false, nil
	}
	s, err := iter.Value()
	return s, err == nil, err
}

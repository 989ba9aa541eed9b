package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// MetricReporter records verified metrics of model versions on behalf of
// one module (x/pog). Only NewMetricReporter makes a working one, and only
// before Seal, so only keepers wired in app/ can report; the zero
// MetricReporter refuses.
type MetricReporter struct {
	keeper *Keeper
	module string
}

var _ types.MetricReporter = MetricReporter{}

// NewMetricReporter returns the MetricReporter for module. It panics after
// Seal, for an empty name, or for a module that already has one.
func (k *Keeper) NewMetricReporter(module string) MetricReporter {
	k.reporters.Claim(module)
	return MetricReporter{keeper: k, module: module}
}

// Seal ends app construction: no MetricReporter can be created afterwards.
func (k *Keeper) Seal() { k.reporters.Seal() }

// Module returns the name of the module the reporter reports for.
func (r MetricReporter) Module() string { return r.module }

// ReportValidationMetric records metric (x10^6), verified on the current
// validation slice, for version of an active model. The model's validation
// score is replaced only when it has none or the new metric is strictly
// better in the task's direction. It emits EventMetricRecorded (improved
// says whether the score changed) and EventBestModelChanged when the task's
// best model changes. It fails, changing nothing, for the zero reporter
// (ErrUnknownReporter), version 0 or a metric the task's metric cannot take
// (ErrInvalidMetric), an unknown model (ErrModelNotFound) or a deprecated
// one (ErrModelNotActive).
func (r MetricReporter) ReportValidationMetric(ctx context.Context, modelID, version uint64, metric int64) error {
	return r.inCache(ctx, func(ctx context.Context) error { return r.keeper.reportValidation(ctx, modelID, version, metric) })
}

// ReportTestMetric records metric (x10^6) of version of an active model on
// its task's revealed test set, from the reveal until scoring ends (reveal
// height + scoring_window_blocks). A model keeps one test score, replaced
// only by a strictly better one; bounties resolve on these after scoring
// ends. Any model of the task may be scored: eligibility for a bounty is
// decided at resolution. It emits EventMetricRecorded and fails, changing
// nothing, as ReportValidationMetric does, and with ErrInvalidMetric before
// the reveal or after scoring ended.
func (r MetricReporter) ReportTestMetric(ctx context.Context, modelID, version uint64, metric int64) error {
	return r.inCache(ctx, func(ctx context.Context) error { return r.keeper.reportTest(ctx, modelID, version, metric) })
}

// inCache runs report in a cached context written only on success.
func (r MetricReporter) inCache(ctx context.Context, report func(context.Context) error) error {
	if r.keeper == nil {
		return types.ErrUnknownReporter.Wrap("use the MetricReporter the app built with Keeper.NewMetricReporter")
	}
	cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	if err := report(cacheCtx); err != nil {
		return err
	}
	write()
	return nil
}

// scoredModel checks a report's version and metric and returns the active
// model and its task, with the score the report makes.
func (k Keeper) scoredModel(ctx context.Context, modelID, version uint64, metric int64) (types.Task, types.ModelScore, error) {
	if version == 0 {
		return types.Task{}, types.ModelScore{}, types.ErrInvalidMetric.Wrapf("model %d: version must be an x/pog version id (at least 1)", modelID)
	}
	model, err := k.GetModel(ctx, modelID)
	if err != nil {
		return types.Task{}, types.ModelScore{}, err
	}
	if model.Status != types.ModelActive {
		return types.Task{}, types.ModelScore{}, types.ErrModelNotActive.Wrapf("model %d was deprecated at height %d and is no longer scored", model.Id, model.DeprecatedHeight)
	}
	task, err := k.GetTask(ctx, model.TaskId)
	if err != nil {
		return types.Task{}, types.ModelScore{}, err
	}
	if err := types.ValidateMetricValue(task.Metric, metric); err != nil {
		return types.Task{}, types.ModelScore{}, err
	}
	return task, types.ModelScore{
		ModelId: model.Id, TaskId: task.Id, Version: version, Metric: metric,
		Height: sdk.UnwrapSDKContext(ctx).BlockHeight(), Direction: task.Direction,
	}, nil
}

// reportValidation does ReportValidationMetric's work on ctx.
func (k Keeper) reportValidation(ctx context.Context, modelID, version uint64, metric int64) error {
	task, score, err := k.scoredModel(ctx, modelID, version, metric)
	if err != nil {
		return err
	}
	old, had, err := getScore(ctx, k.ValidationScores, modelID)
	if err != nil {
		return err
	}
	improved := !had || types.Better(task.Direction, metric, old.Metric)
	if err := emit(ctx, &types.EventMetricRecorded{Score: score, Test: false, Improved: improved}); err != nil {
		return err
	}
	if !improved {
		return nil
	}
	return k.changeValidationScores(ctx, task.Id, func() error { return k.ValidationScores.Set(ctx, modelID, score) })
}

// reportTest does ReportTestMetric's work on ctx.
func (k Keeper) reportTest(ctx context.Context, modelID, version uint64, metric int64) error {
	task, score, err := k.scoredModel(ctx, modelID, version, metric)
	if err != nil {
		return err
	}
	if task.TestSet == nil {
		return types.ErrInvalidMetric.Wrapf("task %d has not revealed its test set; test metrics are accepted from the reveal on", task.Id)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	scoringEnd, err := types.AddBlocks(task.TestSet.RevealedHeight, params.ScoringWindowBlocks)
	if err != nil {
		return err
	}
	if score.Height >= scoringEnd {
		return types.ErrInvalidMetric.Wrapf("scoring on the test set of task %d ended at height %d", task.Id, scoringEnd)
	}
	old, had, err := getScore(ctx, k.TestScores, modelID)
	if err != nil {
		return err
	}
	improved := !had || types.Better(task.Direction, metric, old.Metric)
	if err := emit(ctx, &types.EventMetricRecorded{Score: score, Test: true, Improved: improved}); err != nil {
		return err
	}
	if !improved {
		return nil
	}
	return k.TestScores.Set(ctx, modelID, score)
}

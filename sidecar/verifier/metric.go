package verifier

import (
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
)

// scoreFunc computes a metric x10^6 over converted batches.
type scoreFunc func(m *learn.Model, batches []learn.Batch) (int64, error)

// scorer returns the deterministic implementation of metric. Only
// accuracy has one: sidecar/learn's only loss is the float64 statistic of
// StepStats (display only), so cross-entropy and mean squared error are
// ErrUnsupportedMetric until a fixed-point loss exists.
func scorer(metric bmtypes.Metric) (scoreFunc, error) {
	switch metric {
	case bmtypes.MetricAccuracy:
		return accuracy, nil
	case bmtypes.MetricCrossEntropy, bmtypes.MetricMeanSquaredError:
		return nil, fmt.Errorf("%w: %s has no deterministic fixed-point implementation yet (supported: %s)",
			ErrUnsupportedMetric, metric, bmtypes.MetricAccuracy)
	default:
		return nil, fmt.Errorf("%w: %s (supported: %s)", ErrUnsupportedMetric, metric, bmtypes.MetricAccuracy)
	}
}

// accuracy is floor(correct * 10^6 / total), correct counting the samples
// whose learn.Predict class (arg-max logit, ties to the lowest class) is
// their label.
func accuracy(m *learn.Model, batches []learn.Batch) (int64, error) {
	var correct, total int64
	for i, b := range batches {
		pred, err := learn.Predict(m, b)
		if err != nil {
			return 0, fmt.Errorf("validation batch %d: %w", i, err)
		}
		for r, p := range pred {
			if p == b.Labels[r] {
				correct++
			}
		}
		total += int64(b.Len())
	}
	if total == 0 {
		return 0, fmt.Errorf("no validation samples")
	}
	return correct * bmtypes.MetricScale / total, nil
}

// Score is metric of m on batches, x10^6, as Reexecute computes it for
// a version and its parents. Supported: METRIC_ACCURACY, floor(correct *
// 10^6 / total) over every sample of every batch. The batches must be in
// m's input fixed point (Format.Frac = Numerics.InputFrac) with
// Arch.Inputs features and labels 0..Classes-1.
func Score(m *learn.Model, metric bmtypes.Metric, batches []commit.Batch) (int64, error) {
	score, err := scorer(metric)
	if err != nil {
		return 0, err
	}
	if err := m.Validate(); err != nil {
		return 0, err
	}
	lb, err := learnBatches(m.Spec, batches, "validation batch")
	if err != nil {
		return 0, err
	}
	return score(m, lb)
}

// learnBatches converts batches with learnBatch.
func learnBatches(s learn.Spec, batches []commit.Batch, what string) ([]learn.Batch, error) {
	if len(batches) == 0 {
		return nil, fmt.Errorf("no %ses", what)
	}
	out := make([]learn.Batch, len(batches))
	for i, b := range batches {
		lb, err := learnBatch(s, b)
		if err != nil {
			return nil, fmt.Errorf("%s %d: %w", what, i, err)
		}
		out[i] = lb
	}
	return out, nil
}

// learnBatch checks an encoded batch against a spec and converts it to
// the step's input (as the step circuit's witness does).
func learnBatch(s learn.Spec, b commit.Batch) (learn.Batch, error) {
	if err := b.Validate(); err != nil {
		return learn.Batch{}, err
	}
	if b.Format.Frac != s.Numerics.InputFrac {
		return learn.Batch{}, fmt.Errorf("batch is in %s, the model takes inputs with %d fractional bits", b.Format, s.Numerics.InputFrac)
	}
	if len(b.Samples) > learn.MaxBatch {
		return learn.Batch{}, fmt.Errorf("batch has %d samples, at most %d", len(b.Samples), learn.MaxBatch)
	}
	if d := len(b.Samples[0].Features); d != s.Arch.Inputs {
		return learn.Batch{}, fmt.Errorf("batch has %d features, the model takes %d", d, s.Arch.Inputs)
	}
	out := learn.Batch{Features: make([]int64, 0, len(b.Samples)*s.Arch.Inputs), Labels: make([]int, len(b.Samples))}
	for i, smp := range b.Samples {
		if smp.Label < 0 || smp.Label >= int64(s.Arch.Classes) {
			return learn.Batch{}, fmt.Errorf("sample %d: label %d outside 0..%d", i, smp.Label, s.Arch.Classes-1)
		}
		out.Features = append(out.Features, smp.Features...)
		out.Labels[i] = int(smp.Label)
	}
	return out, nil
}

package types

// metricRule is what a metric needs of a task.
type metricRule struct {
	direction MetricDirection
	label     LabelKind
}

// metricRules gives each metric its direction and the label kind it
// scores.
var metricRules = map[Metric]metricRule{
	MetricAccuracy:         {HigherIsBetter, LabelClassification},
	MetricCrossEntropy:     {LowerIsBetter, LabelClassification},
	MetricMeanSquaredError: {LowerIsBetter, LabelRegression},
}

// DirectionOf returns the direction metric improves in, and false for an
// unknown metric.
func DirectionOf(metric Metric) (MetricDirection, bool) {
	rule, ok := metricRules[metric]
	return rule.direction, ok
}

// validateMetric checks that metric is known, agrees with direction and
// fits the label kind: accuracy is higher-is-better, cross-entropy and mean
// squared error lower-is-better; mean squared error scores regression, the
// others classification.
func validateMetric(metric Metric, direction MetricDirection, label LabelKind) error {
	rule, ok := metricRules[metric]
	if !ok {
		return ErrInvalidTask.Wrapf("metric must be one of %s, %s, %s; got %s", MetricAccuracy, MetricCrossEntropy, MetricMeanSquaredError, metric)
	}
	if direction != rule.direction {
		return ErrInvalidTask.Wrapf("%s needs direction %s, got %s", metric, rule.direction, direction)
	}
	if label != rule.label {
		return ErrInvalidTask.Wrapf("%s scores %s tasks, but the label is %s", metric, rule.label, label)
	}
	return nil
}

// ValidateMetricValue checks that value (scaled by 10^6) is possible for
// metric: accuracy is in 0..1_000_000, cross-entropy and mean squared error
// are at least 0.
func ValidateMetricValue(metric Metric, value int64) error {
	switch metric {
	case MetricAccuracy:
		if value < 0 || value > MetricScale {
			return ErrInvalidMetric.Wrapf("accuracy must be in 0..%d (x10^6), got %d", MetricScale, value)
		}
	case MetricCrossEntropy, MetricMeanSquaredError:
		if value < 0 {
			return ErrInvalidMetric.Wrapf("%s cannot be negative, got %d", metric, value)
		}
	default:
		return ErrInvalidMetric.Wrapf("unknown metric %s", metric)
	}
	return nil
}

// Better reports whether metric a is strictly better than b in direction.
func Better(direction MetricDirection, a, b int64) bool {
	if direction == HigherIsBetter {
		return a > b
	}
	return a < b
}

// MeetsThreshold reports whether metric reaches threshold in direction: at
// least it when higher is better, at most it when lower is better.
func MeetsThreshold(direction MetricDirection, metric, threshold int64) bool {
	if direction == HigherIsBetter {
		return metric >= threshold
	}
	return metric <= threshold
}

package merge

import (
	"slices"
	"testing"
)

// No function writes to its inputs.
func TestInputsNotModified(t *testing.T) {
	r := newRand(70)
	params := randModels(r, 9, 64)
	orig := cloneAll(params)
	models := weightedOf(params, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9}, []uint64{9, 8, 7, 6, 5, 4, 3, 2, 1})
	models[2].Samples = ^uint64(0) // wide path too
	origModels := slices.Clone(models)
	check := func(what string) {
		t.Helper()
		for i := range params {
			if !slices.Equal(params[i], orig[i]) {
				t.Fatalf("%s modified model %d", what, i)
			}
			if models[i].Samples != origModels[i].Samples || models[i].Age != origModels[i].Age {
				t.Fatalf("%s modified model %d's counts", what, i)
			}
		}
	}
	for _, by := range []Weighting{BySamples, ByAge, Uniform} {
		_, _ = Average(models, by)
		check("Average")
	}
	_, _ = Median(params)
	check("Median")
	_, _ = Median(params[:8])
	check("Median even")
	_, _ = TrimmedMean(params, 2)
	check("TrimmedMean")
	_, _ = Krum(params, 2)
	_, _ = MultiKrum(params, 2, 5)
	check("Krum")
	_, _ = Clipped(params[0], params[1:], 1000)
	_, _ = AdaptiveTau(params[0], params[1:])
	check("Clipped")
	for _, rule := range Rules() {
		_, _ = ApplyWeighted(rule, models[0], models[1:], DefaultOptions(8))
		check("Apply " + rule.String())
	}
	// Merged results never alias an input.
	out, _ := Apply(RuleMedian, models[0], models[1:2], Options{})
	out[0]++
	check("writing a result")
}

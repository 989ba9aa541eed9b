package merge

import (
	"errors"
	"strings"
	"testing"
)

func TestMedianHandComputed(t *testing.T) {
	odd := [][]int64{{1, 5, -3}, {2, 4, -1}, {3, 100, -2}}
	got, err := Median(odd)
	mustNoErr(t, "Median", err)
	equalOrFatal(t, "Median odd", got, []int64{2, 5, -2})

	// Even: floor of the mean of the middle two: (1+4)/2 = 2.5 -> 2,
	// (-1+0)/2 = -0.5 -> -1, (-2-1)/2 = -1.5 -> -2, exact 7.
	even := [][]int64{{1, 0, -1, 6}, {4, -1, -2, 8}}
	got, err = Median(even)
	mustNoErr(t, "Median", err)
	equalOrFatal(t, "Median even", got, []int64{2, -1, -2, 7})

	// Extremes of the domain do not overflow.
	got, err = Median([][]int64{{MaxParam, MinParam}, {MaxParam, MinParam}})
	mustNoErr(t, "Median", err)
	equalOrFatal(t, "Median extremes", got, []int64{MaxParam, MinParam})

	got, err = Median([][]int64{{42}})
	mustNoErr(t, "Median", err)
	equalOrFatal(t, "Median single", got, []int64{42})
}

func TestTrimmedMeanHandComputed(t *testing.T) {
	models := [][]int64{{1, -7}, {100, 0}, {3, 1}, {4, 1}, {2, 2}}
	// Column 0 sorted 1,2,3,4,100: trim 1 -> (2+3+4)/3 = 3.
	// Column 1 sorted -7,0,1,1,2: trim 1 -> (0+1+1)/3 = 0.67 -> 1.
	got, err := TrimmedMean(models, 1)
	mustNoErr(t, "TrimmedMean", err)
	equalOrFatal(t, "TrimmedMean trim 1", got, []int64{3, 1})

	// Trim 2 of 5 is the median.
	got, err = TrimmedMean(models, 2)
	mustNoErr(t, "TrimmedMean", err)
	med, _ := Median(models)
	equalOrFatal(t, "TrimmedMean trim 2", got, med)

	// Trim 0 is the uniform Average: (110/5 = 22, -3/5 = -0.6 -> -1).
	got, err = TrimmedMean(models, 0)
	mustNoErr(t, "TrimmedMean", err)
	equalOrFatal(t, "TrimmedMean trim 0", got, []int64{22, -1})
	avg, _ := Average(weightedOf(models, nil, nil), Uniform)
	equalOrFatal(t, "Average uniform", avg, got)
}

func TestTrimmedMeanErrors(t *testing.T) {
	four := [][]int64{{1}, {2}, {3}, {4}}
	_, err := TrimmedMean(four, 2)
	if !errors.Is(err, ErrTooFewModels) || !strings.Contains(err.Error(), "trim 2 needs more than 2*2 models, got 4") {
		t.Fatalf("trim 2 of 4: err = %v, want ErrTooFewModels naming the counts", err)
	}
	if _, err := TrimmedMean(four, int(^uint(0)>>1)); !errors.Is(err, ErrTooFewModels) {
		t.Fatalf("huge trim: err = %v, want ErrTooFewModels", err)
	}
	if _, err := TrimmedMean(four, -1); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("negative trim: err = %v, want ErrInvalidArgument", err)
	}
	if _, err := TrimmedMean(nil, 0); !errors.Is(err, ErrEmpty) {
		t.Fatalf("no models: err = %v, want ErrEmpty", err)
	}
	if _, err := TrimmedMean([][]int64{{1}, {2, 3}, {4}}, 1); !errors.Is(err, ErrLength) {
		t.Fatalf("length mismatch: err = %v, want ErrLength", err)
	}
	if _, err := Median([][]int64{{1}, {2, 3}}); !errors.Is(err, ErrLength) {
		t.Fatalf("Median length mismatch: err = %v, want ErrLength", err)
	}
	if _, err := Median(nil); !errors.Is(err, ErrEmpty) {
		t.Fatalf("Median no models: err = %v, want ErrEmpty", err)
	}
	if _, err := Median([][]int64{{1 << 40}}); !errors.Is(err, ErrRange) {
		t.Fatalf("Median out of range: err = %v, want ErrRange", err)
	}
}

func TestMedianAndTrimmedMeanAgreeWithBig(t *testing.T) {
	r := newRand(20)
	for range 300 {
		n := 1 + r.IntN(30) // past the insertion-sort cutoff too
		models := randModels(r, n, 1+r.IntN(20))
		got, err := Median(models)
		mustNoErr(t, "Median", err)
		equalOrFatal(t, "Median", got, refMedian(models))
		trim := r.IntN((n + 1) / 2)
		got, err = TrimmedMean(models, trim)
		mustNoErr(t, "TrimmedMean", err)
		equalOrFatal(t, "TrimmedMean", got, refTrimmed(models, trim))
	}
}

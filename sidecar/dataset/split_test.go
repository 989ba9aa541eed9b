package dataset_test

import (
	"math"
	"slices"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

func classCounts(ds dataset.Dataset, indices []int) []int {
	return labelHistograms(ds, [][]int{indices})[0]
}

func TestTrainTestSplitIsStratified(t *testing.T) {
	ds := loadDigits(t)
	train, test, err := dataset.TrainTestSplit(ds, 0.2, 7)
	if err != nil {
		t.Fatal(err)
	}
	requirePartition(t, [][]int{train, test}, ds.Len())
	if want := int(math.Round(1797 * 0.2)); len(test) != want {
		t.Fatalf("test set of %d samples, expected round(1797*0.2) = %d", len(test), want)
	}
	// Each class's test share is floor or ceil of n_c * test / n.
	all, inTest := classCounts(ds, append(slices.Clone(train), test...)), classCounts(ds, test)
	for c := range all {
		exact := float64(all[c]) * float64(len(test)) / float64(ds.Len())
		if got := float64(inTest[c]); got != math.Floor(exact) && got != math.Ceil(exact) {
			t.Fatalf("class %d: %d of %d samples in the test set, expected floor or ceil of %.3f", c, inTest[c], all[c], exact)
		}
	}
}

func TestTrainTestSplitDeterminism(t *testing.T) {
	ds := loadDigits(t)
	train1, test1, err := dataset.TrainTestSplit(ds, 0.25, 42)
	if err != nil {
		t.Fatal(err)
	}
	train2, test2, _ := dataset.TrainTestSplit(ds, 0.25, 42)
	if !slices.Equal(train1, train2) || !slices.Equal(test1, test2) {
		t.Fatal("the same seed gave two different splits")
	}
	_, test3, _ := dataset.TrainTestSplit(ds, 0.25, 43)
	if slices.Equal(test1, test3) {
		t.Fatal("seeds 42 and 43 gave the same test set")
	}
	if len(test1) != len(test3) {
		t.Fatalf("the test size depends on the seed: %d and %d", len(test1), len(test3))
	}
}

func TestTrainTestSplitSizes(t *testing.T) {
	ds := tiny([]int{0, 0, 0, 1, 1, 1, 1, 1, 1, 1})
	for _, c := range []struct {
		fraction float64
		test     int
	}{
		{0.5, 5}, {0.01, 1}, {0.99, 9}, {0.25, 3}, // round(2.5) = 3
	} {
		train, test, err := dataset.TrainTestSplit(ds, c.fraction, 1)
		if err != nil {
			t.Fatal(err)
		}
		requirePartition(t, [][]int{train, test}, ds.Len())
		if len(test) != c.test {
			t.Errorf("fraction %v: %d test samples, expected %d (at least 1, at most n-1)", c.fraction, len(test), c.test)
		}
	}
	// 3 of 10 test samples: class 0 (3 of 10) gets 0.9 -> 1, class 1 gets 2.1 -> 2.
	_, test, _ := dataset.TrainTestSplit(ds, 0.3, 5)
	if got := classCounts(ds, test); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("class counts of the test set %v, expected [1 2]", got)
	}
}

func TestTrainTestSplitErrors(t *testing.T) {
	ds := tiny([]int{0, 1, 1})
	for _, f := range []float64{0, 1, -0.1, 1.5, math.NaN()} {
		_, _, err := dataset.TrainTestSplit(ds, f, 1)
		requireErrorContains(t, err, "train/test split: the test fraction must be in (0, 1)")
	}
	_, _, err := dataset.TrainTestSplit(tiny([]int{0}), 0.5, 1)
	requireErrorContains(t, err, "needs at least 2 samples, got 1")
	bad := tiny([]int{0, 2})
	_, _, err = dataset.TrainTestSplit(bad, 0.5, 1)
	requireErrorContains(t, err, "sample 1 has label 2, expected 0..1")
}

func TestSplitIID(t *testing.T) {
	ds := loadDigits(t)
	for _, nodes := range []int{1, 2, 7, 10, 1797} {
		parts, err := dataset.SplitIID(ds, nodes, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) != nodes {
			t.Fatalf("%d parts for %d nodes", len(parts), nodes)
		}
		requirePartition(t, parts, ds.Len())
		smallest, largest := ds.Len(), 0
		for _, p := range parts {
			smallest, largest = min(smallest, len(p)), max(largest, len(p))
		}
		if largest-smallest > 1 {
			t.Fatalf("%d nodes: sizes %d..%d, expected to differ by at most 1", nodes, smallest, largest)
		}
	}
	// Label-independent: 10 nodes of digits are close to the global mix.
	parts, _ := dataset.SplitIID(ds, 10, 3)
	if skew := meanLabelSkew(ds, parts); skew > 0.12 {
		t.Fatalf("IID parts have mean label skew %.3f, expected near 0", skew)
	}
	again, _ := dataset.SplitIID(ds, 10, 3)
	other, _ := dataset.SplitIID(ds, 10, 4)
	if !slices.EqualFunc(parts, again, slices.Equal) {
		t.Fatal("the same seed gave two different IID splits")
	}
	if slices.EqualFunc(parts, other, slices.Equal) {
		t.Fatal("seeds 3 and 4 gave the same IID split")
	}
}

func TestSplitIIDErrors(t *testing.T) {
	ds := tiny([]int{0, 1, 1})
	_, err := dataset.SplitIID(ds, 0, 1)
	requireErrorContains(t, err, "iid split: nodes must be at least 1, got 0")
	_, err = dataset.SplitIID(ds, 4, 1)
	requireErrorContains(t, err, "iid split: 4 nodes for 3 samples")
}

// tiny is a data set of one feature (the sample's index) and the labels.
func tiny(labels []int) dataset.Dataset {
	ds := dataset.Dataset{Features: 1, Classes: 2, Y: labels}
	for i := range labels {
		ds.X = append(ds.X, float64(i))
	}
	return ds
}

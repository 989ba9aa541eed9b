package dataset_test

import (
	"math"
	"slices"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

// grouped is a data set whose sample i is in groups[i].
func grouped(groups []int) dataset.Dataset {
	ds := tiny(make([]int, len(groups)))
	ds.Groups = groups
	return ds
}

func all(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func perGroup(ds dataset.Dataset, indices []int) map[int]int {
	counts := map[int]int{}
	for _, i := range indices {
		counts[ds.Groups[i]]++
	}
	return counts
}

func TestCapPerGroupCaps(t *testing.T) {
	// Group 0 has 6 samples, group 1 has 2, group 5 has 3, 2 have none.
	ds := grouped([]int{0, 0, 1, 0, 5, dataset.NoGroup, 0, 5, 0, 1, 5, dataset.NoGroup, 0})
	kept := dataset.CapPerGroup(ds, all(ds.Len()), 2, 1)
	if !slices.IsSorted(kept) {
		t.Fatalf("kept %v, expected ascending", kept)
	}
	got := perGroup(ds, kept)
	want := map[int]int{0: 2, 1: 2, 5: 2, dataset.NoGroup: 2}
	for g, n := range want {
		if got[g] != n {
			t.Fatalf("group %d keeps %d samples, expected %d (counts %v)", g, got[g], n, got)
		}
	}
	if len(kept) != 8 {
		t.Fatalf("kept %d samples, expected 8", len(kept))
	}
	for k := 1; k < len(kept); k++ {
		if kept[k] == kept[k-1] {
			t.Fatalf("sample %d kept twice", kept[k])
		}
	}
	// Deterministic for a seed; other seeds choose other samples.
	if again := dataset.CapPerGroup(ds, all(ds.Len()), 2, 1); !slices.Equal(kept, again) {
		t.Fatalf("seed 1 kept %v then %v", kept, again)
	}
	differs := false
	for seed := uint64(2); seed < 20 && !differs; seed++ {
		differs = !slices.Equal(kept, dataset.CapPerGroup(ds, all(ds.Len()), 2, seed))
	}
	if !differs {
		t.Fatal("19 seeds all kept the same samples")
	}
}

func TestCapPerGroupChoosesUniformly(t *testing.T) {
	// Group 0 holds samples 0..3; with a cap of 1 each should be kept about
	// a quarter of the time over many seeds.
	ds := grouped([]int{0, 0, 0, 0})
	counts := make([]int, 4)
	for seed := range uint64(4000) {
		kept := dataset.CapPerGroup(ds, all(4), 1, seed)
		if len(kept) != 1 {
			t.Fatalf("kept %v, expected one sample", kept)
		}
		counts[kept[0]]++
	}
	for i, n := range counts {
		if n < 850 || n > 1150 {
			t.Fatalf("sample %d kept %d times of 4000, expected about 1000 (%v)", i, n, counts)
		}
	}
}

func TestCapPerGroupNoCap(t *testing.T) {
	ds := grouped([]int{0, 0, 0, 1})
	indices := []int{3, 0, 2, 1, 2}
	for _, c := range []int{0, -1, 5} {
		if got := dataset.CapPerGroup(ds, indices, c, 1); !slices.Equal(got, []int{0, 1, 2, 2, 3}) {
			t.Fatalf("cap %d kept %v, expected all, sorted", c, got)
		}
	}
	if !slices.Equal(indices, []int{3, 0, 2, 1, 2}) {
		t.Fatalf("CapPerGroup changed its input to %v", indices)
	}
	noGroups := tiny([]int{0, 1, 0})
	if got := dataset.CapPerGroup(noGroups, []int{2, 0, 1}, 1, 1); !slices.Equal(got, []int{0, 1, 2}) {
		t.Fatalf("without groups kept %v, expected all", got)
	}
	if got := dataset.CapPerGroup(ds, nil, 1, 1); got == nil || len(got) != 0 {
		t.Fatalf("no indices gave %#v, expected an empty, non-nil list", got)
	}
}

func TestCapPerGroupRepeatsAndSubsets(t *testing.T) {
	ds := grouped([]int{0, 0, 1, 1})
	// A repeated index counts as that many samples of its group.
	kept := dataset.CapPerGroup(ds, []int{0, 0, 0, 2}, 2, 3)
	if got := perGroup(ds, kept); got[0] != 2 || got[1] != 1 {
		t.Fatalf("kept %v (per group %v), expected 2 of group 0 and 1 of group 1", kept, got)
	}
	// Only the given indices are considered.
	if kept := dataset.CapPerGroup(ds, []int{3}, 1, 3); !slices.Equal(kept, []int{3}) {
		t.Fatalf("kept %v, expected [3]", kept)
	}
}

// Group ids up to math.MaxInt once overflowed the comparison that orders
// the groups (ga - gb: MaxInt - NoGroup wraps to MinInt, so each of the two
// groups sorted before the other), splitting a group into several runs that
// were each capped separately.
func TestCapPerGroupLargeGroupIDs(t *testing.T) {
	for _, n := range []int{20, 60, 200} {
		groups := make([]int, n)
		noGroup := 0
		for i := range groups {
			groups[i] = math.MaxInt
			if (i*7+i/3)%2 == 1 {
				groups[i] = dataset.NoGroup
				noGroup++
			}
		}
		ds := grouped(groups)
		for seed := range uint64(5) {
			got := perGroup(ds, dataset.CapPerGroup(ds, all(n), 3, seed))
			if got[math.MaxInt] != 3 || got[dataset.NoGroup] != noGroup {
				t.Fatalf("%d samples, seed %d: kept per group %v, expected 3 of group MaxInt and all %d of NoGroup", n, seed, got, noGroup)
			}
		}
	}
}

func TestCapPerGroupPanicsOnBadIndex(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("index 4 of 4 samples did not panic")
		}
	}()
	dataset.CapPerGroup(grouped([]int{0, 0, 1, 1}), []int{4}, 1, 1)
}

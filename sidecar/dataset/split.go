package dataset

import (
	"fmt"
	"math"
	"slices"
)

// TrainTestSplit splits the samples into train and test index lists, each
// sorted ascending, stratified by label. The test set has
// round(Len*testFraction) samples, at least 1 and at most Len-1, shared
// among the classes in proportion to their sizes by the largest-remainder
// method (exact integers: class c gets floor or ceil of n_c*test/Len); each
// class's test samples are a seeded random choice among its samples.
func TrainTestSplit(ds Dataset, testFraction float64, seed uint64) (train, test []int, err error) {
	if math.IsNaN(testFraction) || testFraction <= 0 || testFraction >= 1 {
		return nil, nil, fmt.Errorf("train/test split: the test fraction must be in (0, 1), got %v", testFraction)
	}
	n := ds.Len()
	if n < 2 {
		return nil, nil, fmt.Errorf("train/test split: needs at least 2 samples, got %d", n)
	}
	if err := ds.checkLabels(); err != nil {
		return nil, nil, fmt.Errorf("train/test split: %w", err)
	}
	testSize := min(max(int(math.Round(float64(n)*testFraction)), 1), n-1)
	byClass := indicesByClass(ds)
	sizes := make([]uint64, len(byClass))
	for c, members := range byClass {
		sizes[c] = uint64(len(members))
	}
	quotas := apportion(testSize, sizes)
	r := newRNG(seed)
	train, test = make([]int, 0, n-testSize), make([]int, 0, testSize)
	for c, members := range byClass {
		r.shuffle(members)
		test = append(test, members[:quotas[c]]...)
		train = append(train, members[quotas[c]:]...)
	}
	slices.Sort(train)
	slices.Sort(test)
	return train, test, nil
}

// SplitIID splits the samples among nodes independently of their labels:
// a seeded shuffle dealt round-robin, so node sizes differ by at most one.
// Each node's list is sorted ascending.
func SplitIID(ds Dataset, nodes int, seed uint64) ([][]int, error) {
	if err := checkNodes(ds, nodes); err != nil {
		return nil, fmt.Errorf("iid split: %w", err)
	}
	order := make([]int, ds.Len())
	for i := range order {
		order[i] = i
	}
	newRNG(seed).shuffle(order)
	parts := make([][]int, nodes)
	for k := range parts {
		parts[k] = make([]int, 0, (len(order)+nodes-1)/nodes)
	}
	for pos, i := range order {
		parts[pos%nodes] = append(parts[pos%nodes], i)
	}
	for _, part := range parts {
		slices.Sort(part)
	}
	return parts, nil
}

// checkNodes checks a node count against the data set.
func checkNodes(ds Dataset, nodes int) error {
	switch {
	case nodes < 1:
		return fmt.Errorf("nodes must be at least 1, got %d", nodes)
	case nodes > ds.Len():
		return fmt.Errorf("%d nodes for %d samples: every node needs a sample", nodes, ds.Len())
	}
	return nil
}

// indicesByClass lists each class's samples, ascending.
func indicesByClass(ds Dataset) [][]int {
	byClass := make([][]int, ds.Classes)
	for i, y := range ds.Y {
		byClass[y] = append(byClass[y], i)
	}
	return byClass
}

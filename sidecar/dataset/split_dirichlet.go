package dataset

import (
	"fmt"
	"math"
	"slices"
)

// SplitDirichlet splits the samples among nodes with label skew, the usual
// non-IID benchmark partition. For each class in ascending order it
//
//  1. shuffles the class's samples (seeded),
//  2. draws proportions p ~ Dirichlet(alpha, ..., alpha) over the nodes
//     from Gamma(alpha) draws (Marsaglia-Tsang, boosted for alpha < 1),
//  3. gives node k a run of the shuffled samples of size n_c*p_k rounded
//     by the largest-remainder method (the proportions are quantized to
//     integers first, so the rounding is exact integer arithmetic).
//
// Small alpha concentrates each class on few nodes; large alpha
// approaches an IID split. Afterwards every node left empty, in ascending
// order, takes one seeded random sample from the node that is then
// largest (ties to the lower index), so no node is empty.
//
// Each node's list is sorted ascending. The split is the same for a seed
// on every machine. Errors for nodes < 1, more nodes than samples, or an
// alpha that is not a finite number > 0.
func SplitDirichlet(ds Dataset, nodes int, alpha float64, seed uint64) ([][]int, error) {
	if err := checkNodes(ds, nodes); err != nil {
		return nil, fmt.Errorf("dirichlet split: %w", err)
	}
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) || alpha <= 0 {
		return nil, fmt.Errorf("dirichlet split: alpha must be a finite number > 0, got %v", alpha)
	}
	if err := ds.checkLabels(); err != nil {
		return nil, fmt.Errorf("dirichlet split: %w", err)
	}
	r := newRNG(seed)
	parts := make([][]int, nodes)
	for _, members := range indicesByClass(ds) {
		if len(members) == 0 {
			continue
		}
		r.shuffle(members)
		counts := apportion(len(members), dirichletWeights(r, alpha, nodes))
		start := 0
		for k, count := range counts {
			parts[k] = append(parts[k], members[start:start+count]...)
			start += count
		}
	}
	fillEmptyNodes(parts, r)
	for _, part := range parts {
		slices.Sort(part)
	}
	return parts, nil
}

// fillEmptyNodes moves one random sample from the largest part to each
// empty part. There are at least as many samples as parts, so while a part
// is empty the largest holds at least two.
func fillEmptyNodes(parts [][]int, r *rng) {
	for k := range parts {
		if len(parts[k]) > 0 {
			continue
		}
		largest := 0
		for j := range parts {
			if len(parts[j]) > len(parts[largest]) {
				largest = j
			}
		}
		from := parts[largest]
		pick := r.intN(len(from))
		parts[k] = append(parts[k], from[pick])
		from[pick] = from[len(from)-1]
		parts[largest] = from[:len(from)-1]
	}
}

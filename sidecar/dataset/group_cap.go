package dataset

import (
	"cmp"
	"slices"
)

// CapPerGroup keeps at most maxPerGroup of the samples at indices from
// each group (paper section 5's bad-data defence: no single writer or
// source can dominate what a node trains on). Which samples a group keeps
// is a seeded random choice; groups are visited in ascending id order.
// Samples of NoGroup, and all samples when ds.Groups is nil, are kept, as
// is everything when maxPerGroup <= 0 (no cap). The result is sorted
// ascending; a repeated index counts as that many samples. It panics if
// ds.Groups is set and an index is out of range (see CheckIndices).
func CapPerGroup(ds Dataset, indices []int, maxPerGroup int, seed uint64) []int {
	kept := slices.Clone(indices)
	if kept == nil {
		kept = []int{}
	}
	if maxPerGroup <= 0 || ds.Groups == nil {
		slices.Sort(kept)
		return kept
	}
	if err := ds.CheckIndices(indices); err != nil {
		panic("dataset: cap per group: " + err.Error())
	}
	// Sort by (group, index) so each group is one run in a fixed order.
	slices.SortFunc(kept, func(a, b int) int {
		// cmp.Compare, not ga - gb: group ids go up to math.MaxInt, so a
		// difference can overflow and misorder the groups.
		if c := cmp.Compare(ds.Groups[a], ds.Groups[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	r := newRNG(seed)
	out := make([]int, 0, len(kept))
	for start := 0; start < len(kept); {
		group := ds.Groups[kept[start]]
		end := start
		for end < len(kept) && ds.Groups[kept[end]] == group {
			end++
		}
		run := kept[start:end]
		if group != NoGroup && len(run) > maxPerGroup {
			r.shuffle(run)
			run = run[:maxPerGroup]
		}
		out = append(out, run...)
		start = end
	}
	slices.Sort(out)
	return out
}

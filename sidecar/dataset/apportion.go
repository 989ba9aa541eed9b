package dataset

import (
	"math/bits"
	"slices"
)

// apportion splits total items among len(weights) parts in proportion to
// the weights by the largest-remainder method, in exact integer
// arithmetic: part i gets floor(total*w_i/W) and the items left over go
// one each to the largest remainders, ties to the lower index. The weights
// must not all be zero.
func apportion(total int, weights []uint64) []int {
	var sum uint64
	for _, w := range weights {
		sum += w
	}
	counts := make([]int, len(weights))
	remainders := make([]uint64, len(weights))
	left := total
	for i, w := range weights {
		hi, lo := bits.Mul64(uint64(total), w)
		q, rem := bits.Div64(hi, lo, sum) // hi < sum since w <= sum and total < 2^64
		counts[i], remainders[i] = int(q), rem
		left -= int(q)
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case remainders[a] > remainders[b]:
			return -1
		case remainders[a] < remainders[b]:
			return 1
		}
		return a - b
	})
	for _, i := range order[:left] {
		counts[i]++
	}
	return counts
}

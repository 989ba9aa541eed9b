package quant

import (
	"math"
	"testing"
)

// TestDividerMatchesDivision compares the multiply-high division with
// plain roundHalfAway over scales 1..2^32-1 and |v| <= 2^31, with the
// edges: powers of two, the largest scales, multiples of s and ties.
func TestDividerMatchesDivision(t *testing.T) {
	check := func(v, s int64) {
		if got, want := newDivider(s).roundHalfAway(v), roundHalfAway(v, s); got != want {
			t.Fatalf("divider(%d).roundHalfAway(%d) = %d, want %d", s, v, got, want)
		}
	}
	scales := []int64{1, 2, 3, 5, 7, 127, 1 << 20, 1<<20 + 1, maxScale(Int8), maxScale(Int4), 1<<31 - 1, 1 << 31, 1<<32 - 1}
	for e := 1; e < 32; e++ {
		scales = append(scales, 1<<e-1, 1<<e, 1<<e+1)
	}
	r := &rng{s: 6}
	for range 2000 {
		scales = append(scales, r.between(1, 1<<32-1), r.between(1, 1<<16))
	}
	values := []int64{0, 1, -1, math.MaxInt32, math.MinInt32, 1 << 31, -math.MaxInt32}
	for _, s := range scales {
		for _, v := range values {
			check(v, s)
		}
		for range 200 {
			v := r.between(math.MinInt32, 1<<31)
			check(v, s)
			k := v / s // multiples, neighbours and ties
			for _, w := range []int64{k * s, k*s - 1, k*s + 1, k*s + s/2, k*s + (s+1)/2, k*s - s/2} {
				if w >= -(1<<31) && w <= 1<<31 {
					check(w, s)
				}
			}
		}
	}
}

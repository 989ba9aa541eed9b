package merge

import (
	"math"
	"math/bits"
)

// divider computes n/d rounded to the nearest integer, halves up
// (floor((2n + d) / (2d)), without forming 2n), for a fixed d > 0. Halves
// up is the rounding the step circuit proves with one remainder per
// coordinate (sidecar/circuit), so a proven merge is this merge.
//
// It divides with a multiplication instead of a hardware division: with
// m = floor((2^64-1)/d) and a < 2^63, the estimate hi(a*m) is floor(a/d)
// or one below it (a*m/2^64 > a/d - a/(d*2^64) - a/2^64 > a/d - 1), and
// one comparison corrects it. The result is the exact quotient, as the
// tests check against plain division and math/big.
type divider struct{ d, m uint64 }

func newDivider(d uint64) divider { return divider{d, math.MaxUint64 / d} }

// quoRem returns a/d and a%d for a < 2^63.
func (v divider) quoRem(a uint64) (q, r uint64) {
	q, _ = bits.Mul64(a, v.m)
	r = a - q*v.d
	if r >= v.d {
		q++
		r -= v.d
	}
	return q, r
}

// round returns n/d rounded half up, for |n| < 2^63. With |n| = q*d + r,
// the magnitude goes up to q+1 when 2r > d, and also on a tie (2r = d)
// when n >= 0: a negative tie -(q + 1/2) rounds up to -q.
func (v divider) round(n int64) int64 {
	m := n >> 63 // all ones when n < 0
	q, r := v.quoRem(uint64((n ^ m) - m))
	if roundsAway(r, v.d-r, n < 0) {
		q++
	}
	return (int64(q) ^ m) - m
}

// roundsAway reports whether a magnitude with remainder r (and d-r = rest)
// rounds away from zero under half-up rounding: 2r > d, or 2r = d for a
// non-negative value.
func roundsAway(r, rest uint64, negative bool) bool {
	if negative {
		return r > rest
	}
	return r >= rest
}

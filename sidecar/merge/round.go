package merge

import (
	"math"
	"math/bits"
)

// divider computes n/d rounded to the nearest integer, halves away from
// zero (sign(n) * floor((2|n| + d) / (2d)), without forming 2|n|), for a
// fixed d > 0.
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

// round returns n/d rounded half away from zero, for |n| < 2^63.
func (v divider) round(n int64) int64 {
	m := n >> 63 // all ones when n < 0
	q, r := v.quoRem(uint64((n ^ m) - m))
	if r >= v.d-r {
		q++
	}
	return (int64(q) ^ m) - m
}

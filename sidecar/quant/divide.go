package quant

import "math/bits"

// divider rounds v/s half away from zero for one block's scale s without
// a hardware division per value. For s >= 2 it keeps c = ceil(2^64/s) and
// computes floor(a/s) = floor(c·a / 2^64) for a = |v| < 2^32, which is
// exact whenever a·s <= 2^64 (Lemire, Kaser, Kurz, "Faster remainder by
// direct computation", 2019, Theorem 1: with c·s = 2^64 + e, 0 <= e < s,
// c·a/2^64 = a/s + a·e/(s·2^64), and a·e < 2^64 keeps the excess below
// 1/s, less than the gap from a/s to the next integer). The result equals
// roundHalfAway(v, s) for every |v| <= 2^31 and 1 <= s < 2^32; a test
// checks them against each other.
type divider struct {
	s uint64
	c uint64 // ceil(2^64/s); unused when s == 1
}

func newDivider(s int64) divider {
	d := divider{s: uint64(s)}
	if s > 1 {
		d.c = ^uint64(0)/d.s + 1 // = ceil(2^64/s), also when s is a power of two
	}
	return d
}

// roundHalfAway is v/s rounded to nearest, ties away from zero, without
// branches on the value: m is 0 or -1 (the sign), a = |v| = (v^m)-m, and
// the round-up bit is the sign bit of s-1-2r, set exactly when 2r >= s
// (|2r| < 2^33: no overflow).
func (d divider) roundHalfAway(v int64) int64 {
	m := v >> 63
	a := uint64((v ^ m) - m)
	var q uint64
	if d.s == 1 {
		q = a
	} else {
		q, _ = bits.Mul64(d.c, a)
		r := a - q*d.s
		q += uint64((int64(d.s)-1-2*int64(r))>>63) & 1
	}
	return (int64(q) ^ m) - m
}

package merge

import "math/bits"

// u128 is an unsigned 128-bit integer, hi:lo. It carries the exact sums of
// products and squares that do not fit in 64 bits: weighted sums in
// Average, squared distances in Krum and squared norms in Clipped.
type u128 struct{ hi, lo uint64 }

// mul64 returns the full 128-bit product a*b.
func mul64(a, b uint64) u128 {
	hi, lo := bits.Mul64(a, b)
	return u128{hi, lo}
}

// add returns x+y; callers guarantee by their bounds that it does not wrap.
func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}
}

// add64 returns x+y for a 64-bit y.
func (x u128) add64(y uint64) u128 {
	lo, c := bits.Add64(x.lo, y, 0)
	return u128{x.hi + c, lo}
}

// sub returns x-y for x >= y.
func (x u128) sub(y u128) u128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	hi, _ := bits.Sub64(x.hi, y.hi, b)
	return u128{hi, lo}
}

// neg returns the two's-complement negation of x.
func (x u128) neg() u128 {
	return u128{}.sub(x)
}

// cmp returns -1, 0 or +1 as x is less than, equal to or greater than y.
func (x u128) cmp(y u128) int {
	switch {
	case x.hi < y.hi:
		return -1
	case x.hi > y.hi:
		return 1
	case x.lo < y.lo:
		return -1
	case x.lo > y.lo:
		return 1
	}
	return 0
}

func (x u128) lsh(n uint) u128 {
	switch {
	case n == 0:
		return x
	case n >= 64:
		return u128{x.lo << (n - 64), 0}
	}
	return u128{x.hi<<n | x.lo>>(64-n), x.lo << n}
}

func (x u128) rsh(n uint) u128 {
	switch {
	case n == 0:
		return x
	case n >= 64:
		return u128{0, x.hi >> (n - 64)}
	}
	return u128{x.hi >> n, x.lo>>n | x.hi<<(64-n)}
}

// quoRem returns x/y and x%y for y != 0 (Hacker's Delight, divlu2: a
// normalised 128-by-64 estimate corrected once).
func (x u128) quoRem(y u128) (q, r u128) {
	if y.hi == 0 {
		// Two 128-by-64 steps; each keeps its high word below y.lo.
		qhi, rhi := bits.Div64(0, x.hi, y.lo)
		qlo, rlo := bits.Div64(rhi, x.lo, y.lo)
		return u128{qhi, qlo}, u128{0, rlo}
	}
	n := uint(bits.LeadingZeros64(y.hi))
	y1 := y.lsh(n)
	x1 := x.rsh(1)
	tq, _ := bits.Div64(x1.hi, x1.lo, y1.hi)
	tq >>= 63 - n
	if tq != 0 {
		tq--
	}
	q = u128{0, tq}
	r = x.sub(mulU128By64(y, tq))
	if r.cmp(y) >= 0 {
		q = q.add64(1)
		r = r.sub(y)
	}
	return q, r
}

// mulU128By64 returns the low 128 bits of x*y.
func mulU128By64(x u128, y uint64) u128 {
	hi, lo := bits.Mul64(x.lo, y)
	return u128{hi + x.hi*y, lo}
}

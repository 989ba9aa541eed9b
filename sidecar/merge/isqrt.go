package merge

import "math/big"

// ceilSqrt returns ceil(sqrt(x)). Any x < 2^128 has a root below 2^64, and
// the caller's x (a squared norm of a domain difference vector) is far
// below (2^64-1)^2, so the result fits in a uint64. It is called once per
// vector, so math/big's exact integer square root costs nothing measurable.
func ceilSqrt(x u128) uint64 {
	v := new(big.Int).SetUint64(x.hi)
	v.Lsh(v, 64)
	v.Or(v, new(big.Int).SetUint64(x.lo))
	s := new(big.Int).Sqrt(v) // floor
	r := s.Uint64()
	if hi, lo := mulU64(r, r); hi != x.hi || lo != x.lo {
		r++
	}
	return r
}

func mulU64(a, b uint64) (hi, lo uint64) {
	p := mul64(a, b)
	return p.hi, p.lo
}

package types

import (
	"fmt"
	"math/big"
	"math/bits"
)

// Score bounds, in micro-units. A score is an integer in [0, MaxScore];
// NeutralScore is the value every score decays toward.
const (
	// MaxScore is the largest valid score (1.0 in micro-units).
	MaxScore uint64 = 1_000_000
	// NeutralScore is the score of an address with no history (0.5 in
	// micro-units) and the fixed point of decay.
	NeutralScore uint64 = 500_000
)

// decayHalfPowQ64[i] = round(2^(-2^-i) · 2^64) for i = 1..64 (index 0 is
// unused): 2^(-1/2), 2^(-1/4), ... as Q64 fractions. The entries are built
// once, with math/big only (integer arithmetic, identical on every CPU):
// T[1] = sqrt(1/2), T[i+1] = sqrt(T[i]) at 192-bit precision, then rounded
// to the nearest Q64. Every entry is below 2^64 - 1/2 (even T[64] is
// 2^64 - 0.69), so all of them fit in a uint64.
var decayHalfPowQ64 = buildDecayHalfPowTable()

func buildDecayHalfPowTable() (t [65]uint64) {
	const prec = 192
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	half := new(big.Float).SetPrec(prec).SetMantExp(one, -1) // exactly 1/2
	x := new(big.Float).Set(half)
	for i := 1; i <= 64; i++ {
		x.Sqrt(x)
		// round(x · 2^64): add 1/2 and truncate.
		y := new(big.Float).SetPrec(prec).SetMantExp(x, 64)
		y.Add(y, half)
		n, _ := y.Int(nil)
		if !n.IsUint64() {
			panic(fmt.Sprintf("reputation: decay table entry %d overflows Q64", i))
		}
		t[i] = n.Uint64()
	}
	return t
}

// pow2NegFracQ64 returns 2^(-r/h) for 0 < r < h as a Q64 fraction (the
// result is in (1/2, 1), so it always fits). ok is false when the factor
// is exactly 1 (the Q64 fraction of r/h is zero, which happens only for
// r == 0), since 1.0 is not representable in Q64.
//
// frac = floor(r·2^64 / h) is the Q64 binary expansion of r/h; bit 64-i of
// frac stands for 2^-i, so 2^(-frac/2^64) is the product of T[i] over its set
// bits. Each product keeps the high word of the 128-bit result (truncation).
// Error: each table entry is off by <= 2^-65, each of the <= 63 products
// truncates by < 2^-64 and frac's truncation adds < ln2·2^-64, so the
// result is within ~2^-57 of the exact 2^(-r/h) (the tests measure the
// actual maximum, a few tens of ulps of Q64).
func pow2NegFracQ64(r, h uint64) (f uint64, ok bool) {
	frac, _ := bits.Div64(r, 0, h) // r < h, so the quotient fits
	for i := 1; i <= 64; i++ {
		if frac&(1<<(64-i)) == 0 {
			continue
		}
		if !ok {
			f, ok = decayHalfPowQ64[i], true
			continue
		}
		f, _ = bits.Mul64(f, decayHalfPowQ64[i])
	}
	return f, ok
}

// DecayedScore returns a score stored with value `value`, elapsed blocks
// later, decayed toward NeutralScore with a half-life of halfLife blocks:
//
//	neutral + (value - neutral) · 2^(-elapsed/halfLife)
//
// computed with integer arithmetic only, so every node gets the same bits.
// With q = elapsed / halfLife and r = elapsed % halfLife the deviation
// d = |value - neutral| becomes floor(d · f / 2^64) >> q, where f is
// 2^(-r/halfLife) in Q64 (see pow2NegFracQ64; f is exactly 1 when r == 0).
// The result is truncated toward neutral: it never crosses NeutralScore,
// never moves away from it, and at multiples of the half-life it is exact
// (d >> q). Elsewhere it is the floor of the exact deviation unless that
// lies within ~2^-38 of an integer (the error of f times d < 2^19), where it
// may differ by one; it is always within 1 micro-unit of the exact value.
// For halfLife <= 2^48 (any realistic half-life) the deviation is also
// non-increasing in elapsed: one block then lowers the exact factor by at
// least 2^-49 relative, far more than f's error; for larger half-lives a
// one-block step is below f's error and the last micro-unit may not be
// monotone.
//
// halfLife == 0 disables decay; elapsed == 0 returns value unchanged.
// value must be at most MaxScore: callers validate scores before storing
// them, so a larger value is a programming error and DecayedScore panics.
func DecayedScore(value uint64, elapsed uint64, halfLife uint64) uint64 {
	if value > MaxScore {
		panic(fmt.Sprintf("reputation: score %d above maximum %d", value, MaxScore))
	}
	if halfLife == 0 || elapsed == 0 {
		return value
	}
	q, r := elapsed/halfLife, elapsed%halfLife
	if q >= 64 {
		return NeutralScore
	}
	above := value >= NeutralScore
	d := NeutralScore - value
	if above {
		d = value - NeutralScore
	}
	if f, ok := pow2NegFracQ64(r, halfLife); ok {
		d, _ = bits.Mul64(d, f)
	}
	d >>= q
	if above {
		return NeutralScore + d
	}
	return NeutralScore - d
}

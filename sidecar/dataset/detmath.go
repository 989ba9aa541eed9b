package dataset

import "math"

// The logarithm and exponential of the Dirichlet split, bit-for-bit the same
// on every machine. math.Log and math.Exp are not: on amd64 they are
// assembly (Exp uses fused multiply-add where the CPU has it), and the
// compiler may fuse a*b+c anywhere on arm64 or with GOAMD64=v3. Here every
// product that meets an addition is rounded by an explicit float64
// conversion, which the Go specification says prevents fusion, and only
// +, -, *, /, math.Sqrt (correctly rounded everywhere), math.Frexp,
// math.Ldexp and math.Floor (exact) are used.

const (
	ln2Hi    = 6.93147180369123816490e-01 // ln 2, high part (low bits zero)
	ln2Lo    = 1.90821492927058770002e-10 // ln 2 - ln2Hi
	log2E    = 1.44269504088896338700e+00 // 1 / ln 2
	sqrtHalf = 0.70710678118654752440
	// logTerms odd powers of the atanh series reach 2^-56 for |t| <=
	// (sqrt 2 - 1)/(sqrt 2 + 1).
	logTerms = 13
	// expTerms terms of the Taylor series reach 2^-60 for |r| <= ln2/2.
	expTerms = 16
)

// sqrt is math.Sqrt, correctly rounded by IEEE 754 on every platform.
func sqrt(x float64) float64 { return math.Sqrt(x) }

// detLog returns ln x for finite x > 0 (to within a few ulps).
func detLog(x float64) float64 {
	m, e := math.Frexp(x) // x = m * 2^e, m in [0.5, 1)
	if m < sqrtHalf {
		m *= 2 // exact
		e--
	}
	// ln m = 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + ...), t = (m-1)/(m+1)
	t := (m - 1) / (m + 1)
	t2 := float64(t * t)
	sum := 0.0
	for k := logTerms - 1; k >= 0; k-- { // Horner over t^2, smallest terms first
		sum = float64(sum*t2) + 1/float64(2*k+1)
	}
	lnM := float64(2 * float64(t*sum))
	fe := float64(e)
	return float64(fe*ln2Hi) + (float64(fe*ln2Lo) + lnM)
}

// detExp returns e^x (to within a few ulps; 0 below about -745, +Inf
// above about 709.8).
func detExp(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x > 709.8:
		return math.Inf(1)
	case x < -745.2:
		return 0
	}
	k := math.Floor(float64(x*log2E) + 0.5)
	r := (x - float64(k*ln2Hi)) - float64(k*ln2Lo) // |r| <= ln2/2 (+ rounding)
	p := 1.0
	for n := expTerms; n >= 1; n-- { // e^r = 1 + r(1 + r/2(1 + r/3(...)))
		p = 1 + float64(r*p)/float64(n)
	}
	return math.Ldexp(p, int(k))
}

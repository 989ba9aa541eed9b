package dataset

import "math"

// logGammaDraw returns the logarithm of a Gamma(shape, 1) draw, shape > 0
// and finite, by Marsaglia and Tsang's method ("A simple method for
// generating gamma variables", 2000). For shape < 1 it draws
// Gamma(shape+1) and multiplies by U^(1/shape) (their boost), which in
// logarithms is adding ln(U)/shape; working in logarithms keeps the tiny
// draws of a small shape from underflowing to zero.
func logGammaDraw(r *rng, shape float64) float64 {
	boost := 0.0
	if shape < 1 {
		boost = detLog(r.unitOpen()) / shape
		if math.IsInf(boost, -1) { // only for a subnormal shape
			boost = -math.MaxFloat64
		}
		shape++
	}
	d := shape - 1.0/3
	c := 1 / sqrt(9*d)
	for {
		x := r.normal()
		v := 1 + float64(c*x)
		if v <= 0 {
			continue
		}
		v = float64(float64(v*v) * v)
		u := r.unitOpen()
		x2 := float64(x * x)
		if u < 1-float64(0.0331*float64(x2*x2)) ||
			detLog(u) < float64(0.5*x2)+float64(d*((1-v)+detLog(v))) {
			return detLog(float64(d*v)) + boost
		}
	}
}

// dirichletWeightBits is the scale of dirichletWeights: the largest weight
// is 2^32, so up to 2^32 weights sum without overflow.
const dirichletWeightBits = 32

// dirichletWeights draws a Dirichlet(alpha, ..., alpha) vector over k
// components as integer weights proportional to it: the largest is 2^32,
// the others floor(2^32 * g_i / g_max) for Gamma draws g_i. Integers let
// the split that uses them round by exact integer arithmetic.
func dirichletWeights(r *rng, alpha float64, k int) []uint64 {
	logs := make([]float64, k)
	top := math.Inf(-1)
	for i := range logs {
		logs[i] = logGammaDraw(r, alpha)
		top = max(top, logs[i])
	}
	weights := make([]uint64, k)
	for i, l := range logs {
		// detExp(<= 0) is in [0, 1]; scaling by a power of two is exact.
		weights[i] = uint64(math.Ldexp(detExp(l-top), dirichletWeightBits))
	}
	return weights
}

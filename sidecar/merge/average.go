package merge

import (
	"fmt"
	"math/bits"
)

// Weighted is a model to merge: its raw fixed-point parameters, the number
// of samples it was trained on and its age (SGD steps, or version depth).
type Weighted struct {
	Params  []int64
	Samples uint64
	Age     uint64
}

// Average returns the weighted mean of the models' parameters, each model
// weighted by its samples, its age or 1 (see Weighting).
//
// The mean is exact: coordinate j is N/W with N = sum_i w_i*x_ij and
// W = sum_i w_i computed without rounding, then rounded to the nearest
// integer with halves up, floor((2N + W) / (2W)) (the rounding the step
// circuit proves).
// While W < 2^32 every N fits in int64 and the sums run in 64 bits;
// otherwise (weights up to 2^64-1 each) N is a signed 128-bit sum of
// bits.Mul64 products and W a 128-bit sum, and the quotient is an exact
// 128-bit division. Both paths return the same integers. The result lies
// between the smallest and the largest input value of each coordinate.
//
// Errors: ErrEmpty, ErrLength, ErrRange, ErrInvalidArgument (unknown
// weighting), ErrZeroWeight (every weight is zero). Inputs are not
// modified.
func Average(models []Weighted, by Weighting) ([]int64, error) {
	if !by.valid() {
		return nil, fmt.Errorf("%w: weighting %d, want 0..%d", ErrInvalidArgument, int(by), len(weightingNames)-1)
	}
	d, err := checkVectors(paramsOf(models))
	if err != nil {
		return nil, err
	}
	ws := make([]uint64, len(models))
	var total u128
	for i := range models {
		ws[i] = by.weight(models[i])
		total = total.add64(ws[i])
	}
	if total == (u128{}) {
		return nil, fmt.Errorf("%w: %d models weighted by %s", ErrZeroWeight, len(models), by)
	}
	out := make([]int64, d)
	if total.hi == 0 && total.lo < 1<<32 {
		averageNarrow(out, models, ws, total.lo)
	} else {
		averageWide(out, models, ws, total)
	}
	return out, nil
}

// averageNarrow is Average for W < 2^32: |N| <= 2^31 * W < 2^63. It
// accumulates model by model into out (sequential passes the compiler
// keeps free of bounds checks), then divides every sum.
func averageNarrow(out []int64, models []Weighted, ws []uint64, total uint64) {
	for i := range models {
		w := int64(ws[i])
		if w == 0 {
			continue
		}
		p := models[i].Params[:len(out)]
		for j, x := range p {
			out[j] += w * x
		}
	}
	div := newDivider(total)
	for j, n := range out {
		out[j] = div.round(n)
	}
}

// averageWide is Average for any weights. Each product w*|x| < 2^95, so
// the signed sum of fewer than 2^32 products stays below 2^127 in
// magnitude and two's-complement 128-bit accumulation is exact.
func averageWide(out []int64, models []Weighted, ws []uint64, total u128) {
	for j := range out {
		var acc u128
		for i := range models {
			x := models[i].Params[j]
			m := uint64(x >> 63) // all ones when x < 0
			hi, lo := bits.Mul64(ws[i], (uint64(x)^m)-m)
			// Negate hi:lo when x < 0: invert and add one.
			lo, c := bits.Add64(lo^m, m&1, 0)
			hi = (hi ^ m) + c
			acc = acc.add(u128{hi, lo})
		}
		neg := acc.hi>>63 == 1
		if neg {
			acc = acc.neg()
		}
		// |mean| <= 2^31, so the quotient fits in 64 bits (and acc.hi <
		// total.lo below, as bits.Div64 requires).
		var q uint64
		if total.hi == 0 {
			var r uint64
			q, r = bits.Div64(acc.hi, acc.lo, total.lo)
			if roundsAway(r, total.lo-r, neg) { // half up
				q++
			}
		} else {
			qq, r := acc.quoRem(total)
			q = qq.lo
			if c := r.cmp(total.sub(r)); c > 0 || (c == 0 && !neg) { // half up
				q++
			}
		}
		v := int64(q)
		if neg {
			v = -v
		}
		out[j] = v
	}
}

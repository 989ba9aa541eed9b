package tt

import (
	"fmt"
	"math"
)

// Add returns a + b as a TT-matrix whose interior ranks are the sums of
// the operands' ranks (block-diagonal cores; the first core concatenates
// along its right rank, the last along its left rank). Round the result to
// bring the ranks back down.
func Add(a, b *Matrix) (*Matrix, error) {
	return WeightedSum([]*Matrix{a, b}, []float64{1, 1})
}

// WeightedSum returns Σ weights[i]·ts[i], the merge of TT models (for
// example an age- or sample-weighted gossip average) before rounding.
// Interior ranks are the sums of the inputs' ranks; each weight scales the
// first core of its term. All inputs must have the same modes.
func WeightedSum(ts []*Matrix, weights []float64) (*Matrix, error) {
	if len(ts) == 0 {
		return nil, fmt.Errorf("%w: no matrices to sum; want at least one", ErrShape)
	}
	if len(weights) != len(ts) {
		return nil, fmt.Errorf("%w: %d weights for %d matrices; want one weight per matrix", ErrShape, len(weights), len(ts))
	}
	for i, t := range ts {
		if err := t.Validate(); err != nil {
			return nil, fmt.Errorf("matrix %d: %w", i, err)
		}
		if !sameModes(ts[0], t) {
			return nil, fmt.Errorf("%w: matrix %d has modes %v × %v but matrix 0 has %v × %v; want equal modes",
				ErrShape, i, t.RowModes, t.ColModes, ts[0].RowModes, ts[0].ColModes)
		}
		if w := weights[i]; math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("%w: weight %d is %v; want a finite number", ErrValue, i, w)
		}
	}
	d := ts[0].D()
	out := &Matrix{
		RowModes: append([]int(nil), ts[0].RowModes...),
		ColModes: append([]int(nil), ts[0].ColModes...),
		Ranks:    make([]int, d+1),
		Cores:    make([][]float64, d),
	}
	out.Ranks[0], out.Ranks[d] = 1, 1
	for k := 1; k < d; k++ {
		for _, t := range ts {
			out.Ranks[k] += t.Ranks[k]
		}
	}
	for k := range d {
		size, ok := product(out.Ranks[k], out.RowModes[k], out.ColModes[k], out.Ranks[k+1])
		if !ok {
			return nil, fmt.Errorf("%w: summed core %d would have more than %d entries", ErrShape, k, MaxElements)
		}
		out.Cores[k] = make([]float64, size)
	}
	// offA[k] is where term i's block starts along rank k; it stays 0 for
	// the boundary ranks 0 and d, so the first cores sit side by side, the
	// last cores stack and, for d = 1, the single cores add up.
	offA := make([]int, d+1)
	for i, t := range ts {
		for k := range d {
			scale := 1.0
			if k == 0 {
				scale = weights[i]
			}
			addBlock(out.Cores[k], out.Ranks[k+1], t.Cores[k], t.Ranks[k], t.RowModes[k]*t.ColModes[k], t.Ranks[k+1], offA[k], offA[k+1], scale)
		}
		for k := 1; k < d; k++ {
			offA[k] += t.Ranks[k]
		}
	}
	if err := finite(out); err != nil {
		return nil, fmt.Errorf("%w: the weighted sum overflows float64", ErrValue)
	}
	return out, nil
}

// finite reports the first non-finite core entry of t.
func finite(t *Matrix) error {
	for k, g := range t.Cores {
		for e, v := range g {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: core %d entry %d is %v; want a finite number", ErrValue, k, e, v)
			}
		}
	}
	return nil
}

// addBlock adds scale·src (shape [rp, s, rn]) into dst (shape [·, s, dstRn])
// at rank offsets (a0, b0).
func addBlock(dst []float64, dstRn int, src []float64, rp, s, rn, a0, b0 int, scale float64) {
	for a := range rp {
		for x := range s {
			from := src[(a*s+x)*rn : (a*s+x+1)*rn]
			to := dst[((a0+a)*s+x)*dstRn+b0:]
			for b, v := range from {
				to[b] += scale * v
			}
		}
	}
}

// Scale returns alpha·t (the first core scaled). alpha must be finite.
func Scale(t *Matrix, alpha float64) (*Matrix, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
		return nil, fmt.Errorf("%w: scale factor is %v; want a finite number", ErrValue, alpha)
	}
	out := t.Clone()
	for e := range out.Cores[0] {
		out.Cores[0][e] *= alpha
	}
	if err := finite(out); err != nil {
		return nil, fmt.Errorf("%w: scaling by %v overflows float64", ErrValue, alpha)
	}
	return out, nil
}

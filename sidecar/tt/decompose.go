package tt

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Decompose computes a TT-matrix of w by TT-SVD (Oseledets 2011,
// Algorithm 1) over the given modes: w is reordered into the interleaved
// tensor (i_1 j_1, …, i_d j_d), then, for k = 1..d-1, the current
// unfolding of size (r_{k-1}·m_k·n_k) × (rest) is factorized by a thin SVD
// (mat.SVD, mat.SVDThin), truncated to rank r_k, its left factor becomes
// core k and diag(σ)·Vᵀ is carried on to the next step.
//
// Each step drops the smallest singular values whose Frobenius norm stays
// within δ = opts.Epsilon/√(d-1)·‖w‖_F, so ‖w − TT‖_F ≤ opts.Epsilon·‖w‖_F
// (Theorem 2.2); opts.MaxRank then caps each rank, which can break that
// bound. With zero Options the decomposition is exact up to rounding
// (only exactly zero singular values are dropped).
//
// w must be (prod rowModes) × (prod colModes) with finite entries.
func Decompose(w mat.Matrix, rowModes, colModes []int, opts Options) (*Matrix, error) {
	if w == nil {
		return nil, fmt.Errorf("%w: nil matrix", ErrShape)
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	m, n, err := checkModes(rowModes, colModes)
	if err != nil {
		return nil, err
	}
	if r, c := w.Dims(); r != m || c != n {
		return nil, fmt.Errorf("%w: matrix is %d×%d but row modes %v multiply to %d and column modes %v to %d",
			ErrShape, r, c, rowModes, m, colModes, n)
	}
	d := len(rowModes)
	data, norm, err := interleave(w, rowModes, colModes)
	if err != nil {
		return nil, err
	}
	delta := opts.stepThreshold(d, norm)

	t := &Matrix{
		RowModes: append([]int(nil), rowModes...),
		ColModes: append([]int(nil), colModes...),
		Ranks:    make([]int, d+1),
		Cores:    make([][]float64, d),
	}
	t.Ranks[0], t.Ranks[d] = 1, 1
	c := data // the remainder, r_k × (s_{k+1}·…·s_d), row-major
	for k := 0; k < d-1; k++ {
		rows := t.Ranks[k] * rowModes[k] * colModes[k]
		cols := len(c) / rows
		core, rest, r, err := truncatedSplit(mat.NewDense(rows, cols, c), delta, opts.MaxRank)
		if err != nil {
			return nil, fmt.Errorf("core %d: %w", k, err)
		}
		t.Cores[k], t.Ranks[k+1], c = core, r, rest
	}
	t.Cores[d-1] = c
	return t, nil
}

// interleave copies w into the interleaved tensor, checking every entry,
// and returns it with ‖w‖_F.
func interleave(w mat.Matrix, rowModes, colModes []int) ([]float64, float64, error) {
	m, n := w.Dims()
	rowOff, colOff := interleaveOffsets(rowModes, colModes)
	data := make([]float64, m*n)
	sum := 0.0
	for i := range m {
		for j := range n {
			v := w.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, 0, fmt.Errorf("%w: entry (%d, %d) is %v; want a finite number", ErrValue, i, j, v)
			}
			data[rowOff[i]+colOff[j]] = v
			sum += v * v
		}
	}
	norm := math.Sqrt(sum)
	if math.IsInf(norm, 0) {
		return nil, 0, fmt.Errorf("%w: the Frobenius norm overflows float64; rescale the matrix", ErrValue)
	}
	return data, norm, nil
}

// truncatedSplit factorizes a ≈ U·(diag(σ)·Vᵀ) by a thin SVD truncated to
// rank r (truncRank) and returns U (rows × r) and diag(σ)·Vᵀ (r × cols),
// both row-major.
func truncatedSplit(a *mat.Dense, delta float64, maxRank int) (left, right []float64, r int, err error) {
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		rows, cols := a.Dims()
		return nil, nil, 0, fmt.Errorf("%w: SVD of a %d×%d unfolding did not converge", ErrFactorization, rows, cols)
	}
	s := svd.Values(nil)
	r = truncRank(s, delta, maxRank)
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	rows, _ := u.Dims()
	cols, _ := v.Dims()
	left = make([]float64, rows*r)
	ur := u.RawMatrix()
	for i := range rows {
		copy(left[i*r:(i+1)*r], ur.Data[i*ur.Stride:i*ur.Stride+r])
	}
	right = make([]float64, r*cols)
	vr := v.RawMatrix()
	for b := range r {
		row := right[b*cols : (b+1)*cols]
		for c := range cols {
			row[c] = s[b] * vr.Data[c*vr.Stride+b]
		}
	}
	return left, right, r, nil
}

// RelativeError returns ‖w − t‖_F / ‖w‖_F, forming t in full. It is 0 when
// both are zero and +Inf when only w is zero; NaN when t is invalid or the
// shapes differ.
func RelativeError(w mat.Matrix, t *Matrix) float64 {
	if w == nil || t.Validate() != nil {
		return math.NaN()
	}
	m, n := t.Dims()
	if r, c := w.Dims(); r != m || c != n {
		return math.NaN()
	}
	f := t.Full()
	var diff mat.Dense
	diff.Sub(w, f)
	num := mat.Norm(&diff, 2)
	den := mat.Norm(w, 2)
	switch {
	case den == 0 && num == 0:
		return 0
	case den == 0:
		return math.Inf(1)
	}
	return num / den
}

package tt

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// Round recompresses t without forming the full matrix (TT rounding,
// Oseledets 2011, Algorithm 2): a right-to-left sweep of thin QR
// factorizations makes cores 2..d right-orthonormal, then a left-to-right
// sweep of truncated thin SVDs cuts each rank, with the same per-step
// threshold δ = opts.Epsilon/√(d-1)·‖t‖_F as Decompose, so
// ‖t − Round(t)‖_F ≤ opts.Epsilon·‖t‖_F unless opts.MaxRank binds.
// Rounding after Add or WeightedSum brings the summed ranks back down to
// the ranks the sum really needs. t is not modified.
func Round(t *Matrix, opts Options) (*Matrix, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	out := t.Clone()
	d := out.D()
	if d == 1 {
		return out, nil
	}
	orthogonalizeRight(out)
	delta := opts.stepThreshold(d, mat.Norm(mat.NewVecDense(len(out.Cores[0]), out.Cores[0]), 2))
	for k := 0; k < d-1; k++ {
		rows := out.Ranks[k] * out.RowModes[k] * out.ColModes[k]
		left, sv, r, err := truncatedSplit(mat.NewDense(rows, out.Ranks[k+1], out.Cores[k]), delta, opts.MaxRank)
		if err != nil {
			return nil, fmt.Errorf("core %d: %w", k, err)
		}
		// core k+1 ← (diag(σ)·Vᵀ) · core k+1, r × (s_{k+1}·r_{k+2}).
		next := mat.NewDense(out.Ranks[k+1], len(out.Cores[k+1])/out.Ranks[k+1], out.Cores[k+1])
		var prod mat.Dense
		prod.Mul(mat.NewDense(r, out.Ranks[k+1], sv), next)
		out.Cores[k], out.Ranks[k+1], out.Cores[k+1] = left, r, prod.RawMatrix().Data
	}
	return out, nil
}

// orthogonalizeRight makes cores 1..d-1 (0-based) right-orthonormal: each,
// unfolded as r_k × (s_k·r_{k+1}), gets orthonormal rows, and the factor
// taken out moves into the core on its left. The represented matrix does
// not change. A rank larger than s_k·r_{k+1} (the most the unfolding can
// carry) shrinks to s_k·r_{k+1}.
func orthogonalizeRight(t *Matrix) {
	for k := t.D() - 1; k >= 1; k-- {
		rp := t.Ranks[k]
		cols := len(t.Cores[k]) / rp
		g := mat.NewDense(rp, cols, t.Cores[k])
		leftRows := len(t.Cores[k-1]) / rp
		left := mat.NewDense(leftRows, rp, t.Cores[k-1])
		var absorbed mat.Dense
		if cols >= rp {
			// gᵀ = Q·R, so g = Rᵀ·Qᵀ: core k ← Qᵀ, core k-1 ← core k-1 · Rᵀ.
			q, r := thinQR(mat.DenseCopyOf(g.T()))
			absorbed.Mul(left, r.T())
			t.Cores[k] = mat.DenseCopyOf(q.T()).RawMatrix().Data
		} else {
			// g = g·I: core k ← I (cols × cols), core k-1 ← core k-1 · g.
			absorbed.Mul(left, g)
			id := make([]float64, cols*cols)
			for i := range cols {
				id[i*cols+i] = 1
			}
			t.Cores[k] = id
			t.Ranks[k] = cols
		}
		t.Cores[k-1] = absorbed.RawMatrix().Data
	}
}

// thinQR factorizes the tall a (m×n, m ≥ n) as Q·R with Q m×n having
// orthonormal columns and R n×n upper triangular (LAPACK Dgeqrf, Dorgqr).
// a is overwritten.
func thinQR(a *mat.Dense) (q, r *mat.Dense) {
	raw := a.RawMatrix()
	g := blas64.General{Rows: raw.Rows, Cols: raw.Cols, Stride: raw.Stride, Data: raw.Data}
	n := raw.Cols
	tau := make([]float64, n)
	work := []float64{0}
	lapack64.Geqrf(g, tau, work, -1)
	work = make([]float64, int(work[0]))
	lapack64.Geqrf(g, tau, work, len(work))
	r = mat.NewDense(n, n, nil)
	for i := range n {
		for j := i; j < n; j++ {
			r.Set(i, j, g.Data[i*g.Stride+j])
		}
	}
	work = []float64{0}
	lapack64.Orgqr(g, tau, work, -1)
	work = make([]float64, int(work[0]))
	lapack64.Orgqr(g, tau, work, len(work))
	return a, r
}

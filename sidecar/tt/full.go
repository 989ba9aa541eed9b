package tt

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Full returns the dense M×N matrix that t stands for. It contracts the
// cores left to right (one gonum Dense.Mul per core), then undoes the
// interleaving of row and column indices. Full panics with the Validate
// error if t is malformed; validate matrices from outside first.
func (t *Matrix) Full() *mat.Dense {
	if err := t.Validate(); err != nil {
		panic(fmt.Sprintf("tt: Full of an invalid Matrix: %v", err))
	}
	d := t.D()
	// p is the partial product, (s_1·…·s_k) × r_{k+1}, row-major.
	p := mat.NewDense(t.RowModes[0]*t.ColModes[0], t.Ranks[1], append([]float64(nil), t.Cores[0]...))
	for k := 1; k < d; k++ {
		s := t.RowModes[k] * t.ColModes[k]
		g := mat.NewDense(t.Ranks[k], s*t.Ranks[k+1], t.Cores[k])
		rows, _ := p.Dims()
		var q mat.Dense
		q.Mul(p, g)
		// rows × (s·r_{k+1}) row-major is (rows·s) × r_{k+1} row-major.
		p = mat.NewDense(rows*s, t.Ranks[k+1], q.RawMatrix().Data)
	}
	flat := p.RawMatrix().Data
	m, n := t.Dims()
	rowOff, colOff := interleaveOffsets(t.RowModes, t.ColModes)
	out := make([]float64, m*n)
	for i := range m {
		row := out[i*n : (i+1)*n]
		for j := range n {
			row[j] = flat[rowOff[i]+colOff[j]]
		}
	}
	return mat.NewDense(m, n, out)
}

// At returns W[i][j] without forming W: the product of d small matrices,
// O(d·r²) work. It panics if i or j is out of range, as mat.Matrix.At
// does; t must be valid.
func (t *Matrix) At(i, j int) float64 {
	m, n := t.Dims()
	if i < 0 || i >= m || j < 0 || j >= n {
		panic(fmt.Sprintf("tt: index (%d, %d) out of range for a %d×%d matrix", i, j, m, n))
	}
	d := t.D()
	is, js := make([]int, d), make([]int, d)
	splitIndex(i, t.RowModes, is)
	splitIndex(j, t.ColModes, js)
	v := []float64{1}
	for k := range d {
		rp, mk, nk, rn := t.Ranks[k], t.RowModes[k], t.ColModes[k], t.Ranks[k+1]
		g := t.Cores[k]
		next := make([]float64, rn)
		for a := range rp {
			base := ((a*mk+is[k])*nk + js[k]) * rn
			for b := range rn {
				next[b] += v[a] * g[base+b]
			}
		}
		v = next
	}
	return v[0]
}

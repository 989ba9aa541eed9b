package tt

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomDense returns an m×n matrix of standard normal entries, full rank
// with probability one.
func randomDense(m, n int, seed uint64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 1))
	data := make([]float64, m*n)
	for i := range data {
		data[i] = rng.NormFloat64()
	}
	return mat.NewDense(m, n, data)
}

// maxAbsDiff returns max |a_ij - b_ij|; the shapes must agree.
func maxAbsDiff(t *testing.T, a, b mat.Matrix) float64 {
	t.Helper()
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		t.Fatalf("shapes differ: %d×%d vs %d×%d", ar, ac, br, bc)
	}
	m := 0.0
	for i := range ar {
		for j := range ac {
			m = math.Max(m, math.Abs(a.At(i, j)-b.At(i, j)))
		}
	}
	return m
}

// unfoldingRanks returns the numerical ranks (relative tolerance 1e-10)
// of the d-1 unfoldings of w's interleaved tensor: the smallest TT ranks
// that represent w exactly.
func unfoldingRanks(t *testing.T, w mat.Matrix, rowModes, colModes []int) []int {
	t.Helper()
	data, _, err := interleave(w, rowModes, colModes)
	if err != nil {
		t.Fatal(err)
	}
	d := len(rowModes)
	ranks := []int{1}
	rows := 1
	for k := 0; k < d-1; k++ {
		rows *= rowModes[k] * colModes[k]
		var svd mat.SVD
		if !svd.Factorize(mat.NewDense(rows, len(data)/rows, data), mat.SVDNone) {
			t.Fatalf("SVD of unfolding %d failed", k)
		}
		ranks = append(ranks, svd.Rank(1e-10))
	}
	return append(ranks, 1)
}

// mustValid fails the test if m is not a valid Matrix.
func mustValid(t *testing.T, m *Matrix) {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatalf("result does not validate: %v", err)
	}
}

// intsEqual reports whether a and b hold the same ints.
func intsEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// decayingDense returns U·diag(σ)·Vᵀ with random orthonormal U (m×k),
// V (n×k), k = min(m, n), and σ_i = ratio^i: full rank, but with a
// geometric spectrum.
func decayingDense(m, n int, ratio float64, seed uint64) *mat.Dense {
	k := min(m, n)
	u, _ := thinQR(randomDense(m, k, seed))
	v, _ := thinQR(randomDense(n, k, seed+1))
	for j := range k {
		s := math.Pow(ratio, float64(j))
		for i := range m {
			u.Set(i, j, u.At(i, j)*s)
		}
	}
	var w mat.Dense
	w.Mul(u, v.T())
	return &w
}

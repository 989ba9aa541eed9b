package tt

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestValidateAcceptsWellFormed(t *testing.T) {
	for _, tc := range []struct {
		rows, cols, ranks []int
	}{
		{[]int{3}, []int{5}, []int{1, 1}},
		{[]int{2, 3}, []int{4, 1}, []int{1, 3, 1}},
		{[]int{4, 7, 4, 7}, []int{4, 4, 4, 2}, []int{1, 8, 8, 8, 1}},
	} {
		if err := RandomMatrix(tc.rows, tc.cols, tc.ranks, 1).Validate(); err != nil {
			t.Errorf("%v×%v ranks %v: %v", tc.rows, tc.cols, tc.ranks, err)
		}
	}
}

func TestValidateErrors(t *testing.T) {
	good := func() *Matrix { return RandomMatrix([]int{2, 3}, []int{2, 2}, []int{1, 2, 1}, 7) }
	cases := []struct {
		name    string
		mutate  func(m *Matrix) *Matrix
		want    error
		message string
	}{
		{"nil", func(*Matrix) *Matrix { return nil }, ErrShape, "nil Matrix"},
		{"no modes", func(*Matrix) *Matrix { return &Matrix{} }, ErrShape, "no row modes"},
		{"column mode count", func(m *Matrix) *Matrix { m.ColModes = []int{2}; return m }, ErrShape, "2 row modes but 1 column modes"},
		{"rank count", func(m *Matrix) *Matrix { m.Ranks = []int{1, 1}; return m }, ErrShape, "2 ranks for 2 cores; want 3"},
		{"core count", func(m *Matrix) *Matrix { m.Cores = m.Cores[:1]; return m }, ErrShape, "1 cores for 2 modes"},
		{"zero row mode", func(m *Matrix) *Matrix { m.RowModes[1] = 0; return m }, ErrShape, "row mode 1 is 0"},
		{"negative column mode", func(m *Matrix) *Matrix { m.ColModes[0] = -2; return m }, ErrShape, "column mode 0 is -2"},
		{"zero rank", func(m *Matrix) *Matrix { m.Ranks[1] = 0; return m }, ErrShape, "rank 1 is 0"},
		{"boundary rank", func(m *Matrix) *Matrix { m.Ranks[0] = 2; return m }, ErrShape, "boundary ranks are 2 and 1"},
		{"short core", func(m *Matrix) *Matrix { m.Cores[1] = m.Cores[1][:5]; return m }, ErrShape, "core 1 has 5 entries; want 12 for shape [2 3 2 1]"},
		{"huge modes", func(m *Matrix) *Matrix { m.RowModes = []int{1 << 30, 1 << 30}; return m }, ErrShape, "more than"},
		{"NaN entry", func(m *Matrix) *Matrix { m.Cores[0][3] = math.NaN(); return m }, ErrValue, "core 0 entry 3 is NaN"},
		{"Inf entry", func(m *Matrix) *Matrix { m.Cores[1][0] = math.Inf(-1); return m }, ErrValue, "core 1 entry 0 is -Inf"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.mutate(good()).Validate()
			if !errors.Is(err, tc.want) {
				t.Fatalf("Validate() = %v; want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("Validate() = %q; want it to mention %q", err, tc.message)
			}
		})
	}
}

func TestParamsDimsCompression(t *testing.T) {
	m := RandomMatrix([]int{4, 7, 4, 7}, []int{4, 4, 4, 2}, []int{1, 8, 8, 8, 1}, 3)
	if r, c := m.Dims(); r != 784 || c != 128 {
		t.Fatalf("Dims() = %d×%d; want 784×128", r, c)
	}
	want := 1*4*4*8 + 8*7*4*8 + 8*4*4*8 + 8*7*2*1 // 128 + 1792 + 1024 + 112
	if got := m.Params(); got != want {
		t.Fatalf("Params() = %d; want %d", got, want)
	}
	if got, want := m.CompressionRatio(), 784.0*128/float64(want); got != want {
		t.Fatalf("CompressionRatio() = %v; want %v", got, want)
	}
}

// TestFullIndexConvention checks the documented convention on a rank-1
// two-core matrix, which is the Kronecker product A ⊗ B:
// W[i1·m2+i2][j1·n2+j2] = A[i1][j1]·B[i2][j2].
func TestFullIndexConvention(t *testing.T) {
	a := []float64{1, 2, 3, 4, 5, 6}            // 2×3
	b := []float64{7, 8, 9, 10, 11, 12, 13, 14} // 4×2
	m := &Matrix{RowModes: []int{2, 4}, ColModes: []int{3, 2}, Ranks: []int{1, 1, 1}, Cores: [][]float64{a, b}}
	var want mat.Dense
	want.Kronecker(mat.NewDense(2, 3, a), mat.NewDense(4, 2, b))
	if d := maxAbsDiff(t, m.Full(), &want); d != 0 {
		t.Fatalf("Full differs from A⊗B by %v", d)
	}
	for i := range 8 {
		for j := range 6 {
			if got := m.At(i, j); got != want.At(i, j) {
				t.Fatalf("At(%d, %d) = %v; want %v", i, j, got, want.At(i, j))
			}
		}
	}
}

func TestAtMatchesFull(t *testing.T) {
	m := RandomMatrix([]int{3, 2, 4}, []int{2, 5, 3}, []int{1, 4, 6, 1}, 11)
	f := m.Full()
	r, c := f.Dims()
	for i := range r {
		for j := range c {
			if d := math.Abs(m.At(i, j) - f.At(i, j)); d > 1e-12 {
				t.Fatalf("At(%d, %d) = %v but Full has %v", i, j, m.At(i, j), f.At(i, j))
			}
		}
	}
}

func TestFullAndAtPanicOnMisuse(t *testing.T) {
	expectPanic := func(name string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}
	bad := RandomMatrix([]int{2}, []int{2}, []int{1, 1}, 1)
	bad.Ranks[1] = 2
	expectPanic("Full of invalid", func() { bad.Full() })
	good := RandomMatrix([]int{2}, []int{3}, []int{1, 1}, 1)
	expectPanic("At(2, 0)", func() { good.At(2, 0) })
	expectPanic("At(0, -1)", func() { good.At(0, -1) })
}

func TestCloneIsDeep(t *testing.T) {
	m := RandomMatrix([]int{2, 2}, []int{2, 2}, []int{1, 3, 1}, 5)
	c := m.Clone()
	c.Cores[0][0] += 1
	c.Ranks[1] = 9
	c.RowModes[0] = 9
	if m.Cores[0][0] == c.Cores[0][0] || m.Ranks[1] == 9 || m.RowModes[0] == 9 {
		t.Fatal("Clone shares storage with the original")
	}
}

func TestRandomMatrix(t *testing.T) {
	a := RandomMatrix([]int{4, 4}, []int{4, 4}, []int{1, 5, 1}, 42)
	b := RandomMatrix([]int{4, 4}, []int{4, 4}, []int{1, 5, 1}, 42)
	c := RandomMatrix([]int{4, 4}, []int{4, 4}, []int{1, 5, 1}, 43)
	if maxAbsDiff(t, a.Full(), b.Full()) != 0 {
		t.Fatal("same seed gave different matrices")
	}
	if maxAbsDiff(t, a.Full(), c.Full()) == 0 {
		t.Fatal("different seeds gave the same matrix")
	}
	// Entries of Full have variance 1 by construction; 256 samples.
	f := RandomMatrix([]int{8, 8, 8}, []int{8, 8, 8}, []int{1, 6, 6, 1}, 9).Full()
	r, cols := f.Dims()
	v := mat.Norm(f, 2) * mat.Norm(f, 2) / float64(r*cols)
	if v < 0.5 || v > 2 {
		t.Fatalf("mean square of entries = %v; want about 1", v)
	}
	defer func() {
		if p := recover(); p == nil || !strings.Contains(p.(string), "boundary ranks") {
			t.Fatalf("RandomMatrix with bad ranks: panic %v; want a Validate message", p)
		}
	}()
	RandomMatrix([]int{2}, []int{2}, []int{2, 1}, 1)
}

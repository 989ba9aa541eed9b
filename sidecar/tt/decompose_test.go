package tt

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestDecomposeMeetsEpsilonBound(t *testing.T) {
	cases := []struct {
		name               string
		w                  *mat.Dense
		rowModes, colModes []int
	}{
		{"gaussian 64x48", randomDense(64, 48, 1), []int{4, 4, 4}, []int{4, 4, 3}},
		{"gaussian 784x128", randomDense(784, 128, 2), []int{4, 7, 4, 7}, []int{4, 4, 4, 2}},
		{"decaying spectrum 256x81", decayingDense(256, 81, 0.9, 3), []int{4, 4, 4, 4}, []int{3, 3, 3, 3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, n := tc.w.Dims()
			exact, err := Decompose(tc.w, tc.rowModes, tc.colModes, Options{})
			if err != nil {
				t.Fatal(err)
			}
			prevParams := exact.Params()
			for _, eps := range []float64{1e-8, 1e-3, 0.05, 0.1, 0.2, 0.35, 0.5, 0.9} {
				tt, err := Decompose(tc.w, tc.rowModes, tc.colModes, Options{Epsilon: eps})
				if err != nil {
					t.Fatalf("eps %v: %v", eps, err)
				}
				mustValid(t, tt)
				got := RelativeError(tc.w, tt)
				if got > eps+1e-12 {
					t.Errorf("eps %v: relative error %v exceeds the bound", eps, got)
				}
				if tt.Params() > prevParams {
					t.Errorf("eps %v: %d parameters, more than %d at a smaller eps", eps, tt.Params(), prevParams)
				}
				prevParams = tt.Params()
				t.Logf("eps %-6v error %.4f ranks %v params %d", eps, got, tt.Ranks, tt.Params())
			}
			if prevParams >= m*n/2 {
				t.Errorf("eps 0.9 kept %d parameters; want fewer than half the %d of the dense matrix", prevParams, m*n)
			}
		})
	}
}

func TestDecomposeExactRecovery(t *testing.T) {
	for _, tc := range []struct {
		rows, cols, ranks []int
	}{
		{[]int{5}, []int{7}, []int{1, 1}},
		{[]int{3, 4}, []int{5, 2}, []int{1, 4, 1}},
		{[]int{2, 3, 4}, []int{3, 2, 2}, []int{1, 3, 5, 1}},
		{[]int{4, 7, 4, 7}, []int{4, 4, 4, 2}, []int{1, 3, 6, 4, 1}},
	} {
		src := RandomMatrix(tc.rows, tc.cols, tc.ranks, 17)
		w := src.Full()
		got, err := Decompose(w, tc.rows, tc.cols, Options{Epsilon: 1e-10})
		if err != nil {
			t.Fatalf("%v×%v: %v", tc.rows, tc.cols, err)
		}
		mustValid(t, got)
		if e := RelativeError(w, got); e > 1e-12 {
			t.Errorf("%v×%v ranks %v: relative error %v; want ~1e-15", tc.rows, tc.cols, tc.ranks, e)
		}
		for k, r := range got.Ranks {
			if r > tc.ranks[k] {
				t.Errorf("%v×%v: rank %d is %d; the true rank is %d", tc.rows, tc.cols, k, r, tc.ranks[k])
			}
		}
		if !intsEqual(got.Ranks, tc.ranks) {
			t.Errorf("%v×%v: ranks %v; want the generating ranks %v", tc.rows, tc.cols, got.Ranks, tc.ranks)
		}
	}
}

func TestDecomposeExactWithoutOptions(t *testing.T) {
	// Zero Options: no truncation except exact zeros; a full-rank matrix is
	// reproduced to rounding error with the unfolding's full rank
	// min(3·5, 4·2) = 8.
	w := randomDense(12, 10, 4)
	tt, err := Decompose(w, []int{3, 4}, []int{5, 2}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 8, 1}; !intsEqual(tt.Ranks, want) {
		t.Errorf("ranks %v; want %v", tt.Ranks, want)
	}
	if e := RelativeError(w, tt); e > 1e-13 {
		t.Errorf("relative error %v; want rounding error only", e)
	}
}

func TestDecomposeMaxRank(t *testing.T) {
	rowModes, colModes := []int{4, 7, 4, 7}, []int{4, 4, 4, 2}
	w := randomDense(784, 128, 2)
	for _, maxRank := range []int{1, 3, 8} {
		for _, eps := range []float64{0, 0.01} {
			tt, err := Decompose(w, rowModes, colModes, Options{MaxRank: maxRank, Epsilon: eps})
			if err != nil {
				t.Fatal(err)
			}
			mustValid(t, tt)
			// A random matrix needs full unfolding ranks, so the cap binds
			// everywhere: 16, 448 and 14 are the unfolding bounds.
			want := []int{1, min(maxRank, 16), min(maxRank, 448), min(maxRank, 14), 1}
			if !intsEqual(tt.Ranks, want) {
				t.Errorf("MaxRank %d eps %v: ranks %v; want %v", maxRank, eps, tt.Ranks, want)
			}
		}
	}
	// The cap is only a cap: a rank-2 TT stays rank 2 under MaxRank 8.
	src := RandomMatrix(rowModes, colModes, []int{1, 2, 2, 2, 1}, 5)
	tt, err := Decompose(src.Full(), rowModes, colModes, Options{MaxRank: 8, Epsilon: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 2, 2, 2, 1}; !intsEqual(tt.Ranks, want) {
		t.Errorf("rank-2 source: ranks %v; want %v", tt.Ranks, want)
	}
}

// TestDecomposeRealisticShape compresses a 784×128 layer (Fashion-MNIST
// input to a 128-unit hidden layer) that is a TT of ranks 8 plus 1% noise.
func TestDecomposeRealisticShape(t *testing.T) {
	rowModes, colModes := []int{4, 7, 4, 7}, []int{4, 4, 4, 2}
	signal := RandomMatrix(rowModes, colModes, []int{1, 8, 8, 8, 1}, 21).Full()
	noise := randomDense(784, 128, 22)
	var w mat.Dense
	w.Scale(0.01, noise)
	w.Add(&w, signal)

	tt, err := Decompose(&w, rowModes, colModes, Options{Epsilon: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, tt)
	e := RelativeError(&w, tt)
	if e > 0.05+1e-12 {
		t.Errorf("relative error %v exceeds 0.05", e)
	}
	for k, r := range tt.Ranks {
		if r > 8 {
			t.Errorf("rank %d is %d; the signal has rank 8 and the noise is below the threshold", k, r)
		}
	}
	if e < 0.005 {
		t.Errorf("relative error %v; the 1%% noise should not be reproduced", e)
	}
	if cr := tt.CompressionRatio(); cr < 25 {
		t.Errorf("compression ratio %v; want at least 25 (%d parameters for %d entries)", cr, tt.Params(), 784*128)
	}
	t.Logf("ranks %v, params %d, ratio %.1f, error %.4f", tt.Ranks, tt.Params(), tt.CompressionRatio(), e)
}

func TestDecomposeZeroMatrix(t *testing.T) {
	w := mat.NewDense(6, 4, nil)
	tt, err := Decompose(w, []int{2, 3}, []int{2, 2}, Options{Epsilon: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	if !intsEqual(tt.Ranks, []int{1, 1, 1}) {
		t.Errorf("ranks %v; want [1 1 1]", tt.Ranks)
	}
	if got := RelativeError(w, tt); got != 0 {
		t.Errorf("RelativeError = %v; want 0", got)
	}
}

func TestDecomposeErrors(t *testing.T) {
	w := randomDense(6, 4, 1)
	nan := mat.DenseCopyOf(w)
	nan.Set(2, 3, math.NaN())
	cases := []struct {
		name               string
		w                  mat.Matrix
		rowModes, colModes []int
		opts               Options
		want               error
		message            string
	}{
		{"nil matrix", nil, []int{2, 3}, []int{2, 2}, Options{}, ErrShape, "nil matrix"},
		{"row product", w, []int{2, 2}, []int{2, 2}, Options{}, ErrShape, "matrix is 6×4 but row modes [2 2] multiply to 4"},
		{"column product", w, []int{2, 3}, []int{4, 2}, Options{}, ErrShape, "column modes [4 2] to 8"},
		{"zero mode", w, []int{6, 0}, []int{2, 2}, Options{}, ErrShape, "row mode 1 is 0"},
		{"negative mode", w, []int{2, 3}, []int{-2, -2}, Options{}, ErrShape, "column mode 0 is -2"},
		{"d mismatch", w, []int{2, 3}, []int{4}, Options{}, ErrShape, "2 row modes but 1 column modes"},
		{"no modes", w, nil, nil, Options{}, ErrShape, "no row modes"},
		{"negative rank cap", w, []int{2, 3}, []int{2, 2}, Options{MaxRank: -1}, ErrOptions, "MaxRank is -1"},
		{"negative epsilon", w, []int{2, 3}, []int{2, 2}, Options{Epsilon: -0.1}, ErrOptions, "Epsilon is -0.1"},
		{"NaN epsilon", w, []int{2, 3}, []int{2, 2}, Options{Epsilon: math.NaN()}, ErrOptions, "Epsilon is NaN"},
		{"NaN entry", nan, []int{2, 3}, []int{2, 2}, Options{}, ErrValue, "entry (2, 3) is NaN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decompose(tc.w, tc.rowModes, tc.colModes, tc.opts)
			if !errors.Is(err, tc.want) || got != nil {
				t.Fatalf("Decompose = %v, %v; want nil, %v", got, err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q; want it to mention %q", err, tc.message)
			}
		})
	}
}

func TestRelativeError(t *testing.T) {
	src := RandomMatrix([]int{2, 3}, []int{3, 2}, []int{1, 2, 1}, 8)
	w := src.Full()
	if e := RelativeError(w, src); e > 1e-15 {
		t.Errorf("RelativeError of a matrix and itself = %v", e)
	}
	half, err := Scale(src, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if e := RelativeError(w, half); math.Abs(e-0.5) > 1e-14 {
		t.Errorf("RelativeError(W, W/2) = %v; want 0.5", e)
	}
	if e := RelativeError(mat.NewDense(6, 5, nil), src); !math.IsNaN(e) {
		t.Errorf("shape mismatch: %v; want NaN", e)
	}
	if e := RelativeError(nil, src); !math.IsNaN(e) {
		t.Errorf("nil matrix: %v; want NaN", e)
	}
	if e := RelativeError(w, &Matrix{}); !math.IsNaN(e) {
		t.Errorf("invalid TT: %v; want NaN", e)
	}
	if e := RelativeError(mat.NewDense(6, 6, nil), src); !math.IsInf(e, 1) {
		t.Errorf("zero reference: %v; want +Inf", e)
	}
}

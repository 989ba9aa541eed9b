package tt

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestRoundAfterAddRestoresTrueRanks(t *testing.T) {
	rowModes, colModes := []int{4, 7, 4, 7}, []int{4, 4, 4, 2}
	a := RandomMatrix(rowModes, colModes, []int{1, 3, 5, 4, 1}, 31)
	b := RandomMatrix(rowModes, colModes, []int{1, 2, 6, 3, 1}, 32)
	twoA, err := Scale(a, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		x, y *Matrix
	}{
		{"a+a", a, a},
		{"a+2a", a, twoA},
		{"a+b", a, b},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sum, err := Add(tc.x, tc.y)
			if err != nil {
				t.Fatal(err)
			}
			var want mat.Dense
			want.Add(tc.x.Full(), tc.y.Full())
			trueRanks := unfoldingRanks(t, &want, rowModes, colModes)
			for k := 1; k < len(sum.Ranks)-1; k++ {
				if sum.Ranks[k] != tc.x.Ranks[k]+tc.y.Ranks[k] {
					t.Fatalf("Add rank %d = %d; want %d + %d", k, sum.Ranks[k], tc.x.Ranks[k], tc.y.Ranks[k])
				}
			}
			r, err := Round(sum, Options{Epsilon: 1e-12})
			if err != nil {
				t.Fatal(err)
			}
			mustValid(t, r)
			if !intsEqual(r.Ranks, trueRanks) {
				t.Errorf("rounded ranks %v; want the unfolding ranks %v (Add gave %v)", r.Ranks, trueRanks, sum.Ranks)
			}
			if d := maxAbsDiff(t, r.Full(), &want); d > 1e-10 {
				t.Errorf("Full(Round(x+y)) differs from Full(x)+Full(y) by %v", d)
			}
		})
	}
}

func TestRoundMeetsEpsilonBound(t *testing.T) {
	rowModes, colModes := []int{4, 7, 4, 7}, []int{4, 4, 4, 2}
	src := RandomMatrix(rowModes, colModes, []int{1, 12, 20, 10, 1}, 41)
	w := src.Full()
	for _, eps := range []float64{1e-6, 0.05, 0.2, 0.5, 0.9} {
		r, err := Round(src, Options{Epsilon: eps})
		if err != nil {
			t.Fatalf("eps %v: %v", eps, err)
		}
		mustValid(t, r)
		e := RelativeError(w, r)
		if e > eps+1e-12 {
			t.Errorf("eps %v: relative error %v exceeds the bound", eps, e)
		}
		for k, rk := range r.Ranks {
			if rk > src.Ranks[k] {
				t.Errorf("eps %v: rank %d grew from %d to %d", eps, k, src.Ranks[k], rk)
			}
		}
		t.Logf("eps %-6v error %.4f ranks %v", eps, e, r.Ranks)
	}
	// The bound is checked against Decompose of the same matrix: rounding a
	// TT and TT-SVD of its full matrix find the same ranks.
	for _, eps := range []float64{0.05, 0.3} {
		r, err := Round(src, Options{Epsilon: eps})
		if err != nil {
			t.Fatal(err)
		}
		d, err := Decompose(w, rowModes, colModes, Options{Epsilon: eps})
		if err != nil {
			t.Fatal(err)
		}
		if !intsEqual(r.Ranks, d.Ranks) {
			t.Errorf("eps %v: Round ranks %v, Decompose ranks %v; want equal", eps, r.Ranks, d.Ranks)
		}
	}
}

func TestRoundMaxRank(t *testing.T) {
	rowModes, colModes := []int{4, 7, 4, 7}, []int{4, 4, 4, 2}
	a := RandomMatrix(rowModes, colModes, []int{1, 8, 8, 8, 1}, 51)
	b := RandomMatrix(rowModes, colModes, []int{1, 8, 8, 8, 1}, 52)
	sum, err := Add(a, b)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Round(sum, Options{MaxRank: 8})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 8, 8, 8, 1}; !intsEqual(r.Ranks, want) {
		t.Errorf("ranks %v; want %v", r.Ranks, want)
	}
	// The rank-8 truncation of a rank-16 sum loses something, but less than
	// the sum itself.
	var full mat.Dense
	full.Add(a.Full(), b.Full())
	if e := RelativeError(&full, r); e <= 0 || e >= 1 {
		t.Errorf("relative error %v; want strictly between 0 and 1", e)
	}
}

// TestRoundRedundantRank rounds a TT whose middle rank exceeds what its
// neighbours can carry (2·2 = 4 on the right), which takes the identity
// path of the orthogonalization.
func TestRoundRedundantRank(t *testing.T) {
	src := RandomMatrix([]int{3, 2, 2}, []int{3, 2, 1}, []int{1, 6, 9, 1}, 61)
	r, err := Round(src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, r)
	if want := unfoldingRanks(t, src.Full(), src.RowModes, src.ColModes); !intsEqual(r.Ranks, want) {
		t.Errorf("ranks %v; want %v", r.Ranks, want)
	}
	if d := maxAbsDiff(t, r.Full(), src.Full()); d > 1e-12 {
		t.Errorf("Round with zero Options changed the matrix by %v", d)
	}
}

func TestRoundSingleCoreAndInputUnchanged(t *testing.T) {
	one := RandomMatrix([]int{5}, []int{3}, []int{1, 1}, 71)
	r, err := Round(one, Options{Epsilon: 0.5, MaxRank: 1})
	if err != nil {
		t.Fatal(err)
	}
	if maxAbsDiff(t, r.Full(), one.Full()) != 0 {
		t.Error("rounding a single-core TT changed it")
	}
	src := RandomMatrix([]int{2, 3, 2}, []int{2, 2, 2}, []int{1, 4, 4, 1}, 72)
	before := src.Clone()
	if _, err := Round(src, Options{MaxRank: 2}); err != nil {
		t.Fatal(err)
	}
	if !intsEqual(src.Ranks, before.Ranks) || maxAbsDiff(t, src.Full(), before.Full()) != 0 {
		t.Error("Round modified its input")
	}
}

func TestRoundErrors(t *testing.T) {
	good := RandomMatrix([]int{2, 2}, []int{2, 2}, []int{1, 2, 1}, 1)
	bad := good.Clone()
	bad.Cores[1] = bad.Cores[1][:3]
	for _, tc := range []struct {
		name    string
		t       *Matrix
		opts    Options
		want    error
		message string
	}{
		{"nil", nil, Options{}, ErrShape, "nil Matrix"},
		{"short core", bad, Options{}, ErrShape, "core 1 has 3 entries"},
		{"negative MaxRank", good, Options{MaxRank: -3}, ErrOptions, "MaxRank is -3"},
		{"infinite Epsilon", good, Options{Epsilon: math.Inf(1)}, ErrOptions, "Epsilon is +Inf"},
	} {
		got, err := Round(tc.t, tc.opts)
		if !errors.Is(err, tc.want) || got != nil {
			t.Errorf("%s: Round = %v, %v; want nil, %v", tc.name, got, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.message) {
			t.Errorf("%s: error %q; want it to mention %q", tc.name, err, tc.message)
		}
	}
}

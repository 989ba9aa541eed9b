package tt

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestWeightedSum(t *testing.T) {
	rowModes, colModes := []int{4, 7, 4, 7}, []int{4, 4, 4, 2}
	ts := []*Matrix{
		RandomMatrix(rowModes, colModes, []int{1, 4, 4, 4, 1}, 81),
		RandomMatrix(rowModes, colModes, []int{1, 2, 3, 2, 1}, 82),
		RandomMatrix(rowModes, colModes, []int{1, 5, 1, 3, 1}, 83),
	}
	weights := []float64{0.5, 0.3, -0.2}
	got, err := WeightedSum(ts, weights)
	if err != nil {
		t.Fatal(err)
	}
	mustValid(t, got)
	if want := []int{1, 11, 8, 9, 1}; !intsEqual(got.Ranks, want) {
		t.Errorf("ranks %v; want the sums %v", got.Ranks, want)
	}
	want := mat.NewDense(784, 128, nil)
	for i, x := range ts {
		var term mat.Dense
		term.Scale(weights[i], x.Full())
		want.Add(want, &term)
	}
	if d := maxAbsDiff(t, got.Full(), want); d > 1e-12 {
		t.Errorf("Full(WeightedSum) differs from the weighted sum of Fulls by %v", d)
	}
	// Merge then round: the average of a model with itself is the model.
	avg, err := WeightedSum([]*Matrix{ts[0], ts[0]}, []float64{0.5, 0.5})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Round(avg, Options{Epsilon: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	if !intsEqual(r.Ranks, ts[0].Ranks) || maxAbsDiff(t, r.Full(), ts[0].Full()) > 1e-12 {
		t.Errorf("rounded self-average: ranks %v, want %v and the same matrix", r.Ranks, ts[0].Ranks)
	}
}

func TestAddSingleCore(t *testing.T) {
	a := RandomMatrix([]int{3}, []int{4}, []int{1, 1}, 91)
	b := RandomMatrix([]int{3}, []int{4}, []int{1, 1}, 92)
	s, err := Add(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if !intsEqual(s.Ranks, []int{1, 1}) {
		t.Errorf("ranks %v; want [1 1]", s.Ranks)
	}
	var want mat.Dense
	want.Add(a.Full(), b.Full())
	if d := maxAbsDiff(t, s.Full(), &want); d > 1e-15 {
		t.Errorf("single-core sum off by %v", d)
	}
}

func TestScale(t *testing.T) {
	a := RandomMatrix([]int{2, 3}, []int{3, 2}, []int{1, 3, 1}, 93)
	s, err := Scale(a, -1.5)
	if err != nil {
		t.Fatal(err)
	}
	var want mat.Dense
	want.Scale(-1.5, a.Full())
	if d := maxAbsDiff(t, s.Full(), &want); d > 1e-14 {
		t.Errorf("Scale off by %v", d)
	}
	if _, err := Scale(a, math.NaN()); !errors.Is(err, ErrValue) {
		t.Errorf("Scale by NaN: %v; want ErrValue", err)
	}
	if _, err := Scale(a, math.MaxFloat64); !errors.Is(err, ErrValue) || !strings.Contains(err.Error(), "overflows") {
		t.Errorf("Scale by MaxFloat64: %v; want an overflow ErrValue", err)
	}
	if _, err := Scale(nil, 1); !errors.Is(err, ErrShape) {
		t.Errorf("Scale(nil): %v; want ErrShape", err)
	}
}

func TestWeightedSumErrors(t *testing.T) {
	a := RandomMatrix([]int{2, 2}, []int{2, 2}, []int{1, 2, 1}, 1)
	other := RandomMatrix([]int{2, 2}, []int{4, 1}, []int{1, 2, 1}, 2)
	bad := a.Clone()
	bad.Ranks[1] = 3
	for _, tc := range []struct {
		name    string
		ts      []*Matrix
		weights []float64
		want    error
		message string
	}{
		{"empty", nil, nil, ErrShape, "no matrices"},
		{"weight count", []*Matrix{a, a}, []float64{1}, ErrShape, "1 weights for 2 matrices"},
		{"invalid member", []*Matrix{a, bad}, []float64{1, 1}, ErrShape, "matrix 1: "},
		{"nil member", []*Matrix{nil}, []float64{1}, ErrShape, "matrix 0: "},
		{"modes differ", []*Matrix{a, other}, []float64{1, 1}, ErrShape, "matrix 1 has modes [2 2] × [4 1]"},
		{"NaN weight", []*Matrix{a, a}, []float64{1, math.NaN()}, ErrValue, "weight 1 is NaN"},
		{"overflow", []*Matrix{a, a}, []float64{math.MaxFloat64, math.MaxFloat64}, ErrValue, "overflows"},
	} {
		got, err := WeightedSum(tc.ts, tc.weights)
		if !errors.Is(err, tc.want) || got != nil {
			t.Errorf("%s: WeightedSum = %v, %v; want nil, %v", tc.name, got, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.message) {
			t.Errorf("%s: error %q; want it to mention %q", tc.name, err, tc.message)
		}
	}
	if _, err := Add(a, other); !errors.Is(err, ErrShape) {
		t.Errorf("Add with different modes: %v; want ErrShape", err)
	}
}

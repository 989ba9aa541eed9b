package dataset_test

import (
	"slices"
	"testing"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/dataset"
)

var q8x8 = commit.Format{Bits: 16, Frac: 8}

func TestEncodeMatchesFormatEncode(t *testing.T) {
	ds := loadDigits(t)
	indices := []int{5, 0, 1796, 5}
	for _, rounding := range []commit.Rounding{commit.RoundNearestEven, commit.RoundNearestAway, commit.RoundTowardZero} {
		for _, format := range []commit.Format{q8x8, {Bits: 8, Frac: 2}, {Bits: 32, Frac: 20}} {
			raw, labels, err := dataset.Encode(ds, indices, format, rounding)
			if err != nil {
				t.Fatal(err)
			}
			if len(raw) != len(indices)*64 || len(labels) != len(indices) {
				t.Fatalf("%d raw values and %d labels for %d samples of 64 features", len(raw), len(labels), len(indices))
			}
			for k, i := range indices {
				if labels[k] != ds.Y[i] {
					t.Fatalf("label %d is %d, expected sample %d's %d", k, labels[k], i, ds.Y[i])
				}
				for j, x := range ds.Row(i) {
					want, err := format.Encode(x, rounding)
					if err != nil {
						t.Fatal(err)
					}
					if got := raw[k*64+j]; got != want {
						t.Fatalf("%s: sample %d feature %d is %d, expected Format.Encode(%v) = %d", format, i, j, got, x, want)
					}
				}
			}
		}
	}
	// Digits are multiples of 1/16: in Q8.8 the raw value is pixel*16.
	raw, _, _ := dataset.Encode(ds, []int{0}, q8x8, commit.RoundNearestEven)
	if raw[2] != 5*16 {
		t.Fatalf("pixel 5/16 encodes to %d in Q8.8, expected 80", raw[2])
	}
	if raw, labels, err := dataset.Encode(ds, nil, q8x8, commit.RoundNearestEven); err != nil || len(raw) != 0 || len(labels) != 0 {
		t.Fatalf("no indices: %v %v %v", raw, labels, err)
	}
}

func TestEncodeRounding(t *testing.T) {
	ds := dataset.Dataset{Features: 3, Classes: 2, X: []float64{0.625, -0.625, 0.375}, Y: []int{1}}
	format := commit.Format{Bits: 8, Frac: 2} // steps of 0.25: 0.625 is 2.5 steps
	for _, c := range []struct {
		rounding commit.Rounding
		want     []int64
	}{
		{commit.RoundNearestEven, []int64{2, -2, 2}},
		{commit.RoundNearestAway, []int64{3, -3, 2}},
		{commit.RoundTowardZero, []int64{2, -2, 1}},
	} {
		raw, _, err := dataset.Encode(ds, []int{0}, format, c.rounding)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(raw, c.want) {
			t.Errorf("rounding %d: %v, expected %v", c.rounding, raw, c.want)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	ds := dataset.Dataset{Features: 2, Classes: 2, X: []float64{0.5, 1, 200, 0}, Y: []int{0, 1}}
	even := commit.RoundNearestEven
	_, _, err := dataset.Encode(ds, []int{0, 1}, q8x8, even)
	requireErrorContains(t, err, "encode: sample 1, feature 0:", "200 is outside the Q8.8 range")
	_, _, err = dataset.Encode(ds, []int{0}, commit.Format{Bits: 4, Frac: 3}, even) // 1 is above 7/8
	requireErrorContains(t, err, "encode: sample 0, feature 1:", "outside the Q1.3 range")
	_, _, err = dataset.Encode(ds, []int{0}, commit.Format{Bits: 40}, even)
	requireErrorContains(t, err, "encode: fixed-point format: bits must be 2..32, got 40")
	_, _, err = dataset.Encode(ds, []int{0}, q8x8, commit.Rounding(9))
	requireErrorContains(t, err, "encode: unknown rounding mode 9")
	_, _, err = dataset.Encode(ds, []int{2}, q8x8, even)
	requireErrorContains(t, err, "encode: index 2 (position 0) is not a sample")
	short := ds
	short.X = short.X[:3]
	_, _, err = dataset.Encode(short, []int{0}, q8x8, even)
	requireErrorContains(t, err, "encode: 2 labels of 2 features need 4 feature values, got 3")
	badLabel := ds
	badLabel.X = []float64{0.5, 1, 0, 0}
	badLabel.Y = []int{0, 2}
	if _, _, err := dataset.Encode(badLabel, []int{0}, q8x8, even); err != nil {
		t.Fatalf("sample 0 is fine, only sample 1's label is bad: %v", err)
	}
	_, _, err = dataset.Encode(badLabel, []int{1}, q8x8, even)
	requireErrorContains(t, err, "encode: sample 1 has label 2, expected 0..1")
}

package dataset_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

func TestDigits(t *testing.T) {
	ds := loadDigits(t)
	if ds.Len() != 1797 || ds.Features != 64 || ds.Classes != 10 {
		t.Fatalf("digits: %d samples of %d features, %d classes; expected 1797 of 64, 10", ds.Len(), ds.Features, ds.Classes)
	}
	if ds.Name != "uci-digits" {
		t.Fatalf("name %q, expected uci-digits", ds.Name)
	}
	if ds.Groups != nil || ds.ClassNames != nil {
		t.Fatalf("digits have integer labels and no groups, got %v %v", ds.ClassNames, ds.Groups)
	}
	if err := ds.Validate(); err != nil {
		t.Fatal(err)
	}
	// Pixels 0..16 divided by 16: multiples of 1/16 in [0, 1], both ends used.
	sawZero, sawOne := false, false
	for k, x := range ds.X {
		if x < 0 || x > 1 || x*dataset.DigitsScale != float64(int(x*dataset.DigitsScale)) {
			t.Fatalf("sample %d, feature %d is %v, expected a multiple of 1/16 in [0, 1]", k/64, k%64, x)
		}
		sawZero, sawOne = sawZero || x == 0, sawOne || x == 1
	}
	if !sawZero || !sawOne {
		t.Fatalf("expected pixels 0 and 16 among the digits (saw 0: %v, saw 16: %v)", sawZero, sawOne)
	}
	// Every digit is there, about 180 of each.
	counts := make([]int, 10)
	for _, y := range ds.Y {
		counts[y]++
	}
	for c, n := range counts {
		if n < 170 || n > 190 {
			t.Fatalf("digit %d has %d samples, expected about 180", c, n)
		}
	}
	// The first row of the file: label 0, pixel 2 is 5/16.
	if ds.Y[0] != 0 || ds.X[2] != 5.0/16 {
		t.Fatalf("first row has label %d and pixel 2 = %v, expected 0 and 5/16", ds.Y[0], ds.X[2])
	}
}

func TestDigitsMissingFile(t *testing.T) {
	_, err := dataset.Digits(filepath.Join(t.TempDir(), "nope.csv.gz"))
	requireErrorContains(t, err, "nope.csv.gz")
}

// TestBundledDigitsIsTheShippedFile: the copy embedded in the binaries is
// the file in the repository, sample for sample.
func TestBundledDigitsIsTheShippedFile(t *testing.T) {
	file := loadDigits(t)
	bundled, err := dataset.BundledDigits()
	if err != nil {
		t.Fatal(err)
	}
	if bundled.Name != file.Name || bundled.Features != file.Features || bundled.Classes != file.Classes ||
		!slices.Equal(bundled.X, file.X) || !slices.Equal(bundled.Y, file.Y) {
		t.Fatalf("embedded digits (%d samples, name %q) differ from %s (%d samples)", bundled.Len(), bundled.Name, "sidecar/datasets/uci-digits/digits.csv.gz", file.Len())
	}
}

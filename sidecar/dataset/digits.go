package dataset

import (
	"bytes"

	"github.com/litegpt/litegpt/sidecar/datasets"
)

// DigitsScale is the largest pixel value of the UCI digits set; Digits
// divides by it so features lie in [0, 1].
const DigitsScale = 16

// Digits loads the bundled UCI optical digits set (in the repository at
// sidecar/datasets/uci-digits/digits.csv.gz): no header, 64 pixel columns
// 0..16 then the label 0..9. Features are divided by DigitsScale. The
// data set is named "uci-digits".
func Digits(path string) (Dataset, error) {
	return named(LoadCSV(path, CSVOptions{Scale: DigitsScale}))
}

// named names a loaded digits set "uci-digits".
func named(ds Dataset, err error) (Dataset, error) {
	if err != nil {
		return Dataset{}, err
	}
	ds.Name = "uci-digits"
	return ds, nil
}

// BundledDigits is Digits of the copy embedded in the binary
// (sidecar/datasets), so it needs no file and works from any directory.
func BundledDigits() (Dataset, error) {
	return named(ReadCSV(bytes.NewReader(datasets.DigitsCSVGzip), CSVOptions{Scale: DigitsScale}))
}

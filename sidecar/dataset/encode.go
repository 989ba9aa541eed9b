package dataset

import (
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Encode returns the features of the samples at indices, in that order,
// as raw fixed-point values of format (row-major, len(indices)*Features
// values, each from format.Encode with rounding) and their labels: the
// input of the fixed-point training step. A bad format or rounding mode,
// lengths that disagree, an index out of range, a chosen sample whose
// label is not a class or a feature outside the format's range is an
// error naming what is wrong (the sample and feature for a value).
func Encode(ds Dataset, indices []int, format commit.Format, rounding commit.Rounding) ([]int64, []int, error) {
	if err := format.Validate(); err != nil {
		return nil, nil, fmt.Errorf("encode: %w", err)
	}
	if _, err := format.Encode(0, rounding); err != nil {
		return nil, nil, fmt.Errorf("encode: %w", err)
	}
	if err := ds.checkShape(); err != nil {
		return nil, nil, fmt.Errorf("encode: %w", err)
	}
	if err := ds.CheckIndices(indices); err != nil {
		return nil, nil, fmt.Errorf("encode: %w", err)
	}
	raw := make([]int64, 0, len(indices)*ds.Features)
	labels := make([]int, len(indices))
	for k, i := range indices {
		for j, x := range ds.Row(i) {
			v, err := format.Encode(x, rounding)
			if err != nil {
				return nil, nil, fmt.Errorf("encode: sample %d, feature %d: %w", i, j, err)
			}
			raw = append(raw, v)
		}
		if y := ds.Y[i]; y < 0 || y >= ds.Classes {
			return nil, nil, fmt.Errorf("encode: sample %d has label %d, expected 0..%d", i, y, ds.Classes-1)
		}
		labels[k] = ds.Y[i]
	}
	return raw, labels, nil
}

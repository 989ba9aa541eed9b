package merge

import "fmt"

// Median returns the coordinate-wise median of the models. For an odd
// count it is the middle value; for an even count it is the floor of the
// mean of the two middle values, floor((a+b)/2) (toward minus infinity,
// so the median of {-1, 0} is -1).
//
// Errors: ErrEmpty, ErrLength, ErrRange. Inputs are not modified.
func Median(models [][]int64) ([]int64, error) {
	d, err := checkVectors(models)
	if err != nil {
		return nil, err
	}
	n := len(models)
	out := make([]int64, d)
	sortedColumns(models, func(lo int, rows [][]int64) {
		o := out[lo : lo+len(rows[0])]
		if n%2 == 1 {
			copy(o, rows[n/2])
			return
		}
		a, b := rows[n/2-1][:len(o)], rows[n/2][:len(o)]
		for k := range o {
			// The sum of two domain values fits; >> floors.
			o[k] = (a[k] + b[k]) >> 1
		}
	})
	return out, nil
}

// TrimmedMean returns the coordinate-wise trimmed mean: in every
// coordinate the trim lowest and the trim highest values are dropped and
// the n-2*trim others are averaged, rounded half up. Trim 0 is
// the plain mean (Average with Uniform weighting).
//
// Errors: ErrEmpty, ErrLength, ErrRange, ErrInvalidArgument (trim < 0),
// ErrTooFewModels (2*trim >= n, nothing would be left). Inputs are not
// modified.
func TrimmedMean(models [][]int64, trim int) ([]int64, error) {
	if trim < 0 {
		return nil, fmt.Errorf("%w: trim %d, want >= 0", ErrInvalidArgument, trim)
	}
	d, err := checkVectors(models)
	if err != nil {
		return nil, err
	}
	n := len(models)
	if trim >= n-trim { // 2*trim >= n, without overflow
		return nil, fmt.Errorf("%w: trimmed mean with trim %d needs more than 2*%d models, got %d",
			ErrTooFewModels, trim, trim, n)
	}
	out := make([]int64, d)
	div := newDivider(uint64(n - 2*trim))
	sortedColumns(models, func(lo int, rows [][]int64) {
		o := out[lo : lo+len(rows[0])]
		for _, r := range rows[trim : n-trim] {
			r = r[:len(o)]
			for k, x := range r {
				o[k] += x
			}
		}
		for k, s := range o {
			o[k] = div.round(s)
		}
	})
	return out, nil
}

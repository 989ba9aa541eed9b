package learn

import "fmt"

// Batch is a mini-batch: Features holds Len() rows of Arch.Inputs raw
// fixed-point values with Numerics.InputFrac fractional bits, row-major
// (what pkg/commit encodes as a leaf), and Labels the class of each row.
type Batch struct {
	Features []int64
	Labels   []int
}

// Len is the number of samples.
func (b Batch) Len() int { return len(b.Labels) }

// MaxBatch bounds a batch's rows.
const MaxBatch = 1 << 16

// MaxInputRaw bounds a raw input feature's magnitude (2^31: an int32 of
// any input format), so that products with weights stay in range.
const MaxInputRaw = int64(1) << 31

// validate checks the batch against an architecture.
func (b Batch) validate(a Arch) error {
	n := b.Len()
	if n < 1 || n > MaxBatch {
		return fmt.Errorf("a batch has 1..%d samples, got %d", MaxBatch, n)
	}
	if len(b.Features) != n*a.Inputs {
		return fmt.Errorf("batch of %d samples with %d inputs needs %d feature values, got %d",
			n, a.Inputs, n*a.Inputs, len(b.Features))
	}
	for i, y := range b.Labels {
		if y < 0 || y >= a.Classes {
			return fmt.Errorf("sample %d: label %d outside 0..%d", i, y, a.Classes-1)
		}
	}
	for i, v := range b.Features {
		if v <= -MaxInputRaw || v >= MaxInputRaw {
			return fmt.Errorf("sample %d feature %d: raw value %d outside (-2^31, 2^31)", i/a.Inputs, i%a.Inputs, v)
		}
	}
	return nil
}

// matrix views the features as a Len() x inputs matrix (no copy).
func (b Batch) matrix(inputs int) IntMat {
	return IntMat{Rows: b.Len(), Cols: inputs, Data: b.Features}
}

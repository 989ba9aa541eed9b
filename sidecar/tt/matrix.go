package tt

import (
	"fmt"
	"math/bits"
)

// MaxElements bounds M·N, the number of entries of the full matrix a
// Matrix stands for (2^40), and also the size of any single core.
const MaxElements = 1 << 40

// Matrix is a TT-matrix: an M×N matrix with M = prod RowModes and
// N = prod ColModes held as d = len(RowModes) = len(ColModes) cores (see
// the package documentation for the index convention).
//
// Ranks has d+1 entries, Ranks[0] = Ranks[d] = 1. Cores[k] holds the 4-way
// array of shape [Ranks[k], RowModes[k], ColModes[k], Ranks[k+1]] in
// row-major order.
//
// A Matrix read from outside (decoded from the wire) must pass Validate
// before any other method is used: Full, At, Params and the functions of
// this package rely on a consistent shape.
type Matrix struct {
	RowModes []int
	ColModes []int
	Ranks    []int
	Cores    [][]float64
}

// Validate checks the shape of t and that every core entry is finite.
func (t *Matrix) Validate() error {
	if t == nil {
		return fmt.Errorf("%w: nil Matrix", ErrShape)
	}
	d := len(t.RowModes)
	if d == 0 {
		return fmt.Errorf("%w: no row modes; want at least one core", ErrShape)
	}
	if len(t.ColModes) != d {
		return fmt.Errorf("%w: %d row modes but %d column modes; want the same number", ErrShape, d, len(t.ColModes))
	}
	if len(t.Ranks) != d+1 {
		return fmt.Errorf("%w: %d ranks for %d cores; want %d (d+1)", ErrShape, len(t.Ranks), d, d+1)
	}
	if len(t.Cores) != d {
		return fmt.Errorf("%w: %d cores for %d modes; want %d", ErrShape, len(t.Cores), d, d)
	}
	if _, _, err := checkModes(t.RowModes, t.ColModes); err != nil {
		return err
	}
	for k, r := range t.Ranks {
		if r <= 0 {
			return fmt.Errorf("%w: rank %d is %d; want a positive rank", ErrShape, k, r)
		}
	}
	if t.Ranks[0] != 1 || t.Ranks[d] != 1 {
		return fmt.Errorf("%w: boundary ranks are %d and %d; want 1 and 1", ErrShape, t.Ranks[0], t.Ranks[d])
	}
	for k := range d {
		size, ok := product(t.Ranks[k], t.RowModes[k], t.ColModes[k], t.Ranks[k+1])
		if !ok {
			return fmt.Errorf("%w: core %d of shape [%d %d %d %d] has more than %d entries", ErrShape,
				k, t.Ranks[k], t.RowModes[k], t.ColModes[k], t.Ranks[k+1], MaxElements)
		}
		if len(t.Cores[k]) != size {
			return fmt.Errorf("%w: core %d has %d entries; want %d for shape [%d %d %d %d]", ErrShape,
				k, len(t.Cores[k]), size, t.Ranks[k], t.RowModes[k], t.ColModes[k], t.Ranks[k+1])
		}
	}
	return finite(t)
}

// checkModes validates a pair of mode lists and returns M and N.
func checkModes(rowModes, colModes []int) (m, n int, err error) {
	d := len(rowModes)
	if d == 0 {
		return 0, 0, fmt.Errorf("%w: no row modes; want at least one", ErrShape)
	}
	if len(colModes) != d {
		return 0, 0, fmt.Errorf("%w: %d row modes but %d column modes; want the same number", ErrShape, d, len(colModes))
	}
	for k := range d {
		if rowModes[k] <= 0 {
			return 0, 0, fmt.Errorf("%w: row mode %d is %d; want a positive size", ErrShape, k, rowModes[k])
		}
		if colModes[k] <= 0 {
			return 0, 0, fmt.Errorf("%w: column mode %d is %d; want a positive size", ErrShape, k, colModes[k])
		}
	}
	m, okM := product(rowModes...)
	n, okN := product(colModes...)
	if _, okMN := product(m, n); !okM || !okN || !okMN {
		return 0, 0, fmt.Errorf("%w: modes %v × %v give more than %d entries", ErrShape, rowModes, colModes, MaxElements)
	}
	return m, n, nil
}

// product multiplies positive factors; ok is false once the product
// exceeds MaxElements.
func product(fs ...int) (int, bool) {
	p := uint64(1)
	for _, f := range fs {
		hi, lo := bits.Mul64(p, uint64(f))
		if hi != 0 || lo > MaxElements {
			return 0, false
		}
		p = lo
	}
	return int(p), true
}

// D returns the number of cores.
func (t *Matrix) D() int { return len(t.RowModes) }

// Dims returns M and N, the dimensions of the full matrix.
func (t *Matrix) Dims() (m, n int) {
	m, n = 1, 1
	for k := range t.RowModes {
		m *= t.RowModes[k]
		n *= t.ColModes[k]
	}
	return m, n
}

// Params returns the number of stored parameters, the total size of the
// cores.
func (t *Matrix) Params() int {
	p := 0
	for k := range t.RowModes {
		p += t.Ranks[k] * t.RowModes[k] * t.ColModes[k] * t.Ranks[k+1]
	}
	return p
}

// CompressionRatio returns M·N / Params(): how many times fewer numbers
// the TT-matrix stores than the dense matrix.
func (t *Matrix) CompressionRatio() float64 {
	m, n := t.Dims()
	return float64(m) * float64(n) / float64(t.Params())
}

// Clone returns a deep copy of t.
func (t *Matrix) Clone() *Matrix {
	c := &Matrix{
		RowModes: append([]int(nil), t.RowModes...),
		ColModes: append([]int(nil), t.ColModes...),
		Ranks:    append([]int(nil), t.Ranks...),
		Cores:    make([][]float64, len(t.Cores)),
	}
	for k, g := range t.Cores {
		c.Cores[k] = append([]float64(nil), g...)
	}
	return c
}

// sameModes reports whether a and b have the same row and column modes.
func sameModes(a, b *Matrix) bool {
	if len(a.RowModes) != len(b.RowModes) || len(a.ColModes) != len(b.ColModes) {
		return false
	}
	for k := range a.RowModes {
		if a.RowModes[k] != b.RowModes[k] || a.ColModes[k] != b.ColModes[k] {
			return false
		}
	}
	return true
}

package learn

import (
	"errors"
	"fmt"
	"math/bits"

	"gonum.org/v1/gonum/mat"
)

// ErrProductRange is returned when an integer matrix product could have a
// partial sum of 2^53 or more, beyond which float64 no longer represents
// every integer and gonum's result would depend on summation order.
var ErrProductRange = errors.New("matrix product outside the exact float64 range")

// exactLimit is 2^53: every integer of smaller magnitude is a float64.
const exactLimit = uint64(1) << 53

// IntMat is a row-major matrix of raw fixed-point integers.
type IntMat struct {
	Rows, Cols int
	Data       []int64
}

// NewIntMat is a zero rows x cols matrix.
func NewIntMat(rows, cols int) IntMat {
	return IntMat{Rows: rows, Cols: cols, Data: make([]int64, rows*cols)}
}

// At is the element at row i, column j.
func (m IntMat) At(i, j int) int64 { return m.Data[i*m.Cols+j] }

// maxAbs is the largest magnitude in values, as a uint64 (so that
// |MinInt64| does not overflow).
func maxAbs(values []int64) uint64 {
	var m uint64
	for _, v := range values {
		a := uint64(v)
		if v < 0 {
			a = uint64(-v)
		}
		m = max(m, a)
	}
	return m
}

// checkProductRange returns ErrProductRange unless maxA * maxB * k < 2^53,
// computed exactly in 128 bits.
func checkProductRange(maxA, maxB uint64, k int, what string) error {
	hi, lo := bits.Mul64(maxA, maxB)
	if hi == 0 {
		hi, lo = bits.Mul64(lo, uint64(k))
	}
	if hi != 0 || lo >= exactLimit {
		return fmt.Errorf("%w: %s: max|a| = %d, max|b| = %d, inner dimension %d; their product must stay below 2^53",
			ErrProductRange, what, maxA, maxB, k)
	}
	return nil
}

// noTrans and trans select a transposed operand in MatMul.
const (
	noTrans = false
	trans   = true
)

// maxLimbs bounds how many pieces MatMul splits an operand into.
const maxLimbs = 4

// MatMul is op(a) * op(b) for integer matrices, where op transposes when
// its flag is set. It multiplies integer-valued float64 matrices with
// gonum, and every gonum product it runs satisfies
// max|a| * max|b| * k < 2^53, so every partial sum is an exact integer and
// the result is identical on every CPU whatever the order of summation,
// vector width or use of fused multiply-add. When op(b) is too large for
// one product, b is split into up to maxLimbs limbs b = sum_l b_l * 2^(l*s)
// whose products each satisfy the bound and are recombined in int64;
// ErrProductRange is returned when even that cannot be exact.
func MatMul(a IntMat, ta bool, b IntMat, tb bool, what string) (IntMat, error) {
	ar, ac := a.Rows, a.Cols
	if ta {
		ar, ac = ac, ar
	}
	br, bc := b.Rows, b.Cols
	if tb {
		br, bc = bc, br
	}
	if ac != br {
		return IntMat{}, fmt.Errorf("%s: inner dimensions differ: %dx%d times %dx%d", what, ar, ac, br, bc)
	}
	if ar == 0 || bc == 0 || ac == 0 {
		return NewIntMat(ar, bc), nil
	}
	maxA, maxB := maxAbs(a.Data), maxAbs(b.Data)
	if maxA == 0 || maxB == 0 {
		return NewIntMat(ar, bc), nil
	}
	if checkProductRange(maxA, maxB, ac, what) == nil {
		return gonumProduct(a, ta, b, tb, ar, bc), nil
	}
	// Largest limb width s with maxA * 2^s * k < 2^53.
	hi, lo := bits.Mul64(maxA, uint64(ac))
	if hi != 0 || lo >= exactLimit/2 {
		return IntMat{}, checkProductRange(maxA, maxB, ac, what)
	}
	s := bits.Len64((exactLimit-1)/lo) - 1
	limbs := (bits.Len64(maxB) + s - 1) / s
	if limbs > maxLimbs || checkResultRange(maxA, maxB, ac) != nil {
		return IntMat{}, checkProductRange(maxA, maxB, ac, what)
	}
	out := NewIntMat(ar, bc)
	rest := append([]int64(nil), b.Data...)
	mask := int64(1)<<uint(s) - 1
	for l := range limbs {
		limb := IntMat{Rows: b.Rows, Cols: b.Cols, Data: make([]int64, len(rest))}
		for i, v := range rest {
			// v = q*2^s + r with 0 <= r < 2^s; the last limb keeps q*2^s's sign
			r := v & mask
			limb.Data[i] = r
			rest[i] = (v - r) >> uint(s)
		}
		if l == limbs-1 {
			for i, v := range rest {
				limb.Data[i] += v << uint(s) // leftover high part (small) joins the top limb
			}
		}
		part := gonumProduct(a, ta, limb, tb, ar, bc)
		for i, v := range part.Data {
			out.Data[i] += v << uint(l*s)
		}
	}
	return out, nil
}

// checkResultRange reports whether maxA * maxB * k < 2^62, so recombined
// limbs and their sums fit int64 with room to spare.
func checkResultRange(maxA, maxB uint64, k int) error {
	hi, lo := bits.Mul64(maxA, maxB)
	if hi == 0 {
		hi, lo = bits.Mul64(lo, uint64(k))
	}
	if hi != 0 || lo >= 1<<62 {
		return ErrProductRange
	}
	return nil
}

// gonumProduct multiplies with gonum; the caller checked the exact range.
func gonumProduct(a IntMat, ta bool, b IntMat, tb bool, ar, bc int) IntMat {
	var fa, fb mat.Matrix = toDense(a), toDense(b)
	if ta {
		fa = fa.T()
	}
	if tb {
		fb = fb.T()
	}
	var c mat.Dense
	c.Mul(fa, fb)
	out := NewIntMat(ar, bc)
	raw := c.RawMatrix()
	for i := range ar {
		row := raw.Data[i*raw.Stride : i*raw.Stride+bc]
		for j, v := range row {
			out.Data[i*bc+j] = int64(v)
		}
	}
	return out
}

// toDense converts to float64; exact because callers checked the range
// (every |value| < 2^53).
func toDense(m IntMat) *mat.Dense {
	f := make([]float64, len(m.Data))
	for i, v := range m.Data {
		f[i] = float64(v)
	}
	return mat.NewDense(m.Rows, m.Cols, f)
}

// matMul is the product the step uses; tests swap in a pure-integer
// product to check that gonum's is exact.
var matMul = MatMul

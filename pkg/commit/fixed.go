package commit

import (
	"fmt"
	"math"
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Rounding is how a real number is rounded to the fixed-point grid; a task
// names it as its tie-break.
type Rounding uint8

// Rounding modes.
const (
	// RoundNearestEven rounds to the nearest value, ties to even.
	RoundNearestEven Rounding = iota + 1
	// RoundNearestAway rounds to the nearest value, ties away from zero.
	RoundNearestAway
	// RoundTowardZero truncates.
	RoundTowardZero
)

// Format is a signed fixed-point format: Bits-bit two's-complement integers
// that stand for value / 2^Frac.
type Format struct {
	Bits uint8 // total bits, sign included: 2..32
	Frac uint8 // fractional bits: 0..Bits-1
}

// Validate checks the format's ranges.
func (f Format) Validate() error {
	if f.Bits < 2 || f.Bits > 32 {
		return fmt.Errorf("fixed-point format: bits must be 2..32, got %d", f.Bits)
	}
	if f.Frac >= f.Bits {
		return fmt.Errorf("fixed-point format: frac bits (%d) must be below total bits (%d)", f.Frac, f.Bits)
	}
	return nil
}

// String is e.g. "Q8.8" (integer.fraction bits, sign included in integer).
func (f Format) String() string { return fmt.Sprintf("Q%d.%d", f.Bits-f.Frac, f.Frac) }

// Min and Max are the smallest and largest raw values of the format.
func (f Format) Min() int64 { return -(int64(1) << (f.Bits - 1)) }

// Max is the largest raw value of the format.
func (f Format) Max() int64 { return int64(1)<<(f.Bits-1) - 1 }

// CheckRaw reports whether raw is representable.
func (f Format) CheckRaw(raw int64) error {
	if raw < f.Min() || raw > f.Max() {
		return fmt.Errorf("value %d outside the %s range %d..%d", raw, f, f.Min(), f.Max())
	}
	return nil
}

// Encode rounds x to the format. It is exact and deterministic: scaling by
// 2^Frac is exact in float64 and each rounding mode is an exact operation.
// NaN, infinities and values outside the range are errors.
func (f Format) Encode(x float64, r Rounding) (int64, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("cannot encode %v", x)
	}
	scaled := math.Ldexp(x, int(f.Frac))
	var rounded float64
	switch r {
	case RoundNearestEven:
		rounded = math.RoundToEven(scaled)
	case RoundNearestAway:
		rounded = math.Round(scaled)
	case RoundTowardZero:
		rounded = math.Trunc(scaled)
	default:
		return 0, fmt.Errorf("unknown rounding mode %d", r)
	}
	if rounded < float64(f.Min()) || rounded > float64(f.Max()) {
		return 0, fmt.Errorf("%v is outside the %s range", x, f)
	}
	return int64(rounded), nil
}

// Decode returns raw / 2^Frac.
func (f Format) Decode(raw int64) float64 { return math.Ldexp(float64(raw), -int(f.Frac)) }

// perElement is how many values of bits bits are packed in one field
// element: they fill at most 252 bits, below the BN254 modulus (~2^253.6).
func perElement(bits uint8) int { return 252 / int(bits) }

// pack encodes values (already range-checked against f) offset-binary
// (raw + 2^(Bits-1), so non-negative) and packs them little-endian,
// perElement(Bits) to a field element; the last element may hold fewer.
func pack(f Format, values []int64) []fr.Element {
	k := perElement(f.Bits)
	out := make([]fr.Element, 0, (len(values)+k-1)/k)
	offset := big.NewInt(-f.Min())
	acc, v := new(big.Int), new(big.Int)
	for start := 0; start < len(values); start += k {
		acc.SetInt64(0)
		end := min(start+k, len(values))
		for j := end - 1; j >= start; j-- {
			acc.Lsh(acc, uint(f.Bits))
			v.SetInt64(values[j])
			acc.Add(acc, v.Add(v, offset))
		}
		var e fr.Element
		e.SetBigInt(acc)
		out = append(out, e)
	}
	return out
}

// unpack inverts pack for n values.
func unpack(f Format, elements []fr.Element, n int) ([]int64, error) {
	k := perElement(f.Bits)
	if want := (n + k - 1) / k; len(elements) != want {
		return nil, fmt.Errorf("%d values of %s need %d elements, got %d", n, f, want, len(elements))
	}
	out := make([]int64, 0, n)
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(f.Bits)), big.NewInt(1))
	acc, v := new(big.Int), new(big.Int)
	for i := range elements {
		elements[i].BigInt(acc)
		count := min(k, n-len(out))
		for range count {
			v.And(acc, mask)
			out = append(out, v.Int64()+f.Min())
			acc.Rsh(acc, uint(f.Bits))
		}
		if acc.Sign() != 0 {
			return nil, fmt.Errorf("element %d has bits beyond its %d packed values", i, count)
		}
	}
	return out, nil
}

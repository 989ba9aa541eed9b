package quant

import (
	"encoding/binary"
	"fmt"
)

// Quantize encodes values (raw fixed-point integers, each within the
// int32 range) in precision p. blockSize (>= 1) is the number of values
// per scale for Int8 and Int4; Int32 and FP16 have no scales and ignore
// it (their Encoded.BlockSize is 0). Quantize is pure integer arithmetic
// and deterministic; its error bounds are in the package comment.
func Quantize(values []int64, p Precision, blockSize int) (Encoded, error) {
	var e Encoded
	err := QuantizeInto(&e, values, p, blockSize)
	return e, err
}

// QuantizeInto is Quantize writing into *dst and reusing the capacity of
// dst.Data and dst.Scales, for a caller that encodes every round without
// allocating. The result must not be used after dst's next reuse. On
// error *dst is unchanged.
func QuantizeInto(dst *Encoded, values []int64, p Precision, blockSize int) error {
	if !p.Valid() {
		return fmt.Errorf("%w: %d, want 1 (int32) to 4 (int4)", ErrPrecision, uint8(p))
	}
	if p.blocked() && blockSize < 1 {
		return fmt.Errorf("%w: %d for %s, want >= 1", ErrBlockSize, blockSize, p)
	}
	for i, v := range values {
		if v < minValue || v > maxValue {
			return fmt.Errorf("%w: value %d is %d, want within the int32 range [%d, %d]",
				ErrRange, i, v, minValue, maxValue)
		}
	}
	n := len(values)
	size, _ := payloadLen(p, n) // len(values) <= MaxInt/8: no overflow
	e := Encoded{Precision: p, Count: n, Data: resize(dst.Data, size), Scales: dst.Scales[:0]}
	switch p {
	case Int32:
		for i, v := range values {
			binary.LittleEndian.PutUint32(e.Data[4*i:], uint32(int32(v)))
		}
	case FP16:
		for i, v := range values {
			binary.LittleEndian.PutUint16(e.Data[2*i:], encodeHalf(v))
		}
	default:
		e.BlockSize = blockSize
		e.Scales = resize(e.Scales, numBlocks(n, blockSize))
		if p == Int4 {
			clear(e.Data) // nibbles are OR-ed in
		}
		quantizeBlocks(&e, values)
	}
	*dst = e
	return nil
}

// resize is s with length n, reusing its capacity when it suffices; the
// contents are unspecified.
func resize[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}

// quantizeBlocks fills e.Scales and e.Data (sized; zeroed for Int4) for Int8
// or Int4: per block s = max(1, ceil(max|v|/q)) and code
// roundHalfAway(v/s), which lies in [-q, q] because |v| <= q·s.
func quantizeBlocks(e *Encoded, values []int64) {
	q := qmax(e.Precision)
	for b := range e.Scales {
		lo := b * e.BlockSize
		hi := min(lo+e.BlockSize, len(values))
		block := values[lo:hi]
		s := scaleFor(maxAbsOf(block), q)
		e.Scales[b] = uint32(s)
		d := newDivider(s)
		if e.Precision == Int8 {
			for i, v := range block {
				e.Data[lo+i] = byte(int8(d.roundHalfAway(v)))
			}
			continue
		}
		for i, v := range block {
			k := lo + i
			nib := byte(d.roundHalfAway(v)) & 0x0f
			e.Data[k/2] |= nib << (4 * uint(k&1))
		}
	}
}

// maxAbsOf is max|v| over block (0 for an empty one), with the maximum
// and the minimum in independent dependency chains.
func maxAbsOf(block []int64) int64 {
	var hi, lo int64
	for _, v := range block {
		hi = max(hi, v)
		lo = min(lo, v)
	}
	return max(hi, -lo)
}

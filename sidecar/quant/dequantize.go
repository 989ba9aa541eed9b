package quant

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// Dequantize decodes e into raw fixed-point integers: the Int32 values
// themselves, the FP16 codes' integer values, or q·scale for Int8 and
// Int4, computed exactly. It validates e completely and returns an error
// wrapping ErrEncoding or ErrPrecision (naming the block or value) unless
// e is something Quantize emits: Count matches len(Data), there is one
// scale per block, every scale is at least 1 and at most
// ceil(2^31/qmax), every code is canonical (no -128 byte for Int8, no
// nibble 8 for Int4, no negative zero or magnitude above 2^31 for FP16),
// the spare high nibble of an odd-length Int4 tensor is zero, and each
// block's largest |code| is one Quantize gives with that block's scale
// (so an all-zero block has scale 1). Dequantize never panics and
// allocates only after the lengths are checked (at most 2·len(Data)
// values). Its result may exceed the int32 range by less than qmax
// (see the package comment).
func Dequantize(e Encoded) ([]int64, error) {
	return AppendDequantize(nil, e)
}

// AppendDequantize is Dequantize appending the decoded values to dst and
// returning the extended slice, for a caller that decodes every round into
// a reused buffer (AppendDequantize(buf[:0], e)). On error it returns dst
// with its length and contents up to that length unchanged.
func AppendDequantize(dst []int64, e Encoded) ([]int64, error) {
	if err := checkHeader(e); err != nil {
		return dst, err
	}
	n := len(dst)
	grown := slices.Grow(dst, e.Count)[:n+e.Count]
	if err := decodeInto(grown[n:], e); err != nil {
		return dst, err
	}
	return grown, nil
}

// decodeInto decodes e, whose header checkHeader accepted, into out
// (len e.Count).
func decodeInto(out []int64, e Encoded) error {
	switch e.Precision {
	case Int32:
		for i := range out {
			out[i] = int64(int32(binary.LittleEndian.Uint32(e.Data[4*i:])))
		}
	case FP16:
		for i := range out {
			c := binary.LittleEndian.Uint16(e.Data[2*i:])
			if c == halfSign || c&^halfSign > halfCodeMax {
				return fmt.Errorf("%w: fp16 value %d has code %#04x, want magnitude bits <= %#04x (2^31) and not negative zero",
					ErrEncoding, i, c, halfCodeMax)
			}
			out[i] = decodeHalf(c)
		}
	default:
		return dequantizeBlocks(e, out)
	}
	return nil
}

// checkHeader checks the precision, block size, count and the lengths of
// Data and Scales against each other.
func checkHeader(e Encoded) error {
	p := e.Precision
	if !p.Valid() {
		return fmt.Errorf("%w: %d, want 1 (int32) to 4 (int4)", ErrPrecision, uint8(p))
	}
	if e.Count < 0 {
		return fmt.Errorf("%w: count %d, want >= 0", ErrEncoding, e.Count)
	}
	size, ok := payloadLen(p, e.Count)
	if !ok || size != len(e.Data) {
		return fmt.Errorf("%w: %s count %d needs %s data bytes, have %d",
			ErrEncoding, p, e.Count, wantBytes(p, e.Count), len(e.Data))
	}
	if !p.blocked() {
		if e.BlockSize != 0 || len(e.Scales) != 0 {
			return fmt.Errorf("%w: %s has no blocks, want block size 0 and no scales, have block size %d and %d scales",
				ErrEncoding, p, e.BlockSize, len(e.Scales))
		}
		return nil
	}
	if e.BlockSize < 1 {
		return fmt.Errorf("%w: %s block size %d, want >= 1", ErrEncoding, p, e.BlockSize)
	}
	if nb := numBlocks(e.Count, e.BlockSize); len(e.Scales) != nb {
		return fmt.Errorf("%w: %d values in blocks of %d need %d scales, have %d",
			ErrEncoding, e.Count, e.BlockSize, nb, len(e.Scales))
	}
	return nil
}

// wantBytes describes the expected Data length for an error message.
func wantBytes(p Precision, count int) string {
	if size, ok := payloadLen(p, count); ok {
		return fmt.Sprint(size)
	}
	return "more than the maximum int of"
}

// dequantizeBlocks decodes Int8 or Int4 codes into out (len e.Count) after
// checkHeader, validating scales, codes and padding.
func dequantizeBlocks(e Encoded, out []int64) error {
	p := e.Precision
	q := qmax(p)
	smax := maxScale(p)
	if p == Int4 && e.Count%2 == 1 && e.Data[len(e.Data)-1]>>4 != 0 {
		return fmt.Errorf("%w: int4 padding nibble (high nibble of the last byte) is %d, want 0",
			ErrEncoding, e.Data[len(e.Data)-1]>>4)
	}
	for b, s32 := range e.Scales {
		s := int64(s32)
		if s < 1 || s > smax {
			return fmt.Errorf("%w: block %d scale %d, want 1 to %d (ceil(2^31/%d))", ErrEncoding, b, s, smax, q)
		}
		lo := b * e.BlockSize
		hi := lo + min(e.BlockSize, len(out)-lo)
		var top int64
		for k := lo; k < hi; k++ {
			var c int64
			if p == Int8 {
				c = int64(int8(e.Data[k]))
			} else {
				c = int64(int8(e.Data[k/2]<<(4-4*uint(k&1))) >> 4)
			}
			if c < -q {
				return fmt.Errorf("%w: %s value %d has code %d, want -%d to %d", ErrEncoding, p, k, c, q, q)
			}
			top = max(top, c, -c)
			out[k] = c * s
		}
		if mt := minTopCode(s, q); top < mt {
			return fmt.Errorf("%w: block %d has scale %d but largest |code| %d; Quantize gives largest |code| >= %d with that scale (scale %d suffices)",
				ErrEncoding, b, s, top, mt, scaleFor(top*s, q))
		}
	}
	return nil
}

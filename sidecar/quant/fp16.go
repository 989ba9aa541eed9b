package quant

import "math/bits"

// FP16 codes. A code is the IEEE 754 binary16 bit pattern of v·2^-24:
// sign bit 15, exponent bits 14-10 (bias 15), mantissa bits 9-0. Read as
// an integer multiple of 2^-24, the magnitude bits c (bits 14-0) denote
//
//	c                      for c < 2048 (subnormals and exponent 1: unit 1),
//	(1024 + c&1023) << (c>>10 - 1)   otherwise,
//
// so integers up to 2048 are exact and larger ones keep 11 significant
// bits. The largest input magnitude, 2^31, is halfCodeMax = 22<<10.
const (
	halfSign    = 0x8000
	halfCodeMax = 22 << 10 // 2^31 = 1024 << 21
)

// encodeHalf is the FP16 code of v, |v| <= 2^31, rounded to nearest with
// ties to even.
func encodeHalf(v int64) uint16 {
	var sign uint16
	a := uint64(v)
	if v < 0 {
		sign = halfSign
		a = uint64(-v)
	}
	if a < 2048 {
		return sign | uint16(a)
	}
	e := bits.Len64(a) - 1 // 11..31: 2^e <= a < 2^(e+1)
	shift := uint(e - 10)
	t := a >> shift // 1024..2047, the 11 significant bits
	rem := a & (1<<shift - 1)
	half := uint64(1) << (shift - 1)
	if rem > half || (rem == half && t&1 == 1) {
		t++ // t may become 2048: the code below then carries into the exponent
	}
	return sign | uint16(uint64(e-10)<<10+t)
}

// decodeHalf is the value of an FP16 code whose magnitude bits are at most
// halfCodeMax and which is not negative zero (the caller checks).
func decodeHalf(c uint16) int64 {
	m := int64(c &^ halfSign)
	if m >= 2048 {
		m = (1024 + m&1023) << (m>>10 - 1)
	}
	if c&halfSign != 0 {
		return -m
	}
	return m
}

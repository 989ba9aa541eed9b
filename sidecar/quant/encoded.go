package quant

import "math"

// Encoded is one quantized tensor as nodes exchange it. Dequantize accepts
// exactly the Encoded values Quantize can emit (see the package comment).
type Encoded struct {
	// Precision is the number format of Data.
	Precision Precision
	// BlockSize is the number of consecutive values that share one scale
	// (the last block may be shorter). It is >= 1 for Int8 and Int4 and 0
	// for Int32 and FP16, which have no scales.
	BlockSize int
	// Count is the number of values.
	Count int
	// Scales holds one scale per block for Int8 and Int4, block b covering
	// values [b·BlockSize, min((b+1)·BlockSize, Count)); it is empty for
	// Int32 and FP16.
	Scales []uint32
	// Data holds the codes, value 0 first: 4 bytes little-endian per value
	// for Int32, 2 for FP16, 1 for Int8, and for Int4 half a byte (value i
	// in the low nibble of byte i/2 when i is even, the high nibble when it
	// is odd; the high nibble of the last byte is 0 when Count is odd).
	Data []byte
}

// scaleBytes is the size of one stored scale.
const scaleBytes = 4

// EncodedBytes is the payload size of e: its codes plus its scales
// (4 bytes each), without the header (precision, block size, count).
func EncodedBytes(e Encoded) int { return len(e.Data) + scaleBytes*len(e.Scales) }

// Ratio is EncodedBytes(e) divided by the size of the same tensor in
// Int32 (4 bytes per value): 1 for Int32, 0.5 for FP16, (B+4)/(4B) for
// Int8 with block size B, (B/2+4)/(4B) for Int4 (even B, whole blocks).
// It is 1 for an empty tensor. It is a report figure, not part of any
// verified computation.
func Ratio(e Encoded) float64 {
	if e.Count <= 0 {
		return 1
	}
	return float64(EncodedBytes(e)) / (4 * float64(e.Count))
}

// numBlocks is ceil(count/blockSize) without overflow, for count >= 0 and
// blockSize >= 1.
func numBlocks(count, blockSize int) int {
	n := count / blockSize
	if count%blockSize != 0 {
		n++
	}
	return n
}

// payloadLen is the length of Data for count values of precision p, and
// false when it would overflow an int.
func payloadLen(p Precision, count int) (int, bool) {
	switch p {
	case Int32:
		if count > math.MaxInt/4 {
			return 0, false
		}
		return 4 * count, true
	case FP16:
		if count > math.MaxInt/2 {
			return 0, false
		}
		return 2 * count, true
	case Int8:
		return count, true
	case Int4:
		return count/2 + count%2, true
	}
	return 0, false
}

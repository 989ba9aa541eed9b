// Package quant is the integer-only blockwise mixed-precision encoding of
// the fixed-point tensors (TT cores, weight matrices) that gossip nodes
// exchange (paper section 6). Inputs are raw fixed-point integers
// ([]int64 holding int32-range values, whatever their fractional bits);
// Quantize encodes them in one of four precisions, Dequantize decodes
// them back to raw integers, and Feedback carries each tensor's
// quantization error into its next round (error feedback, as in
// CHOCO-SGD) so that the error does not accumulate.
//
// # Determinism
//
// Encoding and decoding use only integer arithmetic (shifts, adds,
// multiplies, and a division replaced by an exact multiply-high, see
// divider), so the decoded tensor, which is what a node commits to with a
// Poseidon2 hash and what verifiers re-execute on, is bit-identical on
// every CPU, GOARCH and GOAMD64 level. Nothing here iterates a map into
// an output.
//
// # Formats
//
// Int32: 4 bytes per value, little-endian two's complement; lossless.
//
// FP16: 2 bytes per value, little-endian; the code is the IEEE 754
// binary16 encoding of v·2^-24, rounded to nearest with ties to even,
// computed with integer bit manipulation (no floats). With this fixed
// unit, subnormals are the integers 0..1023, exponent 1 covers
// 1024..2047, and exponent 22 reaches 2^31, so every int32-range value is
// representable without a per-block exponent: a shared exponent would
// change nothing but add bytes, since floating point is scale-invariant
// away from the subnormal and overflow edges, neither of which int32
// values reach. To read a code as the real value v·2^-frac, multiply the
// binary16 number by 2^(24-frac). Canonical codes have magnitude bits at
// most 0x5800 (2^31) and are never negative zero; there are no scales.
//
// Int8: 1 byte per value (two's complement, -127..127; -128 is not a
// code) and one uint32 scale per block of BlockSize consecutive values,
// the last block possibly shorter. Block scale s = max(1,
// ceil(max|v|/127)), code q = v/s rounded half away from zero (it never
// needs clamping: |v| <= 127·s), value q·s.
//
// Int4: as Int8 with 7 in place of 127 and codes -7..7 as 4-bit two's
// complement nibbles (8 is not a code), two per byte, low nibble first:
// value i is in byte i/2, low nibble when i is even. Nibbles run on across
// block boundaries; when Count is odd the high nibble of the last byte is
// padding and must be 0.
//
// Sizes: Int32 4 bytes per value, FP16 2, Int8 1 + 4/B, Int4 1/2 + 4/B
// with block size B (EncodedBytes, Ratio). The header (Precision,
// BlockSize, Count) is the wire format's business.
//
// # Error bounds
//
// For an input v and its decoded value d:
//
//   - Int32: d = v.
//   - FP16: |v - d| <= |v|·2^-11 (half a unit in the last of 11
//     significant bits); d = v when |v| <= 2048.
//   - Int8, Int4: |v - d| <= s/2 with s the scale of v's block, i.e. at
//     most about max|v|/254 (Int8) or max|v|/14 (Int4) over the block; an
//     all-zero block decodes to zeros with scale 1.
//
// Decoded values can leave the int32 range slightly: |d| <= 2^31 for FP16
// and |d| <= q·s < max|v| + q for Int8 and Int4 (at most 2^31 + 119 and
// 2^31 + 5). Callers that store int32 must clamp.
//
// # Canonical encodings
//
// Dequantize accepts exactly the Encoded values Quantize can emit for some
// int32-range input, and rejects everything else with ErrEncoding: Data
// and Scales lengths that do not match Count and BlockSize, Int32 and
// FP16 with a block size or scales, scales of 0 or above ceil(2^31/q),
// non-canonical codes, non-zero Int4 padding, and a block whose largest
// |code| is too small for its scale (Quantize would have chosen a smaller
// one: for scale s >= 2 the largest |code| is at least round((q·(s-1)+1)/s);
// in particular an all-zero block must have scale 1). So an encoding
// carries no free bits that could smuggle data past a commitment of its
// decoded tensor.
package quant

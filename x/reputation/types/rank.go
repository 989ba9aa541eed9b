package types

import (
	"encoding/binary"
	"fmt"
	"math/bits"
)

// RankKeyLength is the length in bytes of every key returned by RankKey:
// one class byte followed by a 128-bit big-endian fixed-point number.
const RankKeyLength = 17

// Class bytes of a rank key: below-neutral < neutral < above-neutral.
const (
	rankClassBelow   byte = 0x00
	rankClassNeutral byte = 0x01
	rankClassAbove   byte = 0x02
)

// RankKey returns a fixed-length (RankKeyLength) key for a score stored with
// value `value` at height updatedHeight, whose bytes.Compare order equals the
// order of the exactly decayed scores at any common query height h >= every
// updatedHeight. The key does not depend on h, so an index ordered by it
// stays ordered by current decayed score forever, without re-sorting.
//
// Derivation: with d = value - NeutralScore and h0 = updatedHeight, the
// decayed deviation at height h is
//
//	d · 2^(-(h-h0)/H) = sign(d) · 2^(log2|d| + h0/H) · 2^(-h/H),
//
// and the last factor is common to all scores, so for a fixed h the order is
// given by sign(d) and then by L = log2|d| + h0/H. The key is a class byte
// (0x00 for d < 0, 0x01 for d == 0, 0x02 for d > 0) followed by 16 bytes:
// for d > 0, L in unsigned fixed point with 64 fractional bits (integer part
// in the high 64 bits); for d < 0, the bitwise complement of that, so a
// larger |d|·2^(h0/H) (further below neutral) sorts lower; for d == 0, zeros.
// With halfLife == 0 (no decay) the h0/H term is 0 and L = log2|d|.
//
// Precision: log2|d| is truncated with an error below ~2^-61 (see log2Q64)
// and h0/H is truncated to 64 fractional bits, so L is within ~2^-60 of the
// exact value. Two scores whose exact decayed values differ by less than
// about 2^-60 relative may therefore compare in either order (exactly equal
// values such as (d, h0) and (2d, h0-H) get equal keys); ties in the key must
// be broken by the caller's primary key (e.g. the address).
//
// value must be at most MaxScore and updatedHeight must be non-negative;
// callers validate both before storing a score, so RankKey panics otherwise.
func RankKey(value uint64, updatedHeight int64, halfLife uint64) []byte {
	if value > MaxScore {
		panic(fmt.Sprintf("reputation: score %d above maximum %d", value, MaxScore))
	}
	if updatedHeight < 0 {
		panic(fmt.Sprintf("reputation: negative updated height %d", updatedHeight))
	}
	key := make([]byte, RankKeyLength)
	if value == NeutralScore {
		key[0] = rankClassNeutral
		return key
	}
	d := value - NeutralScore
	key[0] = rankClassAbove
	if value < NeutralScore {
		d = NeutralScore - value
		key[0] = rankClassBelow
	}
	// L = log2(d) + h0/H as a 128-bit Q64 number (hi = integer part). It
	// cannot overflow: log2(d) < 19 and h0/H < 2^63.
	hi, lo := log2Q64(d)
	if halfLife != 0 {
		h0 := uint64(updatedHeight)
		fracH, _ := bits.Div64(h0%halfLife, 0, halfLife)
		var carry uint64
		lo, carry = bits.Add64(lo, fracH, 0)
		hi += h0/halfLife + carry
	}
	if key[0] == rankClassBelow {
		hi, lo = ^hi, ^lo
	}
	binary.BigEndian.PutUint64(key[1:9], hi)
	binary.BigEndian.PutUint64(key[9:17], lo)
	return key
}

// log2Q64 returns log2(x) for x > 0 as a Q64 fixed-point number: hi is the
// integer part (bit length - 1), lo the 64 fractional bits.
//
// The fraction uses the classic repeated-squaring binary logarithm: with the
// mantissa m = x / 2^hi in [1, 2) held in Q62, each step squares m (128-bit
// product via bits.Mul64, truncated back to Q62); if m^2 >= 2 the next bit is
// 1 and m is halved. Each truncation has relative error < 2^-62 and the
// errors of step k reach the result scaled by 2^-k, so the total truncation
// error of lo is below 2^-62/ln2 + 2^-64 < 2^-61. Truncation only lowers
// the result: measured against a 512-bit reference it is 0 to 4 units of
// 2^-64 below the exact logarithm. For x < 2^62 the
// initial mantissa is exact; larger x lose their low bits to the Q62
// normalization.
func log2Q64(x uint64) (hi, lo uint64) {
	n := bits.Len64(x) - 1
	m := x << (63 - n) >> 1 // top bit at position 62: m in [1, 2) as Q62
	for i := 63; i >= 0; i-- {
		sh, sl := bits.Mul64(m, m) // m^2 in Q124, in [1, 4)
		m = sh<<2 | sl>>62         // back to Q62
		if m >= 1<<63 {            // m^2 >= 2
			lo |= 1 << i
			m >>= 1
		}
	}
	return uint64(n), lo
}

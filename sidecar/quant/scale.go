package quant

import "math"

// The input range: int32.
const (
	minValue = math.MinInt32
	maxValue = math.MaxInt32
	// maxAbs is the largest |v| of an input value (|MinInt32|).
	maxAbs = 1 << 31
)

// qmax is the largest code magnitude of a blocked precision: 127 for
// Int8, 7 for Int4.
func qmax(p Precision) int64 {
	if p == Int8 {
		return 127
	}
	return 7
}

// maxScale is the largest scale Quantize emits for p, ceil(2^31/qmax):
// the scale of a block whose largest |v| is 2^31.
func maxScale(p Precision) int64 { return ceilDiv(maxAbs, qmax(p)) }

// ceilDiv is ceil(a/b) for a >= 0, b >= 1.
func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// scaleFor is the scale of a block whose largest |v| is m:
// max(1, ceil(m/q)) with q = qmax.
func scaleFor(m, q int64) int64 {
	if m == 0 {
		return 1
	}
	return ceilDiv(m, q)
}

// roundHalfAway is v/s rounded to the nearest integer, ties away from
// zero, for |v| <= 2^31 and s >= 1.
func roundHalfAway(v, s int64) int64 {
	if v < 0 {
		return -((-2*v + s) / (2 * s))
	}
	return (2*v + s) / (2 * s)
}

// minTopCode is the smallest max|q| that Quantize emits in a block with
// scale s >= 1 and code limit q: such a block's largest |v| is m in
// (q·(s-1), q·s] (m in [0, q] for s = 1), its largest code is
// roundHalfAway(m/s), which is non-decreasing in m and steps by at most
// one, so the codes reachable are exactly [minTopCode, q] (the top of the
// range is reached at m = q·s, or at m = 2^31 for the largest scale).
func minTopCode(s, q int64) int64 {
	if s == 1 {
		return 0
	}
	return roundHalfAway(q*(s-1)+1, s)
}

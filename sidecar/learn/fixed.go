package learn

import (
	"errors"
	"fmt"
	"math"
)

// ErrOverflow is returned when a fixed-point value leaves the range its
// format allows (an int32 master weight, or an int64 intermediate).
var ErrOverflow = errors.New("fixed-point overflow")

// roundShift divides x by 2^s rounding half up (toward +inf on ties):
// floor((x + 2^(s-1)) / 2^s). s = 0 returns x; negative s shifts left.
func roundShift(x int64, s int) int64 {
	switch {
	case s == 0:
		return x
	case s < 0:
		return x << uint(-s)
	}
	return (x + int64(1)<<(uint(s)-1)) >> uint(s)
}

// roundDiv is x/d rounded half up, floor((2x + d) / (2d)), for d > 0.
// Callers keep |x| below 2^61 (every caller's x is a gonum product bounded
// by 2^53, shifted by at most a few bits).
func roundDiv(x, d int64) int64 {
	n := 2*x + d
	q := n / (2 * d)
	if n%(2*d) != 0 && n < 0 {
		q-- // Go's division truncates toward zero; we want floor
	}
	return q
}

// rescaleMean is x (with from fractional bits) divided by n and expressed
// with to fractional bits, rounded half up: roundDiv(x * 2^(to-from), n)
// when to >= from, roundDiv(x, n * 2^(from-to)) otherwise.
func rescaleMean(x int64, from, to int, n int64) int64 {
	if to >= from {
		return roundDiv(x<<uint(to-from), n)
	}
	return roundDiv(x, n<<uint(from-to))
}

// mulChecked is a*b and whether it fits int64.
func mulChecked(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, false
	}
	return p, true
}

// checkInt32 reports whether every value fits an int32 master weight.
func checkInt32(values []int64, what string) error {
	for i, v := range values {
		if v < math.MinInt32 || v > math.MaxInt32 {
			return fmt.Errorf("%w: %s value %d is %d, outside the int32 range of master weights", ErrOverflow, what, i, v)
		}
	}
	return nil
}

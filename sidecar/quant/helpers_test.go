package quant

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// allPrecisions lists every valid Precision.
var allPrecisions = []Precision{Int32, FP16, Int8, Int4}

// rng is splitmix64: a pinned generator, so golden values do not depend
// on math/rand's implementation.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn is uniform in [0, n) up to a negligible bias, n >= 1.
func (r *rng) intn(n uint64) uint64 { return r.next() % n }

// between is uniform in [lo, hi].
func (r *rng) between(lo, hi int64) int64 { return lo + int64(r.intn(uint64(hi-lo)+1)) }

// testValues is n int32-range values with mixed magnitudes: small, Q12.20
// weight-like, full range, the extremes -2^31, ±(2^31-1), and runs of
// zeros long enough to fill whole blocks of up to 64.
func testValues(seed uint64, n int) []int64 {
	r := &rng{s: seed}
	out := make([]int64, n)
	for i := 0; i < n; {
		switch r.intn(8) {
		case 0: // a run of zeros
			for k := 0; k < 70 && i < n; k++ {
				out[i] = 0
				i++
			}
			continue
		case 1:
			out[i] = []int64{math.MinInt32, math.MaxInt32, -math.MaxInt32, 1, -1, 2048, -2049}[r.intn(7)]
		case 2:
			out[i] = r.between(-3000, 3000)
		case 3, 4:
			out[i] = r.between(-1<<21, 1<<21) // about ±2 in Q12.20
		default:
			out[i] = r.between(math.MinInt32, math.MaxInt32)
		}
		i++
	}
	return out
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// wantErr fails unless err wraps target and its message contains every
// fragment.
func wantErr(t *testing.T, err, target error, fragments ...string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error %v, want one wrapping %v", err, target)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Fatalf("error %q does not mention %q", err, f)
		}
	}
}

func mustQuantize(t testing.TB, values []int64, p Precision, blockSize int) Encoded {
	t.Helper()
	e, err := Quantize(values, p, blockSize)
	if err != nil {
		t.Fatalf("Quantize(%s, block %d): %v", p, blockSize, err)
	}
	return e
}

func mustDequantize(t testing.TB, e Encoded) []int64 {
	t.Helper()
	d, err := Dequantize(e)
	if err != nil {
		t.Fatalf("Dequantize(%s): %v", e.Precision, err)
	}
	if len(d) != e.Count {
		t.Fatalf("Dequantize(%s) returned %d values, want %d", e.Precision, len(d), e.Count)
	}
	return d
}

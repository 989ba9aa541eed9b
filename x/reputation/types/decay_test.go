package types

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// ---- high-precision reference (test only) ----

const (
	refPrec     = 256 // big.Float precision of the reference
	refFracBits = 200 // bits of r/H used by the reference
)

// refHalfPow[i] = 2^(-2^-i) for i = 1..refFracBits at refPrec bits.
var refHalfPow = func() []*big.Float {
	t := make([]*big.Float, refFracBits+1)
	x := new(big.Float).SetPrec(refPrec).SetFloat64(0.5)
	for i := 1; i <= refFracBits; i++ {
		x = new(big.Float).SetPrec(refPrec).Sqrt(x)
		t[i] = x
	}
	return t
}()

// refPow2Neg returns 2^(-e/h) for h > 0 to ~190 bits: 2^-q times the product
// of refHalfPow over the first refFracBits bits of the exact binary expansion
// of r/h (q = e/h, r = e%h).
func refPow2Neg(e, h uint64) *big.Float {
	q, r := e/h, e%h
	num := new(big.Int).Lsh(new(big.Int).SetUint64(r), refFracBits)
	num.Quo(num, new(big.Int).SetUint64(h)) // floor(r/h · 2^refFracBits)
	p := new(big.Float).SetPrec(refPrec).SetInt64(1)
	for i := 1; i <= refFracBits; i++ {
		if num.Bit(refFracBits-i) == 1 {
			p.Mul(p, refHalfPow[i])
		}
	}
	return p.SetMantExp(p, -int(min(q, 1<<30)))
}

// refDecayedDeviation returns the exact signed deviation from neutral of
// DecayedScore(value, elapsed, halfLife), as a big.Float.
func refDecayedDeviation(value, elapsed, halfLife uint64) *big.Float {
	d := new(big.Float).SetPrec(refPrec).SetInt64(int64(value) - int64(NeutralScore))
	if halfLife == 0 {
		return d
	}
	return d.Mul(d, refPow2Neg(elapsed, halfLife))
}

// randTriple draws (value, elapsed, halfLife) with half-lives spread over
// many magnitudes and elapsed mostly within ~70 half-lives.
func randTriple(rng *rand.Rand) (value, elapsed, halfLife uint64) {
	switch rng.IntN(8) {
	case 0:
		value = []uint64{0, MaxScore, NeutralScore, NeutralScore - 1, NeutralScore + 1}[rng.IntN(5)]
	default:
		value = rng.Uint64N(MaxScore + 1)
	}
	switch rng.IntN(4) {
	case 0:
		halfLife = 1 + rng.Uint64N(16)
	case 1:
		halfLife = 1 + rng.Uint64N(1_000_000)
	case 2:
		halfLife = 1 + rng.Uint64N(1<<40)
	default:
		halfLife = 1 + rng.Uint64N(math.MaxUint64)
	}
	switch rng.IntN(4) {
	case 0:
		elapsed = rng.Uint64()
	case 1:
		elapsed = rng.Uint64N(halfLife) // r only, q = 0
	default:
		limit := uint64(math.MaxUint64)
		if halfLife <= math.MaxUint64/70 {
			limit = 70 * halfLife
		}
		elapsed = rng.Uint64N(limit)
	}
	return value, elapsed, halfLife
}

// ---- tests ----

func TestDecayTableMatchesReference(t *testing.T) {
	for i := 1; i <= 64; i++ {
		// round(2^(-2^-i) · 2^64) from the independent 256-bit reference.
		y := new(big.Float).SetPrec(refPrec).SetMantExp(refHalfPow[i], 64)
		y.Add(y, big.NewFloat(0.5))
		n, _ := y.Int(nil)
		if !n.IsUint64() || n.Uint64() != decayHalfPowQ64[i] {
			t.Fatalf("T[%d] = %#x, want %s", i, decayHalfPowQ64[i], n.Text(16))
		}
	}
	// Literal anchors: sqrt(1/2)·2^64 = 0xb504f333f9de6484.5f..., and the
	// last entry 2^64 - 0.69 rounds to 2^64 - 1.
	if decayHalfPowQ64[1] != 0xb504f333f9de6484 || decayHalfPowQ64[64] != math.MaxUint64 {
		t.Fatalf("T[1] = %#x, T[64] = %#x", decayHalfPowQ64[1], decayHalfPowQ64[64])
	}
}

// The reference itself is checked against float64 math.Pow (test only), so
// it is not just the implementation's algorithm at higher precision.
func TestRefPow2NegAgainstFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 2000 {
		h := 1 + rng.Uint64N(1<<40)
		e := rng.Uint64N(40 * h)
		got, _ := refPow2Neg(e, h).Float64()
		want := math.Pow(2, -float64(e)/float64(h))
		if math.Abs(got-want) > 1e-14*want {
			t.Fatalf("refPow2Neg(%d, %d) = %g, math.Pow = %g", e, h, got, want)
		}
	}
}

func TestDecayedScoreIdentity(t *testing.T) {
	for _, v := range []uint64{0, 1, 123_456, NeutralScore - 1, NeutralScore, NeutralScore + 1, 999_999, MaxScore} {
		for _, e := range []uint64{0, 1, 1000, math.MaxUint64} {
			if got := DecayedScore(v, e, 0); got != v {
				t.Errorf("DecayedScore(%d, %d, 0) = %d, want %d", v, e, got, v)
			}
		}
		for _, h := range []uint64{1, 2, 1000, math.MaxUint64} {
			if got := DecayedScore(v, 0, h); got != v {
				t.Errorf("DecayedScore(%d, 0, %d) = %d, want %d", v, h, got, v)
			}
		}
		if got := DecayedScore(v, math.MaxUint64, 1); got != NeutralScore {
			t.Errorf("DecayedScore(%d, max, 1) = %d, want neutral", v, got)
		}
	}
}

func TestDecayedScoreExactAtHalfLives(t *testing.T) {
	for _, v := range []uint64{0, 1, 250_000, 499_999, 500_001, 750_000, 987_654, MaxScore} {
		for _, h := range []uint64{1, 2, 3, 100, 14_400, 100_800, 1 << 40, math.MaxUint64 / 64} {
			for q := uint64(0); q <= 66; q++ {
				e := q * h
				if q != 0 && e/q != h {
					break // overflow
				}
				var want uint64
				switch {
				case q >= 64:
					want = NeutralScore
				case v >= NeutralScore:
					want = NeutralScore + (v-NeutralScore)>>q
				default:
					want = NeutralScore - (NeutralScore-v)>>q
				}
				if got := DecayedScore(v, e, h); got != want {
					t.Fatalf("DecayedScore(%d, %d·%d, %d) = %d, want %d", v, q, h, h, got, want)
				}
			}
		}
	}
	// Spelled out: one half-life halves the deviation.
	if got := DecayedScore(900_000, 100, 100); got != 700_000 {
		t.Fatalf("900000 after one half-life = %d, want 700000", got)
	}
	if got := DecayedScore(100_000, 300, 100); got != 450_000 {
		t.Fatalf("100000 after three half-lives = %d, want 450000", got)
	}
}

func TestDecayedScoreAgainstBigReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240601, 1))
	maxErr := new(big.Float)  // max |computed - exact|, micro-units
	maxFErr := new(big.Float) // max |f - 2^(-r/H)| in Q64 ulps
	notFloor := 0             // results that differ from trunc(exact)
	one := new(big.Float).SetInt64(1)
	const n = 20000
	for range n {
		v, e, h := randTriple(rng)
		got := DecayedScore(v, e, h)
		exact := refDecayedDeviation(v, e, h)
		dev := new(big.Float).SetPrec(refPrec).SetInt64(int64(got) - int64(NeutralScore))
		diff := new(big.Float).SetPrec(refPrec).Sub(dev, exact)
		if diff.Abs(diff).Cmp(one) >= 0 {
			t.Fatalf("DecayedScore(%d, %d, %d) = %d, exact deviation %s", v, e, h, got, exact.Text('g', 30))
		}
		if diff.Cmp(maxErr) > 0 {
			maxErr.Set(diff)
		}
		// Truncation toward neutral of the exact deviation.
		trunc, _ := exact.Int(nil)
		if trunc.Cmp(new(big.Int).SetInt64(int64(got)-int64(NeutralScore))) != 0 {
			notFloor++
		}
		// Error of the Q64 factor itself.
		if r := e % h; r != 0 {
			f, _ := pow2NegFracQ64(r, h)
			want := new(big.Float).SetPrec(refPrec).SetMantExp(refPow2Neg(r, h), 64)
			fd := new(big.Float).SetPrec(refPrec).SetUint64(f)
			fd.Sub(fd, want).Abs(fd)
			if fd.Cmp(maxFErr) > 0 {
				maxFErr.Set(fd)
			}
		}
	}
	if maxFErr.Cmp(big.NewFloat(256)) > 0 { // 2^-56: the documented ~2^-57 bound, doubled
		t.Fatalf("factor error %s ulps of Q64 exceeds bound", maxFErr.Text('g', 6))
	}
	if notFloor > n/1000 {
		t.Fatalf("%d of %d results differ from the truncated exact value", notFloor, n)
	}
	t.Logf("%d triples: max |result - exact| = %s micro-units; %d results != trunc(exact); max factor error = %s Q64 ulps (%.3g)",
		n, maxErr.Text('g', 6), notFloor, maxFErr.Text('g', 6), mustFloat(maxFErr)/math.Exp2(64))
}

func mustFloat(x *big.Float) float64 { f, _ := x.Float64(); return f }

func TestDecayedScoreMonotoneAndNeverCrossesNeutral(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(v, e, h, prevDev uint64) uint64 {
		got := DecayedScore(v, e, h)
		var dev uint64
		switch {
		case v > NeutralScore:
			if got < NeutralScore || got > v {
				t.Fatalf("DecayedScore(%d, %d, %d) = %d outside [neutral, value]", v, e, h, got)
			}
			dev = got - NeutralScore
		case v < NeutralScore:
			if got > NeutralScore || got < v {
				t.Fatalf("DecayedScore(%d, %d, %d) = %d outside [value, neutral]", v, e, h, got)
			}
			dev = NeutralScore - got
		default:
			if got != NeutralScore {
				t.Fatalf("DecayedScore(neutral, %d, %d) = %d", e, h, got)
			}
		}
		if dev > prevDev {
			t.Fatalf("deviation grew: DecayedScore(%d, %d, %d) = %d after deviation %d", v, e, h, got, prevDev)
		}
		return dev
	}
	// Every elapsed value over several half-lives, small half-lives.
	for range 200 {
		v, h := rng.Uint64N(MaxScore+1), 1+rng.Uint64N(500)
		prev := uint64(math.MaxUint64)
		for e := uint64(0); e <= 6*h+1; e++ {
			prev = check(v, e, h, prev)
		}
	}
	// Large half-lives: sorted random points plus their neighbours and the
	// multiples of H where q increments.
	for range 200 {
		v, h := rng.Uint64N(MaxScore+1), 1+rng.Uint64N(1<<40)
		es := []uint64{0}
		for q := uint64(1); q <= 20; q++ {
			es = append(es, q*h-1, q*h, q*h+1)
			for range 20 {
				x := (q-1)*h + rng.Uint64N(h)
				es = append(es, x, x+1)
			}
		}
		slicesSortUint64(es)
		prev := uint64(math.MaxUint64)
		for _, e := range es {
			prev = check(v, e, h, prev)
		}
	}
}

func slicesSortUint64(s []uint64) {
	for i := 1; i < len(s); i++ { // insertion sort: tiny slices, no imports
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Golden vectors. Obtained once by running this implementation (after
// TestDecayedScoreAgainstBigReference passed; each expected value also equals
// the exact value truncated toward neutral, as computed by refDecayedDeviation)
// and checked in as literals, so that any change of results (a consensus
// break) fails here.
func TestDecayedScoreGolden(t *testing.T) {
	golden := []struct{ value, elapsed, halfLife, want uint64 }{
		{900000, 50, 100, 782842},
		{100000, 1, 2, 217158},
		{999999, 100799, 100800, 750001},
		{0, 12345, 1000, 499904},
		{750000, 1, 3, 698425},
		{250000, 2, 3, 342510},
		{1000000, 1, 1099511627776, 999999},
		{123456, 1000000, 300000, 462643},
		{654321, 7, 10, 594995},
		{499999, 1, 2, 500000},
		{500001, 1, 2, 500000},
		{876543, 1234567, 100800, 500077},
		{1000000, math.MaxUint64, math.MaxUint64 - 1, 749999},
		{0, 9223372036854788153, 4611686018427387904, 375001},
		{314159, 27182, 14400, 449777},
		{1, 6399, 100, 500000},
	}
	for _, g := range golden {
		if got := DecayedScore(g.value, g.elapsed, g.halfLife); got != g.want {
			t.Errorf("DecayedScore(%d, %d, %d) = %d, want %d", g.value, g.elapsed, g.halfLife, got, g.want)
		}
		exact, _ := refDecayedDeviation(g.value, g.elapsed, g.halfLife).Int(nil)
		if exact.Int64() != int64(g.want)-int64(NeutralScore) {
			t.Errorf("golden (%d, %d, %d): truncated exact deviation %s, want %d", g.value, g.elapsed, g.halfLife, exact, int64(g.want)-int64(NeutralScore))
		}
	}
}

func TestDecayedScorePanicsAboveMax(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("DecayedScore(MaxScore+1, ...) did not panic")
		}
	}()
	DecayedScore(MaxScore+1, 1, 1)
}

func FuzzDecayedScore(f *testing.F) {
	f.Add(uint64(0), uint64(1), uint64(1))
	f.Add(MaxScore, uint64(50), uint64(100))
	f.Add(NeutralScore, uint64(12345), uint64(7))
	f.Add(NeutralScore-1, uint64(3), uint64(2))
	f.Add(NeutralScore+1, uint64(1), uint64(math.MaxUint64))
	f.Add(uint64(123_456), uint64(math.MaxUint64), uint64(math.MaxUint64-1))
	f.Add(uint64(999_999), uint64(100_799), uint64(100_800))
	f.Fuzz(func(t *testing.T, value, elapsed, halfLife uint64) {
		value %= MaxScore + 1
		got := DecayedScore(value, elapsed, halfLife)
		if got > MaxScore {
			t.Fatalf("DecayedScore(%d, %d, %d) = %d > MaxScore", value, elapsed, halfLife, got)
		}
		if (value > NeutralScore && (got < NeutralScore || got > value)) ||
			(value < NeutralScore && (got > NeutralScore || got < value)) ||
			(value == NeutralScore && got != NeutralScore) {
			t.Fatalf("DecayedScore(%d, %d, %d) = %d left [value, neutral]", value, elapsed, halfLife, got)
		}
		// Monotonicity is guaranteed for half-lives up to 2^48 (see
		// DecayedScore); beyond that a one-block step changes f by less
		// than its rounding error.
		if elapsed < math.MaxUint64 && halfLife <= 1<<48 {
			next := DecayedScore(value, elapsed+1, halfLife)
			if absDiff(next, NeutralScore) > absDiff(got, NeutralScore) {
				t.Fatalf("deviation grew from elapsed %d (%d) to %d (%d), H=%d, value %d", elapsed, got, elapsed+1, next, halfLife, value)
			}
		}
	})
}

func absDiff(a, b uint64) uint64 {
	if a > b {
		return a - b
	}
	return b - a
}

var sinkU64 uint64

func BenchmarkDecayedScore(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	type in struct{ v, e, h uint64 }
	ins := make([]in, 1024)
	for i := range ins {
		h := 1 + rng.Uint64N(1_000_000)
		ins[i] = in{rng.Uint64N(MaxScore + 1), rng.Uint64N(20 * h), h}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := ins[i&1023]
		sinkU64 += DecayedScore(x.v, x.e, x.h)
	}
}

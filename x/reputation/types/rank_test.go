package types

import (
	"bytes"
	"encoding/hex"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// refLog2Frac returns floor(frac(log2 x) · 2^bitsOut) computed by repeated
// squaring in 512-bit big.Float arithmetic (error ~2^-500, test only).
func refLog2Frac(x uint64, bitsOut int) *big.Int {
	m := new(big.Float).SetPrec(512).SetUint64(x)
	m.SetMantExp(m, -(bitsLen(x) - 1)) // [1, 2)
	two := big.NewFloat(2)
	out := new(big.Int)
	for range bitsOut {
		m.Mul(m, m)
		out.Lsh(out, 1)
		if m.Cmp(two) >= 0 {
			out.SetBit(out, 0, 1)
			m.SetMantExp(m, -1)
		}
	}
	return out
}

func bitsLen(x uint64) int {
	n := 0
	for ; x != 0; x >>= 1 {
		n++
	}
	return n
}

func TestLog2Q64AgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	xs := []uint64{1, 2, 3, 5, 7, 1 << 18, 1<<19 - 1, 499_999, 500_000, 1<<62 + 1, math.MaxUint64}
	for range 3000 {
		xs = append(xs, 1+rng.Uint64N(NeutralScore))
	}
	var maxBelow, maxAbove int64 // signed error in units of 2^-64
	for _, x := range xs {
		hi, lo := log2Q64(x)
		if int(hi) != bitsLen(x)-1 {
			t.Fatalf("log2Q64(%d) integer part %d", x, hi)
		}
		// Compare against the reference with 8 guard bits, in units of 2^-72.
		ref := refLog2Frac(x, 72)
		got := new(big.Int).Lsh(new(big.Int).SetUint64(lo), 8)
		diff := new(big.Int).Sub(got, ref)
		diff.Rsh(diff, 8) // floor division: units of 2^-64
		e := diff.Int64()
		if x >= 1<<62 {
			continue // low mantissa bits dropped; not a score deviation
		}
		maxBelow, maxAbove = min(maxBelow, e), max(maxAbove, e)
	}
	// Documented bound: |error| < 2^-61 = 8 units of 2^-64.
	if maxBelow < -8 || maxAbove > 8 {
		t.Fatalf("log2Q64 error range [%d, %d] · 2^-64 exceeds 2^-61", maxBelow, maxAbove)
	}
	t.Logf("log2Q64 error vs reference over %d inputs: [%d, %d] · 2^-64", len(xs), maxBelow, maxAbove)
}

// Every possible deviation gets a strictly larger logarithm than the one
// below it, so equal h0 never produces key ties between different scores.
func TestLog2Q64StrictlyIncreasingOnDeviations(t *testing.T) {
	phi, plo := log2Q64(1)
	for d := uint64(2); d <= NeutralScore; d++ {
		hi, lo := log2Q64(d)
		if hi < phi || (hi == phi && lo <= plo) {
			t.Fatalf("log2Q64(%d) = (%d, %#x) not above log2Q64(%d) = (%d, %#x)", d, hi, lo, d-1, phi, plo)
		}
		phi, plo = hi, lo
	}
}

// exactDecayed returns the exact decayed deviation at height h.
func exactDecayed(value uint64, h0, h int64, halfLife uint64) *big.Float {
	return refDecayedDeviation(value, uint64(h-h0), halfLife)
}

func TestRankKeyOrdersDecayedValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(99, 100))
	for _, hl := range []uint64{0, 1, 7, 1000, 100_800} {
		type entry struct {
			value uint64
			h0    int64
			key   []byte
		}
		var es []entry
		add := func(v uint64, h0 int64) {
			es = append(es, entry{v, h0, RankKey(v, h0, hl)})
		}
		span := int64(40 * max(hl, 1))
		for range 3000 {
			v := rng.Uint64N(MaxScore + 1)
			if rng.IntN(10) == 0 {
				v = NeutralScore - 3 + rng.Uint64N(7) // close to neutral
			}
			add(v, rng.Int64N(span))
		}
		// Exactly equal decayed values from different (value, h0): deviation
		// 2k stored H blocks before deviation k.
		for range 100 {
			k := 1 + rng.Uint64N(NeutralScore/2)
			h0 := rng.Int64N(span)
			add(NeutralScore+2*k, h0)
			add(NeutralScore-2*k, h0)
			add(NeutralScore+k, h0+int64(hl))
			add(NeutralScore-k, h0+int64(hl))
		}
		h := int64(0)
		for _, e := range es {
			h = max(h, e.h0)
		}
		h += rng.Int64N(span) // any common query height >= all h0

		slices.SortStableFunc(es, func(a, b entry) int { return bytes.Compare(a.key, b.key) })
		tol := new(big.Float).SetMantExp(big.NewFloat(1), -50)
		for i := 1; i < len(es); i++ {
			a, b := es[i-1], es[i]
			va, vb := exactDecayed(a.value, a.h0, h, hl), exactDecayed(b.value, b.h0, h, hl)
			// slack = 2^-50 · max(|va|, |vb|)
			slack := new(big.Float).Abs(va)
			if ab := new(big.Float).Abs(vb); ab.Cmp(slack) > 0 {
				slack = ab
			}
			slack.Mul(slack, tol)
			diff := new(big.Float).Sub(vb, va) // must be >= -slack
			cmp := bytes.Compare(a.key, b.key)
			if diff.Cmp(new(big.Float).Neg(slack)) < 0 ||
				(cmp == 0 && new(big.Float).Abs(diff).Cmp(slack) > 0) {
				t.Fatalf("H=%d h=%d: key order (%d@%d) <= (%d@%d) (cmp %d) but decayed %s vs %s",
					hl, h, a.value, a.h0, b.value, b.h0, cmp, va.Text('g', 20), vb.Text('g', 20))
			}
		}
	}
}

func TestRankKeyClasses(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		hl := rng.Uint64N(1000)
		below := RankKey(rng.Uint64N(NeutralScore), rng.Int64N(math.MaxInt64), hl)
		neutral := RankKey(NeutralScore, rng.Int64N(math.MaxInt64), hl)
		above := RankKey(NeutralScore+1+rng.Uint64N(NeutralScore), rng.Int64N(math.MaxInt64), hl)
		if below[0] != 0x00 || neutral[0] != 0x01 || above[0] != 0x02 {
			t.Fatalf("class bytes %#x %#x %#x", below[0], neutral[0], above[0])
		}
		if bytes.Compare(below, neutral) >= 0 || bytes.Compare(neutral, above) >= 0 {
			t.Fatalf("class order broken: %x %x %x", below, neutral, above)
		}
		if !bytes.Equal(neutral, append([]byte{1}, make([]byte, 16)...)) {
			t.Fatalf("neutral key %x", neutral)
		}
	}
}

// At a common h0, a higher stored value gives a strictly greater key, for
// every pair of adjacent values.
func TestRankKeyHigherValueSameHeight(t *testing.T) {
	for _, c := range []struct {
		h0 int64
		hl uint64
	}{{0, 0}, {0, 100}, {123_456_789, 100_800}, {math.MaxInt64, 1}, {math.MaxInt64, 3}} {
		prev := RankKey(0, c.h0, c.hl)
		for v := uint64(1); v <= MaxScore; v++ {
			k := RankKey(v, c.h0, c.hl)
			if len(k) != RankKeyLength {
				t.Fatalf("len %d", len(k))
			}
			if bytes.Compare(prev, k) >= 0 {
				t.Fatalf("h0=%d H=%d: key(%d) = %x not above key(%d) = %x", c.h0, c.hl, v, k, v-1, prev)
			}
			prev = k
		}
	}
}

// A later update of the same deviation has decayed less at any common
// height: greater for d > 0, smaller for d < 0; equal when H = 0.
func TestRankKeyLaterHeight(t *testing.T) {
	for _, hl := range []uint64{0, 1, 2, 100_800, math.MaxUint64} {
		for _, h0 := range []int64{0, 1, 99, 100_800, math.MaxInt64 - 1} {
			up := bytes.Compare(RankKey(600_000, h0, hl), RankKey(600_000, h0+1, hl))
			down := bytes.Compare(RankKey(400_000, h0, hl), RankKey(400_000, h0+1, hl))
			switch {
			case hl == 0 && (up != 0 || down != 0):
				t.Fatalf("H=0: key depends on h0 (%d, %d)", up, down)
			case hl != 0 && hl < 1<<62 && (up != -1 || down != 1):
				t.Fatalf("H=%d h0=%d: later update compares %d (above), %d (below)", hl, h0, up, down)
			case hl != 0 && (up > 0 || down < 0):
				// Huge H: h0/H steps may be below 2^-64 and tie, never invert.
				t.Fatalf("H=%d h0=%d: inverted order (%d, %d)", hl, h0, up, down)
			}
		}
	}
}

// Golden keys: the encoding is stored state, so it must not change.
// The first four are exact by hand (log2(1) = 0, log2(2) + 1.5 = 2.5); the
// rest were obtained once from this implementation after the property tests
// passed, and spot-checked: log2(500000) = 18.93157 = 0x12.ee7b...,
// 18.93157 + 1000000/100800 = 28.852 = 0x1c.da..., 300000 at 123456789
// gives ^(log2(200000) + 123456789/14400) = ^(17.61 + 8573.4) = ^0x218f.xx.
// Like DecayedScore's golden vectors, any change here is a consensus break.
func TestRankKeyGolden(t *testing.T) {
	for _, g := range []struct {
		value uint64
		h0    int64
		hl    uint64
		want  string
	}{
		{NeutralScore + 1, 0, 100, "02" + "0000000000000000" + "0000000000000000"},
		{NeutralScore - 1, 0, 100, "00" + "ffffffffffffffff" + "ffffffffffffffff"},
		{NeutralScore, 42, 100, "01" + "0000000000000000" + "0000000000000000"},
		// log2(2) + 150/100 = 2.5
		{NeutralScore + 2, 150, 100, "02" + "0000000000000002" + "8000000000000000"},
		{1000000, 0, 100800, "020000000000000012ee7b471b3a9507d6"},
		{0, 0, 100800, "00ffffffffffffffed1184b8e4c56af829"},
		{1000000, 1000000, 100800, "02000000000000001cda2a0206e94ff384"},
		{300000, 123456789, 14400, "00ffffffffffffde710092711e3749c7fa"},
		{500003, math.MaxInt64, 1, "02800000000000000095c01a39fbd6879f"},
		{750000, 5, 0, "020000000000000011ee7b471b3a9507d6"},
	} {
		if got := hex.EncodeToString(RankKey(g.value, g.h0, g.hl)); got != g.want {
			t.Errorf("RankKey(%d, %d, %d) = %s, want %s", g.value, g.h0, g.hl, got, g.want)
		}
	}
}

func TestRankKeyPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"value":  func() { RankKey(MaxScore+1, 0, 1) },
		"height": func() { RankKey(NeutralScore, -1, 1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

var sinkKey []byte

func BenchmarkRankKey(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	type in struct {
		v  uint64
		h0 int64
	}
	ins := make([]in, 1024)
	for i := range ins {
		ins[i] = in{rng.Uint64N(MaxScore + 1), rng.Int64N(1 << 40)}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := ins[i&1023]
		sinkKey = RankKey(x.v, x.h0, 100_800)
	}
}

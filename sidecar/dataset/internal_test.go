package dataset

import (
	"math"
	"testing"
)

// ulps is the distance between a and b in units in the last place.
func ulps(a, b float64) uint64 {
	ia, ib := int64(math.Float64bits(a)), int64(math.Float64bits(b))
	if ia > ib {
		return uint64(ia - ib)
	}
	return uint64(ib - ia)
}

// referenceLog is math.Log, scaled out of the subnormal range first: on
// amd64 math.Log(2^-1074) is -709.09 instead of -744.44 (its assembly
// mishandles subnormals; GOARCH=386 gets it right), one more reason the
// splits use detLog.
func referenceLog(x float64) float64 {
	if x < 0x1p-1022 {
		return math.Log(x*0x1p64) - float64(64*math.Ln2)
	}
	return math.Log(x)
}

func TestDetLogSubnormal(t *testing.T) {
	for _, e := range []int{-1074, -1060, -1023} {
		x := math.Ldexp(1, e)
		want := float64(e) * math.Ln2
		if got := detLog(x); ulps(got, want) > 1 {
			t.Errorf("detLog(2^%d) = %v, expected %v", e, got, want)
		}
	}
}

func TestDetLogIsAccurate(t *testing.T) {
	r := newRNG(1)
	worst := uint64(0)
	check := func(x float64) {
		got, want := detLog(x), referenceLog(x)
		if want == 0 {
			if math.Abs(got) > 1e-300 {
				t.Fatalf("detLog(%v) = %v, expected 0", x, got)
			}
			return
		}
		// Near x = 1 the result is tiny and its relative error larger.
		if math.Abs(x-1) < 1e-3 {
			if math.Abs(got-want) > 1e-18 {
				t.Fatalf("detLog(%v) = %v, expected %v", x, got, want)
			}
			return
		}
		worst = max(worst, ulps(got, want))
	}
	for _, x := range []float64{1, 2, 0.5, math.E, 10, 1e-300, 1e300, math.SmallestNonzeroFloat64, math.MaxFloat64, math.Sqrt2, 1 / math.Sqrt2, 1 + 1e-15} {
		check(x)
	}
	for range 100_000 {
		check(math.Ldexp(r.unitOpen()+0.5, r.intN(2000)-1000))
	}
	if worst > 4 {
		t.Fatalf("detLog is up to %d ulps from math.Log, expected at most 4", worst)
	}
}

func TestDetExpIsAccurate(t *testing.T) {
	r := newRNG(2)
	worst := uint64(0)
	for range 100_000 {
		x := (r.unitOpen() - 0.5) * 1400
		got, want := detExp(x), math.Exp(x)
		if want < 0x1p-1022 { // subnormal results lose precision in both
			if math.Abs(got-want) > 0x1p-1070 {
				t.Fatalf("detExp(%v) = %v, math.Exp %v", x, got, want)
			}
			continue
		}
		worst = max(worst, ulps(got, want))
	}
	if worst > 4 {
		t.Fatalf("detExp is %d ulps from math.Exp, expected at most 4", worst)
	}
	for _, c := range []struct{ x, want float64 }{
		{0, 1}, {-746, 0}, {710, math.Inf(1)}, {math.Inf(-1), 0}, {math.Inf(1), math.Inf(1)},
	} {
		if got := detExp(c.x); got != c.want {
			t.Errorf("detExp(%v) = %v, expected %v", c.x, got, c.want)
		}
	}
	if !math.IsNaN(detExp(math.NaN())) {
		t.Error("detExp(NaN) is not NaN")
	}
}

func TestLogGammaDrawMoments(t *testing.T) {
	// Gamma(k, 1) has mean k and variance k.
	for _, shape := range []float64{0.1, 0.5, 1, 2.5, 30} {
		r := newRNG(3)
		const n = 200_000
		sum, sumSq := 0.0, 0.0
		for range n {
			g := math.Exp(logGammaDraw(r, shape))
			sum += g
			sumSq += g * g
		}
		mean := sum / n
		variance := sumSq/n - mean*mean
		if math.Abs(mean-shape) > 0.02*shape+0.005 {
			t.Errorf("Gamma(%v) draws have mean %.4f, expected %v", shape, mean, shape)
		}
		if math.Abs(variance-shape) > 0.06*shape+0.01 {
			t.Errorf("Gamma(%v) draws have variance %.4f, expected %v", shape, variance, shape)
		}
	}
}

func TestLogGammaDrawTinyShapeStaysFinite(t *testing.T) {
	r := newRNG(4)
	for _, shape := range []float64{1e-3, 1e-100, 1e-300, math.SmallestNonzeroFloat64} {
		for range 100 {
			if l := logGammaDraw(r, shape); math.IsNaN(l) || math.IsInf(l, 0) {
				t.Fatalf("log Gamma(%v) draw is %v, expected finite", shape, l)
			}
		}
	}
}

func TestDirichletWeights(t *testing.T) {
	r := newRNG(5)
	for _, alpha := range []float64{1e-3, 0.5, 1, 100} {
		w := dirichletWeights(r, alpha, 7)
		top := uint64(0)
		for _, x := range w {
			top = max(top, x)
		}
		if top != 1<<dirichletWeightBits {
			t.Fatalf("alpha %v: largest weight %d, expected 2^32 (%v)", alpha, top, w)
		}
	}
}

func TestApportion(t *testing.T) {
	cases := []struct {
		total   int
		weights []uint64
		want    []int
	}{
		{10, []uint64{1, 1}, []int{5, 5}},
		{10, []uint64{1, 1, 1}, []int{4, 3, 3}}, // ties to the lower index
		{7, []uint64{0, 5, 0}, []int{0, 7, 0}},
		{3, []uint64{3, 7}, []int{1, 2}}, // 0.9 -> 1, 2.1 -> 2
		{0, []uint64{2, 3}, []int{0, 0}},
		{5, []uint64{1 << 63, 1 << 62}, []int{3, 2}}, // 3.33, 1.67: exact at any scale
		{1, []uint64{1, 3, 2}, []int{0, 1, 0}},
	}
	for _, c := range cases {
		got := apportion(c.total, c.weights)
		for i := range got {
			if got[i] != c.want[i] {
				t.Fatalf("apportion(%d, %v) = %v, expected %v", c.total, c.weights, got, c.want)
			}
		}
	}
	// Sums to the total; each part is the floor or ceiling of its quota.
	r := newRNG(6)
	for range 1000 {
		weights := make([]uint64, 1+r.intN(20))
		sum := uint64(0)
		for i := range weights {
			weights[i] = r.uintN(1 << 32)
			sum += weights[i]
		}
		if sum == 0 {
			continue
		}
		total := r.intN(100_000)
		got := apportion(total, weights)
		n := 0
		for i, c := range got {
			n += c
			quota := float64(total) * float64(weights[i]) / float64(sum)
			if float64(c) < math.Floor(quota)-1e-6 || float64(c) > math.Ceil(quota)+1e-6 {
				t.Fatalf("part %d got %d, quota %.3f", i, c, quota)
			}
		}
		if n != total {
			t.Fatalf("parts sum to %d, expected %d", n, total)
		}
	}
}

func TestRNGIntNIsUniform(t *testing.T) {
	r := newRNG(7)
	counts := make([]int, 6)
	for range 60_000 {
		counts[r.intN(6)]++
	}
	for v, n := range counts {
		if n < 9_500 || n > 10_500 {
			t.Fatalf("value %d drawn %d times of 60000, expected about 10000 (%v)", v, n, counts)
		}
	}
}

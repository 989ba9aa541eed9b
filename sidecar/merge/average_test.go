package merge

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestAverageHandComputed(t *testing.T) {
	params := [][]int64{{10, -10, 3}, {20, -20, 4}}
	samples := []uint64{1, 3}
	ages := []uint64{3, 1}
	models := weightedOf(params, samples, ages)
	cases := []struct {
		by   Weighting
		want []int64
	}{
		// (10+60)/4 = 17.5 -> 18, -17.5 -> -17 (halves up), (3+12)/4 = 3.75 -> 4.
		{BySamples, []int64{18, -17, 4}},
		// (30+20)/4 = 12.5 -> 13, -12.5 -> -12, (9+4)/4 = 3.25 -> 3.
		{ByAge, []int64{13, -12, 3}},
		// 15, -15, 3.5 -> 4.
		{Uniform, []int64{15, -15, 4}},
	}
	for _, c := range cases {
		got, err := Average(models, c.by)
		mustNoErr(t, c.by.String(), err)
		equalOrFatal(t, "Average by "+c.by.String(), got, c.want)
	}
}

func TestAverageWideWeightsHandComputed(t *testing.T) {
	const maxW = math.MaxUint64
	// W = 2^65-2 needs the 128-bit path. N = (2^64-1)*(MaxParam+MinParam)
	// = -(2^64-1), so the mean is exactly -1/2 and rounds half up to 0.
	models := []Weighted{
		{Params: []int64{MaxParam, 7}, Samples: maxW},
		{Params: []int64{MinParam, 9}, Samples: maxW},
	}
	got, err := Average(models, BySamples)
	mustNoErr(t, "Average", err)
	equalOrFatal(t, "Average", got, []int64{0, 8})

	// Weights 2^64-1, 2^64-1, 2: W = 2^65; (x, x, y) averages to x
	// plus (y-x)*2/2^65, which rounds to x for any domain y.
	models = []Weighted{
		{Params: []int64{5}, Samples: maxW},
		{Params: []int64{5}, Samples: maxW},
		{Params: []int64{MaxParam}, Samples: 2},
	}
	got, err = Average(models, BySamples)
	mustNoErr(t, "Average", err)
	equalOrFatal(t, "Average", got, []int64{5})
}

func TestAverageZeroWeights(t *testing.T) {
	models := weightedOf([][]int64{{1}, {100}}, []uint64{0, 2}, []uint64{0, 0})
	got, err := Average(models, BySamples)
	mustNoErr(t, "one zero weight", err)
	equalOrFatal(t, "Average with a zero weight", got, []int64{100})

	_, err = Average(models, ByAge)
	if !errors.Is(err, ErrZeroWeight) || !strings.Contains(err.Error(), "2 models weighted by age") {
		t.Fatalf("all ages zero: err = %v, want ErrZeroWeight naming 2 models by age", err)
	}
}

func TestAverageErrors(t *testing.T) {
	if _, err := Average(nil, Uniform); !errors.Is(err, ErrEmpty) {
		t.Fatalf("no models: err = %v, want ErrEmpty", err)
	}
	_, err := Average(weightedOf([][]int64{{1, 2}, {1, 2}, {3}}, nil, nil), Uniform)
	if !errors.Is(err, ErrLength) || !strings.Contains(err.Error(), "model 2 has 1 parameters, want 2") {
		t.Fatalf("length mismatch: err = %v, want ErrLength naming model 2", err)
	}
	_, err = Average(weightedOf([][]int64{{1, 2}, {1, MaxParam + 1}}, nil, nil), Uniform)
	if !errors.Is(err, ErrRange) || !strings.Contains(err.Error(), "model 1 parameter 1 is 2147483648") {
		t.Fatalf("out of range: err = %v, want ErrRange naming model 1 parameter 1", err)
	}
	_, err = Average(weightedOf([][]int64{{MinParam - 1}}, nil, nil), Uniform)
	if !errors.Is(err, ErrRange) {
		t.Fatalf("below range: err = %v, want ErrRange", err)
	}
	if _, err := Average(weightedOf([][]int64{{1}}, nil, nil), Weighting(7)); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("unknown weighting: err = %v, want ErrInvalidArgument", err)
	}
}

func TestAverageAgreesWithBig(t *testing.T) {
	r := newRand(10)
	for iter := range 400 {
		n := 1 + r.IntN(9)
		d := 1 + r.IntN(40)
		params := randModels(r, n, d)
		samples := make([]uint64, n)
		ages := make([]uint64, n)
		for i := range n {
			if iter%2 == 0 {
				samples[i], ages[i] = randWeight(r), randWeight(r)
			} else { // narrow path: W < 2^32
				samples[i], ages[i] = r.Uint64N(1<<20), r.Uint64N(1<<28)
			}
		}
		samples[0]++ // never all zero
		ages[0]++
		models := weightedOf(params, samples, ages)
		ones := make([]uint64, n)
		for i := range ones {
			ones[i] = 1
		}
		for by, w := range map[Weighting][]uint64{BySamples: samples, ByAge: ages, Uniform: ones} {
			got, err := Average(models, by)
			mustNoErr(t, "Average", err)
			equalOrFatal(t, "Average by "+by.String(), got, refAverage(params, w))
		}
	}
}

// The narrow (int64) and wide (128-bit) paths compute the same integers:
// scaling every weight by 2^32 leaves the mean unchanged but forces the
// wide path.
func TestAverageNarrowAndWidePathsAgree(t *testing.T) {
	r := newRand(11)
	for range 200 {
		n := 1 + r.IntN(9)
		params := randModels(r, n, 30)
		narrow := make([]Weighted, n)
		wide := make([]Weighted, n)
		for i := range n {
			s := 1 + r.Uint64N(1000)
			narrow[i] = Weighted{Params: params[i], Samples: s}
			wide[i] = Weighted{Params: params[i], Samples: s << 32}
		}
		a, err := Average(narrow, BySamples)
		mustNoErr(t, "narrow", err)
		b, err := Average(wide, BySamples)
		mustNoErr(t, "wide", err)
		equalOrFatal(t, "wide path", b, a)
	}
}

func TestParseWeighting(t *testing.T) {
	for _, w := range []Weighting{BySamples, ByAge, Uniform} {
		got, err := ParseWeighting(w.String())
		if err != nil || got != w {
			t.Fatalf("ParseWeighting(%q) = %v, %v", w.String(), got, err)
		}
		text, err := w.MarshalText()
		mustNoErr(t, "MarshalText", err)
		var back Weighting
		if err := back.UnmarshalText(text); err != nil || back != w {
			t.Fatalf("UnmarshalText(%q) = %v, %v", text, back, err)
		}
	}
	_, err := ParseWeighting("by-samples")
	if !errors.Is(err, ErrUnknownWeighting) || !strings.Contains(err.Error(), "samples, age, uniform") {
		t.Fatalf("ParseWeighting(bad): err = %v, want ErrUnknownWeighting listing the names", err)
	}
	if _, err := Weighting(-1).MarshalText(); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("MarshalText(-1): err = %v", err)
	}
	if s := Weighting(9).String(); s != "Weighting(9)" {
		t.Fatalf("String = %q", s)
	}
}

// TestAverageTiesRoundHalfUp pins the tie-break on every division path:
// a mean of exactly k + 1/2 becomes k + 1 for either sign (2.5 -> 3,
// -2.5 -> -2, -0.5 -> 0), as the step circuit's floor((2N + W) / 2W).
func TestAverageTiesRoundHalfUp(t *testing.T) {
	params := [][]int64{{2, -2, 0, -1, 5}, {3, -3, -1, 0, -6}}
	want := []int64{3, -2, 0, 0, 0} // means 2.5, -2.5, -0.5, -0.5, -0.5
	for _, c := range []struct {
		name string
		w    uint64 // both models weigh w: W = 2w
	}{
		{"64-bit", 1},
		{"128-bit, W below 2^64", 1 << 40},
		{"128-bit, W of 2^64 and more", math.MaxUint64},
	} {
		models := weightedOf(params, []uint64{c.w, c.w}, []uint64{0, 0})
		got, err := Average(models, BySamples)
		mustNoErr(t, c.name, err)
		equalOrFatal(t, "Average "+c.name, got, want)
		equalOrFatal(t, "reference "+c.name, refAverage(params, []uint64{c.w, c.w}), want)
	}
}

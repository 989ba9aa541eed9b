package merge

import (
	"errors"
	"strings"
	"testing"
)

func TestApplyHandComputed(t *testing.T) {
	local := Weighted{Params: []int64{10, 0}, Samples: 1, Age: 5}
	window := []Weighted{
		{Params: []int64{20, 30}, Samples: 3, Age: 2},
		{Params: []int64{100, -30}, Samples: 0, Age: 9},
	}
	cases := []struct {
		rule         Rule
		opts         Options
		want         []int64
		samples, age uint64
	}{
		// (10*1 + 20*3 + 100*0)/4 = 17.5 -> 18; (0 + 90 + 0)/4 = 22.5 -> 23.
		{RuleAverage, Options{Weighting: BySamples}, []int64{18, 23}, 3, 9},
		// (10*5 + 20*2 + 100*9)/16 = 61.875 -> 62; (60 - 270)/16 = -13.125 -> -13.
		{RuleAverage, Options{Weighting: ByAge}, []int64{62, -13}, 3, 9},
		{RuleMedian, Options{}, []int64{20, 0}, 3, 9},
		{RuleTrimmedMean, Options{Trim: 1}, []int64{20, 0}, 3, 9},
		{RuleTrimmedMean, Options{Trim: 0}, []int64{43, 0}, 3, 9},
		// Krum f=0 over 3 models: scores 1000 (local), 1000, 9000; m = 3
		// by default: the mean (130/3 -> 43, 0).
		{RuleKrum, Options{}, []int64{43, 0}, 3, 9},
		// m = 2: local and window[0]; Samples 3 and Age 5 from them only.
		{RuleKrum, Options{KrumM: 2}, []int64{15, 15}, 3, 5},
		// Adaptive tau: norms ceil(sqrt(1000)) = 32, ceil(sqrt(9000)) = 95,
		// lower median 32; (90, -30) clips to (30, -10); mean of (10, 30)
		// and (30, -10) is (20, 10) around local.
		{RuleClipped, Options{}, []int64{30, 10}, 3, 9},
		// tau 5 clips both: (10,30)*5/32 -> (1, 4); (90,-30)*5/95 -> (4, -1);
		// mean (2.5, 1.5) -> (3, 2).
		{RuleClipped, Options{Tau: 5}, []int64{13, 2}, 3, 9},
	}
	for _, c := range cases {
		got, err := ApplyWeighted(c.rule, local, window, c.opts)
		mustNoErr(t, c.rule.String(), err)
		equalOrFatal(t, "ApplyWeighted "+c.rule.String(), got.Params, c.want)
		if got.Samples != c.samples || got.Age != c.age {
			t.Fatalf("%s %+v: Samples %d Age %d, want %d %d", c.rule, c.opts, got.Samples, got.Age, c.samples, c.age)
		}
		p, err := Apply(c.rule, local, window, c.opts)
		mustNoErr(t, c.rule.String(), err)
		equalOrFatal(t, "Apply "+c.rule.String(), p, c.want)
	}
}

func TestApplyEmptyWindow(t *testing.T) {
	local := Weighted{Params: []int64{7, -7}, Samples: 2, Age: 3}
	for _, r := range []Rule{RuleAverage, RuleMedian, RuleTrimmedMean} {
		got, err := ApplyWeighted(r, local, nil, DefaultOptions(0))
		mustNoErr(t, r.String(), err)
		equalOrFatal(t, r.String(), got.Params, local.Params)
		if got.Samples != 2 || got.Age != 3 {
			t.Fatalf("%s: %+v", r, got)
		}
	}
	if _, err := Apply(RuleKrum, local, nil, DefaultOptions(0)); !errors.Is(err, ErrTooFewModels) {
		t.Fatalf("krum, empty window: err = %v, want ErrTooFewModels", err)
	}
	if _, err := Apply(RuleClipped, local, nil, DefaultOptions(0)); !errors.Is(err, ErrEmpty) {
		t.Fatalf("clipped, empty window: err = %v, want ErrEmpty", err)
	}
}

func TestApplyErrors(t *testing.T) {
	local := Weighted{Params: []int64{1, 2}, Samples: 1}
	window := []Weighted{{Params: []int64{1, 2}}, {Params: []int64{1}}}
	for _, r := range Rules() {
		_, err := Apply(r, local, window, Options{KrumF: 0})
		if !errors.Is(err, ErrLength) || !strings.Contains(err.Error(), "rule "+r.String()) || !strings.Contains(err.Error(), "model 2 has 1 parameters") {
			t.Fatalf("%s: err = %v, want ErrLength naming the rule and model 2", r, err)
		}
	}
	ok := []Weighted{{Params: []int64{1, 2}}, {Params: []int64{3, 4}}}
	if _, err := Apply(Rule(42), local, ok, Options{}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("unknown rule: err = %v, want ErrInvalidArgument", err)
	}
	if _, err := Apply(RuleTrimmedMean, local, ok, Options{Trim: -1}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("negative trim: err = %v", err)
	}
	if _, err := Apply(RuleKrum, local, ok, Options{KrumF: -1}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("negative f: err = %v", err)
	}
	if _, err := Apply(RuleKrum, local, ok, Options{KrumM: -1}); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("negative m: err = %v", err)
	}
	if _, err := Apply(RuleAverage, Weighted{Params: []int64{1, 2}}, ok, Options{Weighting: BySamples}); !errors.Is(err, ErrZeroWeight) {
		t.Fatalf("all zero samples: err = %v", err)
	}
}

func TestDefaultOptions(t *testing.T) {
	cases := []struct{ windowLen, trim, f int }{
		{-5, 0, 0}, {0, 0, 0}, {1, 0, 0}, {2, 0, 0}, {3, 0, 0},
		{4, 1, 1}, {8, 1, 1}, {9, 2, 2}, {20, 4, 4},
	}
	for _, c := range cases {
		o := DefaultOptions(c.windowLen)
		if o.Trim != c.trim || o.KrumF != c.f || o.KrumM != 0 || o.Tau != 0 || o.Weighting != BySamples {
			t.Fatalf("DefaultOptions(%d) = %+v, want Trim %d KrumF %d", c.windowLen, o, c.trim, c.f)
		}
	}
	// The defaults are valid for every rule once the rule has enough models.
	r := newRand(50)
	for wl := 0; wl <= 40; wl++ {
		params := randModels(r, wl+1, 5)
		local := Weighted{Params: params[0], Samples: 1, Age: 1}
		window := weightedOf(params[1:], nil, nil)
		for _, rule := range Rules() {
			_, err := Apply(rule, local, window, DefaultOptions(wl))
			tooFew := (rule == RuleKrum && wl+1 < 3) || (rule == RuleClipped && wl == 0)
			if (err != nil) != tooFew {
				t.Fatalf("window %d rule %s: err = %v", wl, rule, err)
			}
		}
	}
}

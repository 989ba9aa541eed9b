package merge

import (
	"math/big"
	"slices"
	"testing"
)

// honestWindow returns a local model and a window of 8 honest models,
// every coordinate base_j + noise in [-10, 10], with window[planted]
// replaced by an attacker's vector of about 1e9 in every coordinate.
func honestWindow(planted int) (local Weighted, window []Weighted, lo, hi []int64) {
	r := newRand(60)
	const d = 500
	base := make([]int64, d)
	for j := range base {
		base[j] = r.Int64N(20001) - 10000
	}
	honest := func() []int64 {
		p := make([]int64, d)
		for j := range p {
			p[j] = base[j] + r.Int64N(21) - 10
		}
		return p
	}
	local = Weighted{Params: honest(), Samples: 100, Age: 10}
	lo, hi = slices.Clone(local.Params), slices.Clone(local.Params)
	for i := range 8 {
		m := Weighted{Params: honest(), Samples: 100, Age: 10}
		if i == planted {
			for j := range m.Params {
				m.Params[j] = 1_000_000_000 + r.Int64N(1000)
			}
		} else {
			for j, x := range m.Params {
				lo[j], hi[j] = min(lo[j], x), max(hi[j], x)
			}
		}
		window = append(window, m)
	}
	return local, window, lo, hi
}

func TestRobustRulesResistOutlier(t *testing.T) {
	local, window, lo, hi := honestWindow(3)
	opts := DefaultOptions(len(window)) // n = 9: Trim 1, KrumF 1

	avg, err := Apply(RuleAverage, local, window, opts)
	mustNoErr(t, "average", err)
	for j, x := range avg {
		// One model in 9 at 1e9 drags the mean by about 1e9/9.
		if x < hi[j]+100_000_000 {
			t.Fatalf("average coordinate %d = %d, expected dragged far above %d", j, x, hi[j])
		}
	}

	for _, rule := range []Rule{RuleMedian, RuleTrimmedMean, RuleKrum} {
		got, err := Apply(rule, local, window, opts)
		mustNoErr(t, rule.String(), err)
		for j, x := range got {
			if x < lo[j] || x > hi[j] {
				t.Fatalf("%s coordinate %d = %d, outside the honest range %d..%d", rule, j, x, lo[j], hi[j])
			}
		}
	}

	params := paramsOf(append([]Weighted{local}, window...))
	sel, err := KrumSelect(params, opts.KrumF, len(params)-opts.KrumF)
	mustNoErr(t, "KrumSelect", err)
	if slices.Contains(sel, 4) { // window[3] is model 4
		t.Fatalf("KrumSelect = %v kept the outlier (model 4)", sel)
	}
	if i, _ := Krum(params, 1); i == 4 {
		t.Fatalf("Krum chose the outlier")
	}

	// Clipped with the adaptive tau: the outlier's difference is cut to
	// the median honest distance and spread over all coordinates, so every
	// coordinate stays within the honest spread (+-20) of local.
	got, err := Apply(RuleClipped, local, window, opts)
	mustNoErr(t, "clipped", err)
	for j, x := range got {
		if d := x - local.Params[j]; d < -20 || d > 20 {
			t.Fatalf("clipped coordinate %d moved %d from local", j, d)
		}
	}
	// And with a fixed tau as large as an honest distance: the merge
	// moves at most tau from local (the mean of vectors of norm <= tau),
	// plus half a unit per coordinate of rounding (sqrt(500)/2 < 12).
	tau, err := AdaptiveTau(local.Params, params[1:])
	mustNoErr(t, "AdaptiveTau", err)
	got, err = Clipped(local.Params, params[1:], tau)
	mustNoErr(t, "Clipped", err)
	bound := new(big.Int).SetUint64(tau + 12)
	bound.Mul(bound, bound)
	if d := refSqDist(got, local.Params); d.Cmp(bound) > 0 {
		t.Fatalf("clipped moved sqrt(%v) from local, beyond tau+12 = %d", d, tau+12)
	}
	if d := refSqDist(avg, local.Params); d.Cmp(bound) <= 0 {
		t.Fatalf("average moved only sqrt(%v) from local", d)
	}
}

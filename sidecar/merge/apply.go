package merge

import "fmt"

// Apply merges the local model with the received window by rule and
// returns the merged parameters; see ApplyWeighted.
func Apply(rule Rule, local Weighted, window []Weighted, opts Options) ([]int64, error) {
	m, err := ApplyWeighted(rule, local, window, opts)
	if err != nil {
		return nil, err
	}
	return m.Params, nil
}

// ApplyWeighted merges the local model with the received window by rule:
//
//   - RuleAverage: Average of local and window by opts.Weighting (local
//     counts with its own weight);
//   - RuleMedian, RuleTrimmedMean (opts.Trim): over local and window, local
//     being one of the n models;
//   - RuleKrum: MultiKrum(opts.KrumF, opts.KrumM) over local and window;
//   - RuleClipped: Clipped centered on local over the window, with
//     opts.Tau or, when it is 0, AdaptiveTau.
//
// The result's Samples and Age are the maxima over the models that entered
// the merge (for RuleKrum the selected ones, otherwise local and the whole
// window). The maximum, unlike the sum, does not count the same samples
// again when merged models circulate and are merged once more, and it is
// the age rule of gossip learning. These counts are what the peers claim:
// a caller that weights by them trusts its peers for them.
//
// Errors: those of the rule, prefixed by the rule name; in them model 0 is
// local and model i+1 is window[i]. An empty window is ErrEmpty for
// RuleClipped and ErrTooFewModels for RuleKrum; the other rules return
// local's parameters (RuleAverage as long as local's weight is not zero).
// Inputs are not modified.
func ApplyWeighted(rule Rule, local Weighted, window []Weighted, opts Options) (Weighted, error) {
	all := make([]Weighted, 0, len(window)+1)
	all = append(all, local)
	all = append(all, window...)
	params := paramsOf(all)
	var (
		out  []int64
		used = all
		err  error
	)
	switch rule {
	case RuleAverage:
		out, err = Average(all, opts.Weighting)
	case RuleMedian:
		out, err = Median(params)
	case RuleTrimmedMean:
		out, err = TrimmedMean(params, opts.Trim)
	case RuleKrum:
		m := opts.KrumM
		if m == 0 {
			m = len(all) - opts.KrumF
		}
		var sel []int
		if sel, err = KrumSelect(params, opts.KrumF, m); err == nil {
			out = meanSelected(params, sel)
			used = make([]Weighted, len(sel))
			for k, i := range sel {
				used[k] = all[i]
			}
		}
	case RuleClipped:
		var norms []uint64
		if norms, err = clipNorms(local.Params, params[1:]); err == nil {
			tau := opts.Tau
			if tau == 0 {
				tau = medianNorm(norms)
			}
			out = clipMerge(local.Params, params[1:], norms, tau)
		}
	default:
		err = fmt.Errorf("%w: rule %d, want 0..%d", ErrInvalidArgument, int(rule), len(ruleNames)-1)
	}
	if err != nil {
		return Weighted{}, fmt.Errorf("rule %s (model 0 is local, model i+1 is window[i]): %w", rule, err)
	}
	res := Weighted{Params: out}
	for _, m := range used {
		res.Samples = max(res.Samples, m.Samples)
		res.Age = max(res.Age, m.Age)
	}
	return res, nil
}

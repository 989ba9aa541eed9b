package merge

// Options are the parameters of the rules Apply runs. The zero value of
// KrumM and Tau selects a default computed from the input (see below).
type Options struct {
	// Weighting of RuleAverage.
	Weighting Weighting `toml:"weighting"`
	// Trim of RuleTrimmedMean: values dropped at each end per coordinate.
	Trim int `toml:"trim"`
	// KrumF of RuleKrum: the number of Byzantine models tolerated.
	KrumF int `toml:"krum_f"`
	// KrumM of RuleKrum: the number of best-scored models averaged;
	// 0 means n - KrumF for n merged models.
	KrumM int `toml:"krum_m"`
	// Tau of RuleClipped: the L2 clipping radius in raw fixed-point units;
	// 0 means AdaptiveTau, the median distance of the window to local.
	Tau uint64 `toml:"tau"`
}

// DefaultOptions returns options for merging the local model with a window
// of windowLen received models, n = windowLen+1 models in all:
// sample-weighted averaging, Trim = n/5 (one fifth trimmed at each end),
// KrumF = n/5 lowered to the largest f with n > 2f+2 (0 when n < 5),
// KrumM = 0 (n - KrumF) and Tau = 0 (adaptive). A negative windowLen
// counts as 0.
func DefaultOptions(windowLen int) Options {
	n := max(windowLen, 0) + 1
	f := 0
	if n >= 3 {
		f = min(n/5, (n-3)/2)
	}
	return Options{Weighting: BySamples, Trim: n / 5, KrumF: f}
}

package tt

import (
	"fmt"
	"math"
)

// Options controls truncation in Decompose and Round. Either, both or
// neither may be set.
type Options struct {
	// MaxRank caps every TT rank; 0 means no cap.
	MaxRank int
	// Epsilon is the relative Frobenius error bound ε: the result T of
	// Decompose(W) or Round(W) satisfies ‖W − T‖_F ≤ ε‖W‖_F unless
	// MaxRank binds. 0 means no error-driven truncation (only exactly
	// zero singular values are dropped).
	Epsilon float64
}

// validate rejects negative or non-finite options.
func (o Options) validate() error {
	if o.MaxRank < 0 {
		return fmt.Errorf("%w: MaxRank is %d; want 0 (no cap) or a positive rank", ErrOptions, o.MaxRank)
	}
	if math.IsNaN(o.Epsilon) || math.IsInf(o.Epsilon, 0) || o.Epsilon < 0 {
		return fmt.Errorf("%w: Epsilon is %v; want 0 (unused) or a positive finite relative error", ErrOptions, o.Epsilon)
	}
	return nil
}

// stepThreshold is δ = ε/√(d-1)·norm, the Frobenius error allowed in each
// of the d-1 truncated SVDs.
func (o Options) stepThreshold(d int, norm float64) float64 {
	if d < 2 || o.Epsilon == 0 {
		return 0
	}
	return o.Epsilon / math.Sqrt(float64(d-1)) * norm
}

// truncRank returns the smallest rank r ≥ 1 whose discarded singular
// values (s sorted non-increasing) have Frobenius norm at most delta,
// capped at maxRank when it is positive.
func truncRank(s []float64, delta float64, maxRank int) int {
	r := len(s)
	d2 := delta * delta
	tail := 0.0
	for r > 1 {
		t := tail + s[r-1]*s[r-1]
		if t > d2 {
			break
		}
		tail = t
		r--
	}
	if maxRank > 0 && r > maxRank {
		r = maxRank
	}
	return r
}

package merge

import (
	"fmt"
	"strings"
)

// Weighting chooses the weight of each model in Average.
type Weighting int

const (
	// BySamples weights a model by the number of samples it was trained on
	// (Weighted.Samples), as in federated averaging.
	BySamples Weighting = iota
	// ByAge weights a model by its age (Weighted.Age), as in the
	// age-weighted merge of gossip learning.
	ByAge
	// Uniform gives every model weight 1.
	Uniform
)

var weightingNames = [...]string{BySamples: "samples", ByAge: "age", Uniform: "uniform"}

// String returns "samples", "age" or "uniform" (ParseWeighting's names).
func (w Weighting) String() string {
	if w < 0 || int(w) >= len(weightingNames) {
		return fmt.Sprintf("Weighting(%d)", int(w))
	}
	return weightingNames[w]
}

// valid reports whether w is one of the declared weightings.
func (w Weighting) valid() bool { return w >= 0 && int(w) < len(weightingNames) }

// ParseWeighting parses "samples", "age" or "uniform".
func ParseWeighting(s string) (Weighting, error) {
	for i, name := range weightingNames {
		if s == name {
			return Weighting(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q, want one of %s", ErrUnknownWeighting, s, strings.Join(weightingNames[:], ", "))
}

// MarshalText encodes w by its name, for config files.
func (w Weighting) MarshalText() ([]byte, error) {
	if !w.valid() {
		return nil, fmt.Errorf("%w: weighting %d, want 0..%d", ErrInvalidArgument, int(w), len(weightingNames)-1)
	}
	return []byte(w.String()), nil
}

// UnmarshalText decodes a name accepted by ParseWeighting.
func (w *Weighting) UnmarshalText(text []byte) error {
	v, err := ParseWeighting(string(text))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// weight returns the weight of m under w.
func (w Weighting) weight(m Weighted) uint64 {
	switch w {
	case BySamples:
		return m.Samples
	case ByAge:
		return m.Age
	}
	return 1
}

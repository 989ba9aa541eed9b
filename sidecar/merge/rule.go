package merge

import (
	"fmt"
	"strings"
)

// Rule names a merge rule for Apply.
type Rule int

const (
	// RuleAverage: Average of local and window, weighted by
	// Options.Weighting.
	RuleAverage Rule = iota
	// RuleMedian: coordinate-wise Median of local and window.
	RuleMedian
	// RuleTrimmedMean: TrimmedMean of local and window, Options.Trim.
	RuleTrimmedMean
	// RuleKrum: MultiKrum of local and window, Options.KrumF and KrumM.
	RuleKrum
	// RuleClipped: Clipped merge of the window centered on local,
	// Options.Tau.
	RuleClipped
)

var ruleNames = [...]string{
	RuleAverage:     "average",
	RuleMedian:      "median",
	RuleTrimmedMean: "trimmed-mean",
	RuleKrum:        "krum",
	RuleClipped:     "clipped",
}

// Rules returns every rule in declaration order.
func Rules() []Rule {
	out := make([]Rule, len(ruleNames))
	for i := range out {
		out[i] = Rule(i)
	}
	return out
}

// String returns the rule's ParseRule name.
func (r Rule) String() string {
	if !r.valid() {
		return fmt.Sprintf("Rule(%d)", int(r))
	}
	return ruleNames[r]
}

func (r Rule) valid() bool { return r >= 0 && int(r) < len(ruleNames) }

// ParseRule parses "average", "median", "trimmed-mean", "krum" or
// "clipped". Errors: ErrUnknownRule, listing the valid names.
func ParseRule(s string) (Rule, error) {
	for i, name := range ruleNames {
		if s == name {
			return Rule(i), nil
		}
	}
	return 0, fmt.Errorf("%w %q, want one of %s", ErrUnknownRule, s, strings.Join(ruleNames[:], ", "))
}

// MarshalText encodes r by its name, for config files.
func (r Rule) MarshalText() ([]byte, error) {
	if !r.valid() {
		return nil, fmt.Errorf("%w: rule %d, want 0..%d", ErrInvalidArgument, int(r), len(ruleNames)-1)
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes a name accepted by ParseRule.
func (r *Rule) UnmarshalText(text []byte) error {
	v, err := ParseRule(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

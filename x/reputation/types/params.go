package types

import (
	"fmt"
	"math"
)

const (
	// MaxHistoryLength bounds the per-address history kept in state.
	MaxHistoryLength = 1000
	// MaxOutcomeWeight bounds the magnitude of one outcome's weight: a single
	// outcome can at most move a score across its whole range.
	MaxOutcomeWeight = int64(MaxScore)
	// MaxReferenceLength bounds an outcome's reference string.
	MaxReferenceLength = 128
)

// AllOutcomeKinds lists every valid outcome kind in enum order.
func AllOutcomeKinds() []OutcomeKind {
	kinds := make([]OutcomeKind, 0, len(OutcomeKind_name)-1)
	for k := OutcomeKind(1); int(k) < len(OutcomeKind_name); k++ {
		kinds = append(kinds, k)
	}
	return kinds
}

// IsValid reports whether k is a known, specified outcome kind.
func (k OutcomeKind) IsValid() bool {
	_, known := OutcomeKind_name[int32(k)]
	return known && k != OutcomeUnspecified
}

// DefaultParams returns the parameters a new chain starts with: scores halve
// their distance from neutral in about a week of 5 s blocks; rewards for good
// behaviour are smaller than penalties for misbehaviour.
func DefaultParams() Params {
	return Params{
		DecayHalfLifeBlocks: 120_960,
		HistoryLength:       50,
		OutcomeWeights: []OutcomeWeight{
			{Kind: OutcomeUpdateAccepted, Weight: 2_000},
			{Kind: OutcomeUpdateRejected, Weight: -50_000},
			{Kind: OutcomeVoteWithOutcome, Weight: 1_000},
			{Kind: OutcomeVoteAgainstOutcome, Weight: -10_000},
			{Kind: OutcomeDealDelivered, Weight: 2_000},
			{Kind: OutcomeDealDisputed, Weight: -50_000},
			{Kind: OutcomeInferenceAgreed, Weight: 500},
			{Kind: OutcomeInferenceDeviated, Weight: -25_000},
			{Kind: OutcomeMetricConfirmed, Weight: 1_000},
			{Kind: OutcomeMetricFalse, Weight: -50_000},
			{Kind: OutcomeDealPaid, Weight: 1_000},
			{Kind: OutcomeDealUnfulfilled, Weight: -20_000},
		},
	}
}

// Validate checks that every outcome kind has exactly one weight within
// bounds and that the history length is usable.
func (p Params) Validate() error {
	if p.HistoryLength == 0 || p.HistoryLength > MaxHistoryLength {
		return ErrInvalidParams.Wrapf("history_length must be in 1..%d, got %d", MaxHistoryLength, p.HistoryLength)
	}
	if p.DecayHalfLifeBlocks > math.MaxInt64 {
		return ErrInvalidParams.Wrapf("decay_half_life_blocks must be at most %d, got %d", int64(math.MaxInt64), p.DecayHalfLifeBlocks)
	}
	seen := make([]bool, len(OutcomeKind_name))
	for _, w := range p.OutcomeWeights {
		if !w.Kind.IsValid() {
			return ErrUnknownOutcome.Wrapf("outcome_weights names kind %d; expected one of %v", int32(w.Kind), AllOutcomeKinds())
		}
		if seen[w.Kind] {
			return ErrInvalidParams.Wrapf("outcome kind %s has more than one weight", w.Kind)
		}
		seen[w.Kind] = true
		if w.Weight < -MaxOutcomeWeight || w.Weight > MaxOutcomeWeight {
			return ErrInvalidParams.Wrapf("weight of %s must be within ±%d, got %d", w.Kind, MaxOutcomeWeight, w.Weight)
		}
	}
	for _, k := range AllOutcomeKinds() {
		if !seen[k] {
			return ErrInvalidParams.Wrapf("outcome kind %s has no weight; every kind needs one", k)
		}
	}
	return nil
}

// WeightOf returns the weight params give kind.
func (p Params) WeightOf(kind OutcomeKind) (int64, error) {
	for _, w := range p.OutcomeWeights {
		if w.Kind == kind {
			return w.Weight, nil
		}
	}
	return 0, ErrUnknownOutcome.Wrapf("%s", describeKind(kind))
}

func describeKind(kind OutcomeKind) string {
	if kind.IsValid() {
		return fmt.Sprintf("%s has no weight in params", kind)
	}
	return fmt.Sprintf("kind %d is not a known outcome; expected one of %v", int32(kind), AllOutcomeKinds())
}

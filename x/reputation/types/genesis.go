package types

import (
	"math"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the default genesis: default params, no scores
// (every address starts neutral).
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks params, that every address is valid and appears once, and
// that each history is consistent with its score and within the configured
// length.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	seen := make(map[string]bool, len(gs.Scores))
	for i, s := range gs.Scores {
		addr, err := sdk.AccAddressFromBech32(s.Address)
		if err != nil {
			return ErrInvalidGenesis.Wrapf("scores[%d]: address %q: %s", i, s.Address, err)
		}
		key := string(addr)
		if seen[key] {
			return ErrInvalidGenesis.Wrapf("scores[%d]: address %s appears more than once", i, s.Address)
		}
		seen[key] = true
		if err := s.validate(gs.Params); err != nil {
			return errorsmod.Wrapf(err, "scores[%d] (%s)", i, s.Address)
		}
	}
	return nil
}

func (s GenesisScore) validate(params Params) error {
	if s.Score.Value > MaxScore {
		return ErrInvalidGenesis.Wrapf("value %d above the maximum %d", s.Score.Value, MaxScore)
	}
	if s.Score.Outcomes > math.MaxInt64 {
		return ErrInvalidGenesis.Wrapf("outcomes %d above %d: the next sequence number must not wrap", s.Score.Outcomes, int64(math.MaxInt64))
	}
	if s.Score.UpdatedHeight < 0 {
		return ErrInvalidGenesis.Wrapf("updated_height %d is negative", s.Score.UpdatedHeight)
	}
	if len(s.History) > int(params.HistoryLength) {
		return ErrInvalidGenesis.Wrapf("history has %d records, params keep at most %d", len(s.History), params.HistoryLength)
	}
	if uint64(len(s.History)) > s.Score.Outcomes {
		return ErrInvalidGenesis.Wrapf("history has %d records but the score counts %d outcomes", len(s.History), s.Score.Outcomes)
	}
	var prev uint64
	for j, r := range s.History {
		if r.Sequence <= prev || r.Sequence > s.Score.Outcomes {
			return ErrInvalidGenesis.Wrapf("history[%d]: sequence %d must increase and be at most %d", j, r.Sequence, s.Score.Outcomes)
		}
		prev = r.Sequence
		if !r.Kind.IsValid() {
			return ErrInvalidGenesis.Wrapf("history[%d]: %s", j, describeKind(r.Kind))
		}
		if r.ScoreBefore > MaxScore || r.ScoreAfter > MaxScore {
			return ErrInvalidGenesis.Wrapf("history[%d]: scores must be at most %d", j, MaxScore)
		}
		if r.Height < 0 || r.Height > s.Score.UpdatedHeight {
			return ErrInvalidGenesis.Wrapf("history[%d]: height %d must be in 0..%d (the score's updated_height)", j, r.Height, s.Score.UpdatedHeight)
		}
		if len(r.Reference) > MaxReferenceLength {
			return ErrInvalidGenesis.Wrapf("history[%d]: reference longer than %d bytes", j, MaxReferenceLength)
		}
	}
	return nil
}

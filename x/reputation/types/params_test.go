package types

import (
	"errors"
	"math"
	"testing"

	"github.com/cosmos/gogoproto/proto"
)

func TestDefaultParamsValid(t *testing.T) {
	p := DefaultParams()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(p.OutcomeWeights) != len(AllOutcomeKinds()) {
		t.Fatalf("%d weights for %d kinds", len(p.OutcomeWeights), len(AllOutcomeKinds()))
	}
	if _, err := p.WeightOf(99); !errors.Is(err, ErrUnknownOutcome) {
		t.Fatalf("WeightOf(99) = %v, want ErrUnknownOutcome", err)
	}
}

// FuzzParamsValidate decodes arbitrary bytes as Params: Validate must not
// panic, and params it accepts give every kind exactly one in-range weight
// and survive a binary round trip. Seeds run in the normal test pass.
func FuzzParamsValidate(f *testing.F) {
	valid := DefaultParams()
	maxed := DefaultParams()
	maxed.DecayHalfLifeBlocks, maxed.HistoryLength = math.MaxInt64, MaxHistoryLength
	maxed.OutcomeWeights[0].Weight, maxed.OutcomeWeights[1].Weight = MaxOutcomeWeight, -MaxOutcomeWeight
	unknown := DefaultParams()
	unknown.OutcomeWeights = append(unknown.OutcomeWeights, OutcomeWeight{Kind: 99, Weight: 1})
	duplicate := DefaultParams()
	duplicate.OutcomeWeights = append(duplicate.OutcomeWeights, duplicate.OutcomeWeights[0])
	negative := DefaultParams()
	negative.OutcomeWeights[3].Kind = -7
	for _, p := range []Params{valid, maxed, unknown, duplicate, negative, {}} {
		bz, err := proto.Marshal(&p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bz)
	}
	f.Add([]byte{0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}) // half-life 2^64-1

	f.Fuzz(func(t *testing.T, bz []byte) {
		var p Params
		if err := proto.Unmarshal(bz, &p); err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			if !errors.Is(err, ErrInvalidParams) && !errors.Is(err, ErrUnknownOutcome) {
				t.Fatalf("Validate returned an unregistered error: %v", err)
			}
			return
		}
		if len(p.OutcomeWeights) != len(AllOutcomeKinds()) {
			t.Fatalf("valid params with %d weights", len(p.OutcomeWeights))
		}
		for _, k := range AllOutcomeKinds() {
			w, err := p.WeightOf(k)
			if err != nil || w < -MaxOutcomeWeight || w > MaxOutcomeWeight {
				t.Fatalf("WeightOf(%s) = %d, %v", k, w, err)
			}
		}
		again, err := proto.Marshal(&p)
		if err != nil {
			t.Fatal(err)
		}
		var q Params
		if err := proto.Unmarshal(again, &q); err != nil || !proto.Equal(&p, &q) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

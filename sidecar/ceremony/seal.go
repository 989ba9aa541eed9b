package ceremony

import (
	"bytes"
	"fmt"

	cs "github.com/consensys/gnark/constraint/bn254"
)

// Seal ends the ceremony: it verifies the whole transcript (as Verify
// does), applies the phase-2 beacon to the last phase-2 contribution
// (gnark's VerifyPhase2), records the beacon, its source and the verifying
// key, and returns the keys with the sealed transcript's hash. t is
// unchanged on error.
func Seal(t *Transcript, beacon []byte, source string, r1cs *cs.R1CS) (keys *Keys, err error) {
	defer recoverInto(&err, "sealing phase 2")
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if s := t.Stage(); s != StagePhase2 {
		return nil, fmt.Errorf("%w: sealing phase 2 of a transcript in %v", ErrWrongStage, s)
	}
	if len(t.Phase2) == 0 {
		return nil, fmt.Errorf("%w: phase 2 needs at least one contribution before it is sealed", ErrWrongStage)
	}
	bc := Beacon{Value: bytes.Clone(beacon), Source: source}
	if err := validateBeacon(bc, 2); err != nil {
		return nil, err
	}
	k, err := replay(t, r1cs, bc.Value)
	if err != nil {
		return nil, err
	}
	sealed := *t
	sealed.Phase2Beacon, sealed.VerifyingKey = bc, k.VerifyingKeyBytes
	if k.TranscriptHash, err = TranscriptHash(&sealed); err != nil {
		return nil, err
	}
	*t = sealed
	return k, nil
}

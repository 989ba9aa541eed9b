package ceremony

import (
	"bytes"
	"fmt"

	"github.com/consensys/gnark/backend/groth16"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// Verify replays every check of a sealed ceremony: that r1cs is the
// constraint system the transcript is for (hash and phase-1 size), every
// phase-1 contribution against its predecessor from the initial object,
// the phase-1 beacon against the recorded phase-1 output, every phase-2
// contribution from Phase2.Initialize of r1cs and that output, and the
// phase-2 beacon against the recorded verifying key. It returns the
// verifying key the ceremony yields; a voter compares its
// VerifyingKeyBytes with the proposal's key and TranscriptHash(t) with the
// proposal's hash. A failing contribution's error is a
// *ContributionError naming its phase, index and contributor.
func Verify(t *Transcript, r1cs *cs.R1CS) (groth16.VerifyingKey, error) {
	k, err := VerifyKeys(t, r1cs)
	if err != nil {
		return nil, err
	}
	return k.VerifyingKey, nil
}

// VerifyKeys is Verify returning the proving key too, so a prover can
// rebuild both keys from a transcript it checked instead of trusting a
// download.
func VerifyKeys(t *Transcript, r1cs *cs.R1CS) (keys *Keys, err error) {
	defer recoverInto(&err, "verifying the ceremony")
	if err := t.Validate(); err != nil {
		return nil, err
	}
	if s := t.Stage(); s != StageSealed {
		return nil, fmt.Errorf("%w: verifying a transcript in %v; only a sealed ceremony yields keys (Check verifies an open one)", ErrWrongStage, s)
	}
	k, err := replay(t, r1cs, t.Phase2Beacon.Value)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(k.VerifyingKeyBytes, t.VerifyingKey) {
		return nil, fmt.Errorf("%w: the phase-2 beacon (%s) yields a verifying key that differs from the one the transcript recorded",
			ErrBeaconMismatch, t.Phase2Beacon.Source)
	}
	if k.TranscriptHash, err = TranscriptHash(t); err != nil {
		return nil, err
	}
	return k, nil
}

// Check verifies a transcript at any stage: the constraint system, every
// contribution recorded so far and the beacons of sealed phases. A
// coordinator runs it on each transcript a contributor sends back.
func Check(t *Transcript, r1cs *cs.R1CS) (err error) {
	defer recoverInto(&err, "checking the ceremony")
	if err := t.Validate(); err != nil {
		return err
	}
	k, err := replay(t, r1cs, t.Phase2Beacon.Value)
	if err != nil {
		return err
	}
	if t.Stage() == StageSealed && !bytes.Equal(k.VerifyingKeyBytes, t.VerifyingKey) {
		return fmt.Errorf("%w: the phase-2 beacon (%s) yields a verifying key that differs from the one the transcript recorded",
			ErrBeaconMismatch, t.Phase2Beacon.Source)
	}
	return nil
}

// replay verifies t (which passed Validate) against r1cs as far as its
// stage goes. With a non-empty beacon2 it also seals phase 2 with it and
// returns the keys; otherwise the returned Keys are empty.
func replay(t *Transcript, r1cs *cs.R1CS, beacon2 []byte) (*Keys, error) {
	if err := checkCircuit(t, r1cs); err != nil {
		return nil, err
	}
	last1, err := verifyPhase1Chain(t)
	if err != nil {
		return nil, err
	}
	if t.Stage() == StagePhase1 {
		return &Keys{Kind: MultiParty}, nil
	}
	commons, err := sealedCommons(t, last1)
	if err != nil {
		return nil, err
	}
	init, evals, err := initialPhase2(r1cs, &commons)
	if err != nil {
		return nil, err
	}
	last2, err := verifyPhase2Chain(t, init)
	if err != nil {
		return nil, err
	}
	if len(beacon2) == 0 {
		return &Keys{Kind: MultiParty}, nil
	}
	pk, vk := last2.Seal(&commons, evals, beacon2)
	vkb, err := VerifyingKeyBytes(vk)
	if err != nil {
		return nil, err
	}
	return &Keys{Kind: MultiParty, ProvingKey: pk, VerifyingKey: vk, VerifyingKeyBytes: vkb}, nil
}

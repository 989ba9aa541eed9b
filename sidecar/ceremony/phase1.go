package ceremony

import (
	"bytes"
	"fmt"

	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// NewCeremony starts a multi-party ceremony for a circuit: a transcript in
// StagePhase1 with no contributions, for phase-1 size DomainSize(r1cs).
// The first contribution starts from mpcsetup.NewPhase1(N), which anyone
// can recompute, so it is not stored.
func NewCeremony(circuitID string, r1cs *cs.R1CS) (*Transcript, error) {
	if err := ValidateCircuitID(circuitID); err != nil {
		return nil, err
	}
	n, err := DomainSize(r1cs)
	if err != nil {
		return nil, err
	}
	h, err := R1CSHash(r1cs)
	if err != nil {
		return nil, err
	}
	return &Transcript{Version: FormatVersion, CircuitID: circuitID, R1CSHash: h, DomainSize: n}, nil
}

// ContributePhase1 appends a phase-1 contribution by name (which may be
// empty): it checks the last contribution against its predecessor (earlier
// ones are checked by Verify), then runs gnark's Contribute on it, with
// fresh randomness from crypto/rand that is discarded afterwards. t is
// unchanged on error.
func ContributePhase1(t *Transcript, name string) (err error) {
	defer recoverInto(&err, "phase-1 contribution")
	if err := t.Validate(); err != nil {
		return err
	}
	if s := t.Stage(); s != StagePhase1 {
		return fmt.Errorf("%w: phase-1 contribution to a transcript in %v", ErrWrongStage, s)
	}
	if err := validateName(name); err != nil {
		return err
	}
	if len(t.Phase1) >= MaxContributions {
		return fmt.Errorf("%w: phase 1 already has %d contributions, the most allowed", ErrWrongStage, len(t.Phase1))
	}
	prev, err := lastPhase1Checked(t)
	if err != nil {
		return err
	}
	prev.Contribute()
	data, err := encodeGnark(prev)
	if err != nil {
		return fmt.Errorf("%w: encoding the phase-1 contribution: %v", ErrInternal, err)
	}
	t.Phase1 = append(t.Phase1, Contribution{Name: name, Data: data})
	return nil
}

// lastPhase1Checked returns the object the next phase-1 contribution
// starts from: the decoded last contribution, verified against its
// predecessor, or the initial object when there is none.
func lastPhase1Checked(t *Transcript) (*mpcsetup.Phase1, error) {
	k := len(t.Phase1)
	if k == 0 {
		return mpcsetup.NewPhase1(t.DomainSize), nil
	}
	pred := mpcsetup.NewPhase1(t.DomainSize)
	if k >= 2 {
		c := t.Phase1[k-2]
		p, err := parsePhase1(c.Data, t.DomainSize)
		if err != nil {
			return nil, contribErr(1, k-2, c.Name, err)
		}
		pred = p
	}
	c := t.Phase1[k-1]
	last, err := parsePhase1(c.Data, t.DomainSize)
	if err != nil {
		return nil, contribErr(1, k-1, c.Name, err)
	}
	if err := pred.Verify(last); err != nil {
		return nil, contribErr(1, k-1, c.Name, fmt.Errorf("%w: %v", ErrVerification, err))
	}
	return last, nil
}

// verifyPhase1Chain decodes and verifies every phase-1 contribution in
// order, starting from the initial object, and returns the last one.
func verifyPhase1Chain(t *Transcript) (*mpcsetup.Phase1, error) {
	prev := mpcsetup.NewPhase1(t.DomainSize)
	for i, c := range t.Phase1 {
		next, err := parsePhase1(c.Data, t.DomainSize)
		if err != nil {
			return nil, contribErr(1, i, c.Name, err)
		}
		if err := prev.Verify(next); err != nil {
			return nil, contribErr(1, i, c.Name, fmt.Errorf("%w: %v", ErrVerification, err))
		}
		prev = next
	}
	return prev, nil
}

// SealPhase1 verifies every phase-1 contribution, applies the beacon to the
// last one (gnark's Seal) and records the beacon, its source and the hash
// of the SRS commons it yields. From then on the transcript takes phase-2
// contributions. r1cs must be the ceremony's constraint system. t is
// unchanged on error.
func SealPhase1(t *Transcript, beacon []byte, source string, r1cs *cs.R1CS) (err error) {
	defer recoverInto(&err, "sealing phase 1")
	if err := t.Validate(); err != nil {
		return err
	}
	if s := t.Stage(); s != StagePhase1 {
		return fmt.Errorf("%w: sealing phase 1 of a transcript in %v", ErrWrongStage, s)
	}
	if len(t.Phase1) == 0 {
		return fmt.Errorf("%w: phase 1 needs at least one contribution before it is sealed", ErrWrongStage)
	}
	bc := Beacon{Value: bytes.Clone(beacon), Source: source}
	if err := validateBeacon(bc, 1); err != nil {
		return err
	}
	if err := checkCircuit(t, r1cs); err != nil {
		return err
	}
	last, err := verifyPhase1Chain(t)
	if err != nil {
		return err
	}
	commons := last.Seal(bc.Value)
	h, err := commonsHash(&commons)
	if err != nil {
		return err
	}
	t.Phase1Beacon, t.Phase1Output = bc, h
	return nil
}

// sealedCommons applies the recorded phase-1 beacon to the last phase-1
// contribution (already decoded, or decoded here when last is nil) and
// checks the result against the recorded phase-1 output.
func sealedCommons(t *Transcript, last *mpcsetup.Phase1) (mpcsetup.SrsCommons, error) {
	if last == nil {
		k := len(t.Phase1) - 1
		p, err := parsePhase1(t.Phase1[k].Data, t.DomainSize)
		if err != nil {
			return mpcsetup.SrsCommons{}, contribErr(1, k, t.Phase1[k].Name, err)
		}
		last = p
	}
	commons := last.Seal(t.Phase1Beacon.Value)
	h, err := commonsHash(&commons)
	if err != nil {
		return mpcsetup.SrsCommons{}, err
	}
	if h != t.Phase1Output {
		return mpcsetup.SrsCommons{}, fmt.Errorf("%w: the phase-1 beacon (%s) applied to the last phase-1 contribution yields output %x, the transcript recorded %x",
			ErrBeaconMismatch, t.Phase1Beacon.Source, h[:8], t.Phase1Output[:8])
	}
	return commons, nil
}

// checkCircuit checks that r1cs is the constraint system t is for.
func checkCircuit(t *Transcript, r1cs *cs.R1CS) error {
	h, err := R1CSHash(r1cs)
	if err != nil {
		return err
	}
	if h != t.R1CSHash {
		return fmt.Errorf("%w: the transcript of circuit %q is for a constraint system with hash %x, the one given has hash %x",
			ErrWrongCircuit, t.CircuitID, t.R1CSHash, h)
	}
	n, err := DomainSize(r1cs)
	if err != nil {
		return err
	}
	if n != t.DomainSize {
		return fmt.Errorf("%w: the transcript has phase-1 size N=%d, the constraint system needs %d", ErrWrongCircuit, t.DomainSize, n)
	}
	return nil
}

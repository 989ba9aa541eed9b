package ceremony

import (
	"fmt"

	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// ContributePhase2 appends a phase-2 contribution by name (which may be
// empty): it checks the last contribution against its predecessor, then
// runs gnark's Contribute on it with fresh randomness. The first phase-2
// contribution starts from Phase2.Initialize of r1cs and the phase-1
// output, recomputed here from the last phase-1 contribution and the
// phase-1 beacon and checked against the recorded hash. t is unchanged on
// error.
func ContributePhase2(t *Transcript, name string, r1cs *cs.R1CS) (err error) {
	defer recoverInto(&err, "phase-2 contribution")
	if err := t.Validate(); err != nil {
		return err
	}
	if s := t.Stage(); s != StagePhase2 {
		return fmt.Errorf("%w: phase-2 contribution to a transcript in %v", ErrWrongStage, s)
	}
	if err := validateName(name); err != nil {
		return err
	}
	if len(t.Phase2) >= MaxContributions {
		return fmt.Errorf("%w: phase 2 already has %d contributions, the most allowed", ErrWrongStage, len(t.Phase2))
	}
	if err := checkCircuit(t, r1cs); err != nil {
		return err
	}
	prev, err := lastPhase2Checked(t, r1cs)
	if err != nil {
		return err
	}
	prev.Contribute()
	data, err := encodeGnark(prev)
	if err != nil {
		return fmt.Errorf("%w: encoding the phase-2 contribution: %v", ErrInternal, err)
	}
	t.Phase2 = append(t.Phase2, Contribution{Name: name, Data: data})
	return nil
}

// lastPhase2Checked returns the object the next phase-2 contribution
// starts from: the decoded last contribution, verified against its
// predecessor, or the initial object when there is none.
func lastPhase2Checked(t *Transcript, r1cs *cs.R1CS) (*mpcsetup.Phase2, error) {
	k := len(t.Phase2)
	var pred *mpcsetup.Phase2
	var shape phase2Shape
	if k <= 1 {
		commons, err := sealedCommons(t, nil)
		if err != nil {
			return nil, err
		}
		init, _, err := initialPhase2(r1cs, &commons)
		if err != nil {
			return nil, err
		}
		if k == 0 {
			return init, nil
		}
		pred, shape = init, shapeOf(init)
	} else {
		// Validate checked that all contributions have the same shape;
		// Verify checks it against the circuit's.
		var err error
		if shape, err = scanPhase2(t.Phase2[0].Data, t.DomainSize); err != nil {
			return nil, contribErr(2, 0, t.Phase2[0].Name, err)
		}
		c := t.Phase2[k-2]
		if pred, err = parsePhase2(c.Data, t.DomainSize, shape); err != nil {
			return nil, contribErr(2, k-2, c.Name, err)
		}
	}
	c := t.Phase2[k-1]
	last, err := parsePhase2(c.Data, t.DomainSize, shape)
	if err != nil {
		return nil, contribErr(2, k-1, c.Name, err)
	}
	if err := pred.Verify(last); err != nil {
		return nil, contribErr(2, k-1, c.Name, fmt.Errorf("%w: %v", ErrVerification, err))
	}
	return last, nil
}

// initialPhase2 is the object the first phase-2 contribution starts from,
// with the circuit evaluations that Seal needs; both are deterministic in
// the constraint system and the phase-1 output, so neither is stored.
func initialPhase2(r1cs *cs.R1CS, commons *mpcsetup.SrsCommons) (*mpcsetup.Phase2, *mpcsetup.Phase2Evaluations, error) {
	if n := len(commons.G1.AlphaTau); n < r1cs.GetNbConstraints() {
		return nil, nil, fmt.Errorf("%w: %d constraints do not fit phase-1 size %d", ErrWrongCircuit, r1cs.GetNbConstraints(), n)
	}
	p := new(mpcsetup.Phase2)
	evals := p.Initialize(r1cs, commons)
	if nc := len(p.Sigmas); nc > maxCommitments {
		return nil, nil, fmt.Errorf("%w: the circuit has %d Pedersen commitments, gnark's ceremony supports at most %d", ErrWrongCircuit, nc, maxCommitments)
	}
	return p, &evals, nil
}

// verifyPhase2Chain decodes and verifies every phase-2 contribution in
// order, starting from init, and returns the last one.
func verifyPhase2Chain(t *Transcript, init *mpcsetup.Phase2) (*mpcsetup.Phase2, error) {
	shape := shapeOf(init)
	prev := init
	for i, c := range t.Phase2 {
		next, err := parsePhase2(c.Data, t.DomainSize, shape)
		if err != nil {
			return nil, contribErr(2, i, c.Name, err)
		}
		if err := prev.Verify(next); err != nil {
			return nil, contribErr(2, i, c.Name, fmt.Errorf("%w: %v", ErrVerification, err))
		}
		prev = next
	}
	return prev, nil
}

package circuit

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/witness"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Compile builds the R1CS of a shape's step circuit.
func Compile(s Shape) (constraint.ConstraintSystem, error) {
	c, err := New(s)
	if err != nil {
		return nil, err
	}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		return nil, fmt.Errorf("compile circuit %s: %w", s.ID(), err)
	}
	return ccs, nil
}

// Prove proves a witness with a proving key of the shape's circuit.
func Prove(ccs constraint.ConstraintSystem, pk groth16.ProvingKey, w *Witness) (groth16.Proof, error) {
	full, err := frontend.NewWitness(w.Assignment, ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	proof, err := groth16.Prove(ccs, pk, full)
	if err != nil {
		return nil, fmt.Errorf("prove circuit %s: %w", w.Assignment.Shape.ID(), err)
	}
	return proof, nil
}

// PublicWitness is the gnark public witness of pub, as a verifier (or the
// chain) rebuilds it from commit.StepPublic.
func PublicWitness(s Shape, pub commit.StepPublic) (witness.Witness, error) {
	if err := pub.Validate(s.Parents); err != nil {
		return nil, err
	}
	c, err := New(s)
	if err != nil {
		return nil, err
	}
	c.setPublic(pub)
	return frontend.NewWitness(c, ecc.BN254.ScalarField(), frontend.PublicOnly())
}

// Verify checks a step proof against pub with the shape's verifying key.
func Verify(s Shape, vk groth16.VerifyingKey, proof groth16.Proof, pub commit.StepPublic) error {
	pw, err := PublicWitness(s, pub)
	if err != nil {
		return err
	}
	if err := groth16.Verify(proof, vk, pw); err != nil {
		return fmt.Errorf("proof does not verify for circuit %s: %w", s.ID(), err)
	}
	return nil
}

// Package testutil makes real gnark Groth16 BN254 verifying keys for the
// x/buildermarket tests and the local CLI walkthrough. The keys come from a
// single-party setup of toy circuits: they are well formed, but whoever ran
// the setup could forge proofs for them, so they belong on local chain-ids
// only (where CEREMONY_KIND_SINGLE_PARTY is accepted).
package testutil

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/consensys/gnark/logger"
)

// squareCircuit proves knowledge of X with X*X == Y (Y public).
type squareCircuit struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

// Define implements frontend.Circuit.
func (c *squareCircuit) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.X, c.X), c.Y)
	return nil
}

// committedCircuit is squareCircuit plus a Pedersen commitment to X, so its
// verifying key carries a commitment key (the last part of gnark's
// encoding).
type committedCircuit struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

// Define implements frontend.Circuit.
func (c *committedCircuit) Define(api frontend.API) error {
	committer, ok := api.(frontend.Committer)
	if !ok {
		return fmt.Errorf("the r1cs builder does not support commitments")
	}
	commitment, err := committer.Commit(c.X)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(commitment, 0)
	api.AssertIsEqual(api.Mul(c.X, c.X), c.Y)
	return nil
}

var (
	squareKey    = sync.OnceValues(func() ([]byte, error) { return setupKey(&squareCircuit{}) })
	committedKey = sync.OnceValues(func() ([]byte, error) { return setupKey(&committedCircuit{}) })
)

// VerifyingKey returns the verifying key of a one-constraint circuit
// (x*x == y) in gnark's binary WriteTo encoding. It is made once per
// process; the setup takes milliseconds.
func VerifyingKey() []byte { return mustKey(squareKey()) }

// CommittedVerifyingKey returns the verifying key of a circuit with a
// Pedersen commitment (one commitment key), in gnark's WriteTo encoding.
func CommittedVerifyingKey() []byte { return mustKey(committedKey()) }

func mustKey(bz []byte, err error) []byte {
	if err != nil {
		panic(fmt.Errorf("making a test verifying key: %w", err))
	}
	return bytes.Clone(bz)
}

// setupKey compiles circuit, runs a single-party Groth16 setup and encodes
// the verifying key.
func setupKey(circuit frontend.Circuit) ([]byte, error) {
	logger.Disable() // gnark logs every compilation
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, circuit)
	if err != nil {
		return nil, fmt.Errorf("compiling: %w", err)
	}
	_, vk, err := groth16.Setup(ccs)
	if err != nil {
		return nil, fmt.Errorf("setup: %w", err)
	}
	var buf bytes.Buffer
	if _, err := vk.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encoding: %w", err)
	}
	return buf.Bytes(), nil
}

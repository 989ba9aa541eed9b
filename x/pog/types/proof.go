package types

import (
	"bytes"
	"encoding/binary"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	groth16bn254 "github.com/consensys/gnark/backend/groth16/bn254"
	"github.com/consensys/gnark/backend/witness"

	"github.com/litegpt/litegpt/pkg/commit"
)

// A step proof is gnark v0.14's Groth16 BN254 proof in its compressed
// WriteTo encoding:
//
//	Ar (G1, 32) | Bs (G2, 64) | Krs (G1, 32) | uint32 n | n x G1 (32) | CommitmentPok (G1, 32)
//
// The step circuits commit once (gnark's multicommit draws the Freivalds
// challenge), so n is 1 and a proof is 196 bytes; up to MaxProofCommitments
// are accepted.
const (
	proofFixedBytes     = 32 + 64 + 32 + 4 + 32
	MaxProofCommitments = 4
	// MaxProofBytes is the largest proof DecodeProof reads.
	MaxProofBytes = proofFixedBytes + 32*MaxProofCommitments
)

// DecodeProof decodes a step proof. The length must be exactly what the
// commitment count in the encoding implies, and the proof must re-encode
// to the same bytes (compressed points, canonical: no raw or mixed
// encodings, no trailing bytes), so one proof has one byte string. gnark
// checks that every point is on its curve and in the right subgroup.
func DecodeProof(bz []byte) (groth16.Proof, error) {
	if len(bz) < proofFixedBytes || len(bz) > MaxProofBytes {
		return nil, ErrInvalidProof.Wrapf("a step proof is %d..%d bytes (gnark's compressed Groth16 BN254 encoding), got %d",
			proofFixedBytes, MaxProofBytes, len(bz))
	}
	n := binary.BigEndian.Uint32(bz[128:132])
	if n > MaxProofCommitments {
		return nil, ErrInvalidProof.Wrapf("proof claims %d commitments, at most %d", n, MaxProofCommitments)
	}
	if want := proofFixedBytes + 32*int(n); len(bz) != want {
		return nil, ErrInvalidProof.Wrapf("a proof with %d commitments is %d bytes, got %d", n, want, len(bz))
	}
	proof := groth16.NewProof(ecc.BN254)
	if _, err := proof.ReadFrom(bytes.NewReader(bz)); err != nil {
		return nil, ErrInvalidProof.Wrapf("not a Groth16 BN254 proof: %s", err)
	}
	var again bytes.Buffer
	if _, err := proof.WriteTo(&again); err != nil {
		return nil, ErrInvalidProof.Wrapf("re-encoding the proof: %s", err)
	}
	if !bytes.Equal(again.Bytes(), bz) {
		return nil, ErrInvalidProof.Wrap("proof is not in gnark's canonical compressed encoding")
	}
	return proof, nil
}

// ParentsOf is the number of parent slots P of a step circuit with
// nbPublic public inputs: 6 for one parent (no merge weights), 2P + 5 for
// P = 2..MaxStepParents (pkg/commit's StepPublic layout).
func ParentsOf(nbPublic int) (int, error) {
	switch {
	case nbPublic == 6:
		return 1, nil
	case nbPublic >= 9 && nbPublic%2 == 1 && (nbPublic-5)/2 <= commit.MaxStepParents:
		return (nbPublic - 5) / 2, nil
	}
	return 0, ErrInvalidPublic.Wrapf("a step circuit has 6 public inputs (one parent) or 2P+5 for P = 2..%d, the verifying key has %d",
		commit.MaxStepParents, nbPublic)
}

// PublicWitness is gnark's public witness of pub for a circuit of parents
// slots, built from pub.Elements() alone: the chain needs no circuit code
// to verify a step.
func PublicWitness(pub commit.StepPublic, parents int) (witness.Witness, error) {
	if err := pub.Validate(parents); err != nil {
		return nil, ErrInvalidPublic.Wrap(err.Error())
	}
	elements := pub.Elements()
	w, err := witness.New(ecc.BN254.ScalarField())
	if err != nil {
		return nil, err
	}
	values := make(chan any, len(elements))
	for _, e := range elements {
		values <- e
	}
	close(values)
	if err := w.Fill(len(elements), 0, values); err != nil {
		return nil, ErrInvalidPublic.Wrapf("building the public witness: %s", err)
	}
	return w, nil
}

// PublicInputs is the number of public inputs a BN254 verifying key
// verifies: its K points less the one wire and, as gnark's verifier
// counts them, one per Pedersen commitment.
func PublicInputs(vk groth16.VerifyingKey) (int, error) {
	k, ok := vk.(*groth16bn254.VerifyingKey)
	if !ok {
		return 0, ErrInvalidPublic.Wrapf("verifying key is a %T, not a Groth16 BN254 key", vk)
	}
	return len(k.G1.K) - len(k.PublicAndCommitmentCommitted) - 1, nil
}

// VerifyStep checks proof (DecodeProof's encoding) of the step whose
// public input is pub against vk, the verifying key the circuit was
// approved with (x/buildermarket's DecodeVerifyingKey). The number of
// parent slots comes from the key.
func VerifyStep(vk groth16.VerifyingKey, proof []byte, pub commit.StepPublic) error {
	nbPublic, err := PublicInputs(vk)
	if err != nil {
		return err
	}
	parents, err := ParentsOf(nbPublic)
	if err != nil {
		return err
	}
	p, err := DecodeProof(proof)
	if err != nil {
		return err
	}
	w, err := PublicWitness(pub, parents)
	if err != nil {
		return err
	}
	if err := groth16.Verify(p, vk, w); err != nil {
		return ErrProofRejected.Wrapf("%s", err)
	}
	return nil
}

// Default gas of a step verification, charged explicitly by
// MsgSubmitUpdate before it verifies (so a failing proof pays too; see
// Params.ProofGas). The SDK charges 1,000 gas for a secp256k1 signature
// check; BenchmarkVerifyStep measures a step verification (decode,
// witness, four pairings and the commitment check) at 9.7 such checks in
// the same run (1.15 ms against 118 µs on 2 cores), and the base charge is
// five times that, a margin for slower validators. Each public input adds
// a scalar multiplication.
const (
	DefaultVerifyGasBase     = 50_000
	DefaultVerifyGasPerInput = 1_000
)

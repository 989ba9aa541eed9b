package ceremony

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/consensys/gnark/backend/groth16"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// singlePartyMagic opens the record SinglePartyHash hashes.
const singlePartyMagic = "LGPT-SPS"

// LocalSetup makes keys with gnark's single-party groth16.Setup, for local
// networks only: whoever runs it saw the toxic waste and can forge proofs,
// and the chain accepts Kind SingleParty keys only on local chain-ids. The
// keys' TranscriptHash is SinglePartyHash, which anyone can recompute from
// the circuit and the verifying key.
func LocalSetup(circuitID string, r1cs *cs.R1CS) (keys *Keys, err error) {
	defer recoverInto(&err, "single-party setup")
	if err := ValidateCircuitID(circuitID); err != nil {
		return nil, err
	}
	rh, err := R1CSHash(r1cs)
	if err != nil {
		return nil, err
	}
	pk, vk, err := groth16.Setup(r1cs)
	if err != nil {
		return nil, fmt.Errorf("%w: groth16.Setup: %v", ErrInternal, err)
	}
	vkb, err := VerifyingKeyBytes(vk)
	if err != nil {
		return nil, err
	}
	h, err := singlePartyHash(circuitID, rh, vkb)
	if err != nil {
		return nil, err
	}
	return &Keys{Kind: SingleParty, ProvingKey: pk, VerifyingKey: vk, VerifyingKeyBytes: vkb, TranscriptHash: h}, nil
}

// SinglePartyHash is the transcript hash of single-party keys: the SHA-256
// of the record
//
//	magic "LGPT-SPS" | version u16 | circuit id (u16 len, bytes)
//	| R1CS hash [32] | verifying key (u32 len, gnark WriteTo bytes)
//
// so `keys verify` can recompute it from a proposal's verifying key and
// the compiled circuit.
func SinglePartyHash(circuitID string, r1cs *cs.R1CS, verifyingKey []byte) ([32]byte, error) {
	if err := ValidateCircuitID(circuitID); err != nil {
		return [32]byte{}, err
	}
	rh, err := R1CSHash(r1cs)
	if err != nil {
		return [32]byte{}, err
	}
	return singlePartyHash(circuitID, rh, verifyingKey)
}

func singlePartyHash(circuitID string, r1csHash [32]byte, vk []byte) ([32]byte, error) {
	if len(vk) == 0 || uint64(len(vk)) > 1<<32-1 {
		return [32]byte{}, fmt.Errorf("%w: verifying key is %d bytes, want 1..2^32-1", ErrInvalid, len(vk))
	}
	b := make([]byte, 0, len(singlePartyMagic)+2+2+len(circuitID)+32+4+len(vk))
	b = append(b, singlePartyMagic...)
	b = binary.BigEndian.AppendUint16(b, FormatVersion)
	b = appendShort(b, []byte(circuitID))
	b = append(b, r1csHash[:]...)
	b = appendLong(b, vk)
	return sha256.Sum256(b), nil
}

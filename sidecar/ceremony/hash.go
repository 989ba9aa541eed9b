package ceremony

import (
	"crypto/sha256"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	cs "github.com/consensys/gnark/constraint/bn254"
)

// R1CSHash is the SHA-256 of the constraint system's gnark WriteTo
// encoding. gnark's compilation and encoding are deterministic, but the
// encoding includes the gnark version, and circuits compiled with the
// `debug` build tag or calling api.Println also record source locations;
// compile ceremony circuits without either so every machine gets the same
// hash.
func R1CSHash(r1cs *cs.R1CS) ([32]byte, error) {
	if r1cs == nil {
		return [32]byte{}, fmt.Errorf("%w: nil constraint system", ErrWrongCircuit)
	}
	h := sha256.New()
	if _, err := r1cs.WriteTo(h); err != nil {
		return [32]byte{}, fmt.Errorf("%w: encoding the constraint system: %v", ErrInternal, err)
	}
	return [32]byte(h.Sum(nil)), nil
}

// DomainSize is the phase-1 size N for a constraint system, as gnark's
// mpcsetup expects: the smallest power of two at least the number of
// constraints, and at least MinDomainSize.
func DomainSize(r1cs *cs.R1CS) (uint64, error) {
	if r1cs == nil {
		return 0, fmt.Errorf("%w: nil constraint system", ErrWrongCircuit)
	}
	nc := r1cs.GetNbConstraints()
	if nc <= 0 {
		return 0, fmt.Errorf("%w: the constraint system has no constraints", ErrWrongCircuit)
	}
	if nc > MaxDomainSize {
		return 0, fmt.Errorf("%w: %d constraints, at most %d supported", ErrWrongCircuit, nc, MaxDomainSize)
	}
	return max(ecc.NextPowerOfTwo(uint64(nc)), MinDomainSize), nil
}

// TranscriptHash is the SHA-256 of t's canonical encoding (MarshalBinary):
// the 32 bytes a governance proposal carries as Circuit.transcript_hash. It
// fails if t does not pass Validate.
func TranscriptHash(t *Transcript) ([32]byte, error) {
	b, err := t.MarshalBinary()
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// VerifyingKeyBytes is vk's gnark WriteTo encoding (compressed points), the
// encoding of x/buildermarket Circuit.verifying_key.
func VerifyingKeyBytes(vk groth16.VerifyingKey) ([]byte, error) {
	if vk == nil {
		return nil, fmt.Errorf("%w: nil verifying key", ErrInvalid)
	}
	b, err := encodeGnark(vk)
	if err != nil {
		return nil, fmt.Errorf("%w: encoding the verifying key: %v", ErrInternal, err)
	}
	return b, nil
}

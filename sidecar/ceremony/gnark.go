package ceremony

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
)

// encodeGnark returns v's gnark WriteTo encoding.
func encodeGnark(v io.WriterTo) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := v.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeCanonical reads b into v with gnark's decoder (which checks that
// every point is on the curve and in the subgroup), requires that it
// consumes all of b, and that encoding v again gives b back, so each
// contribution has exactly one encoding and gnark's hash of it (the next
// contribution's challenge) is the SHA-256 of b.
func decodeCanonical(b []byte, v interface {
	io.ReaderFrom
	io.WriterTo
}, what string) error {
	r := bytes.NewReader(b)
	if _, err := v.ReadFrom(r); err != nil {
		return fmt.Errorf("%w: decoding %s: %v", ErrMalformed, what, err)
	}
	if r.Len() != 0 {
		return fmt.Errorf("%w: decoding %s: %d bytes left over", ErrMalformed, what, r.Len())
	}
	again, err := encodeGnark(v)
	if err != nil {
		return fmt.Errorf("%w: re-encoding %s: %v", ErrMalformed, what, err)
	}
	if !bytes.Equal(again, b) {
		return fmt.Errorf("%w: %s is not in canonical encoding", ErrMalformed, what)
	}
	return nil
}

// parsePhase1 decodes a phase-1 contribution of size n.
func parsePhase1(b []byte, n uint64) (*mpcsetup.Phase1, error) {
	if err := scanPhase1(b, n); err != nil {
		return nil, err
	}
	p := new(mpcsetup.Phase1)
	if err := decodeCanonical(b, p, "phase-1 contribution"); err != nil {
		return nil, err
	}
	return p, nil
}

// parsePhase2 decodes a phase-2 contribution of size n whose shape must be
// want.
func parsePhase2(b []byte, n uint64, want phase2Shape) (*mpcsetup.Phase2, error) {
	got, err := scanPhase2(b, n)
	if err != nil {
		return nil, err
	}
	if !got.equal(want) {
		return nil, fmt.Errorf("%w: phase-2 contribution has shape %v, the circuit needs %v", ErrMalformed, got, want)
	}
	p := new(mpcsetup.Phase2)
	if err := decodeCanonical(b, p, "phase-2 contribution"); err != nil {
		return nil, err
	}
	return p, nil
}

// shapeOf is the shape of a phase-2 object.
func shapeOf(p *mpcsetup.Phase2) phase2Shape {
	sh := phase2Shape{pkk: len(p.Parameters.G1.PKK), z: len(p.Parameters.G1.Z), ckk: make([]int, len(p.Parameters.G1.SigmaCKK))}
	for i, v := range p.Parameters.G1.SigmaCKK {
		sh.ckk[i] = len(v)
	}
	return sh
}

// commonsHash is the SHA-256 of the SRS commons' gnark encoding, recorded
// as Transcript.Phase1Output.
func commonsHash(c *mpcsetup.SrsCommons) ([32]byte, error) {
	h := sha256.New()
	if _, err := c.WriteTo(h); err != nil {
		return [32]byte{}, fmt.Errorf("%w: encoding the phase-1 output: %v", ErrInternal, err)
	}
	return [32]byte(h.Sum(nil)), nil
}

package ceremony

import (
	"encoding/binary"
	"fmt"
)

// This file checks the layout of gnark's mpcsetup encodings (gnark v0.14
// backend/groth16/bn254/mpcsetup/marshal.go, compressed points) before any
// gnark decoder sees them. gnark's decoders allocate from lengths they read
// (the phase-1 size N, phase-2 slice lengths), so a flipped byte could
// otherwise make them allocate gigabytes or panic. The scans check every
// length against the bytes left and every point's compression flag, so
// gnark's decoder, which reads the same bytes, allocates only in proportion
// to the input.

const (
	g1Size = 32 // compressed G1 point
	g2Size = 64 // compressed G2 point
	// proofSize is one mpcsetup.UpdateProof: a G1 commitment and a G2
	// proof of knowledge.
	proofSize      = g1Size + g2Size
	challengeSize  = 32 // SHA-256 of the previous contribution
	maxCommitments = 255
)

// pointFlagMask selects the two metadata bits of a point encoding's first
// byte; 0b00 there means uncompressed, which gnark can emit but this
// package never writes and rejects.
const pointFlagMask = 0b11 << 6

// phase1Size is the exact encoded size of an mpcsetup.Phase1 of size N
// after a contribution: three update proofs, N, [β]₂, [τ¹..τ²ᴺ⁻²]₁,
// [τ¹..τᴺ⁻¹]₂, [βτ⁰..βτᴺ⁻¹]₁, [ατ⁰..ατᴺ⁻¹]₁ and the 32-byte challenge.
func phase1Size(n uint64) uint64 {
	return 3*proofSize + 8 + g2Size + (2*n-2)*g1Size + (n-1)*g2Size + 2*n*g1Size + 1 + challengeSize
}

// scanner walks a byte slice, checking lengths before use.
type scanner struct {
	b   []byte
	off int
}

func (s *scanner) left() int { return len(s.b) - s.off }

func (s *scanner) need(n uint64, what string) error {
	if n > uint64(s.left()) {
		return fmt.Errorf("%w: truncated at offset %d reading %s: need %d bytes, %d left", ErrMalformed, s.off, what, n, s.left())
	}
	return nil
}

func (s *scanner) u16(what string) (uint16, error) {
	if err := s.need(2, what); err != nil {
		return 0, err
	}
	v := binary.BigEndian.Uint16(s.b[s.off:])
	s.off += 2
	return v, nil
}

func (s *scanner) u32(what string) (uint32, error) {
	if err := s.need(4, what); err != nil {
		return 0, err
	}
	v := binary.BigEndian.Uint32(s.b[s.off:])
	s.off += 4
	return v, nil
}

func (s *scanner) u64(what string) (uint64, error) {
	if err := s.need(8, what); err != nil {
		return 0, err
	}
	v := binary.BigEndian.Uint64(s.b[s.off:])
	s.off += 8
	return v, nil
}

// points skips count compressed points of size bytes each, checking each
// one's compression flag.
func (s *scanner) points(count uint64, size int, what string) error {
	if count > uint64(s.left())/uint64(size) {
		return fmt.Errorf("%w: truncated at offset %d reading %s: %d points of %d bytes need %d bytes, %d left",
			ErrMalformed, s.off, what, count, size, count*uint64(size), s.left())
	}
	for i := uint64(0); i < count; i++ {
		if s.b[s.off]&pointFlagMask == 0 {
			return fmt.Errorf("%w: %s point %d at offset %d is not in compressed form", ErrMalformed, what, i, s.off)
		}
		s.off += size
	}
	return nil
}

func (s *scanner) proofs(count uint64, what string) error {
	for i := uint64(0); i < count; i++ {
		if err := s.points(1, g1Size, what+" commitment"); err != nil {
			return err
		}
		if err := s.points(1, g2Size, what+" proof of knowledge"); err != nil {
			return err
		}
	}
	return nil
}

func (s *scanner) challenge() error {
	if err := s.need(1, "challenge length"); err != nil {
		return err
	}
	if n := s.b[s.off]; n != challengeSize {
		return fmt.Errorf("%w: challenge is %d bytes, want %d (the SHA-256 of the previous contribution)", ErrMalformed, n, challengeSize)
	}
	s.off++
	if err := s.need(challengeSize, "challenge"); err != nil {
		return err
	}
	s.off += challengeSize
	return nil
}

func (s *scanner) end() error {
	if s.left() != 0 {
		return fmt.Errorf("%w: %d trailing bytes after offset %d", ErrMalformed, s.left(), s.off)
	}
	return nil
}

// scanPhase1 checks that b has the layout of a contributed mpcsetup.Phase1
// of size n.
func scanPhase1(b []byte, n uint64) error {
	if want := phase1Size(n); uint64(len(b)) != want {
		return fmt.Errorf("%w: phase-1 contribution is %d bytes, want %d for N=%d", ErrMalformed, len(b), want, n)
	}
	s := scanner{b: b}
	if err := s.proofs(3, "update proof"); err != nil {
		return err
	}
	got, err := s.u64("N")
	if err != nil {
		return err
	}
	if got != n {
		return fmt.Errorf("%w: phase-1 contribution has N=%d, want %d", ErrMalformed, got, n)
	}
	for _, f := range []struct {
		count uint64
		size  int
		what  string
	}{
		{1, g2Size, "[β]₂"},
		{2*n - 2, g1Size, "[τⁱ]₁"},
		{n - 1, g2Size, "[τⁱ]₂"},
		{n, g1Size, "[βτⁱ]₁"},
		{n, g1Size, "[ατⁱ]₁"},
	} {
		if err := s.points(f.count, f.size, f.what); err != nil {
			return err
		}
	}
	if err := s.challenge(); err != nil {
		return err
	}
	return s.end()
}

// phase2Shape is the size of each vector of an mpcsetup.Phase2; it is fixed
// by the constraint system and N, so every contribution of a ceremony has
// the same shape.
type phase2Shape struct {
	pkk int   // private-witness coefficients
	z   int   // N-1
	ckk []int // committed values per Pedersen commitment
}

func (a phase2Shape) equal(b phase2Shape) bool {
	if a.pkk != b.pkk || a.z != b.z || len(a.ckk) != len(b.ckk) {
		return false
	}
	for i := range a.ckk {
		if a.ckk[i] != b.ckk[i] {
			return false
		}
	}
	return true
}

func (a phase2Shape) String() string {
	return fmt.Sprintf("{private coefficients %d, Z %d, commitments %v}", a.pkk, a.z, a.ckk)
}

// scanPhase2 checks that b has the layout of a contributed mpcsetup.Phase2
// for size n and returns its shape.
func scanPhase2(b []byte, n uint64) (phase2Shape, error) {
	var sh phase2Shape
	s := scanner{b: b}
	nc, err := s.u16("commitment count")
	if err != nil {
		return sh, err
	}
	if nc > maxCommitments {
		return sh, fmt.Errorf("%w: phase-2 contribution has %d commitments, at most %d supported", ErrMalformed, nc, maxCommitments)
	}
	if err := s.points(1, g1Size, "[δ]₁"); err != nil {
		return sh, err
	}
	npkk, err := s.u32("private coefficient count")
	if err != nil {
		return sh, err
	}
	if err := s.points(uint64(npkk), g1Size, "private coefficients"); err != nil {
		return sh, err
	}
	nz, err := s.u32("Z count")
	if err != nil {
		return sh, err
	}
	if uint64(nz) != n-1 {
		return sh, fmt.Errorf("%w: phase-2 contribution has %d Z points, want N-1 = %d", ErrMalformed, nz, n-1)
	}
	if err := s.points(uint64(nz), g1Size, "Z"); err != nil {
		return sh, err
	}
	if err := s.points(1, g2Size, "[δ]₂"); err != nil {
		return sh, err
	}
	sh.pkk, sh.z = int(npkk), int(nz)
	sh.ckk = make([]int, nc)
	for i := range sh.ckk {
		m, err := s.u32("commitment basis count")
		if err != nil {
			return sh, err
		}
		if err := s.points(uint64(m), g1Size, fmt.Sprintf("commitment %d basis", i)); err != nil {
			return sh, err
		}
		sh.ckk[i] = int(m)
	}
	if err := s.points(uint64(nc), g2Size, "[σ]₂"); err != nil {
		return sh, err
	}
	if err := s.proofs(1+uint64(nc), "update proof"); err != nil {
		return sh, err
	}
	if err := s.challenge(); err != nil {
		return sh, err
	}
	return sh, s.end()
}

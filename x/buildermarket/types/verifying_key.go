package types

import (
	"bytes"
	"encoding/binary"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
)

// Sizes of compressed BN254 points in gnark's encoding.
const (
	g1Compressed = 32
	g2Compressed = 64
)

// DecodeVerifyingKey decodes a circuit's verifying key: a gnark v0.14
// Groth16 BN254 verifying key in gnark's binary WriteTo encoding
// (compressed points, on the curve and in the right subgroup), with every
// byte consumed. It checks the encoding's length prefixes against the
// input's size before gnark allocates anything, so a crafted key cannot
// make the node allocate more than a small multiple of its size.
func DecodeVerifyingKey(bz []byte) (groth16.VerifyingKey, error) {
	if err := checkVerifyingKeyLayout(bz); err != nil {
		return nil, err
	}
	vk := groth16.NewVerifyingKey(ecc.BN254)
	n, err := vk.ReadFrom(bytes.NewReader(bz))
	if err != nil {
		return nil, ErrInvalidCircuit.Wrapf("verifying key is not a gnark Groth16 BN254 key in WriteTo encoding: %s", err)
	}
	if n != int64(len(bz)) {
		return nil, ErrInvalidCircuit.Wrapf("verifying key has %d trailing bytes after the %d gnark decoded", int64(len(bz))-n, n)
	}
	return vk, nil
}

// ValidateVerifyingKey checks that bz is non-empty, at most maxBytes long
// and decodes (DecodeVerifyingKey).
func ValidateVerifyingKey(bz []byte, maxBytes uint32) error {
	if len(bz) == 0 {
		return ErrInvalidCircuit.Wrap("verifying_key is empty; give gnark's binary encoding of the Groth16 BN254 verifying key (vk.WriteTo)")
	}
	if len(bz) > int(maxBytes) {
		return ErrInvalidCircuit.Wrapf("verifying_key is %d bytes, more than max_verifying_key_bytes (%d)", len(bz), maxBytes)
	}
	_, err := DecodeVerifyingKey(bz)
	return err
}

// vkReader walks gnark's verifying key layout:
//
//	[α]1 [β]1 [β]2 [γ]2 [δ]1 [δ]2                 compressed points
//	uint32 n, n × G1                              K, at least one point
//	uint32 m, m × (uint32 l, l × uint64)          public-and-commitment-committed indexes
//	uint32 c, c × (G2, G2)                        Pedersen commitment keys
//
// (lengths big-endian). It only checks sizes and point compression; gnark
// checks the points themselves.
type vkReader struct {
	bz  []byte
	off int
	err error
}

func (r *vkReader) left() int { return len(r.bz) - r.off }

func (r *vkReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = ErrInvalidCircuit.Wrapf("verifying key: "+format, args...)
	}
}

// take skips n bytes of what.
func (r *vkReader) take(n int, what string) {
	if r.err != nil {
		return
	}
	if n > r.left() {
		r.fail("%s needs %d bytes at offset %d, only %d left", what, n, r.off, r.left())
		return
	}
	r.off += n
}

// point skips one compressed point of size bytes.
func (r *vkReader) point(size int, what string) {
	if r.err == nil && r.left() > 0 && r.bz[r.off]>>6 == 0 {
		r.fail("%s at offset %d is uncompressed; encode the key with WriteTo, not WriteRawTo", what, r.off)
	}
	r.take(size, what)
}

// count reads a uint32 length prefix of items of at least minItemSize
// bytes each, refusing one that cannot fit in what is left.
func (r *vkReader) count(minItemSize int, what string) int {
	if r.err != nil {
		return 0
	}
	if r.left() < 4 {
		r.fail("%s count needs 4 bytes at offset %d, only %d left", what, r.off, r.left())
		return 0
	}
	n := binary.BigEndian.Uint32(r.bz[r.off:])
	r.off += 4
	if uint64(n)*uint64(minItemSize) > uint64(r.left()) {
		r.fail("%s count %d needs at least %d bytes, only %d left", what, n, uint64(n)*uint64(minItemSize), r.left())
		return 0
	}
	return int(n)
}

// checkVerifyingKeyLayout checks the sizes of gnark's verifying key
// encoding and that nothing follows it.
func checkVerifyingKeyLayout(bz []byte) error {
	r := &vkReader{bz: bz}
	r.point(g1Compressed, "[α]1")
	r.point(g1Compressed, "[β]1")
	r.point(g2Compressed, "[β]2")
	r.point(g2Compressed, "[γ]2")
	r.point(g1Compressed, "[δ]1")
	r.point(g2Compressed, "[δ]2")
	k := r.count(g1Compressed, "K")
	if r.err == nil && k == 0 {
		r.fail("K is empty; a Groth16 key has one point per public input plus one")
	}
	for i := 0; i < k; i++ {
		r.point(g1Compressed, "K point")
	}
	committed := r.count(4, "committed index lists")
	for i := 0; i < committed; i++ {
		r.take(8*r.count(8, "committed indexes"), "committed indexes")
	}
	keys := r.count(2*g2Compressed, "commitment keys")
	for i := 0; i < 2*keys; i++ {
		r.point(g2Compressed, "commitment key point")
	}
	if r.err == nil && r.left() > 0 {
		r.fail("%d trailing bytes after the key's %d", r.left(), r.off)
	}
	return r.err
}

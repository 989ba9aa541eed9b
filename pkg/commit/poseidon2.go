package commit

import (
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// Poseidon2 parameters, pinned: width 2 (a 2-to-1 compression), 8 full and
// 56 partial rounds, S-box x^5, as the Poseidon2 paper (Grassi et al.,
// eprint 2023/323, Table 1) gives for t = 2 over a 254-bit field at 128-bit
// security. gnark-crypto's own default (6/50) is not used. Round constants
// are gnark-crypto's: Keccak-256 iterated from the seed Params.String()
// ("Poseidon2-BN254[t=2,rF=8,rP=56,d=5]"), which gnark's in-circuit
// permutation derives identically; the test vectors pin them.
const (
	Width           = 2
	FullRounds      = 8
	PartialRounds   = 56
	DigestSize      = fr.Bytes // 32
	ElementsPerNode = 2
)

var permutation = sync.OnceValue(func() *poseidon2.Permutation {
	return poseidon2.NewPermutation(Width, FullRounds, PartialRounds)
})

// Params returns the pinned Poseidon2 parameters.
func Params() *poseidon2.Parameters {
	return poseidon2.NewParameters(Width, FullRounds, PartialRounds)
}

// Digest is a BN254 scalar field element in canonical big-endian form: every
// commitment is one.
type Digest [DigestSize]byte

// String returns the digest as lowercase hex.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// Element returns the digest as a field element.
func (d Digest) Element() fr.Element {
	var e fr.Element
	e.SetBytes(d[:]) // canonical by construction (ParseDigest and digestOf check it)
	return e
}

// ParseDigest decodes 64 hex characters of a canonical field element.
func ParseDigest(s string) (Digest, error) {
	var d Digest
	bz, err := hex.DecodeString(s)
	if err != nil {
		return d, fmt.Errorf("digest %q is not hex: %w", s, err)
	}
	return DigestFromBytes(bz)
}

// DigestFromBytes checks that bz is a canonical 32-byte field element.
func DigestFromBytes(bz []byte) (Digest, error) {
	var d Digest
	if len(bz) != DigestSize {
		return d, fmt.Errorf("a digest is %d bytes, got %d", DigestSize, len(bz))
	}
	var e fr.Element
	if err := e.SetBytesCanonical(bz); err != nil {
		return d, fmt.Errorf("digest is not a canonical BN254 scalar: %w", err)
	}
	copy(d[:], bz)
	return d, nil
}

func digestOf(e fr.Element) Digest { return Digest(e.Bytes()) }

// Compress is the 2-to-1 Poseidon2 compression: the second output of the
// permutation of (left, right), plus right (feed-forward), as gnark-crypto's
// and gnark's Compress compute it.
func Compress(left, right fr.Element) fr.Element {
	state := [Width]fr.Element{left, right}
	if err := permutation().Permutation(state[:]); err != nil {
		panic(err) // the width is fixed: cannot happen
	}
	var out fr.Element
	out.Add(&state[1], &right)
	return out
}

// Hash chains Compress over inputs from a zero state (Merkle-Damgård, as
// gnark's Poseidon2 hasher does): s = 0; s = Compress(s, x) for each x.
func Hash(inputs ...fr.Element) fr.Element {
	var state fr.Element
	for i := range inputs {
		state = Compress(state, inputs[i])
	}
	return state
}

// Domain tags, absorbed first by each kind of digest.
var (
	tagLeaf    = tag("litegpt/leaf/v1")
	tagNode    = tag("litegpt/node/v1")
	tagEmpty   = tag("litegpt/empty/v1")
	tagRoot    = tag("litegpt/root/v1")
	tagWeights = tag("litegpt/weights/v1")
	tagChunk   = tag("litegpt/wchunk/v1")
)

// tag is a short ASCII string read as a big-endian integer (< 2^248, so
// canonical).
func tag(s string) fr.Element {
	if len(s) > 31 {
		panic("tag too long")
	}
	var e fr.Element
	e.SetBytes([]byte(s))
	return e
}

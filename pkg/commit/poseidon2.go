package commit

import (
	"encoding/hex"
	"fmt"
	"sync"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
)

// Poseidon2 parameters, pinned: width 3 (rate 2, capacity 1), 8 full and
// 56 partial rounds, S-box x^5, as the Poseidon2 paper (Grassi et al.,
// eprint 2023/323, Table 1) gives for t = 3 over a 254-bit field at 128-bit
// security. gnark-crypto's own default (width 2, 6/50) is not used. Round
// constants are gnark-crypto's: Keccak-256 iterated from the seed
// Params.String() ("Poseidon2-BN254[t=3,rF=8,rP=56,d=5]"), which gnark's
// in-circuit permutation derives identically; the test vectors pin them.
//
// Width 3 rather than 2: a sponge of rate 2 absorbs two field elements per
// permutation of 80 S-boxes, where a width-2 Merkle-Damgård chain absorbs
// one per 72, so hashing a batch or a weights tensor costs 1.8x fewer
// constraints in a circuit (and fewer permutations natively) at the same
// 128-bit security (a 254-bit capacity element).
const (
	Width         = 3
	Rate          = 2
	FullRounds    = 8
	PartialRounds = 56
	DigestSize    = fr.Bytes // 32
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

// Permute applies the pinned Poseidon2 permutation to state in place.
func Permute(state *[Width]fr.Element) {
	if err := permutation().Permutation(state[:]); err != nil {
		panic(err) // the width is fixed: cannot happen
	}
}

// Hash is the Poseidon2 sponge every digest uses: the state starts as
// (tag, len(inputs), 0) and is permuted (so the domain tag and the input
// length fix the initial value; no padding is ambiguous), then inputs are
// absorbed two at a time by addition into the rate elements, the last one
// alone if their count is odd, with a permutation after each pair. The
// digest is the first state element. In a circuit of fixed shape the tag
// and the length are constants, so the first permutation costs nothing.
func Hash(tag fr.Element, inputs ...fr.Element) fr.Element {
	var state [Width]fr.Element
	state[0] = tag
	state[1].SetUint64(uint64(len(inputs)))
	Permute(&state)
	for i := 0; i < len(inputs); i += Rate {
		state[0].Add(&state[0], &inputs[i])
		if i+1 < len(inputs) {
			state[1].Add(&state[1], &inputs[i+1])
		}
		Permute(&state)
	}
	return state[0]
}

// Domain tags: each kind of digest starts its sponge from its own tag.
const (
	DomainLeaf    = "litegpt/leaf/v1"
	DomainNode    = "litegpt/node/v1"
	DomainEmpty   = "litegpt/empty/v1"
	DomainRoot    = "litegpt/root/v1"
	DomainWeights = "litegpt/weights/v1"
	DomainChunk   = "litegpt/wchunk/v1"
	DomainBinding = "litegpt/binding/v1"
)

var (
	tagLeaf    = tag(DomainLeaf)
	tagNode    = tag(DomainNode)
	tagEmpty   = tag(DomainEmpty)
	tagRoot    = tag(DomainRoot)
	tagWeights = tag(DomainWeights)
	tagChunk   = tag(DomainChunk)
	tagBinding = tag(DomainBinding)
)

// Tag is the field element of a domain tag (one of the Domain constants),
// as circuits absorb it.
func Tag(domain string) fr.Element { return tag(domain) }

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

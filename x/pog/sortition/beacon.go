package sortition

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"slices"
)

// Domain tags. None is a prefix of another, so no input to one hash can be
// read as an input to another (TestTagsArePrefixFree).
const (
	commitTag = "litegpt/pog/beacon/v1"
	seedTag   = "litegpt/pog/seed/v1"
	sampleTag = "litegpt/pog/sample/v1"
)

// ErrInvalidReveal is wrapped by every error Seed returns.
var ErrInvalidReveal = errors.New("sortition: invalid reveal")

// Reveal is one participant's opened commitment for a beacon round: the
// participant's address bytes and the 32-byte secret it committed to with
// CommitHash.
type Reveal struct {
	Participant []byte
	Secret      [32]byte
}

// CommitHash returns the commitment a participant publishes for round before
// revealing secret:
//
//	SHA-256("litegpt/pog/beacon/v1" || u64(len(chainID)) || chainID ||
//	        u64(round) || u64(len(participant)) || participant || secret)
//
// with every u64 big-endian. The chain-id, round and participant are bound so
// a commitment cannot be replayed on another chain, in another round, or
// copied by another participant. The keeper accepts a Reveal for a stored
// commitment c exactly when CommitHash(chainID, round, r.Participant,
// r.Secret) == c.
func CommitHash(chainID string, round uint64, participant []byte, secret [32]byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(commitTag))
	writeBytes(h, []byte(chainID))
	writeUint64(h, round)
	writeBytes(h, participant)
	h.Write(secret[:])
	return sum(h)
}

// Seed returns the beacon output of round from the reveals the keeper
// accepted (each already checked against its participant's commitment):
//
//	SHA-256("litegpt/pog/seed/v1" || u64(len(chainID)) || chainID ||
//	        u64(round) || u64(count) ||
//	        for each reveal in ascending participant byte order:
//	            u64(len(participant)) || participant || secret)
//
// The result does not depend on the order of reveals, which Seed does not
// modify. It returns an error wrapping ErrInvalidReveal if a participant is
// empty or appears twice.
//
// With zero reveals the seed is still defined (the hash of the tag, chain-id,
// round and count 0), but it is predictable by anyone; so is any seed whose
// reveals all come from one colluding group. The keeper must treat a round
// with fewer than its minimum number of reveals as failed and not sample from
// it (see the package documentation).
func Seed(chainID string, round uint64, reveals []Reveal) ([32]byte, error) {
	sorted, err := sortedReveals(reveals)
	if err != nil {
		return [32]byte{}, err
	}
	h := sha256.New()
	h.Write([]byte(seedTag))
	writeBytes(h, []byte(chainID))
	writeUint64(h, round)
	writeUint64(h, uint64(len(sorted)))
	for _, r := range sorted {
		writeBytes(h, r.Participant)
		h.Write(r.Secret[:])
	}
	return sum(h), nil
}

// indexedReveal remembers a reveal's position in the caller's slice, so
// errors can name it.
type indexedReveal struct {
	Reveal
	index int
}

// sortedReveals returns a copy of reveals in ascending participant order,
// or an error naming the first empty or duplicated participant.
func sortedReveals(reveals []Reveal) ([]indexedReveal, error) {
	sorted := make([]indexedReveal, len(reveals))
	for i, r := range reveals {
		if len(r.Participant) == 0 {
			return nil, fmt.Errorf("%w: reveal %d has an empty participant; want a non-empty address", ErrInvalidReveal, i)
		}
		sorted[i] = indexedReveal{Reveal: r, index: i}
	}
	slices.SortFunc(sorted, func(a, b indexedReveal) int {
		return bytes.Compare(a.Participant, b.Participant)
	})
	for i := 1; i < len(sorted); i++ {
		if bytes.Equal(sorted[i-1].Participant, sorted[i].Participant) {
			a, b := orderedPair(sorted[i-1].index, sorted[i].index)
			return nil, fmt.Errorf("%w: reveals %d and %d are both from participant %x; want one reveal per participant",
				ErrInvalidReveal, a, b, sorted[i].Participant)
		}
	}
	return sorted, nil
}

// orderedPair returns a and b with the smaller first.
func orderedPair(a, b int) (int, int) {
	if a > b {
		return b, a
	}
	return a, b
}

// writeUint64 writes v as 8 big-endian bytes.
func writeUint64(h hash.Hash, v uint64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	h.Write(b[:])
}

// writeBytes writes b prefixed with its length as a big-endian u64.
func writeBytes(h hash.Hash, b []byte) {
	writeUint64(h, uint64(len(b)))
	h.Write(b)
}

// sum returns h's digest as an array.
func sum(h hash.Hash) [32]byte {
	var out [32]byte
	h.Sum(out[:0])
	return out
}

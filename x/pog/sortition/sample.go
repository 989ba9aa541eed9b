package sortition

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"cosmossdk.io/math"
)

// ErrInvalidCandidate is wrapped by the errors Sample and Eligible return
// for a malformed candidate list or address.
var ErrInvalidCandidate = errors.New("sortition: invalid candidate")

// ErrInvalidSize is wrapped by the error Sample and Eligible return for a
// negative sample size.
var ErrInvalidSize = errors.New("sortition: invalid sample size")

// Candidate is one verifier that may be sampled: its address bytes and its
// weight, bonded stake x reputation score. A weight is a non-negative
// integer of up to 256 bits (math.Int's limit); the sum of all weights may
// be larger, since Sample adds them as big.Int.
type Candidate struct {
	Address []byte
	Weight  math.Int
}

// Sample returns k candidates drawn from candidates without replacement,
// each draw choosing a remaining candidate with probability proportional to
// its weight, from the deterministic stream of seed. The result is in draw
// order and does not depend on the order of candidates, which Sample does
// not modify; the returned Addresses are copies.
//
// Zero-weight candidates are never chosen. If k is at least the number of
// positive-weight candidates, Sample returns all of them in ascending
// address order without drawing. It returns an error wrapping
// ErrInvalidSize if k < 0, and one wrapping ErrInvalidCandidate if an
// address is empty or repeated or a weight is nil or negative.
//
// Cost is O(n log n) to sort plus O(k*n) big-integer steps for the draws,
// with n = len(candidates); the keeper must cap n (see the package
// documentation).
func Sample(seed [32]byte, candidates []Candidate, k int) ([]Candidate, error) {
	if k < 0 {
		return nil, fmt.Errorf("%w: k = %d; want k >= 0", ErrInvalidSize, k)
	}
	pool, err := positivePool(candidates)
	if err != nil {
		return nil, err
	}
	if k >= len(pool) {
		return exported(pool), nil
	}
	return exported(draw(seed, pool, k)), nil
}

// Eligible reports whether addr is among the k candidates Sample(seed,
// candidates, k) returns, with the same errors, plus one wrapping
// ErrInvalidCandidate for an empty addr. It recomputes the whole sample;
// to check several addresses against one sample, call Sample once.
func Eligible(seed [32]byte, candidates []Candidate, k int, addr []byte) (bool, error) {
	if len(addr) == 0 {
		return false, fmt.Errorf("%w: queried address is empty; want a non-empty address", ErrInvalidCandidate)
	}
	chosen, err := Sample(seed, candidates, k)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(chosen, func(c Candidate) bool {
		return bytes.Equal(c.Address, addr)
	}), nil
}

// weighted is a validated candidate with its weight as a big.Int that is
// only read, never written (it is the math.Int's own value).
type weighted struct {
	c     Candidate
	w     *big.Int
	index int
}

// positivePool validates candidates and returns the positive-weight ones in
// ascending address order.
func positivePool(candidates []Candidate) ([]weighted, error) {
	all := make([]weighted, len(candidates))
	for i, c := range candidates {
		if err := checkCandidate(i, c); err != nil {
			return nil, err
		}
		all[i] = weighted{c: c, w: c.Weight.BigIntMut(), index: i}
	}
	slices.SortFunc(all, func(a, b weighted) int {
		return bytes.Compare(a.c.Address, b.c.Address)
	})
	for i := 1; i < len(all); i++ {
		if bytes.Equal(all[i-1].c.Address, all[i].c.Address) {
			a, b := orderedPair(all[i-1].index, all[i].index)
			return nil, fmt.Errorf("%w: candidates %d and %d both have address %x; want each address once",
				ErrInvalidCandidate, a, b, all[i].c.Address)
		}
	}
	return slices.DeleteFunc(all, func(x weighted) bool { return x.w.Sign() == 0 }), nil
}

// checkCandidate returns an error if the candidate at input index i has an
// empty address or a nil or negative weight.
func checkCandidate(i int, c Candidate) error {
	switch {
	case len(c.Address) == 0:
		return fmt.Errorf("%w: candidate %d has an empty address; want a non-empty address", ErrInvalidCandidate, i)
	case c.Weight.IsNil():
		return fmt.Errorf("%w: candidate %d (address %x) has a nil weight; want an integer >= 0", ErrInvalidCandidate, i, c.Address)
	case c.Weight.IsNegative():
		return fmt.Errorf("%w: candidate %d (address %x) has weight %s; want an integer >= 0", ErrInvalidCandidate, i, c.Address, c.Weight)
	}
	return nil
}

// draw removes k candidates from pool (positive weights, address order,
// k < len(pool)) and returns them in draw order. pool is consumed.
func draw(seed [32]byte, pool []weighted, k int) []weighted {
	total := new(big.Int)
	for _, x := range pool {
		total.Add(total, x.w)
	}
	s := newStream(seed)
	chosen := make([]weighted, 0, k)
	for range k {
		i := pick(pool, s.uniform(total))
		chosen = append(chosen, pool[i])
		total.Sub(total, pool[i].w)
		pool = slices.Delete(pool, i, i+1)
	}
	return chosen
}

// pick returns the first index i at which the running sum of pool weights
// up to and including pool[i] exceeds r. It requires 0 <= r < sum of
// weights, and overwrites r.
func pick(pool []weighted, r *big.Int) int {
	for i, x := range pool {
		if r.Cmp(x.w) < 0 {
			return i
		}
		r.Sub(r, x.w)
	}
	panic("sortition: draw exceeds the remaining weight") // unreachable while r < total
}

// exported returns the candidates of ws with their addresses copied.
func exported(ws []weighted) []Candidate {
	out := make([]Candidate, len(ws))
	for i, x := range ws {
		out[i] = Candidate{Address: bytes.Clone(x.c.Address), Weight: x.c.Weight}
	}
	return out
}

// stream is the byte stream
//
//	SHA-256(sampleTag || seed || u64(0)) || SHA-256(sampleTag || seed || u64(1)) || ...
//
// read front to back, u64 big-endian.
type stream struct {
	input   []byte // sampleTag || seed || counter
	counter uint64
	block   [32]byte
	used    int // bytes of block already read
}

// newStream returns the stream of seed positioned at its first byte.
func newStream(seed [32]byte) *stream {
	input := make([]byte, 0, len(sampleTag)+32+8)
	input = append(input, sampleTag...)
	input = append(input, seed[:]...)
	input = append(input, make([]byte, 8)...)
	return &stream{input: input, used: len(stream{}.block)}
}

// read fills p with the stream's next len(p) bytes.
func (s *stream) read(p []byte) {
	for n := 0; n < len(p); {
		if s.used == len(s.block) {
			s.refill()
		}
		c := copy(p[n:], s.block[s.used:])
		s.used += c
		n += c
	}
}

// refill replaces the block with the next hash output.
func (s *stream) refill() {
	binary.BigEndian.PutUint64(s.input[len(s.input)-8:], s.counter)
	s.block = sha256.Sum256(s.input)
	s.counter++
	s.used = 0
}

// uniform returns an integer uniform in [0, total) for total > 0 by exact
// rejection sampling: it reads ceil(L/8) bytes, L = total.BitLen(), clears
// the top 8*ceil(L/8)-L bits, reads them as a big-endian integer, and starts
// over if that is >= total. Each attempt succeeds with probability > 1/2,
// and no value is favoured.
func (s *stream) uniform(total *big.Int) *big.Int {
	bits := total.BitLen()
	buf := make([]byte, (bits+7)/8)
	r := new(big.Int)
	for {
		s.read(buf)
		buf[0] &= 0xff >> (8*len(buf) - bits)
		if r.SetBytes(buf).Cmp(total) < 0 {
			return r
		}
	}
}

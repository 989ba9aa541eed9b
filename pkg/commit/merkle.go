package commit

import (
	"fmt"
	"math/bits"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// MaxLeaves bounds a tree (2^40 leaves).
const MaxLeaves = uint64(1) << 40

// Node is an inner node: Hash(tagNode, left, right).
func Node(left, right Digest) Digest {
	return digestOf(Hash(tagNode, left.Element(), right.Element()))
}

// EmptyLeaf pads a tree whose leaf count is not a power of two.
func EmptyLeaf() Digest { return digestOf(Hash(tagEmpty)) }

// Depth is the number of levels above the leaves of a tree of n leaves:
// ceil(log2(n)), 0 for a single leaf.
func Depth(n uint64) int {
	if n <= 1 {
		return 0
	}
	return bits.Len64(n - 1)
}

// rootOf binds the top node to the leaf count: Hash(tagRoot, n, top), so a
// range of leaves can be checked against the count.
func rootOf(n uint64, top Digest) Digest {
	var count fr.Element
	count.SetUint64(n)
	return digestOf(Hash(tagRoot, count, top.Element()))
}

// Tree is a binary Poseidon2 Merkle tree over leaves, padded with
// EmptyLeaf to a power of two.
type Tree struct {
	count  uint64
	levels [][]Digest // levels[0] are the padded leaves, the last holds the top
}

// NewTree builds the tree of leaves.
func NewTree(leaves []Digest) (*Tree, error) {
	n := uint64(len(leaves))
	if n == 0 || n > MaxLeaves {
		return nil, fmt.Errorf("a tree needs 1..%d leaves, got %d", MaxLeaves, n)
	}
	width := uint64(1) << Depth(n)
	level := make([]Digest, width)
	copy(level, leaves)
	empty := EmptyLeaf()
	for i := n; i < width; i++ {
		level[i] = empty
	}
	t := &Tree{count: n, levels: [][]Digest{level}}
	for len(level) > 1 {
		next := make([]Digest, len(level)/2)
		for i := range next {
			next[i] = Node(level[2*i], level[2*i+1])
		}
		t.levels = append(t.levels, next)
		level = next
	}
	return t, nil
}

// Count is the number of (unpadded) leaves.
func (t *Tree) Count() uint64 { return t.count }

// Root is the data commitment: Hash(tagRoot, count, top node).
func (t *Tree) Root() Digest { return rootOf(t.count, t.levels[len(t.levels)-1][0]) }

// Proof is an inclusion proof of the leaf at Index in a tree of Count
// leaves: the siblings from the leaf level up.
type Proof struct {
	Index    uint64
	Count    uint64
	Siblings []Digest
}

// Prove returns the inclusion proof of leaf index.
func (t *Tree) Prove(index uint64) (Proof, error) {
	if index >= t.count {
		return Proof{}, fmt.Errorf("leaf %d of a tree of %d", index, t.count)
	}
	p := Proof{Index: index, Count: t.count}
	for level := 0; level < len(t.levels)-1; level++ {
		p.Siblings = append(p.Siblings, t.levels[level][(index>>level)^1])
	}
	return p, nil
}

// Verify checks that leaf is at p.Index under root. It returns an error
// saying what does not match.
func (p Proof) Verify(root, leaf Digest) error {
	if p.Count == 0 || p.Count > MaxLeaves || p.Index >= p.Count {
		return fmt.Errorf("proof names leaf %d of %d", p.Index, p.Count)
	}
	if depth := Depth(p.Count); len(p.Siblings) != depth {
		return fmt.Errorf("a tree of %d leaves has depth %d, the proof has %d siblings", p.Count, depth, len(p.Siblings))
	}
	node := leaf
	for level, sibling := range p.Siblings {
		if p.Index>>level&1 == 0 {
			node = Node(node, sibling)
		} else {
			node = Node(sibling, node)
		}
	}
	if got := rootOf(p.Count, node); got != root {
		return fmt.Errorf("leaf %d does not hash to the root %s (got %s)", p.Index, root, got)
	}
	return nil
}

// Root returns the data commitment of batches, in order.
func Root(batches []Batch) (Digest, *Tree, error) {
	leaves := make([]Digest, len(batches))
	for i, b := range batches {
		leaf, err := Leaf(b)
		if err != nil {
			return Digest{}, nil, fmt.Errorf("batch %d: %w", i, err)
		}
		leaves[i] = leaf
	}
	t, err := NewTree(leaves)
	if err != nil {
		return Digest{}, nil, err
	}
	return t.Root(), t, nil
}

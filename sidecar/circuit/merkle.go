package circuit

import (
	"github.com/consensys/gnark/frontend"

	"github.com/litegpt/litegpt/pkg/commit"
)

// merkleRoot asserts that leaf is leaf index of a data tree of count
// leaves whose commitment is root, for any count in 1..2^depth: it proves
// commit.Proof.Verify with siblings padded to depth (levels at and above
// the tree's own depth, ceil(log2(count)), are skipped).
func merkleRoot(api frontend.API, h *hasher, g *gadgets, leaf, index, count, root frontend.Variable, siblings []frontend.Variable) {
	depth := len(siblings)
	last := api.Sub(count, 1)
	// ToBinary constrains 0 <= count-1 < 2^depth and index < 2^depth.
	lastBits := api.ToBinary(last, max(depth, 1))
	indexBits := api.ToBinary(index, max(depth, 1))
	g.unsigned(api.Sub(last, index), depth) // index < count
	// active[l]: level l is below the tree's top, i.e. l < bitlen(count-1)
	active := make([]frontend.Variable, depth)
	var above frontend.Variable = 0
	for l := depth - 1; l >= 0; l-- {
		above = api.Or(above, lastBits[l])
		active[l] = above
	}
	node := leaf
	for l := range depth {
		left := api.Select(indexBits[l], siblings[l], node)
		right := api.Sub(api.Add(node, siblings[l]), left)
		parent := h.hash(commit.DomainNode, left, right)
		node = api.Add(node, api.Mul(active[l], api.Sub(parent, node)))
	}
	api.AssertIsEqual(h.hash(commit.DomainRoot, count, node), root)
}

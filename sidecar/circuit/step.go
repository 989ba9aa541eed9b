package circuit

import (
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/multicommit"
)

// Step is the Proof-of-Gradient circuit of one fixed-point SGD step of
// multinomial logistic regression after a weighted-average merge of up to
// Shape.Parents parent models. It proves
//
//	New = commitment of learn.Step(merge.Average(parents, weights), batch, lr, keep)
//
// where each parent hashes to its public commitment, the batch is leaf
// LeafIndex of the data commitment DataRoot, and Binding (the hash of the
// submitter and the chain-id) is part of the statement. Public fields are
// declared in pkg/commit's StepPublic order.
type Step struct {
	ParentCommitments []frontend.Variable `gnark:",public"`
	ParentWeights     []frontend.Variable `gnark:",public"`
	NewCommitment     frontend.Variable   `gnark:",public"`
	DataRoot          frontend.Variable   `gnark:",public"`
	LeafIndex         frontend.Variable   `gnark:",public"`
	LearningRate      frontend.Variable   `gnark:",public"`
	Binding           frontend.Variable   `gnark:",public"`

	Parents   [][]frontend.Variable // Parents x Params raw int32 weights, learn's flat order
	Batch     []frontend.Variable   // leaf order: each sample's features, then its label
	LeafCount frontend.Variable     // leaves of the data tree
	Siblings  []frontend.Variable   // Merkle path from the leaf up, zero above the tree's depth
	NewParams []frontend.Variable   // the step's output (checked, not trusted)

	Shape Shape `gnark:"-"`
}

// New returns the circuit of a shape, ready to compile.
func New(s Shape) (*Step, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	c := &Step{Shape: s,
		ParentCommitments: make([]frontend.Variable, s.Parents),
		Parents:           make([][]frontend.Variable, s.Parents),
		Batch:             make([]frontend.Variable, s.Batch*(s.Features+1)),
		Siblings:          make([]frontend.Variable, s.Depth),
		NewParams:         make([]frontend.Variable, s.Params()),
	}
	if s.Parents > 1 {
		c.ParentWeights = make([]frontend.Variable, s.Parents)
	}
	for i := range c.Parents {
		c.Parents[i] = make([]frontend.Variable, s.Params())
	}
	return c, nil
}

// Define implements frontend.Circuit.
func (c *Step) Define(api frontend.API) error {
	s := c.Shape
	if err := s.Validate(); err != nil {
		return err
	}
	g := newGadgets(api)
	h, err := newHasher(api)
	if err != nil {
		return err
	}
	num := s.Numerics
	api.AssertIsDifferent(c.Binding, 0) // puts the binding hash in a constraint
	g.unsigned(api.Sub(c.LearningRate, 1), 30)

	// Parents: int32 values that hash to their commitments; then the merge.
	for i, p := range c.Parents {
		for _, v := range p {
			g.signed(v, 32)
		}
		api.AssertIsEqual(h.weights(p, num.WeightFrac), c.ParentCommitments[i])
	}
	merged := c.merge(api, g)

	// The batch: values of the input format, a leaf of the data root.
	f := s.InputFormat()
	for _, v := range c.Batch {
		g.signed(v, int(f.Bits))
	}
	leaf := h.leaf(c.Batch, s.Batch, s.Features, f)
	merkleRoot(api, h, g, leaf, c.LeafIndex, c.LeafCount, c.DataRoot, c.Siblings)

	t := c.train(api, g, merged)

	// The output: int32 values that hash to the new commitment.
	for k, v := range c.NewParams {
		g.signed(v, 32)
		c.update(api, g, merged[k], t.grads[k], v)
	}
	api.AssertIsEqual(h.weights(c.NewParams, num.WeightFrac), c.NewCommitment)

	multicommit.WithCommitment(api, func(api frontend.API, rho frontend.Variable) error {
		t.check(api, rho)
		return nil
	}, t.committed...)
	return nil
}

// merge is merge.Average: each coordinate floor((2N + W) / 2W) with
// N = sum_i w_i x_i and W = sum_i w_i in 1..2^32. One parent is its own
// merge.
func (c *Step) merge(api frontend.API, g *gadgets) []frontend.Variable {
	if c.Shape.Parents == 1 {
		return c.Parents[0]
	}
	var total frontend.Variable = 0
	for _, w := range c.ParentWeights {
		g.unsigned(w, 32)
		total = api.Add(total, w)
	}
	g.unsigned(api.Sub(total, 1), 32)
	twice := api.Mul(total, 2)
	merged := make([]frontend.Variable, c.Shape.Params())
	for k := range merged {
		var n frontend.Variable = 0
		for i, w := range c.ParentWeights {
			n = api.Add(n, api.Mul(w, c.Parents[i][k]))
		}
		merged[k], _ = g.divModVar(api.Add(api.Mul(n, 2), total), twice, 33, 32)
	}
	return merged
}

// update asserts learn's sgdUpdate: next = prev - roundShift(grad * lr,
// LRFrac + GradFrac - WeightFrac). prev and next are range-checked int32,
// so the shifted product is bounded without its own check.
func (c *Step) update(api frontend.API, g *gadgets, prev, grad, next frontend.Variable) {
	n := c.Shape.Numerics
	shift := int(n.LRFrac) + int(n.GradFrac) - int(n.WeightFrac)
	prod := api.Mul(grad, c.LearningRate)
	if shift == 0 {
		api.AssertIsEqual(api.Sub(prev, next), prod)
		return
	}
	delta, _ := g.divMod(api.Add(prod, pow2(shift-1)), pow2(shift), 0)
	api.AssertIsEqual(api.Sub(prev, next), delta)
}

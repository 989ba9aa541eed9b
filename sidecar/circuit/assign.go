package circuit

import (
	"fmt"
	"slices"

	"github.com/consensys/gnark/frontend"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/merge"
)

// Input is what a learner proves a step from.
type Input struct {
	Parents      []*learn.Model // 1..Shape.Parents models of the shape's architecture and numerics
	Weights      []uint64       // merge weights, one per parent (summing to 1..2^32)
	Batch        commit.Batch   // the leaf's batch, in the shape's input format
	Proof        commit.Proof   // inclusion of the batch's leaf under DataRoot
	DataRoot     commit.Digest
	LearningRate int64 // raw, Numerics.LRFrac fractional bits
	Submitter    []byte
	ChainID      string
}

// Witness is a full assignment of the step circuit, the public input the
// chain rebuilds, and the models it proves.
type Witness struct {
	Assignment *Step
	Public     commit.StepPublic
	Merged     *learn.Model
	New        *learn.Model
}

// Assign runs the sidecar's own merge (merge.Average, weighted by the given
// weights) and step (learn.Step) on the input and returns the circuit's
// witness. Every input is checked with an error that says what is wrong.
func Assign(s Shape, in Input) (*Witness, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if len(in.Parents) == 0 || len(in.Parents) > s.Parents {
		return nil, fmt.Errorf("circuit %s merges 1..%d parents, got %d", s.ID(), s.Parents, len(in.Parents))
	}
	if len(in.Weights) != len(in.Parents) {
		return nil, fmt.Errorf("%d parents need %d merge weights, got %d", len(in.Parents), len(in.Parents), len(in.Weights))
	}
	spec := learn.Spec{Arch: s.Arch(), Numerics: s.Numerics}
	commitments := make([]commit.Digest, len(in.Parents))
	for i, p := range in.Parents {
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("parent %d: %w", i, err)
		}
		if p.Spec.Arch.String() != spec.Arch.String() || p.Spec.Numerics != spec.Numerics {
			return nil, fmt.Errorf("parent %d is %s with %+v, the circuit proves %s with %+v", i, p.Spec.Arch, p.Spec.Numerics, spec.Arch, spec.Numerics)
		}
		c, err := p.Commitment()
		if err != nil {
			return nil, fmt.Errorf("parent %d: %w", i, err)
		}
		commitments[i] = c
	}
	merged, err := mergeParents(s, in.Parents, in.Weights)
	if err != nil {
		return nil, err
	}
	batch, err := learnBatch(s, in.Batch)
	if err != nil {
		return nil, err
	}
	leaf, err := commit.Leaf(in.Batch)
	if err != nil {
		return nil, fmt.Errorf("batch: %w", err)
	}
	if err := in.Proof.Verify(in.DataRoot, leaf); err != nil {
		return nil, fmt.Errorf("batch is not in the data commitment: %w", err)
	}
	if d := commit.Depth(in.Proof.Count); d > s.Depth {
		return nil, fmt.Errorf("data tree of %d leaves has depth %d, circuit %s proves depth up to %d", in.Proof.Count, d, s.ID(), s.Depth)
	}
	if err := checkLogits(s, merged, batch); err != nil {
		return nil, err
	}
	next, _, err := learn.Step(merged, batch, learn.StepConfig{LearningRate: in.LearningRate, KeepBps: s.KeepBps})
	if err != nil {
		return nil, fmt.Errorf("step: %w", err)
	}
	newCommitment, err := next.Commitment()
	if err != nil {
		return nil, err
	}
	binding, err := commit.BindingHash(in.Submitter, in.ChainID)
	if err != nil {
		return nil, err
	}
	parents, weights, err := commit.PadParents(commitments, in.Weights, s.Parents)
	if err != nil {
		return nil, err
	}
	pub := commit.StepPublic{Parents: parents, ParentWeights: weights, New: newCommitment, DataRoot: in.DataRoot,
		LeafIndex: in.Proof.Index, LearningRate: uint64(in.LearningRate), Binding: binding}
	if err := pub.Validate(s.Parents); err != nil {
		return nil, err
	}
	a, err := New(s)
	if err != nil {
		return nil, err
	}
	a.setPublic(pub)
	for i := range a.Parents {
		src := in.Parents[0]
		if i < len(in.Parents) {
			src = in.Parents[i]
		}
		a.Parents[i] = variables(src.Flat())
	}
	values := make([]int64, 0, len(a.Batch))
	for _, smp := range in.Batch.Samples {
		values = append(values, smp.Features...)
		values = append(values, smp.Label)
	}
	a.Batch = variables(values)
	a.LeafCount = in.Proof.Count
	for l := range a.Siblings {
		a.Siblings[l] = 0
		if l < len(in.Proof.Siblings) {
			a.Siblings[l] = element(in.Proof.Siblings[l].Element())
		}
	}
	a.NewParams = variables(next.Flat())
	return &Witness{Assignment: a, Public: pub, Merged: merged, New: next}, nil
}

// setPublic assigns the public fields from pub.
func (c *Step) setPublic(pub commit.StepPublic) {
	for i, d := range pub.Parents {
		c.ParentCommitments[i] = element(d.Element())
	}
	for i, w := range pub.ParentWeights {
		c.ParentWeights[i] = w
	}
	c.NewCommitment = element(pub.New.Element())
	c.DataRoot = element(pub.DataRoot.Element())
	c.LeafIndex = pub.LeafIndex
	c.LearningRate = pub.LearningRate
	c.Binding = element(pub.Binding.Element())
}

// mergeParents is merge.Average of the parents weighted by weights (a
// single parent is itself).
func mergeParents(s Shape, parents []*learn.Model, weights []uint64) (*learn.Model, error) {
	if len(parents) == 1 && s.Parents == 1 {
		return parents[0].Clone(), nil
	}
	var sum uint64
	models := make([]merge.Weighted, len(parents))
	for i, p := range parents {
		if weights[i] > 1<<32-1 || sum+weights[i] > commit.MaxMergeWeightSum {
			return nil, fmt.Errorf("merge weights must sum to 1..2^32, weight %d (%d) exceeds it", i, weights[i])
		}
		sum += weights[i]
		models[i] = merge.Weighted{Params: p.Flat(), Samples: weights[i]}
	}
	if sum == 0 {
		return nil, fmt.Errorf("merge weights are all zero")
	}
	flat, err := merge.Average(models, merge.BySamples)
	if err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	return parents[0].WithFlat(flat)
}

// learnBatch checks a leaf's batch against the shape and converts it.
func learnBatch(s Shape, b commit.Batch) (learn.Batch, error) {
	if err := b.Validate(); err != nil {
		return learn.Batch{}, fmt.Errorf("batch: %w", err)
	}
	if b.Format != s.InputFormat() {
		return learn.Batch{}, fmt.Errorf("batch is %s, circuit %s proves %s inputs", b.Format, s.ID(), s.InputFormat())
	}
	if len(b.Samples) != s.Batch || len(b.Samples[0].Features) != s.Features {
		return learn.Batch{}, fmt.Errorf("batch is %d samples x %d features, circuit %s proves %d x %d",
			len(b.Samples), len(b.Samples[0].Features), s.ID(), s.Batch, s.Features)
	}
	out := learn.Batch{Features: make([]int64, 0, s.Batch*s.Features), Labels: make([]int, s.Batch)}
	for i, smp := range b.Samples {
		if smp.Label < 0 || smp.Label >= int64(s.Classes) {
			return learn.Batch{}, fmt.Errorf("sample %d: label %d outside 0..%d", i, smp.Label, s.Classes-1)
		}
		out.Features = append(out.Features, smp.Features...)
		out.Labels[i] = int(smp.Label)
	}
	return out, nil
}

// checkLogits refuses a step whose logits exceed the circuit's bound.
func checkLogits(s Shape, m *learn.Model, b learn.Batch) error {
	z, err := learn.Logits(m, b)
	if err != nil {
		return err
	}
	bound := int64(1) << (int(s.Numerics.ActFrac) + LogitBits - 2)
	if i := slices.IndexFunc(z.Data, func(v int64) bool { return v <= -bound || v >= bound }); i >= 0 {
		return fmt.Errorf("logit %d of sample %d is %d, outside the circuit's bound +-2^%d: verify this step by re-execution",
			i%s.Classes, i/s.Classes, z.Data[i], int(s.Numerics.ActFrac)+LogitBits-2)
	}
	return nil
}

func variables(values []int64) []frontend.Variable {
	out := make([]frontend.Variable, len(values))
	for i, v := range values {
		out[i] = v
	}
	return out
}

package circuit

import (
	"fmt"
	"math/rand/v2"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
)

// SyntheticInput is a valid step input of a shape from a seed: parents
// drawn around the shared seeded initialization, a data tree of leaves
// random batches (features in [-2, 2), uniform labels) and one leaf's
// proof. Benchmarks and tests prove it; it is not training data.
func SyntheticInput(s Shape, seed uint64, parents, leaves int) (Input, error) {
	if err := s.Validate(); err != nil {
		return Input{}, err
	}
	if parents < 1 || parents > s.Parents {
		return Input{}, fmt.Errorf("circuit %s takes 1..%d parents, asked for %d", s.ID(), s.Parents, parents)
	}
	if leaves < 1 || commit.Depth(uint64(leaves)) > s.Depth {
		return Input{}, fmt.Errorf("circuit %s proves trees of 1..%d leaves, asked for %d", s.ID(), uint64(1)<<s.Depth, leaves)
	}
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	in := Input{LearningRate: learn.LearningRateRaw(0.25, s.Numerics),
		Submitter: []byte("lgpt1synthetic-submitter"), ChainID: "litegpt-local-1"}
	for i := range parents {
		m, err := learn.Init(learn.Spec{Arch: s.Arch(), Numerics: s.Numerics, Seed: seed})
		if err != nil {
			return Input{}, err
		}
		for p := range m.Params {
			for j := range m.Params[p].Values {
				m.Params[p].Values[j] += int64(r.IntN(1<<18)) - 1<<17 + int64(i)
			}
		}
		in.Parents = append(in.Parents, m)
		in.Weights = append(in.Weights, uint64(1+r.IntN(1000)))
	}
	batches := make([]commit.Batch, leaves)
	for i := range batches {
		batches[i] = syntheticBatch(r, s)
	}
	root, tree, err := commit.Root(batches)
	if err != nil {
		return Input{}, err
	}
	index := uint64(r.IntN(leaves))
	if in.Proof, err = tree.Prove(index); err != nil {
		return Input{}, err
	}
	in.Batch, in.DataRoot = batches[index], root
	return in, nil
}

func syntheticBatch(r *rand.Rand, s Shape) commit.Batch {
	b := commit.Batch{Format: s.InputFormat()}
	span := 1 << (s.Numerics.InputFrac + 2)
	for range s.Batch {
		smp := commit.Sample{Label: int64(r.IntN(s.Classes))}
		for range s.Features {
			smp.Features = append(smp.Features, int64(r.IntN(span)-span/2))
		}
		b.Samples = append(b.Samples, smp)
	}
	return b
}

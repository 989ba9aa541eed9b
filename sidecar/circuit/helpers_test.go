package circuit

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
)

// tinyShape is small enough for the test engine on every case.
func tinyShape(parents int, keepBps uint32) Shape {
	return Shape{Batch: 4, Features: 3, Classes: 3, Parents: parents, Depth: 3, InputBits: 16,
		Numerics: learn.DefaultNumerics(8), KeepBps: keepBps}
}

// fixture is a valid step input: random parents, a data tree of leaves
// random batches, and the chosen leaf's proof.
type fixture struct {
	shape   Shape
	batches []commit.Batch
	tree    *commit.Tree
	input   Input
}

func newFixture(t testing.TB, s Shape, seed uint64, nParents, leaves int) *fixture {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	spec := learn.Spec{Arch: s.Arch(), Numerics: s.Numerics, Seed: seed}
	var parents []*learn.Model
	var weights []uint64
	for i := range nParents {
		m, err := learn.Init(learn.Spec{Arch: spec.Arch, Numerics: spec.Numerics, Seed: seed + uint64(i)})
		require.NoError(t, err)
		for p := range m.Params {
			for j := range m.Params[p].Values {
				m.Params[p].Values[j] += int64(r.IntN(1<<21)) - 1<<20
			}
		}
		parents = append(parents, m)
		weights = append(weights, uint64(1+r.IntN(1000)))
	}
	f := &fixture{shape: s}
	for range leaves {
		f.batches = append(f.batches, randomBatch(r, s))
	}
	root, tree, err := commit.Root(f.batches)
	require.NoError(t, err)
	f.tree = tree
	index := uint64(r.IntN(leaves))
	proof, err := tree.Prove(index)
	require.NoError(t, err)
	f.input = Input{Parents: parents, Weights: weights, Batch: f.batches[index], Proof: proof, DataRoot: root,
		LearningRate: learn.LearningRateRaw(0.5, s.Numerics), Submitter: []byte("lgpt1submitter-address-bytes"), ChainID: "litegpt-local-1"}
	return f
}

// randomBatch draws features in [-2, 2) and labels uniformly.
func randomBatch(r *rand.Rand, s Shape) commit.Batch {
	b := commit.Batch{Format: s.InputFormat()}
	for range s.Batch {
		smp := commit.Sample{Label: int64(r.IntN(s.Classes))}
		for range s.Features {
			smp.Features = append(smp.Features, int64(r.IntN(1<<(s.Numerics.InputFrac+2)))-1<<(s.Numerics.InputFrac+1))
		}
		b.Samples = append(b.Samples, smp)
	}
	return b
}

package circuit

import (
	"fmt"
	"slices"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/test"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
)

func solved(t *testing.T, s Shape, a *Step) error {
	t.Helper()
	c, err := New(s)
	require.NoError(t, err)
	return test.IsSolved(c, a, ecc.BN254.ScalarField())
}

// propertyShapes cover one parent, a merge with an empty slot, trimmed
// and untrimmed steps, and a single-leaf tree.
var propertyShapes = []struct {
	shape   Shape
	parents int
	leaves  int
}{
	{tinyShape(1, 10000), 1, 5},
	{tinyShape(3, 7500), 2, 8},
	{tinyShape(2, 5000), 2, 1},
	{Shape{Batch: 5, Features: 2, Classes: 4, Parents: 2, Depth: 4, InputBits: 12, Numerics: learn.Numerics{InputFrac: 6, WeightFrac: 16, ActFrac: 12, ProbFrac: 14, GradFrac: 18, LRFrac: 12}, KeepBps: 8000}, 2, 11},
}

func TestStepAcceptsExactlyTheStepFunction(t *testing.T) {
	for i, ps := range propertyShapes {
		for seed := uint64(1); seed <= 4; seed++ {
			t.Run(fmt.Sprintf("%s/seed%d", ps.shape.ID(), seed), func(t *testing.T) {
				f := newFixture(t, ps.shape, seed*10+uint64(i), ps.parents, ps.leaves)
				w, err := Assign(ps.shape, f.input)
				require.NoError(t, err)
				require.NoError(t, solved(t, ps.shape, w.Assignment), "the step function's output")
				for _, m := range mutations(t, f) {
					a, same := m.apply(t, f)
					if same {
						require.NoError(t, solved(t, ps.shape, a), "rejected %s, which gives the same step", m.name)
						continue
					}
					require.Error(t, solved(t, ps.shape, a), "accepted %s", m.name)
				}
			})
		}
	}
}

// A mutation returns the changed assignment and whether learn.Step gives
// the same output for the changed input anyway (then it must be accepted).
type mutation struct {
	name  string
	apply func(t *testing.T, f *fixture) (*Step, bool)
}

// mutations each change one thing and keep everything else consistent
// (commitments, roots and proofs recomputed), so only the step, merge or
// path constraint can reject them.
func mutations(t *testing.T, f *fixture) []mutation {
	s := f.shape
	assign := func(t *testing.T, in Input) *Witness {
		w, err := Assign(s, in)
		require.NoError(t, err)
		return w
	}
	return []mutation{
		{"a changed new weight with its commitment", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			flat := w.New.Flat()
			flat[len(flat)/2]++
			m, err := w.New.WithFlat(flat)
			require.NoError(t, err)
			c, err := m.Commitment()
			require.NoError(t, err)
			w.Assignment.NewParams = variables(flat)
			w.Assignment.NewCommitment = element(c.Element())
			return w.Assignment, false
		}},
		{"a changed new weight under the old commitment", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			flat := w.New.Flat()
			flat[0]--
			w.Assignment.NewParams = variables(flat)
			return w.Assignment, false
		}},
		{"another batch value (root and path recomputed)", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			in := f.input
			b := cloneBatch(in.Batch)
			b.Samples[0].Features[0] += 64
			batches := append([]commit.Batch(nil), f.batches...)
			batches[in.Proof.Index] = b
			root, tree, err := commit.Root(batches)
			require.NoError(t, err)
			proof, err := tree.Prove(in.Proof.Index)
			require.NoError(t, err)
			in.Batch, in.DataRoot, in.Proof = b, root, proof
			other := assign(t, in)
			same := slices.Equal(other.New.Flat(), w.New.Flat())
			other.Assignment.NewParams = w.Assignment.NewParams
			other.Assignment.NewCommitment = w.Assignment.NewCommitment
			return other.Assignment, same
		}},
		{"another label", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			y := len(w.Assignment.Batch) - 1
			label := f.input.Batch.Samples[s.Batch-1].Label
			w.Assignment.Batch[y] = (label + 1) % int64(s.Classes)
			return w.Assignment, false
		}},
		{"another parent (its commitment recomputed)", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			p := f.input.Parents[0].Clone()
			p.Params[0].Values[0] += 1 << 12
			c, err := p.Commitment()
			require.NoError(t, err)
			w.Assignment.Parents[0] = variables(p.Flat())
			w.Assignment.ParentCommitments[0] = element(c.Element())
			if s.Parents > len(f.input.Parents) {
				w.Assignment.Parents[len(w.Assignment.Parents)-1] = variables(p.Flat())
				w.Assignment.ParentCommitments[len(w.Assignment.Parents)-1] = element(c.Element())
			}
			return w.Assignment, false
		}},
		{"another leaf index", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			w.Assignment.LeafIndex = (f.input.Proof.Index + 1) % max(f.input.Proof.Count, 2)
			return w.Assignment, false
		}},
		{"a changed Merkle path", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			if len(f.input.Proof.Siblings) == 0 {
				w.Assignment.LeafCount = 2 // a one-leaf tree has no path: claim two leaves
				return w.Assignment, false
			}
			w.Assignment.Siblings[0] = 12345
			return w.Assignment, false
		}},
		{"another leaf count", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			w.Assignment.LeafCount = f.input.Proof.Count + 1
			return w.Assignment, false
		}},
		{"another learning rate", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			w.Assignment.LearningRate = f.input.LearningRate + 1
			return w.Assignment, false
		}},
		{"other merge weights", func(t *testing.T, f *fixture) (*Step, bool) {
			w := assign(t, f.input)
			if s.Parents == 1 {
				w.Assignment.Parents[0][1] = f.input.Parents[0].Flat()[1] + 1 // no weights: change the parent instead
				return w.Assignment, false
			}
			w.Assignment.ParentWeights[0] = f.input.Weights[0] + 7
			return w.Assignment, false
		}},
	}
}

func cloneBatch(b commit.Batch) commit.Batch {
	out := commit.Batch{Format: b.Format}
	for _, s := range b.Samples {
		out.Samples = append(out.Samples, commit.Sample{Features: append([]int64(nil), s.Features...), Label: s.Label})
	}
	return out
}

func TestPublicWitnessFollowsTheCommitLayout(t *testing.T) {
	for _, ps := range propertyShapes {
		f := newFixture(t, ps.shape, 3, ps.parents, ps.leaves)
		w, err := Assign(ps.shape, f.input)
		require.NoError(t, err)
		pw, err := PublicWitness(ps.shape, w.Public)
		require.NoError(t, err)
		full, err := frontend.NewWitness(w.Assignment, ecc.BN254.ScalarField(), frontend.PublicOnly())
		require.NoError(t, err)
		want := fr.Vector(w.Public.Elements())
		for _, got := range []any{pw.Vector(), full.Vector()} {
			require.Equal(t, want, got, "public inputs of %s", ps.shape.ID())
		}
	}
}

// TestMergeTiesOfEitherSignAreProvable merges two equally weighted parents
// one unit apart, so every coordinate's mean is a tie k + 1/2, about half
// of them negative. The circuit proves floor((2N + W) / 2W); the witness
// comes from merge.Average, so the two must break ties the same way (a
// merge rounding negative ties away from zero makes this unsatisfiable).
func TestMergeTiesOfEitherSignAreProvable(t *testing.T) {
	s := tinyShape(2, 10000)
	f := newFixture(t, s, 77, 2, 4)
	other := f.input.Parents[0].Clone()
	negative := 0
	for p := range other.Params {
		for j, v := range other.Params[p].Values {
			other.Params[p].Values[j] = v - 1
			if v < 0 {
				negative++
			}
		}
	}
	require.Positive(t, negative, "the fixture has negative parameters")
	f.input.Parents[1] = other
	f.input.Weights = []uint64{5, 5}
	w, err := Assign(s, f.input)
	require.NoError(t, err)
	require.NoError(t, solved(t, s, w.Assignment), "a merge whose every coordinate is a tie")
}

package verifier

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/circuit"
	"github.com/litegpt/litegpt/sidecar/dataset"
	"github.com/litegpt/litegpt/sidecar/learn"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// The tests verify steps of the bundled UCI digits task as the step
// circuit proves them: logistic regression over 64 pixels in Q8.8, 10
// classes, batches of 32 (circuit.DigitsShape).
var (
	shape       = circuit.DigitsShape(4)
	inputFormat = shape.InputFormat()
	spec        = learn.Spec{Arch: shape.Arch(), Numerics: shape.Numerics, Seed: 1}
	// lr is 1.0 in the step's learning-rate fixed point.
	lr = uint64(learn.LearningRateRaw(1, shape.Numerics))
)

// Digits data: trainLeaves leaves of the data tree, then validationLeaves
// batches of the validation slice, from disjoint rows.
const (
	trainLeaves      = 8
	validationLeaves = 6
)

type digitsData struct {
	train      []commit.Batch
	tree       *commit.Tree
	root       commit.Digest
	validation []commit.Batch
}

var (
	digitsOnce sync.Once
	digits     digitsData
	digitsErr  error
)

// loadDigits encodes the first rows of the bundled digits into batches.
func loadDigits(t testing.TB) digitsData {
	t.Helper()
	digitsOnce.Do(func() {
		ds, err := dataset.BundledDigits()
		if err != nil {
			digitsErr = err
			return
		}
		batch := func(k int) commit.Batch {
			idx := make([]int, shape.Batch)
			for i := range idx {
				idx[i] = k*shape.Batch + i
			}
			raw, labels, err := dataset.Encode(ds, idx, inputFormat, commit.RoundNearestEven)
			if err != nil {
				digitsErr = err
				return commit.Batch{}
			}
			b := commit.Batch{Format: inputFormat}
			for i, y := range labels {
				b.Samples = append(b.Samples, commit.Sample{Features: raw[i*shape.Features : (i+1)*shape.Features], Label: int64(y)})
			}
			return b
		}
		for k := range trainLeaves {
			digits.train = append(digits.train, batch(k))
		}
		for k := range validationLeaves {
			digits.validation = append(digits.validation, batch(trainLeaves+k))
		}
		if digitsErr == nil {
			digits.root, digits.tree, digitsErr = commit.Root(digits.train)
		}
	})
	require.NoError(t, digitsErr)
	return digits
}

// trained is the initial model after SGD steps on the given leaves (a
// parent that is better than the initial weights).
func trained(t testing.TB, leaves ...int) *learn.Model {
	t.Helper()
	d := loadDigits(t)
	m, err := learn.Init(spec)
	require.NoError(t, err)
	for _, k := range leaves {
		b, err := learnBatch(spec, d.train[k])
		require.NoError(t, err)
		m, _, err = learn.Step(m, b, learn.StepConfig{LearningRate: int64(lr), KeepBps: shape.KeepBps})
		require.NoError(t, err)
	}
	return m
}

// epochs is n passes over leaves.
func epochs(n int, leaves ...int) []int {
	var out []int
	for range n {
		out = append(out, leaves...)
	}
	return out
}

func commitment(t testing.TB, m *learn.Model) commit.Digest {
	t.Helper()
	c, err := m.Commitment()
	require.NoError(t, err)
	return c
}

// leafOf is leaf k of the digits data tree.
func leafOf(t testing.TB, k int) *Leaf {
	t.Helper()
	d := loadDigits(t)
	proof, err := d.tree.Prove(uint64(k))
	require.NoError(t, err)
	return &Leaf{Batch: d.train[k], Root: d.root, Proof: proof}
}

// stepFixture is an honest two-parent step on leaf 2 and a store holding
// its parents.
type stepFixture struct {
	parents []*learn.Model
	weights []uint64
	store   *MemStore
	job     Job
	// proved is what the step circuit's witness computes for the step.
	proved *circuit.Witness
}

func newStepFixture(t testing.TB) *stepFixture {
	t.Helper()
	d := loadDigits(t)
	f := &stepFixture{parents: []*learn.Model{trained(t, epochs(3, 0, 1, 3, 4)...), trained(t, epochs(4, 5, 6, 7, 0)...)},
		weights: []uint64{3, 5}}
	var err error
	f.store, err = NewMemStore(f.parents...)
	require.NoError(t, err)
	leaf := leafOf(t, 2)
	f.proved, err = circuit.Assign(shape, circuit.Input{Parents: f.parents, Weights: f.weights, Batch: leaf.Batch,
		Proof: leaf.Proof, DataRoot: d.root, LearningRate: int64(lr), Submitter: []byte("learner"), ChainID: "litegpt-local-1"})
	require.NoError(t, err)
	f.job = Job{Mode: types.ModeReexecution, Spec: spec,
		Parents:      []commit.Digest{commitment(t, f.parents[0]), commitment(t, f.parents[1])},
		MergeWeights: f.weights, MergeRule: types.MergeWeightedAverage, Leaf: leaf,
		LearningRate: lr, KeepBps: shape.KeepBps, New: f.proved.Public.New,
		Validation: d.validation, Metric: bmtypes.MetricAccuracy}
	return f
}

// countAccuracy is accuracy counted here, from learn.Logits and a plain
// arg-max: floor(correct * 10^6 / total).
func countAccuracy(t testing.TB, m *learn.Model, batches []commit.Batch) int64 {
	t.Helper()
	correct, total := 0, 0
	for _, b := range batches {
		lb := learn.Batch{}
		for _, s := range b.Samples {
			lb.Features = append(lb.Features, s.Features...)
			lb.Labels = append(lb.Labels, int(s.Label))
		}
		z, err := learn.Logits(m, lb)
		require.NoError(t, err)
		for r := range z.Rows {
			best := 0
			for c := 1; c < z.Cols; c++ {
				if z.At(r, c) > z.At(r, best) {
					best = c
				}
			}
			if best == lb.Labels[r] {
				correct++
			}
			total++
		}
	}
	return int64(correct) * 1_000_000 / int64(total)
}

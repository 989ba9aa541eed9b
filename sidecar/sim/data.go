package sim

import (
	"fmt"
	"math/rand/v2"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/dataset"
	"github.com/litegpt/litegpt/sidecar/learn"
)

// Data is a training and a test set and the fixed-point format their
// features are encoded in (its Frac must be the spec's InputFrac).
type Data struct {
	Train, Test dataset.Dataset
	Format      commit.Format
}

// Validate checks the data against a spec.
func (d Data) Validate(s learn.Spec) error {
	if err := d.Train.Validate(); err != nil {
		return fmt.Errorf("training set: %w", err)
	}
	if err := d.Test.Validate(); err != nil {
		return fmt.Errorf("test set: %w", err)
	}
	if d.Train.Features != s.Arch.Inputs || d.Test.Features != s.Arch.Inputs {
		return fmt.Errorf("data has %d/%d features (train/test), the model %d inputs", d.Train.Features, d.Test.Features, s.Arch.Inputs)
	}
	if d.Train.Classes > s.Arch.Classes || d.Test.Classes > s.Arch.Classes {
		return fmt.Errorf("data has %d/%d classes (train/test), the model %d", d.Train.Classes, d.Test.Classes, s.Arch.Classes)
	}
	if d.Format.Frac != s.Numerics.InputFrac {
		return fmt.Errorf("features are encoded with %d fractional bits, the spec expects %d", d.Format.Frac, s.Numerics.InputFrac)
	}
	return d.Format.Validate()
}

// encode is rows of ds as a batch.
func (d Data) encode(ds dataset.Dataset, idx []int) (learn.Batch, error) {
	x, y, err := dataset.Encode(ds, idx, d.Format, commit.RoundNearestEven)
	if err != nil {
		return learn.Batch{}, err
	}
	return learn.Batch{Features: x, Labels: y}, nil
}

// shards splits the training set among nodes (IID or Dirichlet) and caps
// each shard's samples per group.
func (d Data) shards(cfg Config, nodes int) ([][]int, error) {
	var parts [][]int
	var err error
	switch {
	case nodes == 1:
		all := make([]int, d.Train.Len())
		for i := range all {
			all[i] = i
		}
		parts = [][]int{all}
	case cfg.Alpha > 0:
		parts, err = dataset.SplitDirichlet(d.Train, nodes, cfg.Alpha, cfg.Seed)
	default:
		parts, err = dataset.SplitIID(d.Train, nodes, cfg.Seed)
	}
	if err != nil {
		return nil, err
	}
	if cfg.GroupCap > 0 {
		for i := range parts {
			parts[i] = dataset.CapPerGroup(d.Train, parts[i], cfg.GroupCap, cfg.Seed+uint64(i))
		}
	}
	return parts, nil
}

// evalSet is up to n test samples chosen with the seed (all when n is 0).
func (d Data) evalSet(n int, seed uint64) (learn.Batch, error) {
	idx := make([]int, d.Test.Len())
	for i := range idx {
		idx[i] = i
	}
	if n > 0 && n < len(idx) {
		r := rand.New(rand.NewPCG(seed, 0x6576616c)) // "eval"
		r.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		idx = idx[:n]
	}
	return d.encode(d.Test, idx)
}

// flipLabels maps y to classes-1-y (the label-flip attack).
func flipLabels(b learn.Batch, classes int) {
	for i, y := range b.Labels {
		b.Labels[i] = classes - 1 - y
	}
}

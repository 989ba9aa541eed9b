package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/tt"
)

// modelFlags select an architecture.
type modelFlags struct {
	kind    string
	hidden  []int
	ttIn    []int
	ttOut   []int
	ttCores int
	ttRank  int
	seed    uint64
}

func (f *modelFlags) register(fs *pflag.FlagSet, defaultKind string) {
	fs.StringVar(&f.kind, "model", defaultKind, "model family: logreg, mlp or tt-mlp")
	fs.IntSliceVar(&f.hidden, "hidden", nil, "hidden layer widths of mlp (default 32 for <= 256 inputs, else 128) and tt-mlp (one layer)")
	fs.IntSliceVar(&f.ttIn, "tt-in-modes", nil, "tt-mlp: factors of the input width (default: --tt-cores near-equal factors)")
	fs.IntSliceVar(&f.ttOut, "tt-out-modes", nil, "tt-mlp: factors of the hidden width (default: --tt-cores near-equal factors)")
	fs.IntVar(&f.ttCores, "tt-cores", 0, "tt-mlp: number of cores when modes are not given (default 2 for <= 256 inputs, else 4)")
	fs.IntVar(&f.ttRank, "tt-rank", 8, "tt-mlp: internal TT rank")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the shared initial weights")
}

// spec builds the spec for a data set's shape.
func (f *modelFlags) spec(kind string, inputs, classes int) (learn.Spec, error) {
	k, err := learn.ParseKind(kind)
	if err != nil {
		return learn.Spec{}, err
	}
	hidden := f.hidden
	if len(hidden) == 0 {
		hidden = []int{32}
		if inputs > 256 {
			hidden = []int{128}
		}
	}
	var arch learn.Arch
	switch k {
	case learn.LogReg:
		arch = learn.NewLogReg(inputs, classes)
	case learn.MLP:
		arch = learn.NewMLP(inputs, hidden, classes)
	case learn.TTMLP:
		if len(hidden) != 1 {
			return learn.Spec{}, fmt.Errorf("tt-mlp has one hidden layer, got --hidden %v", hidden)
		}
		cores := f.ttCores
		if cores == 0 {
			cores = 2
			if inputs > 256 {
				cores = 4
			}
		}
		in, out := f.ttIn, f.ttOut
		if len(in) == 0 {
			if in, err = tt.Modes(inputs, cores); err != nil {
				return learn.Spec{}, fmt.Errorf("--tt-in-modes: %w", err)
			}
		}
		if len(out) == 0 {
			if out, err = tt.Modes(hidden[0], len(in)); err != nil {
				return learn.Spec{}, fmt.Errorf("--tt-out-modes: %w", err)
			}
		}
		arch = learn.NewTTMLP(inputs, hidden[0], classes, in, out, f.ttRank)
	}
	s := learn.Spec{Arch: arch, Numerics: learn.DefaultNumerics(inputFormat.Frac), Seed: f.seed}
	return s, s.Validate()
}

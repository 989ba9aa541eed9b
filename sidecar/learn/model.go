package learn

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Param is one named parameter tensor: raw fixed-point values with the
// model's WeightFrac fractional bits, row-major.
type Param struct {
	Name   string
	Shape  []int
	Values []int64
}

// Model is a specification and its parameters, in canonical order: for
// each layer, its weight tensors (W, or the TT cores in order) then its
// bias.
type Model struct {
	Spec   Spec
	Params []Param
}

// ParamLayout lists the names and shapes of a spec's parameters in
// canonical order.
func ParamLayout(a Arch) []Param {
	var out []Param
	for i, l := range a.Layers {
		if l.Kind == TensorTrain {
			for k := range l.InModes {
				out = append(out, Param{Name: fmt.Sprintf("layer%d.core%d", i, k),
					Shape: []int{l.Ranks[k], l.OutModes[k], l.InModes[k], l.Ranks[k+1]}})
			}
		} else {
			out = append(out, Param{Name: fmt.Sprintf("layer%d.weight", i), Shape: []int{l.Out, l.In}})
		}
		out = append(out, Param{Name: fmt.Sprintf("layer%d.bias", i), Shape: []int{l.Out}})
	}
	return out
}

// size is the product of a shape.
func size(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// Init returns the spec's seeded initial model: every node that starts
// from the same spec gets bit-identical weights. Dense weights are uniform
// integers in [-c, c] with c = floor(sqrt(6/(in+out)) * 2^WeightFrac)
// (Glorot); TT cores are uniform with the largest per-core bound c whose
// product variance (c^2/3)^d * r_1*...*r_{d-1} stays within Glorot's
// 2/(in+out); biases are zero. Bounds are computed with exact integer
// arithmetic and draws use PCG, so no float enters the initial weights.
func Init(s Spec) (*Model, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0x6c69746567707431)) // "litegpt1"
	m := &Model{Spec: s, Params: ParamLayout(s.Arch)}
	p := 0
	for _, l := range s.Arch.Layers {
		var bound int64
		cores := 1
		if l.Kind == TensorTrain {
			cores = len(l.InModes)
			bound = ttInitBound(l, s.Numerics.WeightFrac)
		} else {
			bound = denseInitBound(l.In, l.Out, s.Numerics.WeightFrac)
		}
		for range cores {
			values := make([]int64, size(m.Params[p].Shape))
			for i := range values {
				values[i] = rng.Int64N(2*bound+1) - bound
			}
			m.Params[p].Values = values
			p++
		}
		m.Params[p].Values = make([]int64, l.Out)
		p++
	}
	return m, nil
}

// denseInitBound is floor(sqrt(6 * 2^(2*frac) / (in+out))).
func denseInitBound(in, out int, frac uint8) int64 {
	num := new(big.Int).Lsh(big.NewInt(6), 2*uint(frac))
	num.Quo(num, big.NewInt(int64(in+out)))
	return max(1, num.Sqrt(num).Int64())
}

// ttInitBound is the largest c (raw) with (c^2/3)^d * prod(inner ranks) <=
// 2/(in+out) * 2^(2*frac*d), found by bisection on exact integers.
func ttInitBound(l Layer, frac uint8) int64 {
	d := len(l.InModes)
	inner := big.NewInt(1)
	for _, r := range l.Ranks[1:d] {
		inner.Mul(inner, big.NewInt(int64(r)))
	}
	// (c^2)^d * inner * (in+out) <= 2 * 3^d * 2^(2*frac*d)
	limit := new(big.Int).Exp(big.NewInt(3), big.NewInt(int64(d)), nil)
	limit.Mul(limit, big.NewInt(2))
	limit.Lsh(limit, 2*uint(frac)*uint(d))
	fits := func(c int64) bool {
		v := new(big.Int).Exp(big.NewInt(c*c), big.NewInt(int64(d)), nil)
		v.Mul(v, inner)
		v.Mul(v, big.NewInt(int64(l.In+l.Out)))
		return v.Cmp(limit) <= 0
	}
	lo, hi := int64(1), int64(1)<<30
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if fits(mid) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// Validate checks the parameters against the spec's layout and the int32
// range of master weights.
func (m *Model) Validate() error {
	if err := m.Spec.Validate(); err != nil {
		return err
	}
	layout := ParamLayout(m.Spec.Arch)
	if len(m.Params) != len(layout) {
		return fmt.Errorf("model has %d parameter tensors, its architecture has %d", len(m.Params), len(layout))
	}
	f := m.Spec.Numerics.WeightFormat()
	for i, want := range layout {
		p := m.Params[i]
		if p.Name != want.Name || !slices.Equal(p.Shape, want.Shape) {
			return fmt.Errorf("parameter %d is %s %v, want %s %v", i, p.Name, p.Shape, want.Name, want.Shape)
		}
		if len(p.Values) != size(want.Shape) {
			return fmt.Errorf("parameter %s has %d values, want %d", p.Name, len(p.Values), size(want.Shape))
		}
		for j, v := range p.Values {
			if err := f.CheckRaw(v); err != nil {
				return fmt.Errorf("parameter %s value %d: %w", p.Name, j, err)
			}
		}
	}
	return nil
}

// Clone is a deep copy.
func (m *Model) Clone() *Model {
	c := &Model{Spec: m.Spec, Params: make([]Param, len(m.Params))}
	for i, p := range m.Params {
		c.Params[i] = Param{Name: p.Name, Shape: append([]int(nil), p.Shape...), Values: append([]int64(nil), p.Values...)}
	}
	c.Spec.Arch.Layers = append([]Layer(nil), m.Spec.Arch.Layers...)
	return c
}

// Flat concatenates every parameter in canonical order: what merges
// average and what the weights commitment covers.
func (m *Model) Flat() []int64 {
	out := make([]int64, 0, m.Spec.Arch.Params())
	for _, p := range m.Params {
		out = append(out, p.Values...)
	}
	return out
}

// WithFlat returns a copy of m whose parameters are flat, split in
// canonical order; flat must have exactly Arch.Params() values that fit
// the weight format.
func (m *Model) WithFlat(flat []int64) (*Model, error) {
	if len(flat) != m.Spec.Arch.Params() {
		return nil, fmt.Errorf("flat parameters have %d values, the model has %d", len(flat), m.Spec.Arch.Params())
	}
	c := m.Clone()
	off := 0
	for i := range c.Params {
		n := len(c.Params[i].Values)
		copy(c.Params[i].Values, flat[off:off+n])
		off += n
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// Tensor is the flat parameters as a pkg/commit tensor of shape [Params].
func (m *Model) Tensor() commit.Tensor {
	return commit.Tensor{Format: m.Spec.Numerics.WeightFormat(),
		Shape: []uint32{uint32(m.Spec.Arch.Params())}, Values: m.Flat()}
}

// Commitment is the pkg/commit weights commitment of the flat parameters:
// what x/pog records for a model version.
func (m *Model) Commitment() (commit.Digest, error) {
	return commit.WeightsCommitment(m.Tensor())
}

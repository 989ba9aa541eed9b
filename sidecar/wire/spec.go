package wire

import (
	"fmt"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/wire/wirepb"
)

// specToProto is the wire form of a spec.
func specToProto(s learn.Spec) wirepb.Spec {
	p := wirepb.Spec{
		Kind:    wirepb.ModelKind(s.Arch.Kind),
		Inputs:  uint32(s.Arch.Inputs),
		Classes: uint32(s.Arch.Classes),
		Seed:    s.Seed,
		Numerics: wirepb.Numerics{
			InputFrac: uint32(s.Numerics.InputFrac), WeightFrac: uint32(s.Numerics.WeightFrac),
			ActFrac: uint32(s.Numerics.ActFrac), ProbFrac: uint32(s.Numerics.ProbFrac),
			GradFrac: uint32(s.Numerics.GradFrac), LrFrac: uint32(s.Numerics.LRFrac),
		},
	}
	for _, l := range s.Arch.Layers {
		p.Layers = append(p.Layers, wirepb.Layer{
			Kind: wirepb.LayerKind(l.Kind), In: uint32(l.In), Out: uint32(l.Out),
			InModes: toUint32s(l.InModes), OutModes: toUint32s(l.OutModes), Ranks: toUint32s(l.Ranks),
		})
	}
	return p
}

// specFromProto checks and converts a wire spec.
func specFromProto(p wirepb.Spec) (learn.Spec, error) {
	if len(p.Layers) > learn.MaxLayers {
		return learn.Spec{}, fmt.Errorf("spec has %d layers, at most %d allowed", len(p.Layers), learn.MaxLayers)
	}
	n := p.Numerics
	for _, f := range []uint32{n.InputFrac, n.WeightFrac, n.ActFrac, n.ProbFrac, n.GradFrac, n.LrFrac} {
		if f > 64 {
			return learn.Spec{}, fmt.Errorf("spec numerics: fractional bits %d exceed 64", f)
		}
	}
	s := learn.Spec{
		Arch: learn.Arch{Kind: learn.Kind(min(p.Kind, 255)), Inputs: int(min(p.Inputs, 1<<20)), Classes: int(min(p.Classes, 1<<20))},
		Numerics: learn.Numerics{
			InputFrac: uint8(n.InputFrac), WeightFrac: uint8(n.WeightFrac), ActFrac: uint8(n.ActFrac),
			ProbFrac: uint8(n.ProbFrac), GradFrac: uint8(n.GradFrac), LRFrac: uint8(n.LrFrac),
		},
		Seed: p.Seed,
	}
	for i, l := range p.Layers {
		if len(l.InModes) > learn.MaxTTCores || len(l.OutModes) > learn.MaxTTCores || len(l.Ranks) > learn.MaxTTCores+1 {
			return learn.Spec{}, fmt.Errorf("spec layer %d: more than %d tensor-train cores", i, learn.MaxTTCores)
		}
		s.Arch.Layers = append(s.Arch.Layers, learn.Layer{
			Kind: learn.LayerKind(min(l.Kind, 255)), In: int(min(l.In, 1<<20)), Out: int(min(l.Out, 1<<20)),
			InModes: toInts(l.InModes), OutModes: toInts(l.OutModes), Ranks: toInts(l.Ranks),
		})
	}
	if err := s.Validate(); err != nil {
		return learn.Spec{}, fmt.Errorf("spec: %w", err)
	}
	return s, nil
}

func toUint32s(v []int) []uint32 {
	if len(v) == 0 {
		return nil
	}
	out := make([]uint32, len(v))
	for i, x := range v {
		out[i] = uint32(x)
	}
	return out
}

// toInts converts wire sizes, capping each at 2^20 so that products of
// the few values a spec holds cannot overflow before validation.
func toInts(v []uint32) []int {
	if len(v) == 0 {
		return nil
	}
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(min(x, 1<<20))
	}
	return out
}

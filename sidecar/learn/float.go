package learn

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// FloatModel is the float64 reference of a model: the same architecture
// and parameter layout with real-valued parameters and an exact softmax.
// It exists to measure what fixed point costs; nothing on the verified
// path uses it.
type FloatModel struct {
	Arch   Arch
	Params [][]float64 // in ParamLayout order
}

// ToFloat converts a fixed-point model's parameters to real values.
func ToFloat(m *Model) *FloatModel {
	f := &FloatModel{Arch: m.Spec.Arch, Params: make([][]float64, len(m.Params))}
	for i, p := range m.Params {
		f.Params[i] = make([]float64, len(p.Values))
		for j, v := range p.Values {
			f.Params[i][j] = math.Ldexp(float64(v), -int(m.Spec.Numerics.WeightFrac))
		}
	}
	return f
}

// Clone is a deep copy.
func (f *FloatModel) Clone() *FloatModel {
	c := &FloatModel{Arch: f.Arch, Params: make([][]float64, len(f.Params))}
	for i, p := range f.Params {
		c.Params[i] = slices.Clone(p)
	}
	return c
}

// floatWeight is layer l's Out x In weight matrix.
func (f *FloatModel) floatWeight(l int) *mat.Dense {
	layer := f.Arch.Layers[l]
	idx, _ := layerParams(f.Arch, l)
	if layer.Kind != TensorTrain {
		return mat.NewDense(layer.Out, layer.In, f.Params[idx[0]])
	}
	prefix := mat.NewDense(1, 1, []float64{1})
	for k, i := range idx {
		r, mn, r2 := layer.Ranks[k], layer.OutModes[k]*layer.InModes[k], layer.Ranks[k+1]
		var p mat.Dense
		p.Mul(prefix, mat.NewDense(r, mn*r2, f.Params[i]))
		rows, _ := p.Dims()
		prefix = mat.NewDense(rows*mn, r2, p.RawMatrix().Data)
	}
	w := mat.NewDense(layer.Out, layer.In, nil)
	raw := prefix.RawMatrix().Data
	for idx, pos := range ttPermutation(layer) {
		w.RawMatrix().Data[pos] = raw[idx]
	}
	return w
}

// FloatForward is the logits of rows of real-valued features.
func (f *FloatModel) FloatForward(x *mat.Dense) (*mat.Dense, []*mat.Dense) {
	inputs := []*mat.Dense{x}
	in := x
	for l := range f.Arch.Layers {
		w := f.floatWeight(l)
		_, bi := layerParams(f.Arch, l)
		var z mat.Dense
		z.Mul(in, w.T())
		rows, cols := z.Dims()
		last := l == len(f.Arch.Layers)-1
		for r := range rows {
			for c := range cols {
				v := z.At(r, c) + f.Params[bi][c]
				if !last && v < 0 {
					v = 0
				}
				z.Set(r, c, v)
			}
		}
		if last {
			return &z, inputs
		}
		inputs = append(inputs, &z)
		in = &z
	}
	panic("unreachable: an architecture has at least one layer")
}

// FloatStep is the float64 reference of Step: the same forward pass,
// trimmed-loss selection, backward pass and update with an exact softmax
// and no rounding. keep is the kept fraction in (0, 1].
func FloatStep(f *FloatModel, x *mat.Dense, labels []int, lr, keep float64) (*FloatModel, error) {
	rows, cols := x.Dims()
	if rows != len(labels) || cols != f.Arch.Inputs {
		return nil, fmt.Errorf("float step: %dx%d features for %d labels and %d inputs", rows, cols, len(labels), f.Arch.Inputs)
	}
	logits, inputs := f.FloatForward(x)
	classes := f.Arch.Classes
	probs := mat.NewDense(rows, classes, nil)
	for r := range rows {
		top := math.Inf(-1)
		for c := range classes {
			top = math.Max(top, logits.At(r, c))
		}
		sum := 0.0
		for c := range classes {
			e := math.Exp(logits.At(r, c) - top)
			probs.Set(r, c, e)
			sum += e
		}
		for c := range classes {
			probs.Set(r, c, probs.At(r, c)/sum)
		}
	}
	order := make([]int, rows)
	for i := range order {
		order[i] = i
	}
	keepN := int(math.Ceil(float64(rows) * keep))
	slices.SortStableFunc(order, func(a, b int) int {
		pa, pb := probs.At(a, labels[a]), probs.At(b, labels[b])
		switch {
		case pa > pb:
			return -1
		case pa < pb:
			return 1
		}
		return 0
	})
	g := mat.NewDense(rows, classes, nil)
	for _, r := range order[:keepN] {
		for c := range classes {
			g.Set(r, c, probs.At(r, c))
		}
		g.Set(r, labels[r], g.At(r, labels[r])-1)
	}
	out := f.Clone()
	n := float64(keepN)
	for l := len(f.Arch.Layers) - 1; l >= 0; l-- {
		var dw mat.Dense
		dw.Mul(g.T(), inputs[l])
		dw.Scale(1/n, &dw)
		w := f.floatWeight(l)
		idx, bi := layerParams(f.Arch, l)
		_, outs := g.Dims()
		for c := range outs {
			s := 0.0
			for r := range rows {
				s += g.At(r, c)
			}
			out.Params[bi][c] -= lr * s / n
		}
		if l > 0 {
			var prev mat.Dense
			prev.Mul(g, w)
			pr, pc := prev.Dims()
			for r := range pr {
				for c := range pc {
					if inputs[l].At(r, c) <= 0 {
						prev.Set(r, c, 0)
					}
				}
			}
			g = &prev
		}
		layer := f.Arch.Layers[l]
		if layer.Kind != TensorTrain {
			for i, v := range dw.RawMatrix().Data {
				out.Params[idx[0]][i] -= lr * v
			}
			continue
		}
		for k, grad := range f.floatCoreGradients(l, &dw) {
			for i, v := range grad {
				out.Params[idx[k]][i] -= lr * v
			}
		}
	}
	return out, nil
}

// floatCoreGradients is ttCoreGradients in float64.
func (f *FloatModel) floatCoreGradients(l int, gradW *mat.Dense) [][]float64 {
	layer := f.Arch.Layers[l]
	idx, _ := layerParams(f.Arch, l)
	d := len(idx)
	prefixes := make([]*mat.Dense, d+1)
	prefixes[0] = mat.NewDense(1, 1, []float64{1})
	for k := range d {
		r, mn, r2 := layer.Ranks[k], layer.OutModes[k]*layer.InModes[k], layer.Ranks[k+1]
		var p mat.Dense
		p.Mul(prefixes[k], mat.NewDense(r, mn*r2, f.Params[idx[k]]))
		rows, _ := p.Dims()
		prefixes[k+1] = mat.NewDense(rows*mn, r2, p.RawMatrix().Data)
	}
	suffixes := make([]*mat.Dense, d)
	suffixes[d-1] = mat.NewDense(1, 1, []float64{1})
	for k := d - 1; k > 0; k-- {
		r, mn, r2 := layer.Ranks[k], layer.OutModes[k]*layer.InModes[k], layer.Ranks[k+1]
		var s mat.Dense
		s.Mul(mat.NewDense(r*mn, r2, f.Params[idx[k]]), suffixes[k])
		_, cols := s.Dims()
		suffixes[k-1] = mat.NewDense(r, mn*cols, s.RawMatrix().Data)
	}
	perm := ttPermutation(layer)
	interleaved := make([]float64, len(perm))
	raw := gradW.RawMatrix().Data
	for i, pos := range perm {
		interleaved[i] = raw[pos]
	}
	out := make([][]float64, d)
	for k := range d {
		left, right := prefixes[k], suffixes[k]
		mn := layer.OutModes[k] * layer.InModes[k]
		lr, _ := left.Dims()
		_, rc := right.Dims()
		var x mat.Dense
		x.Mul(left.T(), mat.NewDense(lr, mn*rc, interleaved))
		xr, _ := x.Dims()
		var gk mat.Dense
		gk.Mul(mat.NewDense(xr*mn, rc, x.RawMatrix().Data), right.T())
		out[k] = gk.RawMatrix().Data
	}
	return out
}

// FloatPredict is the arg-max class of each row.
func (f *FloatModel) FloatPredict(x *mat.Dense) []int {
	logits, _ := f.FloatForward(x)
	rows, cols := logits.Dims()
	out := make([]int, rows)
	for r := range rows {
		best := 0
		for c := range cols {
			if logits.At(r, c) > logits.At(r, best) {
				best = c
			}
		}
		out[r] = best
	}
	return out
}

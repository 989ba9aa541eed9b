package sim

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/merge"
	"github.com/litegpt/litegpt/sidecar/tt"
)

// peerModel is a model a node holds or received, with its gossip counts.
type peerModel struct {
	model   *learn.Model
	samples uint64
	age     uint64
}

// ttLayerParams returns, for each TT layer, its index and the parameter
// indices of its cores.
func ttLayers(a learn.Arch) map[int][]int {
	out := map[int][]int{}
	p := 0
	for l, layer := range a.Layers {
		if layer.Kind == learn.TensorTrain {
			for k := range layer.InModes {
				out[l] = append(out[l], p+k)
			}
			p += len(layer.InModes) + 1
		} else {
			p += 2
		}
	}
	return out
}

// mergeView is the vector merge rules see: every parameter in canonical
// order, except that a TT layer's cores are replaced by its full matrix
// (so rules compare matrices, not gauge-dependent cores).
func mergeView(m *learn.Model) ([]int64, error) {
	a := m.Spec.Arch
	var out []int64
	p := 0
	for _, layer := range a.Layers {
		if layer.Kind == learn.TensorTrain {
			d := len(layer.InModes)
			cores := make([][]int64, d)
			for k := range d {
				cores[k] = m.Params[p+k].Values
			}
			full, err := learn.TTFull(layer.OutModes, layer.InModes, layer.Ranks, cores, m.Spec.Numerics.WeightFrac)
			if err != nil {
				return nil, err
			}
			out = append(out, full.Data...)
			p += d
		}
		out = append(out, m.Params[p].Values...)
		if layer.Kind == learn.Dense {
			out = append(out, m.Params[p+1].Values...)
			p++
		}
		p++
	}
	return out, nil
}

// mergeModels merges local with the window by rule. Dense parameters are
// the rule's output; TT layers are re-factored from it: the average rule
// sums the TT matrices and rounds the sum to the layer's ranks (TT
// rounding), the robust rules decompose the rule's full matrix (TT-SVD).
func mergeModels(rule merge.Rule, opts merge.Options, local peerModel, window []peerModel) (peerModel, error) {
	view := func(p peerModel) (merge.Weighted, error) {
		v, err := mergeView(p.model)
		return merge.Weighted{Params: v, Samples: p.samples, Age: p.age}, err
	}
	lw, err := view(local)
	if err != nil {
		return peerModel{}, err
	}
	ws := make([]merge.Weighted, len(window))
	for i, p := range window {
		if ws[i], err = view(p); err != nil {
			return peerModel{}, err
		}
	}
	merged, err := merge.ApplyWeighted(rule, lw, ws, opts)
	if err != nil {
		return peerModel{}, err
	}
	out, err := fromView(local.model, merged.Params, func(l int, full []int64) ([][]int64, error) {
		if rule == merge.RuleAverage {
			return roundedSum(local, window, l, opts.Weighting)
		}
		return refactor(local.model, l, full)
	})
	if err != nil {
		return peerModel{}, err
	}
	return peerModel{model: out, samples: merged.Samples, age: merged.Age + 1}, nil
}

// fromView splits a merged view back into a model shaped like like; cores
// returns the fixed-point cores of TT layer l given its merged full matrix.
func fromView(like *learn.Model, view []int64, cores func(l int, full []int64) ([][]int64, error)) (*learn.Model, error) {
	out := like.Clone()
	off, p := 0, 0
	for l, layer := range like.Spec.Arch.Layers {
		if layer.Kind == learn.TensorTrain {
			n := layer.Out * layer.In
			cs, err := cores(l, view[off:off+n])
			if err != nil {
				return nil, fmt.Errorf("layer %d: %w", l, err)
			}
			for k, c := range cs {
				out.Params[p+k].Values = c
			}
			off += n
			p += len(layer.InModes)
		} else {
			n := len(out.Params[p].Values)
			copy(out.Params[p].Values, view[off:off+n])
			off += n
			p++
		}
		n := len(out.Params[p].Values) // bias
		copy(out.Params[p].Values, view[off:off+n])
		off += n
		p++
	}
	if off != len(view) {
		return nil, fmt.Errorf("merged view has %d values, the model %d", len(view), off)
	}
	return out, out.Validate()
}

// toTT is TT layer l of m as a float TT matrix.
func toTT(m *learn.Model, l int) *tt.Matrix {
	layer := m.Spec.Arch.Layers[l]
	idx := ttLayers(m.Spec.Arch)[l]
	t := &tt.Matrix{RowModes: layer.OutModes, ColModes: layer.InModes, Ranks: layer.Ranks}
	for _, i := range idx {
		c := make([]float64, len(m.Params[i].Values))
		for j, v := range m.Params[i].Values {
			c[j] = math.Ldexp(float64(v), -int(m.Spec.Numerics.WeightFrac))
		}
		t.Cores = append(t.Cores, c)
	}
	return t
}

// roundedSum is TT rounding after an average: the weighted sum of the TT
// layers of local and window, rounded to the layer's ranks.
func roundedSum(local peerModel, window []peerModel, l int, by merge.Weighting) ([][]int64, error) {
	all := append([]peerModel{local}, window...)
	ts := make([]*tt.Matrix, len(all))
	weights := make([]float64, len(all))
	var total float64
	for i, p := range all {
		ts[i] = toTT(p.model, l)
		switch by {
		case merge.BySamples:
			weights[i] = float64(p.samples)
		case merge.ByAge:
			weights[i] = float64(p.age)
		default:
			weights[i] = 1
		}
		total += weights[i]
	}
	if total == 0 {
		return nil, fmt.Errorf("every model in the merge has weight 0")
	}
	for i := range weights {
		weights[i] /= total
	}
	sum, err := tt.WeightedSum(ts, weights)
	if err != nil {
		return nil, err
	}
	layer := local.model.Spec.Arch.Layers[l]
	rounded, err := tt.Round(sum, tt.Options{MaxRank: maxInt(layer.Ranks)})
	if err != nil {
		return nil, err
	}
	return fixedCores(rounded, layer.Ranks, local.model.Spec.Numerics.WeightFrac)
}

// refactor decomposes a merged full matrix (raw) back into TT cores.
func refactor(m *learn.Model, l int, full []int64) ([][]int64, error) {
	layer := m.Spec.Arch.Layers[l]
	w := mat.NewDense(layer.Out, layer.In, nil)
	for i, v := range full {
		w.RawMatrix().Data[i] = math.Ldexp(float64(v), -int(m.Spec.Numerics.WeightFrac))
	}
	t, err := tt.Decompose(w, layer.OutModes, layer.InModes, tt.Options{MaxRank: maxInt(layer.Ranks)})
	if err != nil {
		return nil, err
	}
	return fixedCores(t, layer.Ranks, m.Spec.Numerics.WeightFrac)
}

// balance rescales the cores to equal Frobenius norms without changing
// their product. TT-SVD and rounding leave the cores orthonormal but one,
// which carries the whole norm; trained in that gauge the small cores'
// gradients are scaled by the large one and SGD diverges. Initialisation
// draws every core with the same bound, and balancing restores that.
func balance(t *tt.Matrix) {
	d := len(t.Cores)
	norms := make([]float64, d)
	logMean := 0.0
	for k, c := range t.Cores {
		for _, x := range c {
			norms[k] += x * x
		}
		norms[k] = math.Sqrt(norms[k])
		if norms[k] == 0 {
			return // a zero matrix: nothing to balance
		}
		logMean += math.Log(norms[k]) / float64(d)
	}
	target := math.Exp(logMean)
	for k, c := range t.Cores {
		f := target / norms[k]
		for j := range c {
			c[j] *= f
		}
	}
}

// fixedCores balances a TT matrix's cores and rounds them to fixed point,
// zero-padding any rank below the layer's (a rank-deficient merge) so
// shapes never change.
func fixedCores(t *tt.Matrix, ranks []int, frac uint8) ([][]int64, error) {
	balance(t)
	out := make([][]int64, len(t.Cores))
	for k, core := range t.Cores {
		r, m, n, r2 := t.Ranks[k], t.RowModes[k], t.ColModes[k], t.Ranks[k+1]
		R, R2 := ranks[k], ranks[k+1]
		if r > R || r2 > R2 {
			return nil, fmt.Errorf("core %d has ranks %d, %d above the layer's %d, %d", k, r, r2, R, R2)
		}
		padded := make([]int64, R*m*n*R2)
		for a := range r {
			for i := range m * n {
				for b := range r2 {
					x := math.Round(math.Ldexp(core[(a*m*n+i)*r2+b], int(frac)))
					if x < math.MinInt32 || x > math.MaxInt32 {
						return nil, fmt.Errorf("core %d value %g leaves the int32 weight range", k, core[(a*m*n+i)*r2+b])
					}
					padded[(a*m*n+i)*R2+b] = int64(x)
				}
			}
		}
		out[k] = padded
	}
	return out, nil
}

func maxInt(v []int) int {
	m := 0
	for _, x := range v {
		m = max(m, x)
	}
	return m
}

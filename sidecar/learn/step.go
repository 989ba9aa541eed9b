package learn

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// StepConfig is the hyper-parameters of one SGD step.
type StepConfig struct {
	// LearningRate is raw fixed point with Numerics.LRFrac fractional bits.
	LearningRate int64
	// KeepBps is the trimmed-loss fraction in basis points: the step trains
	// on the ceil(Len * KeepBps / 10000) samples of lowest loss (highest
	// probability of their label; ties keep the lower index). 10000 keeps
	// every sample.
	KeepBps uint32
}

// DefaultKeepBps keeps the 90 % lowest-loss samples of each batch: the
// paper's trimmed-loss defence against mislabelled data at a small cost
// on clean data.
const DefaultKeepBps = 9000

// LearningRateRaw converts a learning rate to raw fixed point with the
// numerics' LRFrac bits (rounded to nearest; exact IEEE operations).
func LearningRateRaw(lr float64, n Numerics) int64 {
	return int64(math.Round(math.Ldexp(lr, int(n.LRFrac))))
}

// Validate checks the configuration.
func (c StepConfig) Validate() error {
	if c.LearningRate < 1 || c.LearningRate > 1<<30 {
		return fmt.Errorf("learning rate must be a raw value in 1..2^30, got %d", c.LearningRate)
	}
	if c.KeepBps < 1 || c.KeepBps > 10000 {
		return fmt.Errorf("keep fraction must be 1..10000 basis points, got %d", c.KeepBps)
	}
	return nil
}

// StepStats describes a step; it is informational and never committed.
type StepStats struct {
	Samples int     // batch rows
	Kept    int     // rows trained on after trimmed-loss selection
	Correct int     // rows whose arg-max logit was their label, before the step
	Loss    float64 // mean cross-entropy of the kept rows, from the pinned probabilities
}

// Step is the fixed-point mini-batch SGD step: forward pass, pinned
// softmax, trimmed-loss selection, backward pass and update. It is the
// only implementation of a training step: the sidecar trains with it,
// verifiers re-execute it and circuits witness it. The input model is not
// modified. Every value is an integer and the result is bit-identical on
// every CPU; a weight leaving int32 or a product leaving the exact range
// returns an error (ErrOverflow, ErrProductRange) instead of a result.
func Step(m *Model, b Batch, cfg StepConfig) (*Model, StepStats, error) {
	if err := m.Validate(); err != nil {
		return nil, StepStats{}, fmt.Errorf("model: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, StepStats{}, err
	}
	if err := b.validate(m.Spec.Arch); err != nil {
		return nil, StepStats{}, fmt.Errorf("batch: %w", err)
	}
	a, num := m.Spec.Arch, m.Spec.Numerics
	t, err := forward(m, b.matrix(a.Inputs))
	if err != nil {
		return nil, StepStats{}, err
	}
	g, stats := outputError(t.logits, b.Labels, cfg.KeepBps, num)
	out := m.Clone()
	n := int64(stats.Kept)
	for l := len(a.Layers) - 1; l >= 0; l-- {
		inFrac := int(num.ActFrac)
		if l == 0 {
			inFrac = int(num.InputFrac)
		}
		grads, err := layerGradients(g, t.inputs[l], inFrac, n, num, l)
		if err != nil {
			return nil, StepStats{}, err
		}
		if l > 0 {
			if g, err = backpropError(g, t.weights[l], t.inputs[l], num, l); err != nil {
				return nil, StepStats{}, err
			}
		}
		if err := applyLayer(out, m, l, grads, cfg.LearningRate); err != nil {
			return nil, StepStats{}, err
		}
	}
	return out, stats, nil
}

// outputError is the error at the logits, p - onehot(y) with ProbFrac
// bits, on the kept rows (dropped rows are zero).
func outputError(logits IntMat, labels []int, keepBps uint32, num Numerics) (IntMat, StepStats) {
	rows, classes := logits.Rows, logits.Cols
	probs := NewIntMat(rows, classes)
	for r := range rows {
		softmaxRow(logits.Data[r*classes:(r+1)*classes], probs.Data[r*classes:(r+1)*classes], num.ActFrac, num.ProbFrac)
	}
	stats := StepStats{Samples: rows}
	for r, p := range argmaxRows(logits) {
		if p == labels[r] {
			stats.Correct++
		}
	}
	kept := keptRows(probs, labels, keepBps)
	stats.Kept = len(kept)
	one := int64(1) << num.ProbFrac
	g := NewIntMat(rows, classes)
	var loss float64
	for _, r := range kept {
		copy(g.Data[r*classes:(r+1)*classes], probs.Data[r*classes:(r+1)*classes])
		g.Data[r*classes+labels[r]] -= one
		py := max(probs.At(r, labels[r]), 1)
		loss -= math.Log(math.Ldexp(float64(py), -int(num.ProbFrac)))
	}
	stats.Loss = loss / float64(len(kept))
	return g, stats
}

// keptRows is the trimmed-loss selection: the ceil(rows*keepBps/10000)
// rows with the highest probability of their label, ties to the lower
// row, returned in row order.
func keptRows(probs IntMat, labels []int, keepBps uint32) []int {
	rows := probs.Rows
	keep := (rows*int(keepBps) + 9999) / 10000
	order := make([]int, rows)
	for i := range order {
		order[i] = i
	}
	if keep < rows {
		slices.SortStableFunc(order, func(x, y int) int {
			return cmp.Compare(probs.At(y, labels[y]), probs.At(x, labels[x]))
		})
		order = order[:keep]
		slices.Sort(order)
	}
	return order
}

// layerGrads is a layer's mean gradients with GradFrac bits.
type layerGrads struct {
	weight IntMat // Out x In
	bias   []int64
}

// layerGradients is dW = g^T x / n and db = sum(g) / n, rescaled from the
// products' fractional bits to GradFrac.
func layerGradients(g, x IntMat, inFrac int, n int64, num Numerics, l int) (layerGrads, error) {
	dw, err := matMul(g, trans, x, noTrans, fmt.Sprintf("layer %d weight gradient", l))
	if err != nil {
		return layerGrads{}, err
	}
	from, to := int(num.ProbFrac)+inFrac, int(num.GradFrac)
	for i, v := range dw.Data {
		dw.Data[i] = rescaleMean(v, from, to, n)
	}
	bias := make([]int64, g.Cols)
	for r := range g.Rows {
		for c := range g.Cols {
			bias[c] += g.At(r, c)
		}
	}
	for c, v := range bias {
		bias[c] = rescaleMean(v, int(num.ProbFrac), to, n)
	}
	return layerGrads{weight: dw, bias: bias}, nil
}

// backpropError is the error at layer l's input: (g W) / 2^WeightFrac,
// zero where the ReLU that produced the input was inactive.
func backpropError(g, w, input IntMat, num Numerics, l int) (IntMat, error) {
	prev, err := matMul(g, noTrans, w, noTrans, fmt.Sprintf("layer %d error", l))
	if err != nil {
		return IntMat{}, err
	}
	for i, v := range prev.Data {
		if input.Data[i] > 0 {
			prev.Data[i] = roundShift(v, int(num.WeightFrac))
		} else {
			prev.Data[i] = 0
		}
	}
	return prev, nil
}

// applyLayer writes layer l's updated parameters into out: dense weights
// and biases step by their gradient, TT cores by the gradient of each
// core (from the gradient of the full matrix).
func applyLayer(out, m *Model, l int, grads layerGrads, lr int64) error {
	num := m.Spec.Numerics
	layer := m.Spec.Arch.Layers[l]
	idx, bi := layerParams(m.Spec.Arch, l)
	if layer.Kind == TensorTrain {
		coreGrads, err := ttCoreGradients(layer, coreValues(m, idx), grads.weight, num.WeightFrac)
		if err != nil {
			return err
		}
		for k, i := range idx {
			if err := sgdUpdate(out.Params[i], coreGrads[k], lr, num); err != nil {
				return err
			}
		}
	} else if err := sgdUpdate(out.Params[idx[0]], grads.weight.Data, lr, num); err != nil {
		return err
	}
	return sgdUpdate(out.Params[bi], grads.bias, lr, num)
}

// sgdUpdate is p -= roundShift(grad * lr, LRFrac + GradFrac - WeightFrac)
// in place, failing if a weight leaves int32.
func sgdUpdate(p Param, grad []int64, lr int64, num Numerics) error {
	shift := int(num.LRFrac) + int(num.GradFrac) - int(num.WeightFrac)
	for i, gv := range grad {
		prod, ok := mulChecked(gv, lr)
		if !ok {
			return fmt.Errorf("%w: %s update %d: gradient %d times learning rate %d exceeds int64", ErrOverflow, p.Name, i, gv, lr)
		}
		p.Values[i] -= roundShift(prod, shift)
	}
	return checkInt32(p.Values, p.Name)
}

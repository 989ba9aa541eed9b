package learn

import "fmt"

// trace is what a forward pass keeps for the backward pass.
type trace struct {
	inputs  []IntMat // inputs[l] is layer l's input (inputs[0] is the batch)
	weights []IntMat // weights[l] is layer l's Out x In weight matrix
	logits  IntMat   // Len() x Classes, ActFrac bits
}

// layerParams returns the indices in m.Params of layer l's weight tensors
// (one for dense, one per core for TT) and of its bias.
func layerParams(a Arch, l int) (weights []int, bias int) {
	p := 0
	for i := range l {
		p += tensorsOf(a.Layers[i])
	}
	n := tensorsOf(a.Layers[l]) - 1
	for k := range n {
		weights = append(weights, p+k)
	}
	return weights, p + n
}

// tensorsOf is how many parameter tensors a layer has.
func tensorsOf(l Layer) int {
	if l.Kind == TensorTrain {
		return len(l.InModes) + 1
	}
	return 2
}

// weightMatrix is layer l's Out x In weight matrix: the dense weights
// themselves, or the TT cores' contraction.
func weightMatrix(m *Model, l int) (IntMat, error) {
	layer := m.Spec.Arch.Layers[l]
	idx, _ := layerParams(m.Spec.Arch, l)
	if layer.Kind == TensorTrain {
		return ttFull(layer, coreValues(m, idx), m.Spec.Numerics.WeightFrac)
	}
	return IntMat{Rows: layer.Out, Cols: layer.In, Data: m.Params[idx[0]].Values}, nil
}

func coreValues(m *Model, idx []int) [][]int64 {
	cores := make([][]int64, len(idx))
	for k, i := range idx {
		cores[k] = m.Params[i].Values
	}
	return cores
}

// forward runs the model on x (rows of raw inputs): for each layer
// z = x * W^T rescaled to ActFrac plus the bias, then ReLU on all but the
// last layer.
func forward(m *Model, x IntMat) (trace, error) {
	num := m.Spec.Numerics
	a := m.Spec.Arch
	t := trace{inputs: []IntMat{x}}
	in, inFrac := x, int(num.InputFrac)
	for l := range a.Layers {
		w, err := weightMatrix(m, l)
		if err != nil {
			return trace{}, err
		}
		t.weights = append(t.weights, w)
		z, err := matMul(in, noTrans, w, trans, fmt.Sprintf("layer %d forward", l))
		if err != nil {
			return trace{}, err
		}
		_, bi := layerParams(a, l)
		bias := m.Params[bi].Values
		shift := inFrac + int(num.WeightFrac) - int(num.ActFrac)
		bshift := int(num.WeightFrac) - int(num.ActFrac)
		last := l == len(a.Layers)-1
		for r := range z.Rows {
			row := z.Data[r*z.Cols : (r+1)*z.Cols]
			for c := range row {
				v := roundShift(row[c], shift) + roundShift(bias[c], bshift)
				if !last && v < 0 {
					v = 0
				}
				row[c] = v
			}
		}
		if last {
			t.logits = z
		} else {
			t.inputs = append(t.inputs, z)
		}
		in, inFrac = z, int(num.ActFrac)
	}
	return t, nil
}

// Logits runs the model on a batch and returns Len() x Classes raw logits
// with ActFrac fractional bits.
func Logits(m *Model, b Batch) (IntMat, error) {
	if err := b.validate(m.Spec.Arch); err != nil {
		return IntMat{}, err
	}
	t, err := forward(m, b.matrix(m.Spec.Arch.Inputs))
	if err != nil {
		return IntMat{}, err
	}
	return t.logits, nil
}

// Predict is the arg-max class of each sample (ties go to the lowest class).
func Predict(m *Model, b Batch) ([]int, error) {
	z, err := Logits(m, b)
	if err != nil {
		return nil, err
	}
	return argmaxRows(z), nil
}

func argmaxRows(z IntMat) []int {
	out := make([]int, z.Rows)
	for r := range z.Rows {
		out[r] = Argmax(z.Data[r*z.Cols : (r+1)*z.Cols])
	}
	return out
}

// Argmax is the index of the largest value (ties go to the lowest index):
// the predicted class of a row of logits.
func Argmax(row []int64) int {
	best := 0
	for c, v := range row {
		if v > row[best] {
			best = c
		}
	}
	return best
}

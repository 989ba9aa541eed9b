package learn

import (
	"fmt"
	"sync"
)

// A tensor-train layer stores its Out x In weight matrix W as cores G_k of
// shape (r_k, m_k, n_k, r_{k+1}) with m = OutModes, n = InModes:
//
//	W[i][j] = G_1[:, i_1, j_1, :] G_2[:, i_2, j_2, :] ... G_d[:, i_d, j_d, :]
//
// where i = (i_1, ..., i_d) and j = (j_1, ..., j_d) are the mixed-radix
// digits of the row and column (most significant first). Contractions
// run left to right in fixed point: each product of two WeightFrac values
// is rounded back to WeightFrac bits (roundShift), so the full matrix, and
// with it the whole step, is exact integer arithmetic.

// ttPrefixes returns L_0..L_d where L_k is the contraction of cores
// 0..k-1 as a P_k x r_k matrix over the interleaved digits
// (i_1 j_1 ... i_{k} j_{k}); L_0 is [2^frac].
func ttPrefixes(l Layer, cores [][]int64, frac uint8) ([]IntMat, error) {
	d := len(l.InModes)
	out := make([]IntMat, d+1)
	out[0] = IntMat{Rows: 1, Cols: 1, Data: []int64{1 << frac}}
	for k := range d {
		r, mn, r2 := l.Ranks[k], l.OutModes[k]*l.InModes[k], l.Ranks[k+1]
		g := IntMat{Rows: r, Cols: mn * r2, Data: cores[k]}
		p, err := matMul(out[k], noTrans, g, noTrans, fmt.Sprintf("tensor-train prefix %d", k))
		if err != nil {
			return nil, err
		}
		shiftAll(p.Data, int(frac))
		out[k+1] = IntMat{Rows: p.Rows * mn, Cols: r2, Data: p.Data}
	}
	return out, nil
}

// ttSuffixes returns S_0..S_{d-1} where S_k is the contraction of cores
// k+1..d-1 as an r_{k+1} x Q_k matrix over the interleaved digits
// (i_{k+2} j_{k+2} ... i_d j_d); S_{d-1} is [2^frac].
func ttSuffixes(l Layer, cores [][]int64, frac uint8) ([]IntMat, error) {
	d := len(l.InModes)
	out := make([]IntMat, d)
	out[d-1] = IntMat{Rows: 1, Cols: 1, Data: []int64{1 << frac}}
	for k := d - 1; k > 0; k-- {
		r, mn, r2 := l.Ranks[k], l.OutModes[k]*l.InModes[k], l.Ranks[k+1]
		g := IntMat{Rows: r * mn, Cols: r2, Data: cores[k]}
		s, err := matMul(g, noTrans, out[k], noTrans, fmt.Sprintf("tensor-train suffix %d", k))
		if err != nil {
			return nil, err
		}
		shiftAll(s.Data, int(frac))
		out[k-1] = IntMat{Rows: r, Cols: mn * s.Cols, Data: s.Data}
	}
	return out, nil
}

func shiftAll(values []int64, s int) {
	for i, v := range values {
		values[i] = roundShift(v, s)
	}
}

// permutations caches ttPermutation by modes; entries are never modified.
var permutations sync.Map // string -> []int

// ttPermutation maps each interleaved index (i_1 j_1 ... i_d j_d) to the
// row-major index i*In + j of the full matrix. The result is shared and
// must not be modified.
func ttPermutation(l Layer) []int {
	key := fmt.Sprint(l.OutModes, l.InModes)
	if p, ok := permutations.Load(key); ok {
		return p.([]int)
	}
	p, _ := permutations.LoadOrStore(key, computePermutation(l))
	return p.([]int)
}

func computePermutation(l Layer) []int {
	d := len(l.InModes)
	perm := make([]int, l.Out*l.In)
	digits := make([]int, 2*d)
	for idx := range perm {
		rest := idx
		for k := 2*d - 1; k >= 0; k-- {
			radix := l.InModes[k/2]
			if k%2 == 0 {
				radix = l.OutModes[k/2]
			}
			digits[k] = rest % radix
			rest /= radix
		}
		i, j := 0, 0
		for k := range d {
			i = i*l.OutModes[k] + digits[2*k]
			j = j*l.InModes[k] + digits[2*k+1]
		}
		perm[idx] = i*l.In + j
	}
	return perm
}

// ttFull is the layer's Out x In weight matrix with frac bits.
func ttFull(l Layer, cores [][]int64, frac uint8) (IntMat, error) {
	prefixes, err := ttPrefixes(l, cores, frac)
	if err != nil {
		return IntMat{}, err
	}
	interleaved := prefixes[len(prefixes)-1].Data
	w := NewIntMat(l.Out, l.In)
	for idx, pos := range ttPermutation(l) {
		w.Data[pos] = interleaved[idx]
	}
	return w, nil
}

// ttCoreGradients turns the gradient of the full matrix (GradFrac bits)
// into the gradient of each core (GradFrac bits):
//
//	dG_k[a, (i_k j_k), b] = sum_{p,q} L_k[p, a] D[p, (i_k j_k), q] S_k[b, q]
//
// with D the gradient in interleaved order, as two products rounded back
// by WeightFrac bits each.
func ttCoreGradients(l Layer, cores [][]int64, gradW IntMat, frac uint8) ([][]int64, error) {
	prefixes, err := ttPrefixes(l, cores, frac)
	if err != nil {
		return nil, err
	}
	suffixes, err := ttSuffixes(l, cores, frac)
	if err != nil {
		return nil, err
	}
	perm := ttPermutation(l)
	interleaved := make([]int64, len(perm))
	for idx, pos := range perm {
		interleaved[idx] = gradW.Data[pos]
	}
	out := make([][]int64, len(l.InModes))
	for k := range l.InModes {
		left, right := prefixes[k], suffixes[k]
		mn := l.OutModes[k] * l.InModes[k]
		dk := IntMat{Rows: left.Rows, Cols: mn * right.Cols, Data: interleaved}
		x, err := matMul(left, trans, dk, noTrans, fmt.Sprintf("tensor-train core %d gradient", k))
		if err != nil {
			return nil, err
		}
		shiftAll(x.Data, int(frac))
		x = IntMat{Rows: x.Rows * mn, Cols: right.Cols, Data: x.Data}
		gk, err := matMul(x, noTrans, right, trans, fmt.Sprintf("tensor-train core %d gradient", k))
		if err != nil {
			return nil, err
		}
		shiftAll(gk.Data, int(frac))
		out[k] = gk.Data
	}
	return out, nil
}

// TTFull contracts fixed-point TT cores (core k of shape (ranks[k],
// outModes[k], inModes[k], ranks[k+1]), raw values with frac fractional
// bits) into the prod(outModes) x prod(inModes) matrix, exactly as a
// tensor-train layer's forward pass does. It validates the modes, ranks
// and core sizes against the package limits.
func TTFull(outModes, inModes, ranks []int, cores [][]int64, frac uint8) (IntMat, error) {
	l := Layer{Kind: TensorTrain, InModes: inModes, OutModes: outModes, Ranks: ranks, In: 1, Out: 1}
	for k := range min(len(inModes), MaxTTCores+1) {
		l.In *= inModes[k]
	}
	for k := range min(len(outModes), MaxTTCores+1) {
		l.Out *= outModes[k]
	}
	if err := l.validateTT(); err != nil {
		return IntMat{}, err
	}
	if len(cores) != len(inModes) {
		return IntMat{}, fmt.Errorf("tensor-train matrix has %d modes but %d cores", len(inModes), len(cores))
	}
	for k, c := range cores {
		if want := ranks[k] * outModes[k] * inModes[k] * ranks[k+1]; len(c) != want {
			return IntMat{}, fmt.Errorf("tensor-train core %d has %d values, its shape %dx%dx%dx%d needs %d",
				k, len(c), ranks[k], outModes[k], inModes[k], ranks[k+1], want)
		}
	}
	return ttFull(l, cores, frac)
}

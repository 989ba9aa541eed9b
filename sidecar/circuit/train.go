package circuit

import (
	"math/big"

	"github.com/consensys/gnark/frontend"
)

// trained is what the step proves before the update, and what its
// matrix products are checked with once the commitment's challenge is
// known.
type trained struct {
	shape            Shape
	x                [][]frontend.Variable // batch x features
	w                [][]frontend.Variable // classes x features (merged)
	acc              [][]frontend.Variable // batch x classes: X W^T, as linear expressions of committed witnesses
	errs             [][]frontend.Variable // batch x classes: the output error G (zero on dropped rows)
	dw               [][]frontend.Variable // classes x features: dwScale * G^T X
	db               []frontend.Variable   // classes: dbScale * column sums of G
	dwScale, dbScale *big.Int
	grads            []frontend.Variable // mean gradients in learn's flat order
	committed        []frontend.Variable // what the challenge is derived from
}

// train proves learn's forward pass, pinned softmax, trimmed-loss
// selection and mean gradients. Products of two witness matrices are
// checked by Freivalds' test in check.
func (c *Step) train(api frontend.API, g *gadgets, merged []frontend.Variable) *trained {
	s, num := c.Shape, c.Shape.Numerics
	B, d, C := s.Batch, s.Features, s.Classes
	t := &trained{shape: s}
	for r := range B {
		row := c.Batch[r*(d+1) : r*(d+1)+d]
		t.x = append(t.x, row)
		t.committed = append(t.committed, row...)
	}
	for k := range C {
		t.w = append(t.w, merged[k*d:(k+1)*d])
	}
	t.committed = append(t.committed, merged...)
	bias := merged[C*d:]

	// Logits z = roundShift(X W^T, s1) + roundShift(b, s2).
	zBits := int(num.ActFrac) + LogitBits
	s1 := int(num.InputFrac) + int(num.WeightFrac) - int(num.ActFrac)
	s2 := int(num.WeightFrac) - int(num.ActFrac)
	biasZ := make([]frontend.Variable, C)
	for k := range C {
		biasZ[k] = g.roundShift(bias[k], s2, 33-max(s2, 0))
	}
	one := pow2(int(num.ProbFrac))
	labels := make([]frontend.Variable, B)
	probs := make([][]frontend.Variable, B)
	hot := make([][]frontend.Variable, B)
	t.acc = make([][]frontend.Variable, B)
	table := newExpTable(api)
	for r := range B {
		z := make([]frontend.Variable, C)
		t.acc[r] = make([]frontend.Variable, C)
		for k := range C {
			q, rem := c.dot(api, g, t.x[r], t.w[k], big.NewInt(1), s1, zBits)
			t.committed = append(t.committed, q, rem)
			t.acc[r][k] = api.Sub(api.Add(api.Mul(q, pow2(s1)), rem), halfOf(s1))
			z[k] = api.Add(q, biasZ[k])
		}
		probs[r] = softmax(api, g, table, z, zBits, num)
		t.committed = append(t.committed, probs[r]...)
		labels[r] = c.Batch[r*(d+1)+d]
		hot[r] = oneHot(api, labels[r], C)
		t.committed = append(t.committed, hot[r]...)
	}
	kept := c.keep(api, g, probs, hot)

	// Output error G = kept * (p - onehot * 2^ProbFrac).
	t.errs = make([][]frontend.Variable, B)
	for r := range B {
		t.errs[r] = make([]frontend.Variable, C)
		for k := range C {
			e := api.Sub(probs[r][k], api.Mul(hot[r][k], one))
			if kept != nil {
				e = api.Mul(kept[r], e)
				t.committed = append(t.committed, e)
			}
			t.errs[r][k] = e
		}
	}

	// Mean gradients rescaled to GradFrac (learn's rescaleMean over the
	// kept rows): g = floor((scale * sum + off) / div).
	n := int64(s.Keep())
	gBits := int(s.InputBits) + int(num.GradFrac) - int(num.InputFrac) + 2
	scale, off, div := rescaling(int(num.ProbFrac)+int(num.InputFrac), int(num.GradFrac), n)
	t.dwScale = scale
	t.dw = make([][]frontend.Variable, C)
	for k := range C {
		t.dw[k] = make([]frontend.Variable, d)
		for j := range d {
			col := make([]frontend.Variable, B)
			xs := make([]frontend.Variable, B)
			for r := range B {
				col[r], xs[r] = t.errs[r][k], t.x[r][j]
			}
			q, rem := c.dotDiv(api, g, col, xs, scale, off, div, gBits)
			t.committed = append(t.committed, q, rem)
			t.dw[k][j] = api.Sub(api.Add(api.Mul(q, div), rem), off)
			t.grads = append(t.grads, q)
		}
	}
	scale, off, div = rescaling(int(num.ProbFrac), int(num.GradFrac), n)
	t.dbScale = scale
	t.db = make([]frontend.Variable, C)
	ones := make([]frontend.Variable, B)
	for r := range ones {
		ones[r] = 1
	}
	for k := range C {
		col := make([]frontend.Variable, B)
		for r := range B {
			col[r] = t.errs[r][k]
		}
		q, rem := c.dotDiv(api, g, col, ones, scale, off, div, gBits)
		t.committed = append(t.committed, q, rem)
		t.db[k] = api.Sub(api.Add(api.Mul(q, div), rem), off)
		t.grads = append(t.grads, q)
	}
	return t
}

// rescaling gives learn's rescaleMean(x, from, to, n) as floor((scale*x +
// off) / div): roundDiv(x * 2^(to-from), n) or roundDiv(x, n * 2^(from-to)),
// with roundDiv(a, b) = floor((2a + b) / 2b).
func rescaling(from, to int, n int64) (scale, off, div *big.Int) {
	if to >= from {
		return pow2(to - from + 1), big.NewInt(n), big.NewInt(2 * n)
	}
	den := new(big.Int).Mul(big.NewInt(n), pow2(from-to))
	return big.NewInt(2), den, new(big.Int).Lsh(den, 1)
}

// dot returns q, rem with sum_j x_j w_j + 2^(s-1) = q 2^s + rem (learn's
// roundShift of a dot product), the product itself left to check.
func (c *Step) dot(api frontend.API, g *gadgets, x, w []frontend.Variable, scale *big.Int, s, qBits int) (q, rem frontend.Variable) {
	return c.dotDiv(api, g, x, w, scale, halfOf(s), pow2(s), qBits)
}

// dotDiv returns q, rem with scale * sum_j x_j y_j + off = q div + rem,
// 0 <= rem < div, |q| < 2^(qBits-1). The sum is not constrained here: it is
// checked by Freivalds' test.
func (c *Step) dotDiv(api frontend.API, g *gadgets, x, y []frontend.Variable, scale, off, div *big.Int, qBits int) (q, rem frontend.Variable) {
	in := []frontend.Variable{scale, off, div}
	for j := range x {
		in = append(in, x[j], y[j])
	}
	out := hintN(api, dotHint, 2, in...)
	g.below(out[1], div)
	g.signed(out[0], qBits)
	return out[0], out[1]
}

// halfOf is 2^(s-1), or 0 for s = 0.
func halfOf(s int) *big.Int {
	if s == 0 {
		return big.NewInt(0)
	}
	return pow2(s - 1)
}

// oneHot returns classes bits with bit y set, and so proves 0 <= y < classes.
func oneHot(api frontend.API, y frontend.Variable, classes int) []frontend.Variable {
	bits := hintN(api, oneHotHint, classes, y)
	var sum, index frontend.Variable = 0, 0
	for k, b := range bits {
		api.AssertIsBoolean(b)
		sum = api.Add(sum, b)
		index = api.Add(index, api.Mul(b, k))
	}
	api.AssertIsEqual(sum, 1)
	api.AssertIsEqual(index, y)
	return bits
}

// keep proves learn's trimmed-loss selection: the Keep() rows with the
// highest probability of their label, ties to the lower row. Keys
// p_y * B + (B - 1 - r) are distinct, so "every kept key is at least the
// threshold and every dropped one below it" picks exactly that set. It
// returns nil when every row is kept.
func (c *Step) keep(api frontend.API, g *gadgets, probs, hot [][]frontend.Variable) []frontend.Variable {
	s := c.Shape
	keep := s.Keep()
	if keep == s.Batch {
		return nil
	}
	keys := []frontend.Variable{keep}
	for r := range s.Batch {
		var py frontend.Variable = 0
		for k := range s.Classes {
			py = api.Add(py, api.Mul(hot[r][k], probs[r][k]))
		}
		keys = append(keys, api.Add(api.Mul(py, s.Batch), s.Batch-1-r))
	}
	out := hintN(api, thresholdHint, len(keys), keys...)
	threshold, kept := out[0], out[1:]
	keyBits := int(s.Numerics.ProbFrac) + 1 + bitLen(s.Batch)
	var count frontend.Variable = 0
	for r, k := range kept {
		api.AssertIsBoolean(k)
		count = api.Add(count, k)
		key := keys[1+r]
		g.unsigned(api.Select(k, api.Sub(key, threshold), api.Sub(api.Sub(threshold, 1), key)), keyBits)
	}
	api.AssertIsEqual(count, keep)
	return kept
}

// check is Freivalds' test of the two matrix products with the powers of
// a challenge rho drawn after every factor and claimed product is
// committed: per row, sum_c rho^c acc[r][c] = sum_j x[r][j] (sum_c rho^c
// w[c][j]); per feature, sum_c rho^c dw[c][j] = dwScale sum_r x[r][j]
// h[r] with h[r] = sum_c rho^c G[r][c]; and sum_c rho^c db[c] = dbScale
// sum_r h[r]. A wrong entry passes with probability at most
// (classes-1)/|F| per equation.
func (t *trained) check(api frontend.API, rho frontend.Variable) {
	s := t.shape
	powers := make([]frontend.Variable, s.Classes)
	powers[0] = 1
	for k := 1; k < s.Classes; k++ {
		powers[k] = api.Mul(powers[k-1], rho)
	}
	wr := make([]frontend.Variable, s.Features)
	for j := range wr {
		var sum frontend.Variable = 0
		for k := range s.Classes {
			sum = api.Add(sum, api.Mul(powers[k], t.w[k][j]))
		}
		wr[j] = sum
	}
	h := make([]frontend.Variable, s.Batch)
	var hSum frontend.Variable = 0
	for r := range s.Batch {
		var lhs, rhs, hr frontend.Variable = 0, 0, 0
		for k := range s.Classes {
			lhs = api.Add(lhs, api.Mul(powers[k], t.acc[r][k]))
			hr = api.Add(hr, api.Mul(powers[k], t.errs[r][k]))
		}
		for j := range s.Features {
			rhs = api.Add(rhs, api.Mul(t.x[r][j], wr[j]))
		}
		api.AssertIsEqual(lhs, rhs)
		h[r] = hr
		hSum = api.Add(hSum, hr)
	}
	for j := range s.Features {
		var lhs, rhs frontend.Variable = 0, 0
		for k := range s.Classes {
			lhs = api.Add(lhs, api.Mul(powers[k], t.dw[k][j]))
		}
		for r := range s.Batch {
			rhs = api.Add(rhs, api.Mul(t.x[r][j], h[r]))
		}
		api.AssertIsEqual(lhs, api.Mul(rhs, t.dwScale))
	}
	var lhs frontend.Variable = 0
	for k := range s.Classes {
		lhs = api.Add(lhs, api.Mul(powers[k], t.db[k]))
	}
	api.AssertIsEqual(lhs, api.Mul(hSum, t.dbScale))
}

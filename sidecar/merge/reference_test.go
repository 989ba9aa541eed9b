package merge

import (
	"math/big"
	"slices"
)

// Reference implementations in math/big, written from the documented
// definitions without any of the package's 64/128-bit shortcuts.

// bigRoundDiv returns n/d rounded half up, for d > 0:
// floor((2n + d) / (2d)), with a floor (not truncating) division.
func bigRoundDiv(n, d *big.Int) int64 {
	a := new(big.Int).Lsh(n, 1)
	a.Add(a, d)
	q := new(big.Int)
	q.Div(a, new(big.Int).Lsh(d, 1)) // Euclidean: floor for a positive divisor
	if !q.IsInt64() {
		panic("reference result out of int64")
	}
	return q.Int64()
}

func refAverage(models [][]int64, weights []uint64) []int64 {
	w := new(big.Int)
	for _, x := range weights {
		w.Add(w, new(big.Int).SetUint64(x))
	}
	out := make([]int64, len(models[0]))
	for j := range out {
		n := new(big.Int)
		for i, m := range models {
			n.Add(n, new(big.Int).Mul(new(big.Int).SetUint64(weights[i]), big.NewInt(m[j])))
		}
		out[j] = bigRoundDiv(n, w)
	}
	return out
}

func refColumn(models [][]int64, j int) []int64 {
	col := make([]int64, len(models))
	for i, m := range models {
		col[i] = m[j]
	}
	slices.Sort(col)
	return col
}

func refMedian(models [][]int64) []int64 {
	n := len(models)
	out := make([]int64, len(models[0]))
	for j := range out {
		col := refColumn(models, j)
		if n%2 == 1 {
			out[j] = col[n/2]
			continue
		}
		s := new(big.Int).Add(big.NewInt(col[n/2-1]), big.NewInt(col[n/2]))
		out[j] = s.Div(s, big.NewInt(2)).Int64() // Euclidean = floor for d > 0
	}
	return out
}

func refTrimmed(models [][]int64, trim int) []int64 {
	n := len(models)
	out := make([]int64, len(models[0]))
	for j := range out {
		col := refColumn(models, j)
		s := new(big.Int)
		for _, v := range col[trim : n-trim] {
			s.Add(s, big.NewInt(v))
		}
		out[j] = bigRoundDiv(s, big.NewInt(int64(n-2*trim)))
	}
	return out
}

func refSqDist(a, b []int64) *big.Int {
	s := new(big.Int)
	for j := range a {
		d := new(big.Int).Sub(big.NewInt(a[j]), big.NewInt(b[j]))
		s.Add(s, d.Mul(d, d))
	}
	return s
}

// refKrumOrder returns all indices by increasing Krum score, ties by index.
func refKrumOrder(models [][]int64, f int) []int {
	n := len(models)
	k := n - f - 2
	scores := make([]*big.Int, n)
	for a := range n {
		var ds []*big.Int
		for b := range n {
			if b != a {
				ds = append(ds, refSqDist(models[a], models[b]))
			}
		}
		slices.SortFunc(ds, (*big.Int).Cmp)
		s := new(big.Int)
		for _, d := range ds[:k] {
			s.Add(s, d)
		}
		scores[a] = s
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return scores[a].Cmp(scores[b]) })
	return idx
}

func refMultiKrum(models [][]int64, f, m int) []int64 {
	sel := refKrumOrder(models, f)[:m]
	picked := make([][]int64, len(sel))
	for k, i := range sel {
		picked[k] = models[i]
	}
	return refTrimmed(picked, 0)
}

func refCeilNorm(v *big.Int) *big.Int {
	s := new(big.Int).Sqrt(v)
	if new(big.Int).Mul(s, s).Cmp(v) != 0 {
		s.Add(s, big.NewInt(1))
	}
	return s
}

func refClipped(local []int64, received [][]int64, tau uint64) []int64 {
	t := new(big.Int).SetUint64(tau)
	sums := make([]*big.Int, len(local))
	for j := range sums {
		sums[j] = new(big.Int)
	}
	for _, r := range received {
		c := refCeilNorm(refSqDist(r, local))
		for j := range local {
			v := new(big.Int).Sub(big.NewInt(r[j]), big.NewInt(local[j]))
			if c.Cmp(t) > 0 {
				v.Mul(v, t).Quo(v, c) // Quo truncates toward zero
			}
			sums[j].Add(sums[j], v)
		}
	}
	out := make([]int64, len(local))
	for j := range out {
		out[j] = local[j] + bigRoundDiv(sums[j], big.NewInt(int64(len(received))))
	}
	return out
}

func refAdaptiveTau(local []int64, received [][]int64) uint64 {
	var norms []*big.Int
	for _, r := range received {
		norms = append(norms, refCeilNorm(refSqDist(r, local)))
	}
	slices.SortFunc(norms, (*big.Int).Cmp)
	return norms[(len(norms)-1)/2].Uint64()
}

package circuit

import (
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/lookup/logderivlookup"

	"github.com/litegpt/litegpt/sidecar/learn"
)

// The pinned softmax of sidecar/learn, proven exactly. For a row of
// logits z with maximum top, each delta = top - z >= 0 gives
//
//	t = roundShift(-delta * Log2eRaw, Log2eFrac)  = -m * 2^ActFrac + idx * 2^(ActFrac-8) + low
//	e = Exp2Table[idx] >> m                       (0 once m >= 31)
//	p = floor(e * 2^ProbFrac / sum(e))
//
// learn clamps delta at SoftmaxClamp natural-log units; every delta at or
// beyond farDelta already gives e = 0, so the circuit proves "far" with one
// comparison and computes t only for near logits.

// expOf is learn's e for one delta >= 0 (the clamp included).
func expOf(delta int64, actFrac uint8) int64 {
	d := max(-delta, -int64(learn.SoftmaxClamp)<<actFrac)
	prod := d * learn.Log2eRaw
	t := (prod + 1<<(learn.Log2eFrac-1)) >> learn.Log2eFrac
	k := t >> actFrac
	idx := (t - k<<actFrac) >> (actFrac - learn.ExpTableBits)
	if -k > 31 {
		return 0
	}
	return learn.Exp2Table[idx] >> uint(-k)
}

// farDelta is the smallest delta whose e is 0 (e is non-increasing in
// delta).
func farDelta(actFrac uint8) int64 {
	lo, hi := int64(0), int64(learn.SoftmaxClamp)<<actFrac
	for lo < hi {
		mid := (lo + hi) / 2
		if expOf(mid, actFrac) == 0 {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// softmax proves one row: it returns the probabilities (ProbFrac bits) of
// logits z, each |z| < 2^(zBits-1).
func softmax(api frontend.API, g *gadgets, table logderivlookup.Table, z []frontend.Variable, zBits int, num learn.Numerics) []frontend.Variable {
	fa := int(num.ActFrac)
	far := big.NewInt(farDelta(num.ActFrac))
	top := hint1(api, maxHint, z...)
	var prod frontend.Variable = 1
	exps := make([]frontend.Variable, len(z))
	var sum frontend.Variable = 0
	for c, zc := range z {
		delta := api.Sub(top, zc)
		g.unsigned(delta, zBits+1) // top >= z_c
		prod = api.Mul(prod, delta)
		// isFar = [delta >= far]
		isFar := hint1(api, geqHint, delta, far)
		api.AssertIsBoolean(isFar)
		farBy := api.Sub(delta, far)                          // >= 0 when far
		nearBy := api.Sub(api.Sub(far, 1), delta)             // >= 0 when near
		g.unsigned(api.Select(isFar, farBy, nearBy), zBits+1) // one multiplication
		near := api.Sub(delta, api.Mul(isFar, delta))         // delta when near, 0 when far
		// -near * Log2eRaw + 2^(Log2eFrac-1) = t * 2^Log2eFrac + rem
		a := api.Add(api.Mul(near, -learn.Log2eRaw), pow2(learn.Log2eFrac-1))
		t, _ := g.divMod(a, pow2(learn.Log2eFrac), 0)
		// t = -m * 2^fa + idx * 2^(fa-8) + low
		parts := hintN(api, expPartsHint, 3, t, fa)
		m, idx, low := parts[0], parts[1], parts[2]
		mBits := api.ToBinary(m, 5)
		g.unsigned(low, fa-learn.ExpTableBits)
		api.AssertIsEqual(t, api.Add(api.Mul(m, new(big.Int).Neg(pow2(fa))), api.Mul(idx, pow2(fa-learn.ExpTableBits)), low))
		entry := table.Lookup(idx)[0] // also proves 0 <= idx < 256
		// e = floor(entry / 2^m) = floor(entry * 2^(31-m) / 2^31)
		var scale frontend.Variable = 1
		for i, b := range mBits {
			scale = api.Mul(scale, api.Add(1, api.Mul(api.Sub(1, b), new(big.Int).Sub(pow2(1<<i), big.NewInt(1)))))
		}
		e, _ := g.divMod(api.Mul(entry, scale), pow2(31), 32)
		exps[c] = api.Sub(e, api.Mul(isFar, e))
		sum = api.Add(sum, exps[c])
	}
	api.AssertIsEqual(prod, 0)       // top is one of the logits
	sumBits := 31 + bitLen(len(z)-1) // every e < 2^31
	probs := make([]frontend.Variable, len(z))
	for c := range z {
		probs[c], _ = g.divModVar(api.Mul(exps[c], pow2(int(num.ProbFrac))), sum, sumBits, int(num.ProbFrac)+2)
	}
	return probs
}

func bitLen(n int) int { return big.NewInt(int64(n)).BitLen() }

func newExpTable(api frontend.API) logderivlookup.Table {
	table := logderivlookup.New(api)
	for _, v := range learn.Exp2Table {
		table.Insert(v)
	}
	return table
}

func hint1(api frontend.API, h func(*big.Int, []*big.Int, []*big.Int) error, in ...frontend.Variable) frontend.Variable {
	return hintN(api, h, 1, in...)[0]
}

func hintN(api frontend.API, h func(*big.Int, []*big.Int, []*big.Int) error, n int, in ...frontend.Variable) []frontend.Variable {
	out, err := api.Compiler().NewHint(h, n, in...)
	if err != nil {
		panic(err)
	}
	return out
}

package circuit

import (
	"fmt"
	"math/big"

	"github.com/consensys/gnark/constraint/solver"
)

// The circuit's hints compute the witnesses that constraints then check:
// quotients and remainders of divisions, a row maximum, and the trimmed-
// loss threshold. A hint only proposes values; nothing it returns is
// trusted.
func init() {
	solver.RegisterHint(divModHint, maxHint, thresholdHint, dotHint, oneHotHint, geqHint, expPartsHint)
}

// signed reads a field element as a signed integer in (-p/2, p/2).
func signed(v, field *big.Int) *big.Int {
	half := new(big.Int).Rsh(field, 1)
	out := new(big.Int).Set(v)
	if out.Cmp(half) > 0 {
		out.Sub(out, field)
	}
	return out
}

// divModHint returns floor(a/d) and a - d*floor(a/d) for signed a and
// d > 0: inputs (a, d), outputs (q, r) with 0 <= r < d.
func divModHint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 2 || len(out) != 2 {
		return fmt.Errorf("divmod hint takes 2 inputs and 2 outputs")
	}
	a, d := signed(in[0], field), signed(in[1], field)
	if d.Sign() <= 0 {
		return fmt.Errorf("divmod hint: divisor %s is not positive", d)
	}
	q, r := new(big.Int).DivMod(a, d, new(big.Int)) // Euclidean: r >= 0, so q is the floor
	out[0].Mod(q, field)
	out[1].Set(r)
	return nil
}

// maxHint returns the largest of its signed inputs.
func maxHint(field *big.Int, in, out []*big.Int) error {
	if len(in) == 0 || len(out) != 1 {
		return fmt.Errorf("max hint takes inputs and 1 output")
	}
	best := signed(in[0], field)
	for _, v := range in[1:] {
		if s := signed(v, field); s.Cmp(best) > 0 {
			best = s
		}
	}
	out[0].Mod(best, field)
	return nil
}

// thresholdHint takes keep followed by n distinct keys and returns the
// keep-th largest key followed by n selection bits (1 for the keep
// largest).
func thresholdHint(field *big.Int, in, out []*big.Int) error {
	if len(in) < 2 || len(out) != len(in) {
		return fmt.Errorf("threshold hint takes keep and keys, and returns the threshold and one bit per key")
	}
	keep := int(in[0].Int64())
	keys := in[1:]
	if keep < 1 || keep > len(keys) {
		return fmt.Errorf("threshold hint: keep %d of %d keys", keep, len(keys))
	}
	// the keep-th largest: count, for each key, how many are larger
	var threshold *big.Int
	for i, k := range keys {
		larger := 0
		for j, o := range keys {
			if j != i && o.Cmp(k) > 0 {
				larger++
			}
		}
		if larger < keep {
			out[1+i].SetUint64(1)
			if threshold == nil || k.Cmp(threshold) < 0 {
				threshold = k
			}
		} else {
			out[1+i].SetUint64(0)
		}
	}
	out[0].Set(threshold)
	return nil
}

// dotHint computes a = scale * sum(x_i * y_i) + offset and returns
// floor(a / div) and the remainder: inputs (scale, offset, div, x_1, y_1,
// ..., x_n, y_n).
func dotHint(field *big.Int, in, out []*big.Int) error {
	if len(in) < 3 || len(in)%2 != 1 || len(out) != 2 {
		return fmt.Errorf("dot hint takes scale, offset, divisor and pairs, and returns 2 outputs")
	}
	sum := new(big.Int)
	for i := 3; i < len(in); i += 2 {
		sum.Add(sum, new(big.Int).Mul(signed(in[i], field), signed(in[i+1], field)))
	}
	a := sum.Mul(sum, signed(in[0], field))
	a.Add(a, signed(in[1], field))
	return divModHint(field, []*big.Int{new(big.Int).Mod(a, field), in[2]}, out)
}

// oneHotHint returns n bits, bit c set when the input equals c.
func oneHotHint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 1 {
		return fmt.Errorf("one-hot hint takes 1 input")
	}
	for c := range out {
		if in[0].IsInt64() && in[0].Int64() == int64(c) {
			out[c].SetUint64(1)
		} else {
			out[c].SetUint64(0)
		}
	}
	return nil
}

// geqHint returns 1 when its first signed input is at least its second.
func geqHint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 2 || len(out) != 1 {
		return fmt.Errorf("geq hint takes 2 inputs and 1 output")
	}
	out[0].SetUint64(0)
	if signed(in[0], field).Cmp(signed(in[1], field)) >= 0 {
		out[0].SetUint64(1)
	}
	return nil
}

// expPartsHint splits t <= 0 (signed) as -m * 2^fa + idx * 2^(fa-8) + low
// with 0 <= idx < 256 and 0 <= low < 2^(fa-8): inputs (t, fa), outputs
// (m, idx, low).
func expPartsHint(field *big.Int, in, out []*big.Int) error {
	if len(in) != 2 || len(out) != 3 {
		return fmt.Errorf("exp parts hint takes 2 inputs and 3 outputs")
	}
	t := signed(in[0], field)
	fa := uint(in[1].Uint64())
	k := new(big.Int).Rsh(t, fa) // floor for negative t
	m := new(big.Int).Neg(k)
	rest := new(big.Int).Sub(t, new(big.Int).Lsh(k, fa))
	idx := new(big.Int).Rsh(rest, fa-8)
	low := new(big.Int).Sub(rest, new(big.Int).Lsh(idx, fa-8))
	out[0].Mod(m, field)
	out[1].Set(idx)
	out[2].Set(low)
	return nil
}

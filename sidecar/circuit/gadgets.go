package circuit

import (
	"math/big"

	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/rangecheck"
)

// gadgets are the fixed-point building blocks every part of the circuit
// uses: range checks and rounded divisions that prove exactly what
// sidecar/learn's integer helpers compute.
type gadgets struct {
	api frontend.API
	rc  frontend.Rangechecker
}

func newGadgets(api frontend.API) *gadgets {
	return &gadgets{api: api, rc: rangecheck.New(api)}
}

// unsigned asserts 0 <= x < 2^bits.
func (g *gadgets) unsigned(x frontend.Variable, bits int) {
	if bits <= 0 {
		g.api.AssertIsEqual(x, 0)
		return
	}
	g.rc.Check(x, bits)
}

// signed asserts -2^(bits-1) <= x < 2^(bits-1).
func (g *gadgets) signed(x frontend.Variable, bits int) {
	g.unsigned(g.api.Add(x, pow2(bits-1)), bits)
}

// below asserts 0 <= x < bound for a constant bound >= 1.
func (g *gadgets) below(x frontend.Variable, bound *big.Int) {
	bits := new(big.Int).Sub(bound, big.NewInt(1)).BitLen()
	g.unsigned(x, bits)
	if new(big.Int).Lsh(big.NewInt(1), uint(bits)).Cmp(bound) != 0 {
		g.unsigned(g.api.Sub(new(big.Int).Sub(bound, big.NewInt(1)), x), bits)
	}
}

// divMod returns q, r with a = q*d + r, 0 <= r < d, for a constant d > 0,
// and asserts that q fits qBits signed bits (qBits = 0: the caller bounds q
// by other constraints).
func (g *gadgets) divMod(a frontend.Variable, d *big.Int, qBits int) (q, r frontend.Variable) {
	out, err := g.api.Compiler().NewHint(divModHint, 2, a, d)
	if err != nil {
		panic(err)
	}
	q, r = out[0], out[1]
	g.api.AssertIsEqual(a, g.api.Add(g.api.Mul(q, d), r))
	g.below(r, d)
	if qBits > 0 {
		g.signed(q, qBits)
	}
	return q, r
}

// divModVar is divMod for a variable divisor 0 < d < 2^dBits.
func (g *gadgets) divModVar(a, d frontend.Variable, dBits, qBits int) (q, r frontend.Variable) {
	out, err := g.api.Compiler().NewHint(divModHint, 2, a, d)
	if err != nil {
		panic(err)
	}
	q, r = out[0], out[1]
	g.api.AssertIsEqual(a, g.api.Add(g.api.Mul(q, d), r))
	g.unsigned(r, dBits)
	g.unsigned(g.api.Sub(g.api.Sub(d, 1), r), dBits)
	if qBits > 0 {
		g.signed(q, qBits)
	}
	return q, r
}

// roundShift is learn's roundShift: floor((x + 2^(s-1)) / 2^s) for s > 0,
// x for s = 0 and x * 2^-s for s < 0; the quotient fits qBits signed bits.
func (g *gadgets) roundShift(x frontend.Variable, s, qBits int) frontend.Variable {
	switch {
	case s == 0:
		return x
	case s < 0:
		return g.api.Mul(x, pow2(-s))
	}
	q, _ := g.divMod(g.api.Add(x, pow2(s-1)), pow2(s), qBits)
	return q
}

// pow2 is 2^n as a big integer constant.
func pow2(n int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(n)) }

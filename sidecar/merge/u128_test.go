package merge

import (
	"math/big"
	"testing"
)

func (x u128) big() *big.Int {
	v := new(big.Int).SetUint64(x.hi)
	return v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(x.lo))
}

func TestQuoRemAgreesWithBig(t *testing.T) {
	r := newRand(1)
	const max = ^uint64(0)
	edge := []u128{{0, 1}, {0, 2}, {0, max}, {1, 0}, {1, max}, {max, 0}, {max, max}, {1 << 63, 0}, {0, 1 << 63}}
	pick := func() u128 {
		switch r.IntN(4) {
		case 0:
			return edge[r.IntN(len(edge))]
		case 1:
			return u128{0, r.Uint64()}
		case 2:
			return u128{r.Uint64N(8), r.Uint64()}
		}
		return u128{r.Uint64(), r.Uint64()}
	}
	for range 20000 {
		x, y := pick(), pick()
		if y == (u128{}) {
			continue
		}
		q, rem := x.quoRem(y)
		wq, wr := new(big.Int).QuoRem(x.big(), y.big(), new(big.Int))
		if q.big().Cmp(wq) != 0 || rem.big().Cmp(wr) != 0 {
			t.Fatalf("%v quoRem %v = %v, %v; want %v, %v", x, y, q.big(), rem.big(), wq, wr)
		}
	}
}

func TestCeilSqrtAgreesWithBig(t *testing.T) {
	r := newRand(2)
	cases := []u128{{0, 0}, {0, 1}, {0, 2}, {0, 4}, {0, 15}, {0, 16}, {0, 17}, {1, 0}, {1<<62 - 1, ^uint64(0)}}
	for range 5000 {
		s := 1 + r.Uint64N(1<<62)
		sq := mul64(s, s)
		cases = append(cases, sq, sq.add64(1), sq.sub(u128{0, 1}), u128{r.Uint64N(1 << 62), r.Uint64()})
	}
	for _, x := range cases {
		got := ceilSqrt(x)
		want := refCeilNorm(x.big())
		if new(big.Int).SetUint64(got).Cmp(want) != 0 {
			t.Fatalf("ceilSqrt(%v) = %d, want %v", x.big(), got, want)
		}
	}
}

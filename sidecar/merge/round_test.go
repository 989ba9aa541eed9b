package merge

import (
	"math"
	"math/big"
	"testing"
)

func TestDividerExact(t *testing.T) {
	r := newRand(90)
	ds := []uint64{1, 2, 3, 7, 9, 1<<32 - 1, 1 << 32, 1<<63 - 1, 1 << 63, math.MaxUint64}
	as := []uint64{0, 1, 2, 1<<63 - 1, 1<<63 - 2, 1 << 62}
	for range 3000 {
		ds = append(ds[:10], 1+r.Uint64N(1<<r.IntN(64)))
		as = append(as[:6], r.Uint64N(1<<63), r.Uint64N(1<<r.IntN(63)+1))
		for _, d := range ds {
			v := newDivider(d)
			for _, a := range as {
				q, rem := v.quoRem(a)
				if q != a/d || rem != a%d {
					t.Fatalf("%d quoRem %d = %d, %d; want %d, %d", a, d, q, rem, a/d, a%d)
				}
				for _, n := range []int64{int64(a), -int64(a)} {
					want := bigRoundDiv(big.NewInt(n), new(big.Int).SetUint64(d))
					if got := v.round(n); got != want {
						t.Fatalf("round(%d / %d) = %d, want %d", n, d, got, want)
					}
				}
			}
		}
	}
}

func TestDividerHalvesUp(t *testing.T) {
	v := newDivider(2)
	for n, want := range map[int64]int64{5: 3, -5: -2, 3: 2, -3: -1, 1: 1, -1: 0, 2: 1, -2: -1, 0: 0} {
		if got := v.round(n); got != want {
			t.Fatalf("round(%d/2) = %d, want %d", n, got, want)
		}
	}
	v = newDivider(3)
	for n, want := range map[int64]int64{4: 1, 5: 2, -4: -1, -5: -2, -1: 0, -2: -1} {
		if got := v.round(n); got != want {
			t.Fatalf("round(%d/3) = %d, want %d", n, got, want)
		}
	}
}

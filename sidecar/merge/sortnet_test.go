package merge

import (
	"slices"
	"testing"
)

// By the 0-1 principle a comparator network sorts every input if it sorts
// every input of zeros and ones; check all 2^n of them for n <= 16.
func TestOddEvenMergeNetworkSorts(t *testing.T) {
	for n := 1; n <= 16; n++ {
		net := oddEvenMergeNetwork(n)
		for _, c := range net {
			if c.a < 0 || c.a >= c.b || c.b >= n {
				t.Fatalf("n=%d: comparator %+v out of order or range", n, c)
			}
		}
		v := make([]int, n)
		for bitsIn := 0; bitsIn < 1<<n; bitsIn++ {
			for i := range v {
				v[i] = bitsIn >> i & 1
			}
			for _, c := range net {
				if v[c.a] > v[c.b] {
					v[c.a], v[c.b] = v[c.b], v[c.a]
				}
			}
			if !slices.IsSorted(v) {
				t.Fatalf("n=%d: input %b not sorted: %v", n, bitsIn, v)
			}
		}
	}
}

// sortedColumns across block boundaries and for larger n.
func TestSortedColumns(t *testing.T) {
	r := newRand(100)
	for _, n := range []int{1, 2, 9, 17, 33} {
		d := sortBlock*2 + 37
		models := randModels(r, n, d)
		seen := 0
		sortedColumns(models, func(lo int, rows [][]int64) {
			for k := range rows[0] {
				col := refColumn(models, lo+k)
				for i := range rows {
					if rows[i][k] != col[i] {
						t.Fatalf("n=%d coordinate %d rank %d = %d, want %d", n, lo+k, i, rows[i][k], col[i])
					}
				}
				seen++
			}
		})
		if seen != d {
			t.Fatalf("n=%d: emitted %d coordinates, want %d", n, seen, d)
		}
	}
}

package tt

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// RandomMatrix returns a TT-matrix with the given modes and ranks whose
// core entries are independent normal samples drawn from a PCG seeded with
// seed (the same on every machine). Core k < d-1 has standard deviation
// 1/√Ranks[k+1] and the last core 1, so the entries of Full() have
// variance 1. It is meant for tests and benchmarks, whose shapes are
// constants: it panics with the Validate error on an invalid shape.
func RandomMatrix(rowModes, colModes, ranks []int, seed uint64) *Matrix {
	d := len(rowModes)
	t := &Matrix{
		RowModes: append([]int(nil), rowModes...),
		ColModes: append([]int(nil), colModes...),
		Ranks:    append([]int(nil), ranks...),
		Cores:    make([][]float64, d),
	}
	if len(colModes) == d && len(ranks) == d+1 {
		for k := range d {
			if size, ok := product(max(ranks[k], 0), max(rowModes[k], 0), max(colModes[k], 0), max(ranks[k+1], 0)); ok {
				t.Cores[k] = make([]float64, size)
			}
		}
	}
	if err := t.Validate(); err != nil {
		panic(fmt.Sprintf("tt: RandomMatrix: %v", err))
	}
	rng := rand.New(rand.NewPCG(seed, 0x7474_6d61_7472_6978)) // "ttmatrix"
	for k, g := range t.Cores {
		std := 1.0
		if k < d-1 {
			std = 1 / math.Sqrt(float64(ranks[k+1]))
		}
		for e := range g {
			g[e] = std * rng.NormFloat64()
		}
	}
	return t
}

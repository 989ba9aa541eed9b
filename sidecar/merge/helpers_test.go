package merge

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// newRand returns a reproducible generator for a test.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x6d65726765)) }

// randParam draws a domain value: anywhere in int32, within 1000 of either
// end of it, or small, so sums, products and distances reach their bounds.
func randParam(r *rand.Rand) int64 {
	switch r.IntN(4) {
	case 0:
		return MaxParam - r.Int64N(1000)
	case 1:
		return MinParam + r.Int64N(1000)
	case 2:
		return r.Int64N(2001) - 1000
	}
	return int64(int32(r.Uint32()))
}

func randModels(r *rand.Rand, n, d int) [][]int64 {
	out := make([][]int64, n)
	for i := range out {
		out[i] = make([]int64, d)
		for j := range out[i] {
			out[i][j] = randParam(r)
		}
	}
	return out
}

// randWeight draws a weight: 0, small, or anywhere in uint64.
func randWeight(r *rand.Rand) uint64 {
	switch r.IntN(4) {
	case 0:
		return 0
	case 1:
		return r.Uint64N(100)
	case 2:
		return ^uint64(0) - r.Uint64N(100)
	}
	return r.Uint64()
}

func cloneAll(models [][]int64) [][]int64 {
	out := make([][]int64, len(models))
	for i, m := range models {
		out[i] = slices.Clone(m)
	}
	return out
}

func weightedOf(params [][]int64, samples, ages []uint64) []Weighted {
	out := make([]Weighted, len(params))
	for i := range out {
		out[i] = Weighted{Params: params[i]}
		if samples != nil {
			out[i].Samples = samples[i]
		}
		if ages != nil {
			out[i].Age = ages[i]
		}
	}
	return out
}

func equalOrFatal(t *testing.T, what string, got, want []int64) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

func mustNoErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

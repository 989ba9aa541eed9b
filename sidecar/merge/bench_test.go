package merge

import (
	"testing"
)

// The benchmarks merge a Fashion-MNIST MLP 784-128-10 (101,770
// parameters) with a window of 8 received models, 9 vectors in all, and
// report throughput over those 9 input vectors (b.SetBytes), so MB/s and
// ns/op compare directly with BenchmarkCopyBaseline, which copies the same
// 9 vectors into preallocated buffers.
const (
	benchParams = 784*128 + 128 + 128*10 + 10 // 101,770
	benchWindow = 8
	benchBytes  = (benchWindow + 1) * benchParams * 8
)

// benchModels returns local and window: Q12.20-like values within +-2^24
// of a shared vector, as peers of one model look.
func benchModels() (Weighted, []Weighted) {
	r := newRand(80)
	base := make([]int64, benchParams)
	for j := range base {
		base[j] = r.Int64N(1<<25) - 1<<24
	}
	mk := func(i int) Weighted {
		p := make([]int64, benchParams)
		for j := range p {
			p[j] = base[j] + r.Int64N(1<<16) - 1<<15
		}
		return Weighted{Params: p, Samples: uint64(1000 + 37*i), Age: uint64(50 + i)}
	}
	local := mk(0)
	window := make([]Weighted, benchWindow)
	for i := range window {
		window[i] = mk(i + 1)
	}
	return local, window
}

func BenchmarkCopyBaseline(b *testing.B) {
	local, window := benchModels()
	src := paramsOf(append([]Weighted{local}, window...))
	dst := make([][]int64, len(src))
	for i := range dst {
		dst[i] = make([]int64, benchParams)
	}
	b.SetBytes(benchBytes)
	b.ResetTimer()
	for b.Loop() {
		for i := range src {
			copy(dst[i], src[i])
		}
	}
}

func BenchmarkAverage(b *testing.B) {
	local, window := benchModels()
	all := append([]Weighted{local}, window...)
	wide := make([]Weighted, len(all))
	for i, m := range all {
		m.Samples <<= 40 // W >= 2^32: the 128-bit path
		wide[i] = m
	}
	cases := []struct {
		name   string
		models []Weighted
		by     Weighting
	}{
		{"by-samples", all, BySamples},
		{"by-age", all, ByAge},
		{"uniform", all, Uniform},
		{"wide-weights", wide, BySamples},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(benchBytes)
			for b.Loop() {
				if _, err := Average(c.models, c.by); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMedian(b *testing.B) {
	local, window := benchModels()
	params := paramsOf(append([]Weighted{local}, window...))
	b.SetBytes(benchBytes)
	for b.Loop() {
		if _, err := Median(params); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTrimmedMean(b *testing.B) {
	local, window := benchModels()
	params := paramsOf(append([]Weighted{local}, window...))
	b.SetBytes(benchBytes)
	for b.Loop() {
		if _, err := TrimmedMean(params, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKrum(b *testing.B) {
	local, window := benchModels()
	params := paramsOf(append([]Weighted{local}, window...))
	b.SetBytes(benchBytes)
	for b.Loop() {
		if _, err := Krum(params, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMultiKrum(b *testing.B) {
	local, window := benchModels()
	params := paramsOf(append([]Weighted{local}, window...))
	b.SetBytes(benchBytes)
	for b.Loop() {
		if _, err := MultiKrum(params, 1, 8); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkClipped(b *testing.B) {
	local, window := benchModels()
	received := paramsOf(window)
	tau, err := AdaptiveTau(local.Params, received)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		tau  uint64
	}{{"none-clipped", 1 << 62}, {"half-clipped", tau}, {"all-clipped", 1}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(benchBytes)
			for b.Loop() {
				if _, err := Clipped(local.Params, received, c.tau); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkApply runs every rule as the sidecar does: DefaultOptions(8)
// (Trim 1, KrumF 1, KrumM 8, adaptive tau).
func BenchmarkApply(b *testing.B) {
	local, window := benchModels()
	opts := DefaultOptions(len(window))
	for _, rule := range Rules() {
		b.Run(rule.String(), func(b *testing.B) {
			b.SetBytes(benchBytes)
			for b.Loop() {
				if _, err := Apply(rule, local, window, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWindowAdd(b *testing.B) {
	local, _ := benchModels()
	w, err := NewWindow(benchWindow)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(benchParams * 8)
	for b.Loop() {
		w.Add(local)
	}
}

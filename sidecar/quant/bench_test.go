package quant

import (
	"slices"
	"testing"
)

// benchCount is the size of the benchmark tensor (the parameter count of a
// 784-128-10 MLP: 784·128 + 128 + 128·10 + 10 = 101,770), quantized in
// blocks of benchBlock.
const (
	benchCount = 101770
	benchBlock = 64
)

// benchValues is a Q12.20 weight-like tensor: mostly within ±2, with the
// mixed magnitudes of testValues.
var benchValues = testValues(99, benchCount)

// SetBytes is the int64 tensor size (8 bytes per value) in every
// benchmark, so MB/s compares like with like.

// BenchmarkCopyBaseline copies the tensor into a preallocated slice: the
// cost of touching the data once, the baseline of QuantizeInto and
// AppendDequantize.
func BenchmarkCopyBaseline(b *testing.B) {
	b.SetBytes(8 * benchCount)
	b.ReportAllocs()
	dst := make([]int64, benchCount)
	for b.Loop() {
		copy(dst, benchValues)
	}
}

// BenchmarkCloneBaseline allocates a new slice and copies into it, as
// Dequantize returns a new slice: the baseline of Quantize and Dequantize.
// On a small heap, allocating 800 KB per call costs far more than the
// copy.
func BenchmarkCloneBaseline(b *testing.B) {
	b.SetBytes(8 * benchCount)
	b.ReportAllocs()
	var sink []int64
	for b.Loop() {
		sink = slices.Clone(benchValues)
	}
	_ = sink
}

func BenchmarkQuantize(b *testing.B) {
	for _, p := range allPrecisions {
		b.Run(p.String(), func(b *testing.B) {
			b.SetBytes(8 * benchCount)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Quantize(benchValues, p, benchBlock); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkQuantizeInto(b *testing.B) {
	for _, p := range allPrecisions {
		b.Run(p.String(), func(b *testing.B) {
			var e Encoded
			b.SetBytes(8 * benchCount)
			b.ReportAllocs()
			for b.Loop() {
				if err := QuantizeInto(&e, benchValues, p, benchBlock); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDequantize(b *testing.B) {
	for _, p := range allPrecisions {
		e := mustQuantize(b, benchValues, p, benchBlock)
		b.Run(p.String(), func(b *testing.B) {
			b.SetBytes(8 * benchCount)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Dequantize(e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkAppendDequantize(b *testing.B) {
	for _, p := range allPrecisions {
		e := mustQuantize(b, benchValues, p, benchBlock)
		b.Run(p.String(), func(b *testing.B) {
			buf := make([]int64, 0, benchCount)
			b.SetBytes(8 * benchCount)
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if buf, err = AppendDequantize(buf[:0], e); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFeedbackCompress(b *testing.B) {
	for _, p := range []Precision{Int8, Int4} {
		b.Run(p.String(), func(b *testing.B) {
			f := NewFeedback()
			b.SetBytes(8 * benchCount)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Compress("w", benchValues, p, benchBlock); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package wire_test

import (
	"testing"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/quant"
	"github.com/litegpt/litegpt/sidecar/wire"
)

// BenchmarkEncodeDecode encodes and decodes the Fashion-MNIST MLP
// (784-128-10, 101,770 parameters) at each precision; "bytes" is the
// message size. BenchmarkCommitmentBaseline is the weights commitment
// alone, which both sides compute once.
func BenchmarkEncodeDecode(b *testing.B) {
	m := model(b, learn.NewMLP(784, []int{128}, 10))
	for _, c := range []struct {
		name string
		opts wire.Options
	}{
		{"int32", wire.Plain()},
		{"fp16", wire.Options{Precision: quant.FP16}},
		{"int8", wire.Options{Precision: quant.Int8, BlockSize: 64}},
		{"int4", wire.Options{Precision: quant.Int4, BlockSize: 64}},
		{"tt8-int8", wire.Options{Precision: quant.Int8, BlockSize: 64, TTRank: 8, TTCores: 4}},
	} {
		b.Run("encode/"+c.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				bz, _, err := wire.Encode(m, 1, 1, c.opts, nil)
				if err != nil {
					b.Fatal(err)
				}
				size = len(bz)
			}
			b.ReportMetric(float64(size), "bytes")
		})
		bz, _, err := wire.Encode(m, 1, 1, c.opts, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("decode/"+c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := wire.Decode(bz); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(bz)), "bytes")
		})
	}
}

func BenchmarkCommitmentBaseline(b *testing.B) {
	m := model(b, learn.NewMLP(784, []int{128}, 10))
	for b.Loop() {
		if _, err := m.Commitment(); err != nil {
			b.Fatal(err)
		}
	}
}

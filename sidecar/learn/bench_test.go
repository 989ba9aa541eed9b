package learn_test

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/litegpt/litegpt/sidecar/learn"
)

// benchShapes are the Fashion-MNIST shapes (784 inputs, 10 classes) of
// each family, batch 32.
var benchShapes = []learn.Arch{
	learn.NewLogReg(784, 10),
	learn.NewMLP(784, []int{128}, 10),
	learn.NewTTMLP(784, 128, 10, []int{4, 7, 4, 7}, []int{4, 4, 4, 2}, 8),
}

const benchBatch = 32

func randomBatch(r *rand.Rand, a learn.Arch, rows int) learn.Batch {
	b := learn.Batch{Features: make([]int64, rows*a.Inputs), Labels: make([]int, rows)}
	for i := range b.Features {
		b.Features[i] = r.Int64N(257)
	}
	for i := range b.Labels {
		b.Labels[i] = r.IntN(a.Classes)
	}
	return b
}

// stepFlops counts the multiply-adds of a dense step (forward, weight
// gradient and back-propagated error) times two: the FLOPs gonum's
// Dense.Mul would do on the same shapes.
func stepFlops(a learn.Arch, rows int) float64 {
	var f float64
	for i, l := range a.Layers {
		mac := float64(rows * l.In * l.Out)
		f += 2 * mac // forward and weight gradient
		if i > 0 {
			f += mac // error to the previous layer
		}
	}
	return 2 * f
}

// BenchmarkStep is the fixed-point step; BenchmarkDenseMulBaseline runs
// gonum's float64 Dense.Mul on the same shapes (the step's floor); their
// GFLOP/s ratio is the cost of exactness (range checks, conversions,
// rounding, softmax).
func BenchmarkStep(b *testing.B) {
	for _, a := range benchShapes {
		b.Run(a.Kind.String(), func(b *testing.B) {
			m := mustInit(b, a, 1)
			batch := randomBatch(rand.New(rand.NewPCG(1, 1)), a, benchBatch)
			cfg := learn.StepConfig{LearningRate: learn.LearningRateRaw(0.05, m.Spec.Numerics), KeepBps: learn.DefaultKeepBps}
			b.ResetTimer()
			for b.Loop() {
				if _, _, err := learn.Step(m, batch, cfg); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(stepFlops(a, benchBatch)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func BenchmarkFloatStep(b *testing.B) {
	for _, a := range benchShapes {
		b.Run(a.Kind.String(), func(b *testing.B) {
			f := learn.ToFloat(mustInit(b, a, 1))
			batch := randomBatch(rand.New(rand.NewPCG(1, 1)), a, benchBatch)
			x := floatFeatures(batch, a.Inputs, 8)
			b.ResetTimer()
			for b.Loop() {
				if _, err := learn.FloatStep(f, x, batch.Labels, 0.05, 0.9); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(stepFlops(a, benchBatch)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func BenchmarkDenseMulBaseline(b *testing.B) {
	for _, a := range benchShapes[:2] {
		b.Run(a.Kind.String(), func(b *testing.B) {
			r := rand.New(rand.NewPCG(2, 2))
			random := func(rows, cols int) *mat.Dense {
				d := make([]float64, rows*cols)
				for i := range d {
					d[i] = float64(r.IntN(1 << 10))
				}
				return mat.NewDense(rows, cols, d)
			}
			type prod struct{ x, w, g, z, dw, e *mat.Dense }
			var prods []prod
			for _, l := range a.Layers {
				prods = append(prods, prod{x: random(benchBatch, l.In), w: random(l.Out, l.In), g: random(benchBatch, l.Out),
					z: mat.NewDense(benchBatch, l.Out, nil), dw: mat.NewDense(l.Out, l.In, nil), e: mat.NewDense(benchBatch, l.In, nil)})
			}
			for b.Loop() {
				for i, p := range prods {
					p.z.Mul(p.x, p.w.T())
					p.dw.Mul(p.g.T(), p.x)
					if i > 0 {
						p.e.Mul(p.g, p.w)
					}
				}
			}
			b.ReportMetric(stepFlops(a, benchBatch)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

func BenchmarkCommitment(b *testing.B) {
	for _, a := range benchShapes {
		b.Run(a.Kind.String(), func(b *testing.B) {
			m := mustInit(b, a, 1)
			for b.Loop() {
				if _, err := m.Commitment(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(a.Params()), "params")
		})
	}
}

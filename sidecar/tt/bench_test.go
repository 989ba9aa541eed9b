package tt

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The benchmarks use the realistic 784×128 layer shape; README.md lists
// their figures as ratios to BenchmarkDenseMulBaseline from the same run
// (sidecar/tt/bench.sh).
var (
	benchRowModes = []int{4, 7, 4, 7}
	benchColModes = []int{4, 4, 4, 2}
)

// BenchmarkDecompose is TT-SVD of a dense random 784×128 matrix capped at
// rank 8.
func BenchmarkDecompose(b *testing.B) {
	w := randomDense(784, 128, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decompose(w, benchRowModes, benchColModes, Options{MaxRank: 8}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundSum rounds the sum of two rank-8 TT-matrices (ranks 16)
// back to rank 8: the merge step of two TT models.
func BenchmarkRoundSum(b *testing.B) {
	x := RandomMatrix(benchRowModes, benchColModes, []int{1, 8, 8, 8, 1}, 1)
	y := RandomMatrix(benchRowModes, benchColModes, []int{1, 8, 8, 8, 1}, 2)
	sum, err := Add(x, y)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Round(sum, Options{MaxRank: 8, Epsilon: 1e-6}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFull reconstructs the dense 784×128 matrix of a rank-8
// TT-matrix.
func BenchmarkFull(b *testing.B) {
	x := RandomMatrix(benchRowModes, benchColModes, []int{1, 8, 8, 8, 1}, 1)
	b.ReportAllocs()
	for b.Loop() {
		_ = x.Full()
	}
}

// BenchmarkDenseMulBaseline is gonum's Dense.Mul of a 784×128 by a 128×64
// matrix (one forward pass of a 64-sample batch through the layer), the
// yardstick for the other benchmarks.
func BenchmarkDenseMulBaseline(b *testing.B) {
	x := randomDense(784, 128, 1)
	y := randomDense(128, 64, 2)
	var dst mat.Dense
	dst.Mul(x, y)
	b.ReportAllocs()
	for b.Loop() {
		dst.Mul(x, y)
	}
	flops := 2.0 * 784 * 128 * 64
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

package circuit

import "github.com/litegpt/litegpt/sidecar/learn"

// BenchmarkShapes are the shapes the benchmarks and the docs measure: the
// UCI digits task (64 features, 10 classes, batch 32) and the two binary
// reference shapes (32 x 32 and 64 x 128), each with one parent and with a
// two-parent merge, Q8.8 inputs, a data tree of up to 2^12 leaves and the
// sidecar's default numerics and trimmed loss.
func BenchmarkShapes() []Shape {
	num := learn.DefaultNumerics(8)
	var out []Shape
	for _, dims := range [][3]int{{32, 32, 2}, {64, 128, 2}, {32, 64, 10}} {
		for _, parents := range []int{1, 2} {
			out = append(out, Shape{Batch: dims[0], Features: dims[1], Classes: dims[2], Parents: parents,
				Depth: 12, InputBits: 16, Numerics: num, KeepBps: learn.DefaultKeepBps})
		}
	}
	return out
}

// DigitsShape is the circuit of the bundled UCI digits task: batch 32, 64
// features in Q8.8, 10 classes, merges of up to parents models.
func DigitsShape(parents int) Shape {
	return Shape{Batch: 32, Features: 64, Classes: 10, Parents: parents, Depth: 12, InputBits: 16,
		Numerics: learn.DefaultNumerics(8), KeepBps: learn.DefaultKeepBps}
}

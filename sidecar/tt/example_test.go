package tt_test

import (
	"fmt"

	"github.com/litegpt/litegpt/sidecar/tt"
)

// A 784×128 layer is compressed, two nodes' models are averaged and the
// average is rounded back to rank 8 before it is sent on.
func Example() {
	rowModes, _ := tt.Modes(784, 4) // [7 7 4 4]
	colModes, _ := tt.Modes(128, 4) // [4 4 4 2]
	mine := tt.RandomMatrix(rowModes, colModes, []int{1, 8, 8, 8, 1}, 1)
	theirs := tt.RandomMatrix(rowModes, colModes, []int{1, 8, 8, 8, 1}, 2)

	// TT-SVD of a dense matrix: exact here, since it has TT ranks 8.
	t, err := tt.Decompose(mine.Full(), rowModes, colModes, tt.Options{Epsilon: 1e-10})
	if err != nil {
		panic(err)
	}
	fmt.Println("ranks", t.Ranks, "exact", tt.RelativeError(mine.Full(), t) < 1e-12)

	merged, err := tt.WeightedSum([]*tt.Matrix{t, theirs}, []float64{0.5, 0.5})
	if err != nil {
		panic(err)
	}
	fmt.Println("merged ranks", merged.Ranks)
	rounded, err := tt.Round(merged, tt.Options{MaxRank: 8})
	if err != nil {
		panic(err)
	}
	fmt.Println("rounded ranks", rounded.Ranks, "params", rounded.Params(), "of", 784*128)
	// Output:
	// ranks [1 8 8 8 1] exact true
	// merged ranks [1 16 16 16 1]
	// rounded ranks [1 8 8 8 1] params 3104 of 100352
}

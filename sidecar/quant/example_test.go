package quant_test

import (
	"fmt"

	"github.com/litegpt/litegpt/sidecar/quant"
)

func Example() {
	// Q12.20 raw values: 1.5, -0.25, 0.001, 0.
	values := []int64{1572864, -262144, 1049, 0}
	for _, name := range []string{"int32", "fp16", "int8", "int4"} {
		p, _ := quant.ParsePrecision(name)
		e, err := quant.Quantize(values, p, 64)
		if err != nil {
			panic(err)
		}
		d, err := quant.Dequantize(e)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-5s %2d bytes scales %v decoded %v\n", p, quant.EncodedBytes(e), e.Scales, d)
	}

	// Error feedback: a value that int4 always rounds to zero still
	// gets through over rounds.
	f := quant.NewFeedback()
	var sum int64
	for range 4 {
		e, _ := f.Compress("w", []int64{70000, 3000}, quant.Int4, 64)
		d, _ := quant.Dequantize(e)
		sum += d[1]
	}
	fmt.Println("4 rounds of 3000 with feedback sum to", sum, "residual", f.Residual("w")[1])
	// Output:
	// int32 16 bytes scales [] decoded [1572864 -262144 1049 0]
	// fp16   8 bytes scales [] decoded [1572864 -262144 1049 0]
	// int8   8 bytes scales [12385] decoded [1572895 -260085 0 0]
	// int4   6 bytes scales [224695] decoded [1572865 -224695 0 0]
	// 4 rounds of 3000 with feedback sum to 10000 residual 2000
}

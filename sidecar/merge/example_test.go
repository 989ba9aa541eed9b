package merge_test

import (
	"fmt"

	"github.com/litegpt/litegpt/sidecar/merge"
)

// A node keeps the last received models in a Window and merges them with
// its own by the configured rule.
func Example() {
	w, err := merge.NewWindow(4)
	if err != nil {
		panic(err)
	}
	w.Add(merge.Weighted{Params: []int64{110, -40}, Samples: 200, Age: 7})
	w.Add(merge.Weighted{Params: []int64{90, -60}, Samples: 100, Age: 9})
	w.Add(merge.Weighted{Params: []int64{1_000_000, 1_000_000}, Samples: 100, Age: 8}) // an outlier
	w.Add(merge.Weighted{Params: []int64{105, -55}, Samples: 100, Age: 6})

	local := merge.Weighted{Params: []int64{100, -50}, Samples: 100, Age: 8}
	opts := merge.DefaultOptions(w.Len()) // n = 5: Trim 1, KrumF 1
	for _, name := range []string{"average", "median", "trimmed-mean", "krum", "clipped"} {
		rule, err := merge.ParseRule(name)
		if err != nil {
			panic(err)
		}
		m, err := merge.ApplyWeighted(rule, local, w.Models(), opts)
		if err != nil {
			fmt.Println(name, "error:", err)
			continue
		}
		fmt.Println(name, m.Params, m.Samples, m.Age)
	}
	// Output:
	// average [166753 166626] 200 9
	// median [105 -50] 200 9
	// trimmed-mean [105 -48] 200 9
	// krum [101 -51] 200 9
	// clipped [104 -49] 200 9
}

package marketfiles_test

import (
	"math/rand"
	"strconv"

	"github.com/litegpt/litegpt/pkg/commit"
)

var q88 = commit.Format{Bits: 16, Frac: 8}

// batches returns n batches of samples x features in Q8.8 with labels 0..2.
func batches(n, samples, features int, seed int64) []commit.Batch {
	r := rand.New(rand.NewSource(seed))
	out := make([]commit.Batch, n)
	for i := range out {
		b := commit.Batch{Format: q88}
		for range samples {
			s := commit.Sample{Label: r.Int63n(3)}
			for range features {
				s.Features = append(s.Features, r.Int63n(1<<16)-1<<15)
			}
			b.Samples = append(b.Samples, s)
		}
		out[i] = b
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }

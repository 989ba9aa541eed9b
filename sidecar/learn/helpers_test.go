package learn_test

import (
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/dataset"
	"github.com/litegpt/litegpt/sidecar/learn"
)

// inputFormat is Q8.8: features in [0, 1] with 8 fractional bits.
var inputFormat = commit.Format{Bits: 16, Frac: 8}

// digitsData is the bundled digits set split 75/25, encoded once.
type digitsData struct {
	train, test learn.Batch
	trainIdx    []int
}

var (
	digitsOnce sync.Once
	digits     digitsData
	digitsErr  error
)

func loadDigits(t testing.TB) digitsData {
	t.Helper()
	digitsOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		ds, err := dataset.Digits(filepath.Join(filepath.Dir(file), "..", "datasets", "uci-digits", "digits.csv.gz"))
		if err != nil {
			digitsErr = err
			return
		}
		train, test, err := dataset.TrainTestSplit(ds, 0.25, 1)
		if err != nil {
			digitsErr = err
			return
		}
		encode := func(idx []int) learn.Batch {
			x, y, err := dataset.Encode(ds, idx, inputFormat, commit.RoundNearestEven)
			if err != nil {
				digitsErr = err
			}
			return learn.Batch{Features: x, Labels: y}
		}
		digits = digitsData{train: encode(train), test: encode(test), trainIdx: train}
	})
	if digitsErr != nil {
		t.Fatal(digitsErr)
	}
	return digits
}

// slice is rows [from, to) of a batch.
func slice(b learn.Batch, inputs, from, to int) learn.Batch {
	return learn.Batch{Features: b.Features[from*inputs : to*inputs], Labels: b.Labels[from:to]}
}

// accuracy is the fraction of b that m classifies correctly.
func accuracy(t testing.TB, m *learn.Model, b learn.Batch) float64 {
	t.Helper()
	pred, err := learn.Predict(m, b)
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for i, p := range pred {
		if p == b.Labels[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(pred))
}

package dataset_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

// digitsPath is the bundled UCI digits set, relative to this package.
var digitsPath = filepath.Join("..", "datasets", "uci-digits", "digits.csv.gz")

// loadDigits loads the bundled digits set; it is part of the repository,
// so a failure is a failure, not a skip.
func loadDigits(t testing.TB) dataset.Dataset {
	t.Helper()
	ds, err := dataset.Digits(digitsPath)
	if err != nil {
		t.Fatalf("loading the bundled digits: %v", err)
	}
	return ds
}

// idxFile builds an IDX file: the magic number then the dimensions,
// big-endian, then the data.
func idxFile(magic uint32, dims []uint32, data []byte) []byte {
	var b bytes.Buffer
	_ = binary.Write(&b, binary.BigEndian, magic)
	_ = binary.Write(&b, binary.BigEndian, dims)
	b.Write(data)
	return b.Bytes()
}

// idxImages builds an images file of n images of rows x cols.
func idxImages(n, rows, cols uint32, pixels []byte) []byte {
	return idxFile(0x00000803, []uint32{n, rows, cols}, pixels)
}

// idxLabels builds a labels file.
func idxLabels(labels []byte) []byte {
	return idxFile(0x00000801, []uint32{uint32(len(labels))}, labels)
}

// gzipped compresses data.
func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeFile writes data to name in a test directory and returns its path.
func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// requireErrorContains fails unless err is non-nil and mentions every part.
func requireErrorContains(t testing.TB, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error mentioning %q, got none", parts)
	}
	for _, part := range parts {
		if !strings.Contains(err.Error(), part) {
			t.Fatalf("error %q does not mention %q", err, part)
		}
	}
}

// labelHistograms counts the labels of each part.
func labelHistograms(ds dataset.Dataset, parts [][]int) [][]int {
	out := make([][]int, len(parts))
	for k, part := range parts {
		out[k] = make([]int, ds.Classes)
		for _, i := range part {
			out[k][ds.Y[i]]++
		}
	}
	return out
}

// meanLabelSkew is the mean over parts of the total variation distance
// between a part's label distribution and the whole set's: 0 for perfectly
// balanced parts, near 1 when each part holds one class.
func meanLabelSkew(ds dataset.Dataset, parts [][]int) float64 {
	global := make([]float64, ds.Classes)
	for _, y := range ds.Y {
		global[y] += 1 / float64(ds.Len())
	}
	total := 0.0
	for k, hist := range labelHistograms(ds, parts) {
		tv := 0.0
		for c, count := range hist {
			d := float64(count)/float64(len(parts[k])) - global[c]
			if d < 0 {
				d = -d
			}
			tv += d / 2
		}
		total += tv
	}
	return total / float64(len(parts))
}

// requirePartition fails unless parts are sorted, disjoint and cover
// 0..n-1.
func requirePartition(t testing.TB, parts [][]int, n int) {
	t.Helper()
	seen := make([]bool, n)
	count := 0
	for k, part := range parts {
		for j, i := range part {
			if i < 0 || i >= n {
				t.Fatalf("part %d holds %d, outside 0..%d", k, i, n-1)
			}
			if j > 0 && part[j-1] >= i {
				t.Fatalf("part %d is not sorted ascending at position %d: %d then %d", k, j, part[j-1], i)
			}
			if seen[i] {
				t.Fatalf("sample %d is in two parts", i)
			}
			seen[i] = true
			count++
		}
	}
	if count != n {
		t.Fatalf("parts hold %d samples, expected all %d", count, n)
	}
}

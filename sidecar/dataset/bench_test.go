package dataset_test

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/dataset"
)

// Each benchmark's first sub-benchmark is its baseline, measured in the
// same run; scripts/bench-table.sh prints the others as ratios to it.

func readAll(b *testing.B, path string) []byte {
	b.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("%s: %v", path, err)
	}
	return data
}

// gunzipAll decompresses data to nowhere.
func gunzipAll(b *testing.B, data []byte) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkReadCSV reads the bundled digits (57 KB gzip, 1,797 rows of 65
// fields) from memory. Baseline: gunzip and split into records with
// encoding/csv, parsing nothing.
func BenchmarkReadCSV(b *testing.B) {
	data := readAll(b, digitsPath)
	b.Run("baseline=gunzip+csv-records", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for range b.N {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			cr := csv.NewReader(zr)
			cr.ReuseRecord = true
			for {
				if _, err := cr.Read(); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("ReadCSV", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for range b.N {
			if _, err := dataset.ReadCSV(bytes.NewReader(data), dataset.CSVOptions{Scale: dataset.DigitsScale}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkReadIDX reads the Fashion-MNIST test set (10,000 images of
// 28x28, 4.4 MB gzip) from memory; skipped without the shared copy.
// Baseline: gunzip both files.
func BenchmarkReadIDX(b *testing.B) {
	images := readAll(b, filepath.Join(fashionMNIST, "t10k-images-idx3-ubyte.gz"))
	labels := readAll(b, filepath.Join(fashionMNIST, "t10k-labels-idx1-ubyte.gz"))
	b.Run("baseline=gunzip", func(b *testing.B) {
		b.SetBytes(int64(len(images) + len(labels)))
		for range b.N {
			gunzipAll(b, images)
			gunzipAll(b, labels)
		}
	})
	b.Run("ReadIDX", func(b *testing.B) {
		b.SetBytes(int64(len(images) + len(labels)))
		for range b.N {
			if _, err := dataset.ReadIDX(bytes.NewReader(images), bytes.NewReader(labels)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSplit splits the digits among 10 nodes (train/test: 20 % test).
// Baseline: SplitIID, one shuffle.
func BenchmarkSplit(b *testing.B) {
	ds := loadDigits(b)
	b.Run("baseline=SplitIID", func(b *testing.B) {
		for range b.N {
			if _, err := dataset.SplitIID(ds, 10, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("TrainTestSplit", func(b *testing.B) {
		for range b.N {
			if _, _, err := dataset.TrainTestSplit(ds, 0.2, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, alpha := range []float64{0.1, 0.5, 100} {
		b.Run(fmt.Sprintf("SplitDirichlet-alpha=%v", alpha), func(b *testing.B) {
			for range b.N {
				if _, err := dataset.SplitDirichlet(ds, 10, alpha, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	grouped := ds
	grouped.Groups = make([]int, ds.Len())
	for i := range grouped.Groups {
		grouped.Groups[i] = i % 13 // 13 writers
	}
	indices := all(ds.Len())
	b.Run("CapPerGroup-13-groups", func(b *testing.B) {
		for range b.N {
			dataset.CapPerGroup(grouped, indices, 100, 1)
		}
	})
}

// BenchmarkEncode encodes a batch of 32 digits in Q8.8. Baseline: calling
// Format.Encode on each value directly.
func BenchmarkEncode(b *testing.B) {
	ds := loadDigits(b)
	indices := all(32)
	format := commit.Format{Bits: 16, Frac: 8}
	b.Run("baseline=Format.Encode", func(b *testing.B) {
		raw := make([]int64, 0, 32*64)
		for range b.N {
			raw = raw[:0]
			for _, i := range indices {
				for _, x := range ds.Row(i) {
					v, err := format.Encode(x, commit.RoundNearestEven)
					if err != nil {
						b.Fatal(err)
					}
					raw = append(raw, v)
				}
			}
		}
	})
	b.Run("Encode", func(b *testing.B) {
		for range b.N {
			if _, _, err := dataset.Encode(ds, indices, format, commit.RoundNearestEven); err != nil {
				b.Fatal(err)
			}
		}
	})
}

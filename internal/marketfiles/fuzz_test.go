package marketfiles_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
)

// Anything ReadLeaves accepts is exactly the encoding of what it returns.
func FuzzReadLeaves(f *testing.F) {
	var seed bytes.Buffer
	if err := marketfiles.WriteLeaves(&seed, batches(2, 2, 3, 1)); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Add([]byte("LGLV\x01\x00\x00\x00\x00\x00\x00\x00\x01"))
	f.Fuzz(func(t *testing.T, bz []byte) {
		bs, err := marketfiles.ReadLeaves(bytes.NewReader(bz))
		if err != nil {
			return
		}
		var again bytes.Buffer
		if err := marketfiles.WriteLeaves(&again, bs); err != nil {
			t.Fatalf("re-encoding what was read: %v", err)
		}
		if !bytes.Equal(again.Bytes(), bz) {
			t.Fatalf("%x was read but re-encodes as %x", bz, again.Bytes())
		}
	})
}

// Anything ReadDelivery accepts is exactly the encoding of what it returns.
func FuzzReadDelivery(f *testing.F) {
	var seed bytes.Buffer
	if err := marketfiles.WriteDelivery(&seed, sampleDelivery); err != nil {
		f.Fatal(err)
	}
	f.Add(seed.Bytes())
	f.Fuzz(func(t *testing.T, bz []byte) {
		d, err := marketfiles.ReadDelivery(bytes.NewReader(bz))
		if err != nil {
			return
		}
		var again bytes.Buffer
		if err := marketfiles.WriteDelivery(&again, d); err != nil {
			t.Fatalf("re-encoding what was read: %v", err)
		}
		if !bytes.Equal(again.Bytes(), bz) {
			t.Fatalf("%x was read but re-encodes as %x", bz, again.Bytes())
		}
	})
}

// EncodeCSV never panics, and what it returns is a valid data set.
func FuzzEncodeCSV(f *testing.F) {
	f.Add("1,2\n3,4\n", 1, -1, false)
	f.Add("a,b\n0.5,1\n", 1, 0, true)
	f.Fuzz(func(t *testing.T, csv string, batchSize, label int, header bool) {
		o := marketfiles.CSVOptions{Format: commit.Format{Bits: 16, Frac: 8}, Rounding: commit.RoundNearestEven,
			BatchSize: batchSize%8 + 1, LabelColumn: label % 4, Header: header}
		got, err := marketfiles.EncodeCSV(strings.NewReader(csv), o)
		if err != nil {
			return
		}
		if err := marketfiles.CheckLeaves(got.Batches); err != nil {
			t.Fatalf("encoded batches are not a data set: %v", err)
		}
		if got.Samples() != len(got.Batches)*o.BatchSize || got.Dropped >= o.BatchSize {
			t.Fatalf("%d rows, %d dropped, %d batches of %d", got.Rows, got.Dropped, len(got.Batches), o.BatchSize)
		}
	})
}

package marketfiles

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
)

// Leaves file layout (all integers big-endian):
//
//	"LGLV"            magic
//	1                 format version (uint8)
//	n                 leaf count (uint64), 1..commit.MaxLeaves
//	n times:
//	  m               element count of the leaf (uint32), 2..exchange.MaxChunkElements
//	  m × 32 bytes    the leaf's field elements, canonical BN254 scalars, as
//	                  commit.Batch.Elements gives them (header, packed values)
//
// and nothing after the last leaf. Leaf i of the file is leaf i of the data
// tree whose root commit.Root computes.
var leavesMagic = [4]byte{'L', 'G', 'L', 'V'}

// LeavesVersion is the leaves file format version this package writes.
const LeavesVersion = 1

// Shape is what every leaf of one data set shares: samples per batch,
// features per sample and the fixed-point format.
type Shape struct {
	Samples  int
	Features int
	Format   commit.Format
}

// ShapeOf returns the shape of a non-empty batch.
func ShapeOf(b commit.Batch) Shape {
	return Shape{Samples: len(b.Samples), Features: len(b.Samples[0].Features), Format: b.Format}
}

// String is e.g. "32 samples x 64 features in Q8.8".
func (s Shape) String() string {
	return fmt.Sprintf("%d samples x %d features in %s", s.Samples, s.Features, s.Format)
}

// CheckLeaves checks that batches can be the leaves of a data set: 1 to
// commit.MaxLeaves valid batches, all of the shape of the first.
func CheckLeaves(batches []commit.Batch) error {
	if len(batches) == 0 || uint64(len(batches)) > commit.MaxLeaves {
		return fmt.Errorf("a data set has 1..%d leaves, got %d", commit.MaxLeaves, len(batches))
	}
	var first Shape
	for i, b := range batches {
		if err := b.Validate(); err != nil {
			return fmt.Errorf("leaf %d: %w", i, err)
		}
		if i == 0 {
			first = ShapeOf(b)
		} else if s := ShapeOf(b); s != first {
			return fmt.Errorf("leaf %d is %s but leaf 0 is %s: the leaves of a data set share one shape", i, s, first)
		}
	}
	return nil
}

// WriteLeaves writes batches as a leaves file.
func WriteLeaves(w io.Writer, batches []commit.Batch) error {
	if err := CheckLeaves(batches); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(leavesMagic[:])
	bw.WriteByte(LeavesVersion)
	bw.Write(binary.BigEndian.AppendUint64(nil, uint64(len(batches))))
	for i, b := range batches {
		elements, err := b.Elements()
		if err != nil {
			return fmt.Errorf("leaf %d: %w", i, err)
		}
		bw.Write(binary.BigEndian.AppendUint32(nil, uint32(len(elements))))
		for j := range elements {
			e := elements[j].Bytes()
			bw.Write(e[:])
		}
	}
	return bw.Flush() // bufio keeps the first write error and returns it here
}

// ReadLeaves reads a leaves file and returns its batches. It rejects a
// wrong magic or version, a truncated file, trailing bytes, an element
// that is not a canonical BN254 scalar, a leaf that does not decode as a
// batch and leaves of different shapes.
func ReadLeaves(r io.Reader) ([]commit.Batch, error) {
	br := newBinReader(r)
	if err := br.header(leavesMagic, LeavesVersion, "leaves file"); err != nil {
		return nil, err
	}
	n, err := br.uint64("the leaf count")
	if err != nil {
		return nil, err
	}
	if n == 0 || n > commit.MaxLeaves {
		return nil, fmt.Errorf("leaves file names %d leaves, expected 1..%d", n, commit.MaxLeaves)
	}
	var batches []commit.Batch // not pre-sized: n is not trusted until the leaves are there
	var first Shape
	for i := range n {
		m, err := br.uint32(fmt.Sprintf("the element count of leaf %d", i))
		if err != nil {
			return nil, err
		}
		if m < 2 || m > exchange.MaxChunkElements {
			return nil, fmt.Errorf("leaf %d names %d field elements, expected 2..%d (a batch header and its packed values)", i, m, exchange.MaxChunkElements)
		}
		raw, err := br.bytes(uint64(m)*fr.Bytes, fmt.Sprintf("the %d elements of leaf %d", m, i))
		if err != nil {
			return nil, err
		}
		elements := make([]fr.Element, m)
		for j := range elements {
			if err := elements[j].SetBytesCanonical(raw[j*fr.Bytes : (j+1)*fr.Bytes]); err != nil {
				return nil, fmt.Errorf("leaf %d element %d is not a canonical BN254 scalar: %w", i, j, err)
			}
		}
		b, err := commit.DecodeBatch(elements)
		if err != nil {
			return nil, fmt.Errorf("leaf %d does not decode as a batch: %w", i, err)
		}
		if i == 0 {
			first = ShapeOf(b)
		} else if s := ShapeOf(b); s != first {
			return nil, fmt.Errorf("leaf %d is %s but leaf 0 is %s: the leaves of a data set share one shape", i, s, first)
		}
		batches = append(batches, b)
	}
	if err := br.end("leaves file"); err != nil {
		return nil, err
	}
	return batches, nil
}

// WriteLeavesFile writes batches to path as a leaves file (mode 0644),
// replacing any file there atomically: a failed write leaves the old one.
func WriteLeavesFile(path string, batches []commit.Batch) error {
	if err := CheckLeaves(batches); err != nil {
		return err
	}
	return ReplaceFile(path, 0o644, func(w io.Writer) error { return WriteLeaves(w, batches) })
}

// ReadLeavesFile reads the leaves file at path.
func ReadLeavesFile(path string) ([]commit.Batch, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	batches, err := ReadLeaves(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return batches, nil
}

// Elements returns the field elements of every batch, the form
// exchange.SealLeaves takes.
func Elements(batches []commit.Batch) ([][]fr.Element, error) {
	out := make([][]fr.Element, len(batches))
	for i, b := range batches {
		elements, err := b.Elements()
		if err != nil {
			return nil, fmt.Errorf("leaf %d: %w", i, err)
		}
		out[i] = elements
	}
	return out, nil
}

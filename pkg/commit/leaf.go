package commit

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Sample is one encoded example: raw fixed-point features and its label.
type Sample struct {
	Features []int64
	Label    int64
}

// Batch is a task's batch of samples, the unit a leaf commits to.
type Batch struct {
	Format  Format
	Samples []Sample
}

// MaxBatchValues bounds the values (features and labels) of one batch.
const MaxBatchValues = 1 << 24

// Validate checks that the batch is non-empty, every sample has the same
// number of features, and every value fits the format.
func (b Batch) Validate() error {
	if err := b.Format.Validate(); err != nil {
		return err
	}
	if len(b.Samples) == 0 {
		return fmt.Errorf("a batch needs at least one sample")
	}
	d := len(b.Samples[0].Features)
	if d == 0 {
		return fmt.Errorf("samples need at least one feature")
	}
	if len(b.Samples)*(d+1) > MaxBatchValues {
		return fmt.Errorf("batch of %d samples x %d features exceeds %d values", len(b.Samples), d, MaxBatchValues)
	}
	for i, s := range b.Samples {
		if len(s.Features) != d {
			return fmt.Errorf("sample %d has %d features, sample 0 has %d", i, len(s.Features), d)
		}
		for j, x := range s.Features {
			if err := b.Format.CheckRaw(x); err != nil {
				return fmt.Errorf("sample %d feature %d: %w", i, j, err)
			}
		}
		if err := b.Format.CheckRaw(s.Label); err != nil {
			return fmt.Errorf("sample %d label: %w", i, err)
		}
	}
	return nil
}

// values lists the batch's values in leaf order: each sample's features,
// then its label.
func (b Batch) values() []int64 {
	d := len(b.Samples[0].Features)
	out := make([]int64, 0, len(b.Samples)*(d+1))
	for _, s := range b.Samples {
		out = append(out, s.Features...)
		out = append(out, s.Label)
	}
	return out
}

// header is BatchHeader of the batch's shape and format.
func (b Batch) header() fr.Element {
	return BatchHeader(len(b.Samples), len(b.Samples[0].Features), b.Format)
}

// Elements returns the field elements the leaf hash absorbs after its tag:
// the header, then the packed values. Circuits take these as the witness of
// a batch.
func (b Batch) Elements() ([]fr.Element, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	return append([]fr.Element{b.header()}, pack(b.Format, b.values())...), nil
}

// Leaf returns the leaf digest of the batch:
// Hash(tagLeaf, header, packed values...).
func Leaf(b Batch) (Digest, error) {
	elements, err := b.Elements()
	if err != nil {
		return Digest{}, err
	}
	return digestOf(Hash(tagLeaf, elements...)), nil
}

// LeafOfElements is the leaf digest of a batch given as its elements
// (header and packed values, as Batch.Elements returns them). It checks that
// they decode to a valid batch, so the result equals Leaf of that batch.
func LeafOfElements(elements []fr.Element) (Digest, Batch, error) {
	b, err := DecodeBatch(elements)
	if err != nil {
		return Digest{}, Batch{}, err
	}
	leaf, err := Leaf(b)
	return leaf, b, err
}

// DecodeBatch inverts Elements: it rebuilds a batch of samples x features
// in format from a leaf's elements, checking the header.
func DecodeBatch(elements []fr.Element) (Batch, error) {
	if len(elements) < 2 {
		return Batch{}, fmt.Errorf("a batch has a header and at least one packed element")
	}
	if !elements[0].IsUint64() {
		return Batch{}, fmt.Errorf("batch header is not a 64-bit value")
	}
	h := elements[0].Uint64()
	n, d := int(h&(1<<24-1)), int(h>>24&(1<<24-1))
	f := Format{Bits: uint8(h >> 48), Frac: uint8(h >> 56)}
	if err := f.Validate(); err != nil {
		return Batch{}, err
	}
	if n == 0 || d == 0 || n*(d+1) > MaxBatchValues {
		return Batch{}, fmt.Errorf("batch header names %d samples x %d features", n, d)
	}
	values, err := unpack(f, elements[1:], n*(d+1))
	if err != nil {
		return Batch{}, err
	}
	b := Batch{Format: f, Samples: make([]Sample, n)}
	for i := range b.Samples {
		row := values[i*(d+1) : (i+1)*(d+1)]
		b.Samples[i] = Sample{Features: append([]int64(nil), row[:d]...), Label: row[d]}
	}
	return b, nil
}

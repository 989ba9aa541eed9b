package commit

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// Limits of a committed tensor.
const (
	MaxTensorDims   = 8
	MaxTensorValues = 1 << 30
)

// Tensor is a fixed-point tensor (a model's weights), row-major.
type Tensor struct {
	Format Format
	Shape  []uint32
	Values []int64 // raw fixed-point values
}

// Validate checks the shape against the values and every value's range.
func (t Tensor) Validate() error {
	if err := t.Format.Validate(); err != nil {
		return err
	}
	if len(t.Shape) == 0 || len(t.Shape) > MaxTensorDims {
		return fmt.Errorf("a tensor has 1..%d dimensions, got %d", MaxTensorDims, len(t.Shape))
	}
	n := uint64(1)
	for i, d := range t.Shape {
		if d == 0 {
			return fmt.Errorf("dimension %d is zero", i)
		}
		n *= uint64(d)
		if n > MaxTensorValues {
			return fmt.Errorf("shape %v exceeds %d values", t.Shape, MaxTensorValues)
		}
	}
	if uint64(len(t.Values)) != n {
		return fmt.Errorf("shape %v has %d values, got %d", t.Shape, n, len(t.Values))
	}
	for i, v := range t.Values {
		if err := t.Format.CheckRaw(v); err != nil {
			return fmt.Errorf("value %d: %w", i, err)
		}
	}
	return nil
}

// Elements returns what the weights commitment absorbs after its tag: a
// header (dimensions | bits<<8 | frac<<16), each dimension, then the packed
// values.
func (t Tensor) Elements() ([]fr.Element, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	out := make([]fr.Element, 0, 1+len(t.Shape)+len(t.Values)/perElement(t.Format.Bits)+1)
	out = append(out, TensorHeader(len(t.Shape), t.Format))
	for _, d := range t.Shape {
		var e fr.Element
		e.SetUint64(uint64(d))
		out = append(out, e)
	}
	return append(out, pack(t.Format, t.Values)...), nil
}

// WeightsCommitment returns Hash(tagWeights, Elements()...): what x/pog
// records for a model version and what circuits recompute.
func WeightsCommitment(t Tensor) (Digest, error) {
	elements, err := t.Elements()
	if err != nil {
		return Digest{}, err
	}
	return digestOf(Hash(tagWeights, elements...)), nil
}

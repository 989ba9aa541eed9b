package commit

import "github.com/consensys/gnark-crypto/ecc/bn254/fr"

// What a circuit needs to recompute a leaf or a weights commitment from
// individual values: the packing density and the header elements.

// PerElement is how many values of a format with bits bits one packed
// field element holds (floor(252 / bits)).
func PerElement(bits uint8) int { return perElement(bits) }

// BatchHeader is the header element of a leaf of samples x features in
// format f: samples | features<<24 | bits<<48 | frac<<56.
func BatchHeader(samples, features int, f Format) fr.Element {
	var e fr.Element
	e.SetUint64(uint64(samples) | uint64(features)<<24 | uint64(f.Bits)<<48 | uint64(f.Frac)<<56)
	return e
}

// TensorHeader is the header element of a weights commitment of a tensor
// with dims dimensions in format f: dims | bits<<8 | frac<<16.
func TensorHeader(dims int, f Format) fr.Element {
	var e fr.Element
	e.SetUint64(uint64(dims) | uint64(f.Bits)<<8 | uint64(f.Frac)<<16)
	return e
}

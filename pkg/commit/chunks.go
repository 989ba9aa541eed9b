package commit

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// A weights tensor is sold in the Data Market (MODEL_UPDATE offers) as
// chunks: its Elements(), the same field elements WeightsCommitment absorbs,
// split in order into runs of at most ChunkElements. Each run is a leaf,
// Hash(tagChunk, run...), and the leaves form an ordinary data tree, so a
// buyer can check every chunk it receives against the offer's data root and
// the reassembled tensor against the version's weights commitment.

// ChunkElements is the number of field elements in a full weights chunk
// (8 KiB of elements; the last chunk may be shorter).
const ChunkElements = 256

// WeightsChunks splits t's elements into chunks of ChunkElements.
func WeightsChunks(t Tensor) ([][]fr.Element, error) {
	elements, err := t.Elements()
	if err != nil {
		return nil, err
	}
	var chunks [][]fr.Element
	for start := 0; start < len(elements); start += ChunkElements {
		chunks = append(chunks, elements[start:min(start+ChunkElements, len(elements))])
	}
	return chunks, nil
}

// WeightsChunkLeaf is the leaf of one chunk: Hash(tagChunk, elements...).
func WeightsChunkLeaf(elements []fr.Element) (Digest, error) {
	if len(elements) == 0 || len(elements) > ChunkElements {
		return Digest{}, fmt.Errorf("a weights chunk has 1..%d elements, got %d", ChunkElements, len(elements))
	}
	return digestOf(Hash(tagChunk, elements...)), nil
}

// WeightsChunkTree returns the data tree over t's chunk leaves; its root is
// what a MODEL_UPDATE offer cites as its data root.
func WeightsChunkTree(t Tensor) (*Tree, error) {
	chunks, err := WeightsChunks(t)
	if err != nil {
		return nil, err
	}
	leaves := make([]Digest, len(chunks))
	for i, c := range chunks {
		if leaves[i], err = WeightsChunkLeaf(c); err != nil {
			return nil, err
		}
	}
	return NewTree(leaves)
}

// TensorFromChunks reassembles a tensor from its chunks, in order, and
// checks it against the weights commitment want.
func TensorFromChunks(chunks [][]fr.Element, want Digest) (Tensor, error) {
	var elements []fr.Element
	for i, c := range chunks {
		if len(c) == 0 || len(c) > ChunkElements || (i < len(chunks)-1 && len(c) != ChunkElements) {
			return Tensor{}, fmt.Errorf("chunk %d has %d elements; every chunk but the last has %d", i, len(c), ChunkElements)
		}
		elements = append(elements, c...)
	}
	t, err := DecodeTensor(elements)
	if err != nil {
		return Tensor{}, err
	}
	got, err := WeightsCommitment(t)
	if err != nil {
		return Tensor{}, err
	}
	if got != want {
		return Tensor{}, fmt.Errorf("reassembled weights commit to %s, want %s", got, want)
	}
	return t, nil
}

// DecodeTensor inverts Tensor.Elements.
func DecodeTensor(elements []fr.Element) (Tensor, error) {
	if len(elements) < 2 || !elements[0].IsUint64() {
		return Tensor{}, fmt.Errorf("a tensor starts with a 64-bit header and its dimensions")
	}
	h := elements[0].Uint64()
	dims := int(h & 0xff)
	f := Format{Bits: uint8(h >> 8), Frac: uint8(h >> 16)}
	if h>>24 != 0 {
		return Tensor{}, fmt.Errorf("tensor header %#x has bits beyond dims, bits and frac", h)
	}
	if err := f.Validate(); err != nil {
		return Tensor{}, err
	}
	if dims == 0 || dims > MaxTensorDims || len(elements) < 1+dims {
		return Tensor{}, fmt.Errorf("tensor header names %d dimensions (1..%d) with %d elements", dims, MaxTensorDims, len(elements))
	}
	t := Tensor{Format: f, Shape: make([]uint32, dims)}
	n := uint64(1)
	for i := range dims {
		e := elements[1+i]
		if !e.IsUint64() || e.Uint64() == 0 || e.Uint64() > MaxTensorValues {
			return Tensor{}, fmt.Errorf("dimension %d is not in 1..%d", i, MaxTensorValues)
		}
		t.Shape[i] = uint32(e.Uint64())
		n *= e.Uint64()
		if n > MaxTensorValues {
			return Tensor{}, fmt.Errorf("shape %v exceeds %d values", t.Shape[:i+1], MaxTensorValues)
		}
	}
	values, err := unpack(f, elements[1+dims:], int(n))
	if err != nil {
		return Tensor{}, err
	}
	t.Values = values
	return t, nil
}

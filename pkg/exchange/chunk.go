package exchange

import (
	"encoding/binary"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/litegpt/litegpt/pkg/commit"
)

// chunkMagic starts every chunk plaintext (format version 1).
var chunkMagic = [4]byte{'L', 'G', 'C', '1'}

// Limits of a chunk plaintext.
const (
	// MaxChunkElements bounds the field elements of one leaf: a batch of
	// commit.MaxBatchValues 2-bit values packs into about 132k elements;
	// weights chunks hold commit.ChunkElements.
	MaxChunkElements = commit.MaxBatchValues/126 + 2
	// MaxPathLength is the depth of the largest data tree (2^40 leaves).
	MaxPathLength = 40
)

// Chunk is the plaintext of one delivered chunk: the leaf at LeafIndex of
// the offer's data tree, as field elements (a batch's header and packed
// values, or a run of weights elements), and its inclusion path (siblings
// from the leaf level up).
type Chunk struct {
	LeafIndex uint64
	Elements  []fr.Element
	Path      []commit.Digest
}

// Marshal encodes the chunk: "LGC1", leaf index (uint64 big-endian),
// element count (uint32), the elements (32 bytes each, canonical
// big-endian), path length (uint8), the path digests.
func (c Chunk) Marshal() []byte {
	out := make([]byte, 0, 4+8+4+32*len(c.Elements)+1+32*len(c.Path))
	out = append(out, chunkMagic[:]...)
	out = binary.BigEndian.AppendUint64(out, c.LeafIndex)
	out = binary.BigEndian.AppendUint32(out, uint32(len(c.Elements)))
	for i := range c.Elements {
		b := c.Elements[i].Bytes()
		out = append(out, b[:]...)
	}
	out = append(out, byte(len(c.Path)))
	for _, d := range c.Path {
		out = append(out, d[:]...)
	}
	return out
}

// UnmarshalChunk decodes a chunk plaintext, rejecting anything that is not
// exactly one canonical encoding.
func UnmarshalChunk(bz []byte) (Chunk, error) {
	var c Chunk
	if len(bz) < 4+8+4+1 {
		return c, fmt.Errorf("chunk plaintext is %d bytes, shorter than its %d-byte header", len(bz), 4+8+4+1)
	}
	if [4]byte(bz[:4]) != chunkMagic {
		return c, fmt.Errorf("chunk plaintext starts with %x, not the format tag %q", bz[:4], chunkMagic[:])
	}
	c.LeafIndex = binary.BigEndian.Uint64(bz[4:12])
	n := binary.BigEndian.Uint32(bz[12:16])
	if n == 0 || n > MaxChunkElements {
		return c, fmt.Errorf("chunk holds %d field elements, expected 1..%d", n, MaxChunkElements)
	}
	rest := bz[16:]
	if uint64(len(rest)) < uint64(n)*32+1 {
		return c, fmt.Errorf("chunk names %d elements but has only %d bytes after its header", n, len(rest))
	}
	c.Elements = make([]fr.Element, n)
	for i := range c.Elements {
		if err := c.Elements[i].SetBytesCanonical(rest[:32]); err != nil {
			return Chunk{}, fmt.Errorf("chunk element %d is not a canonical BN254 scalar: %w", i, err)
		}
		rest = rest[32:]
	}
	depth := int(rest[0])
	rest = rest[1:]
	if depth > MaxPathLength {
		return Chunk{}, fmt.Errorf("chunk path has %d levels, at most %d", depth, MaxPathLength)
	}
	if len(rest) != depth*32 {
		return Chunk{}, fmt.Errorf("chunk path of %d levels needs %d bytes, got %d", depth, depth*32, len(rest))
	}
	c.Path = make([]commit.Digest, depth)
	for i := range c.Path {
		d, err := commit.DigestFromBytes(rest[:32])
		if err != nil {
			return Chunk{}, fmt.Errorf("chunk path level %d: %w", i, err)
		}
		c.Path[i] = d
		rest = rest[32:]
	}
	return c, nil
}

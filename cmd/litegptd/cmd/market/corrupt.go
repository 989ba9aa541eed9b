package market

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
)

// corruption is deliver's --corrupt testing aid: chunk is delivered bad in
// the way mode says.
type corruption struct {
	chunk uint64
	mode  string
}

// Corruption modes.
const (
	corruptTag     = "tag"
	corruptLeaf    = "leaf"
	corruptGarbage = "garbage"
)

// parseCorruption parses CHUNK=MODE for a delivery of count chunks; ""
// is no corruption.
func parseCorruption(s string, count uint64) (*corruption, error) {
	if s == "" {
		return nil, nil
	}
	chunkText, mode, ok := strings.Cut(s, "=")
	chunk, err := strconv.ParseUint(chunkText, 10, 64)
	if !ok || err != nil {
		return nil, fmt.Errorf("--%s %q is not CHUNK=tag, CHUNK=leaf or CHUNK=garbage", flagCorrupt, s)
	}
	switch mode {
	case corruptTag, corruptLeaf, corruptGarbage:
	default:
		return nil, fmt.Errorf("--%s mode %q is not tag, leaf or garbage", flagCorrupt, mode)
	}
	if chunk >= count {
		return nil, fmt.Errorf("--%s chunk %d is not a chunk of a delivery of %d (0..%d)", flagCorrupt, chunk, count, count-1)
	}
	return &corruption{chunk: chunk, mode: mode}, nil
}

// apply replaces chunks[c.chunk], sealed honestly, by a bad one.
func (c corruption) apply(chunks [][]byte, key exchange.Key, deal, start uint64, batches []commit.Batch, tree *commit.Tree) error {
	leaf := start + c.chunk
	proof, err := tree.Prove(leaf)
	if err != nil {
		return err
	}
	var elements []fr.Element
	switch c.mode {
	case corruptTag:
		chunks[c.chunk][len(chunks[c.chunk])/2] ^= 0x01
		return nil
	case corruptLeaf:
		other, err := otherLeaf(batches, leaf)
		if err != nil {
			return err
		}
		if elements, err = batches[other].Elements(); err != nil {
			return err
		}
	case corruptGarbage:
		honest, err := batches[leaf].Elements()
		if err != nil {
			return err
		}
		elements = make([]fr.Element, len(honest))
		for i := range elements {
			if _, err := elements[i].SetRandom(); err != nil {
				return err
			}
		}
	}
	plaintext := exchange.Chunk{LeafIndex: leaf, Elements: elements, Path: proof.Siblings}.Marshal()
	chunks[c.chunk], err = exchange.Seal(key, deal, c.chunk, plaintext)
	return err
}

// otherLeaf returns the first leaf after leaf (wrapping around) whose batch
// differs from leaf's, to be sealed in its place.
func otherLeaf(batches []commit.Batch, leaf uint64) (uint64, error) {
	want, err := commit.Leaf(batches[leaf])
	if err != nil {
		return 0, err
	}
	n := uint64(len(batches))
	for step := uint64(1); step < n; step++ {
		other := (leaf + step) % n
		digest, err := commit.Leaf(batches[other])
		if err != nil {
			return 0, err
		}
		if digest != want {
			return other, nil
		}
	}
	return 0, fmt.Errorf("--%s leaf needs a data set with a leaf that differs from leaf %d", flagCorrupt, leaf)
}

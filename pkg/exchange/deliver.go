package exchange

import (
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/litegpt/litegpt/pkg/commit"
)

// SealLeaves is the seller's side of a delivery: it encrypts the leaves
// [start, start+len(leaves)) of tree, given as their field elements, as the
// chunks of deal dealID under k. With CiphertextRoot of the result and
// KeyHash(k), the seller posts MsgDeliver.
func SealLeaves(k Key, dealID uint64, tree *commit.Tree, start uint64, leaves [][]fr.Element) ([][]byte, error) {
	if start+uint64(len(leaves)) > tree.Count() || start+uint64(len(leaves)) < start {
		return nil, fmt.Errorf("leaves %d..%d are not in a tree of %d", start, start+uint64(len(leaves)), tree.Count())
	}
	out := make([][]byte, len(leaves))
	for i, elements := range leaves {
		proof, err := tree.Prove(start + uint64(i))
		if err != nil {
			return nil, err
		}
		c := Chunk{LeafIndex: start + uint64(i), Elements: elements, Path: proof.Siblings}
		if out[i], err = Seal(k, dealID, uint64(i), c.Marshal()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// BadChunk is a chunk that fails Judge, with what the buyer needs for
// MsgDispute: its index, ciphertext and path in the ciphertext tree.
type BadChunk struct {
	Index      uint64
	Fault      string
	Ciphertext []byte
	Path       [][]byte
}

// OpenDelivery is the buyer's side after the key is revealed: it checks
// that the ciphertexts are the ones under root, judges every chunk and
// returns the decrypted chunks, or the first bad chunk as dispute evidence.
func OpenDelivery(d Delivery, k Key, root []byte, ciphertexts [][]byte) ([]Chunk, *BadChunk, error) {
	got, paths := CiphertextPaths(ciphertexts)
	if string(got) != string(root) {
		return nil, nil, fmt.Errorf("the %d chunks received do not hash to the delivery's ciphertext root", len(ciphertexts))
	}
	chunks := make([]Chunk, len(ciphertexts))
	for i, ct := range ciphertexts {
		if fault := Judge(d, k, uint64(i), ct); fault != "" {
			return nil, &BadChunk{Index: uint64(i), Fault: fault, Ciphertext: ct, Path: paths[i]}, nil
		}
		plaintext, err := Open(k, d.DealID, uint64(i), ct)
		if err != nil { // Judge opened it already
			return nil, nil, err
		}
		if chunks[i], err = UnmarshalChunk(plaintext); err != nil {
			return nil, nil, err
		}
	}
	return chunks, nil, nil
}

package exchange

import (
	"crypto/sha256"
	"fmt"

	"github.com/cometbft/cometbft/crypto/merkle"
)

// CiphertextRoot is the root the seller posts in MsgDeliver: CometBFT's
// RFC 6962 Merkle root (SHA-256, 0x00 leaf and 0x01 inner prefixes) over
// the ciphertext chunks in order.
func CiphertextRoot(ciphertexts [][]byte) []byte {
	return merkle.HashFromByteSlices(ciphertexts)
}

// CiphertextPaths returns the root and, for every chunk, its inclusion path
// (the aunts, from the leaf up) in the ciphertext tree.
func CiphertextPaths(ciphertexts [][]byte) (root []byte, paths [][][]byte) {
	root, proofs := merkle.ProofsFromByteSlices(ciphertexts)
	paths = make([][][]byte, len(proofs))
	for i, p := range proofs {
		paths[i] = p.Aunts
	}
	return root, paths
}

// VerifyCiphertext checks that ciphertext is chunk index of total under root.
func VerifyCiphertext(root []byte, total, index uint64, ciphertext []byte, path [][]byte) error {
	if len(root) != HashSize {
		return fmt.Errorf("a ciphertext root is %d bytes, got %d", HashSize, len(root))
	}
	if total == 0 || index >= total || total > 1<<40 {
		return fmt.Errorf("chunk %d of %d is not a position in the delivery", index, total)
	}
	if len(path) > merkle.MaxAunts {
		return fmt.Errorf("ciphertext path has %d levels, at most %d", len(path), merkle.MaxAunts)
	}
	for i, a := range path {
		if len(a) != HashSize {
			return fmt.Errorf("ciphertext path level %d is %d bytes, want %d", i, len(a), HashSize)
		}
	}
	p := merkle.Proof{Total: int64(total), Index: int64(index), LeafHash: leafHash(ciphertext), Aunts: path}
	if err := p.Verify(root, ciphertext); err != nil {
		return fmt.Errorf("chunk %d is not under the seller's ciphertext root: %w", index, err)
	}
	return nil
}

// leafHash is RFC 6962's leaf hash, SHA-256(0x00 || leaf), as CometBFT's
// tree computes it (Proof.Verify recomputes and compares it).
func leafHash(leaf []byte) []byte {
	h := sha256.New()
	h.Write([]byte{0})
	h.Write(leaf)
	return h.Sum(nil)
}

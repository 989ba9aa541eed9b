package exchange

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
)

// KeySize is the size of a deal key: an AES-256 key.
const KeySize = 32

// HashSize is the size of KeyHash and of a ciphertext root.
const HashSize = sha256.Size

// Key is a per-deal key k, chosen by the seller, fresh for every deal.
type Key [KeySize]byte

// keyTag domain-separates the key commitment.
const keyTag = "litegpt/deal-key/v1"

// NewKey draws a fresh key from r (crypto/rand.Reader when r is nil).
func NewKey(r io.Reader) (Key, error) {
	if r == nil {
		r = rand.Reader
	}
	var k Key
	if _, err := io.ReadFull(r, k[:]); err != nil {
		return Key{}, fmt.Errorf("drawing a deal key: %w", err)
	}
	return k, nil
}

// KeyFromBytes checks the length of a revealed key.
func KeyFromBytes(bz []byte) (Key, error) {
	var k Key
	if len(bz) != KeySize {
		return k, fmt.Errorf("a deal key is %d bytes, got %d", KeySize, len(bz))
	}
	copy(k[:], bz)
	return k, nil
}

// KeyHash is the commitment H(k) = SHA-256("litegpt/deal-key/v1" || k)
// posted with the delivery and checked at the reveal. k is 256 uniformly
// random bits, so the hash hides it and binds the seller to it.
func KeyHash(k Key) [HashSize]byte {
	h := sha256.New()
	h.Write([]byte(keyTag))
	h.Write(k[:])
	var out [HashSize]byte
	copy(out[:], h.Sum(nil))
	return out
}

package exchange

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"fmt"
	"math"
)

// aadTag starts the associated data of every chunk.
const aadTag = "litegpt/chunk/v1"

// Overhead is what encryption adds to a plaintext: the GCM tag.
const Overhead = 16

// Nonce is the 96-bit GCM nonce of chunk index of deal dealID: the deal id
// (uint64 big-endian) then the chunk index (uint32 big-endian). Deal ids
// are unique on a chain and chunk indices within a deal, so a nonce is never
// reused even if a seller reused a key across deals.
func Nonce(dealID uint64, index uint32) [12]byte {
	var n [12]byte
	binary.BigEndian.PutUint64(n[:8], dealID)
	binary.BigEndian.PutUint32(n[8:], index)
	return n
}

func associatedData(dealID uint64, index uint32) []byte {
	ad := make([]byte, 0, len(aadTag)+12)
	ad = append(ad, aadTag...)
	n := Nonce(dealID, index)
	return append(ad, n[:]...)
}

func gcm(k Key) cipher.AEAD {
	block, err := aes.NewCipher(k[:])
	if err != nil {
		panic(err) // a 32-byte key is always valid
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
}

func chunkIndex(index uint64) (uint32, error) {
	if index > math.MaxUint32 {
		return 0, fmt.Errorf("chunk index %d exceeds %d", index, uint32(math.MaxUint32))
	}
	return uint32(index), nil
}

// Seal encrypts the plaintext of chunk index of deal dealID under k.
func Seal(k Key, dealID, index uint64, plaintext []byte) ([]byte, error) {
	i, err := chunkIndex(index)
	if err != nil {
		return nil, err
	}
	n := Nonce(dealID, i)
	return gcm(k).Seal(nil, n[:], plaintext, associatedData(dealID, i)), nil
}

// Open decrypts chunk index of deal dealID under k; it fails when the
// authentication tag does not verify.
func Open(k Key, dealID, index uint64, ciphertext []byte) ([]byte, error) {
	i, err := chunkIndex(index)
	if err != nil {
		return nil, err
	}
	if len(ciphertext) < Overhead {
		return nil, fmt.Errorf("chunk %d is %d bytes, shorter than its %d-byte tag", index, len(ciphertext), Overhead)
	}
	n := Nonce(dealID, i)
	pt, err := gcm(k).Open(nil, n[:], ciphertext, associatedData(dealID, i))
	if err != nil {
		return nil, fmt.Errorf("chunk %d does not authenticate under the deal key: %w", index, err)
	}
	return pt, nil
}

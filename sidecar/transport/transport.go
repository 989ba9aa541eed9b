// Package transport seals a Data Market delivery to its buyer for the
// trip between sidecars (ARCHITECTURE.md §4, step 2). The chunks are
// already encrypted under the deal's key (pkg/exchange); this second
// layer keeps everyone but the buyer from even collecting them, and binds
// the stream to its deal and order. It uses Go's crypto/hpke with
// DHKEM(X25519), HKDF-SHA256 and AES-256-GCM: one HPKE context per
// delivery, to the HPKE public key the buyer registered in x/stake, with
// the deal id in the context's info and each chunk's index as its
// associated data. Nothing is hand-rolled: the nonces are the context's
// sequence numbers.
//
// The stream is: the 32-byte encapsulated key, the chunk count (8 bytes),
// then each sealed chunk as a 4-byte length and its bytes. Open checks
// every frame and returns the chunks only if all of them open, in order,
// with nothing after the last.
package transport

import (
	"bytes"
	"crypto/ecdh"
	"crypto/hpke"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Limits of a stream.
const (
	// MaxChunks bounds the chunks of one stream.
	MaxChunks = 1 << 20
	// MaxChunkBytes bounds one sealed chunk (the Data Market's largest
	// max_chunk_bytes, 64 MiB, plus the AEAD tag).
	MaxChunkBytes = 64<<20 + 16
	// encLen is DHKEM(X25519)'s encapsulated key size.
	encLen = 32
)

// ErrMalformed is returned for a stream that does not open.
var ErrMalformed = errors.New("transport: malformed or tampered delivery stream")

var (
	kem  = hpke.DHKEM(ecdh.X25519())
	kdf  = hpke.HKDFSHA256()
	aead = hpke.AES256GCM()
)

// info binds a stream to its deal.
func info(dealID uint64) []byte {
	return fmt.Appendf(nil, "litegpt/delivery-transport/v2 deal %d", dealID)
}

// aad binds a chunk to its place in the stream.
func aad(index uint64) []byte { return binary.BigEndian.AppendUint64([]byte("chunk"), index) }

// Seal seals deal dealID's chunks (its pkg/exchange ciphertexts) to the
// buyer's registered HPKE public key (32 bytes, x/stake's
// hpke_public_key) and writes the stream to w.
func Seal(w io.Writer, buyerKey []byte, dealID uint64, chunks [][]byte) error {
	if len(chunks) == 0 || len(chunks) > MaxChunks {
		return fmt.Errorf("transport: a delivery has 1..%d chunks, got %d", MaxChunks, len(chunks))
	}
	pub, err := kem.NewPublicKey(buyerKey)
	if err != nil {
		return fmt.Errorf("transport: the buyer's HPKE key is not a 32-byte X25519 public key: %w", err)
	}
	enc, sender, err := hpke.NewSender(pub, kdf, aead, info(dealID))
	if err != nil {
		return err
	}
	var head bytes.Buffer
	head.Write(enc)
	head.Write(binary.BigEndian.AppendUint64(nil, uint64(len(chunks))))
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	for i, c := range chunks {
		sealed, err := sender.Seal(aad(uint64(i)), c)
		if err != nil {
			return err
		}
		if len(sealed) > MaxChunkBytes {
			return fmt.Errorf("transport: chunk %d is %d bytes sealed, more than %d", i, len(sealed), MaxChunkBytes)
		}
		if _, err := w.Write(binary.BigEndian.AppendUint32(nil, uint32(len(sealed)))); err != nil {
			return err
		}
		if _, err := w.Write(sealed); err != nil {
			return err
		}
	}
	return nil
}

// Open reads a stream sealed to key (the buyer's HPKE private key) for
// deal dealID and returns its chunks. It fails with ErrMalformed, naming
// the frame, for a stream of another key or deal, reordered, truncated,
// altered or extended chunks; it never returns a partial delivery.
func Open(r io.Reader, key hpke.PrivateKey, dealID uint64) ([][]byte, error) {
	var head [encLen + 8]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, fmt.Errorf("%w: reading the header: %v", ErrMalformed, err)
	}
	n := binary.BigEndian.Uint64(head[encLen:])
	if n == 0 || n > MaxChunks {
		return nil, fmt.Errorf("%w: the stream claims %d chunks, want 1..%d", ErrMalformed, n, MaxChunks)
	}
	recipient, err := hpke.NewRecipient(head[:encLen], key, kdf, aead, info(dealID))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	out := make([][]byte, 0, min(n, 1024))
	for i := range n {
		var size [4]byte
		if _, err := io.ReadFull(r, size[:]); err != nil {
			return nil, fmt.Errorf("%w: chunk %d of %d is missing: %v", ErrMalformed, i, n, err)
		}
		l := binary.BigEndian.Uint32(size[:])
		if l > MaxChunkBytes {
			return nil, fmt.Errorf("%w: chunk %d claims %d bytes, at most %d", ErrMalformed, i, l, MaxChunkBytes)
		}
		sealed := make([]byte, l)
		if _, err := io.ReadFull(r, sealed); err != nil {
			return nil, fmt.Errorf("%w: chunk %d is cut short: %v", ErrMalformed, i, err)
		}
		chunk, err := recipient.Open(aad(i), sealed)
		if err != nil {
			return nil, fmt.Errorf("%w: chunk %d does not open (another buyer's key, another deal, or altered)", ErrMalformed, i)
		}
		out = append(out, chunk)
	}
	if extra, _ := r.Read(make([]byte, 1)); extra != 0 {
		return nil, fmt.Errorf("%w: bytes after the last of %d chunks", ErrMalformed, n)
	}
	return out, nil
}

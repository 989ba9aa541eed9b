package exchange_test

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
)

// FuzzUnmarshalChunk: decoding never panics, and whatever decodes
// re-encodes to the same bytes (one encoding per chunk).
func FuzzUnmarshalChunk(f *testing.F) {
	f.Add(exchange.Chunk{LeafIndex: 1, Elements: make([]fr.Element, 2), Path: []commit.Digest{{}}}.Marshal())
	f.Add([]byte("LGC1"))
	f.Fuzz(func(t *testing.T, bz []byte) {
		c, err := exchange.UnmarshalChunk(bz)
		if err != nil {
			return
		}
		if got := c.Marshal(); string(got) != string(bz) {
			t.Fatalf("re-encoding differs: %x vs %x", got, bz)
		}
	})
}

// FuzzJudge: any ciphertext is judged without panicking, and a ciphertext
// that is not an honest chunk is never judged good.
func FuzzJudge(f *testing.F) {
	tf := newFixture(f)
	for _, ct := range tf.ciphertexts {
		f.Add(uint64(0), ct)
	}
	f.Add(uint64(3), []byte{})
	f.Fuzz(func(t *testing.T, index uint64, ct []byte) {
		fault := exchange.Judge(tf.delivery, tf.key, index, ct)
		if fault == "" {
			if index >= uint64(len(tf.ciphertexts)) || string(ct) != string(tf.ciphertexts[index]) {
				t.Fatalf("a chunk that is not the honest chunk %d was judged good", index)
			}
		}
	})
}

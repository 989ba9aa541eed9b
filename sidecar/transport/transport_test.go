package transport_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/hpke"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/sidecar/transport"
)

// delivery is deal 7's chunks, encrypted under its key as a seller's
// sidecar does, and their ciphertext root (what MsgDeliver posts).
func delivery(t *testing.T) ([][]byte, []byte, exchange.Key) {
	key, err := exchange.NewKey(rand.Reader)
	require.NoError(t, err)
	var chunks [][]byte
	for i := range 5 {
		c, err := exchange.Seal(key, 7, uint64(i), fmt.Appendf(nil, "leaf %d of deal 7", i))
		require.NoError(t, err)
		chunks = append(chunks, c)
	}
	return chunks, exchange.CiphertextRoot(chunks), key
}

func buyerKey(t *testing.T) (hpke.PrivateKey, []byte) {
	k, err := hpke.DHKEM(ecdh.X25519()).GenerateKey()
	require.NoError(t, err)
	return k, k.PublicKey().Bytes()
}

// TestSealedDeliveryOpensForTheBuyer: the buyer gets exactly the chunks
// whose root the seller posted, decrypts them with the revealed key, and
// a stream is not the same bytes twice (fresh encapsulation).
func TestSealedDeliveryOpensForTheBuyer(t *testing.T) {
	chunks, root, key := delivery(t)
	priv, pub := buyerKey(t)
	var stream bytes.Buffer
	require.NoError(t, transport.Seal(&stream, pub, 7, chunks))
	got, err := transport.Open(bytes.NewReader(stream.Bytes()), priv, 7)
	require.NoError(t, err)
	require.Equal(t, chunks, got)
	require.Equal(t, root, exchange.CiphertextRoot(got), "the buyer checks the chunks against the posted root")
	leaf, err := exchange.Open(key, 7, 3, got[3])
	require.NoError(t, err)
	require.Equal(t, "leaf 3 of deal 7", string(leaf))

	var again bytes.Buffer
	require.NoError(t, transport.Seal(&again, pub, 7, chunks))
	require.NotEqual(t, stream.Bytes(), again.Bytes())
}

// TestTamperedStreamsAreRefused: another buyer's key, another deal,
// reordered, altered, truncated or extended streams are refused whole.
func TestTamperedStreamsAreRefused(t *testing.T) {
	chunks, _, _ := delivery(t)
	priv, pub := buyerKey(t)
	var stream bytes.Buffer
	require.NoError(t, transport.Seal(&stream, pub, 7, chunks))
	good := stream.Bytes()
	other, _ := buyerKey(t)

	frame := func(bz []byte, i int) (int, int) { // offset and length of sealed chunk i
		off := 40
		for j := 0; ; j++ {
			l := int(binary.BigEndian.Uint32(bz[off:]))
			if j == i {
				return off + 4, l
			}
			off += 4 + l
		}
	}
	swapped := func() []byte {
		a, la := frame(good, 0)
		b, lb := frame(good, 1)
		out := append([]byte(nil), good[:a-4]...)
		out = append(out, good[b-4:b+lb]...)
		out = append(out, good[a-4:a+la]...)
		return append(out, good[b+lb:]...)
	}
	flipped := append([]byte(nil), good...)
	off, _ := frame(flipped, 2)
	flipped[off+3] ^= 1
	for name, tc := range map[string]struct {
		stream []byte
		key    hpke.PrivateKey
		deal   uint64
	}{
		"another buyer":        {good, other, 7},
		"another deal":         {good, priv, 8},
		"chunks reordered":     {swapped(), priv, 7},
		"a byte flipped":       {flipped, priv, 7},
		"cut short":            {good[:len(good)-3], priv, 7},
		"a byte after the end": {append(append([]byte(nil), good...), 0), priv, 7},
		"no header":            {good[:20], priv, 7},
		"zero chunks":          {append(append([]byte(nil), good[:32]...), make([]byte, 8)...), priv, 7},
		"a huge frame":         {append(append([]byte(nil), good[:40]...), 0xff, 0xff, 0xff, 0xff), priv, 7},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := transport.Open(bytes.NewReader(tc.stream), tc.key, tc.deal)
			require.ErrorIs(t, err, transport.ErrMalformed)
			require.Nil(t, got, "no partial delivery")
		})
	}
}

// TestSealRefusesBadInput: no chunks, or a key that is not an X25519
// public key.
func TestSealRefusesBadInput(t *testing.T) {
	_, pub := buyerKey(t)
	require.ErrorContains(t, transport.Seal(&bytes.Buffer{}, pub, 1, nil), "1..")
	require.ErrorContains(t, transport.Seal(&bytes.Buffer{}, []byte{1, 2, 3}, 1, [][]byte{{1}}), "not a 32-byte X25519 public key")
}

package types_test

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// Offsets in gnark's verifying key encoding of the one-constraint key.
const (
	headerBytes = 3*32 + 3*64 // [α]1 [β]1 [β]2 [γ]2 [δ]1 [δ]2
	kCountAt    = headerBytes
)

func TestDecodeVerifyingKey(t *testing.T) {
	for name, bz := range map[string][]byte{"plain": testutil.VerifyingKey(), "with a commitment key": testutil.CommittedVerifyingKey()} {
		t.Run(name, func(t *testing.T) {
			vk, err := types.DecodeVerifyingKey(bz)
			require.NoError(t, err)
			require.Equal(t, ecc.BN254, vk.CurveID())
			var again bytes.Buffer
			_, err = vk.WriteTo(&again)
			require.NoError(t, err)
			require.Equal(t, bz, again.Bytes(), "decoding then encoding gives the same bytes")
			require.NoError(t, types.ValidateVerifyingKey(bz, uint32(len(bz))))
		})
	}
	// The committed key really has a commitment key: 2 G2 points at the end.
	plain, committed := testutil.VerifyingKey(), testutil.CommittedVerifyingKey()
	require.Equal(t, uint32(1), binary.BigEndian.Uint32(committed[len(committed)-4-128:]))
	require.Equal(t, uint32(0), binary.BigEndian.Uint32(plain[len(plain)-4:]))
}

func TestDecodeVerifyingKeyRejects(t *testing.T) {
	good := testutil.VerifyingKey()
	raw := func() []byte {
		vk := groth16.NewVerifyingKey(ecc.BN254)
		_, err := vk.ReadFrom(bytes.NewReader(good))
		require.NoError(t, err)
		var buf bytes.Buffer
		_, err = vk.WriteRawTo(&buf)
		require.NoError(t, err)
		return buf.Bytes()
	}()
	withCount := func(at int, n uint32) []byte {
		bz := bytes.Clone(good)
		binary.BigEndian.PutUint32(bz[at:], n)
		return bz
	}
	// [α]1 with an x coordinate above the field modulus (still marked
	// compressed): no such point.
	outOfField := bytes.Clone(good)
	outOfField[0] = 0x80 | 0x3f
	copy(outOfField[1:32], bytes.Repeat([]byte{0xff}, 31))
	for _, tc := range []struct {
		name     string
		bz       []byte
		contains string
	}{
		{"trailing byte", append(bytes.Clone(good), 0), "trailing bytes"},
		{"trailing key", append(bytes.Clone(good), good...), "trailing bytes"},
		{"truncated header", good[:100], "needs 64 bytes"},
		{"truncated K", good[:kCountAt+4+10], "K count 2 needs at least 64 bytes"},
		{"no K count", good[:kCountAt+2], "K count needs 4 bytes"},
		{"truncated end", good[:len(good)-1], "needs 4 bytes"},
		{"empty", nil, "needs 32 bytes"},
		{"empty K", withCount(kCountAt, 0), "K is empty"},
		{"huge K count", withCount(kCountAt, 0xffffffff), "K count 4294967295 needs at least"},
		{"huge committed count", withCount(len(good)-8, 0xffffffff), "committed index lists count 4294967295"},
		{"huge commitment key count", withCount(len(good)-4, 0xffffffff), "commitment keys count 4294967295"},
		{"uncompressed encoding", raw, "uncompressed; encode the key with WriteTo"},
		{"coordinate above the modulus", outOfField, "not a gnark Groth16 BN254 key"},
		{"garbage points", append(bytes.Repeat([]byte{0xc1}, headerBytes), good[headerBytes:]...), "not a gnark Groth16 BN254 key"},
		{"garbage", bytes.Repeat([]byte{0xc0}, 364), "K count 3233857728 needs at least"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := types.DecodeVerifyingKey(tc.bz)
			require.ErrorIs(t, err, types.ErrInvalidCircuit)
			require.ErrorContains(t, err, tc.contains)
		})
	}
}

func TestValidateVerifyingKeySize(t *testing.T) {
	good := testutil.VerifyingKey()
	require.NoError(t, types.ValidateVerifyingKey(good, uint32(len(good))))
	err := types.ValidateVerifyingKey(good, uint32(len(good)-1))
	require.ErrorIs(t, err, types.ErrInvalidCircuit)
	require.ErrorContains(t, err, "more than max_verifying_key_bytes")
	err = types.ValidateVerifyingKey(nil, 100)
	require.ErrorIs(t, err, types.ErrInvalidCircuit)
	require.ErrorContains(t, err, "verifying_key is empty")
}

// FuzzDecodeVerifyingKey: any input decodes or fails with ErrInvalidCircuit,
// never panics, and what decodes re-encodes to the same bytes.
func FuzzDecodeVerifyingKey(f *testing.F) {
	f.Add(testutil.VerifyingKey())
	f.Add(testutil.CommittedVerifyingKey())
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xff}, 400))
	f.Fuzz(func(t *testing.T, bz []byte) {
		vk, err := types.DecodeVerifyingKey(bz)
		if err != nil {
			require.ErrorIs(t, err, types.ErrInvalidCircuit)
			return
		}
		var again bytes.Buffer
		_, err = vk.WriteTo(&again)
		require.NoError(t, err)
		require.Equal(t, bz, again.Bytes())
	})
}

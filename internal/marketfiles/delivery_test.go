package marketfiles_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
)

func encodeDelivery(t *testing.T, d marketfiles.Delivery) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, marketfiles.WriteDelivery(&buf, d))
	return buf.Bytes()
}

var sampleDelivery = marketfiles.Delivery{DealID: 42, LeafStart: 7, Chunks: [][]byte{[]byte("first chunk"), {}, []byte("third")}}

func TestDeliveryRoundTripAndLayout(t *testing.T) {
	bz := encodeDelivery(t, sampleDelivery)
	got, err := marketfiles.ReadDelivery(bytes.NewReader(bz))
	require.NoError(t, err)
	require.Equal(t, sampleDelivery.DealID, got.DealID)
	require.Equal(t, sampleDelivery.LeafStart, got.LeafStart)
	require.Len(t, got.Chunks, 3)
	for i, c := range sampleDelivery.Chunks {
		require.True(t, bytes.Equal(c, got.Chunks[i]), "chunk %d", i)
	}

	want := []byte("LGDV\x01")
	want = binary.BigEndian.AppendUint64(want, 42)
	want = binary.BigEndian.AppendUint64(want, 7)
	want = binary.BigEndian.AppendUint32(want, 3)
	for _, c := range sampleDelivery.Chunks {
		want = binary.BigEndian.AppendUint32(want, uint32(len(c)))
		want = append(want, c...)
	}
	require.Equal(t, want, bz)
}

func TestDeliveryFileIsNeverReplaced(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deal.delivery")
	require.NoError(t, marketfiles.WriteDeliveryFile(path, sampleDelivery))
	before, err := os.ReadFile(path)
	require.NoError(t, err)

	other := marketfiles.Delivery{DealID: 43, Chunks: [][]byte{{1}}}
	require.ErrorContains(t, marketfiles.WriteDeliveryFile(path, other), "already exists; refusing to replace it")
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, before, after)

	got, err := marketfiles.ReadDeliveryFile(path)
	require.NoError(t, err)
	require.Equal(t, uint64(42), got.DealID)

	// An invalid delivery creates no file.
	bad := filepath.Join(t.TempDir(), "bad.delivery")
	require.ErrorContains(t, marketfiles.WriteDeliveryFile(bad, marketfiles.Delivery{DealID: 1}), "1..4294967295 chunks, got 0")
	_, err = os.Stat(bad)
	require.True(t, os.IsNotExist(err))

	_, err = marketfiles.ReadDeliveryFile(bad)
	require.ErrorContains(t, err, "no such file")
	require.NoError(t, os.WriteFile(bad, []byte("LGDV\x01"), 0o644))
	_, err = marketfiles.ReadDeliveryFile(bad)
	require.ErrorContains(t, err, bad+": truncated")
}

func TestDeliveryValidate(t *testing.T) {
	for name, tc := range map[string]struct {
		d    marketfiles.Delivery
		want string
	}{
		"no chunks":      {marketfiles.Delivery{}, "1..4294967295 chunks, got 0"},
		"past the tree":  {marketfiles.Delivery{LeafStart: commit.MaxLeaves, Chunks: [][]byte{{}}}, "runs past the largest data tree"},
		"start overflow": {marketfiles.Delivery{LeafStart: ^uint64(0), Chunks: [][]byte{{}}}, "runs past the largest data tree"},
		"huge chunk":     {marketfiles.Delivery{Chunks: [][]byte{{}, make([]byte, marketfiles.MaxChunkBytes+1)}}, "chunk 1 is 67108865 bytes, at most 67108864"},
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorContains(t, tc.d.Validate(), tc.want)
			var buf bytes.Buffer
			require.ErrorContains(t, marketfiles.WriteDelivery(&buf, tc.d), tc.want)
			require.Zero(t, buf.Len())
		})
	}
	require.NoError(t, marketfiles.Delivery{LeafStart: commit.MaxLeaves - 1, Chunks: [][]byte{{}}}.Validate())
}

func TestReadDeliveryRejects(t *testing.T) {
	good := encodeDelivery(t, sampleDelivery)
	with := func(edit func([]byte) []byte) []byte { return edit(bytes.Clone(good)) }
	for name, tc := range map[string]struct {
		bz   []byte
		want string
	}{
		"empty":            {nil, "inside delivery file magic"},
		"bad magic":        {append([]byte("LGLV"), good[4:]...), `not a delivery file: it starts with 4c474c56, expected the magic "LGDV"`},
		"bad version":      {with(func(b []byte) []byte { b[4] = 0; return b }), "delivery file format version 0 is not supported"},
		"no deal id":       {good[:8], "inside the deal id"},
		"no leaf start":    {good[:15], "inside the leaf start"},
		"no chunk count":   {good[:22], "inside the chunk count"},
		"zero chunks":      {with(func(b []byte) []byte { binary.BigEndian.PutUint32(b[21:], 0); return b }), "names 0 chunks, expected at least 1"},
		"past the tree":    {with(func(b []byte) []byte { binary.BigEndian.PutUint64(b[13:], commit.MaxLeaves-2); return b }), "names 3 chunks from leaf 1099511627774, past the largest data tree"},
		"missing chunk":    {with(func(b []byte) []byte { binary.BigEndian.PutUint32(b[21:], 4); return b }), "inside the length of chunk 3"},
		"no chunk length":  {good[:27], "inside the length of chunk 0"},
		"chunk too long":   {with(func(b []byte) []byte { binary.BigEndian.PutUint32(b[25:], marketfiles.MaxChunkBytes+1); return b }), "chunk 0 names 67108865 bytes, at most 67108864"},
		"truncated chunk":  {good[:len(good)-2], "inside the 5 bytes of chunk 2 (3 of its 5 bytes present)"},
		"trailing bytes":   {append(bytes.Clone(good), 'x'), "delivery file has trailing bytes after its last field at byte " + itoa(len(good))},
		"huge claimed len": {with(func(b []byte) []byte { binary.BigEndian.PutUint32(b[25:], marketfiles.MaxChunkBytes); return b[:40] }), "inside the 67108864 bytes of chunk 0 (11 of its"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := marketfiles.ReadDelivery(bytes.NewReader(tc.bz))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

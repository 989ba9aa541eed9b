package marketfiles_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
)

func encodeLeaves(t *testing.T, bs []commit.Batch) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, marketfiles.WriteLeaves(&buf, bs))
	return buf.Bytes()
}

func TestLeavesRoundTrip(t *testing.T) {
	bs := batches(5, 4, 3, 1)
	got, err := marketfiles.ReadLeaves(bytes.NewReader(encodeLeaves(t, bs)))
	require.NoError(t, err)
	require.Equal(t, bs, got)

	want, _, err := commit.Root(bs)
	require.NoError(t, err)
	root, _, err := commit.Root(got)
	require.NoError(t, err)
	require.Equal(t, want, root)
}

// The layout is the documented one, byte for byte.
func TestLeavesLayout(t *testing.T) {
	bs := batches(2, 1, 1, 2)
	bz := encodeLeaves(t, bs)
	require.Equal(t, []byte("LGLV\x01"), bz[:5])
	require.Equal(t, uint64(2), binary.BigEndian.Uint64(bz[5:13]))
	rest := bz[13:]
	for _, b := range bs {
		elements, err := b.Elements()
		require.NoError(t, err)
		require.Equal(t, uint32(len(elements)), binary.BigEndian.Uint32(rest[:4]))
		rest = rest[4:]
		for i := range elements {
			e := elements[i].Bytes()
			require.Equal(t, e[:], rest[:32])
			rest = rest[32:]
		}
	}
	require.Empty(t, rest)
}

func TestLeavesFileReplacesAtomically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.leaves")
	require.NoError(t, marketfiles.WriteLeavesFile(path, batches(2, 4, 3, 1)))
	bs := batches(3, 4, 3, 2)
	require.NoError(t, marketfiles.WriteLeavesFile(path, bs))
	got, err := marketfiles.ReadLeavesFile(path)
	require.NoError(t, err)
	require.Equal(t, bs, got)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o644), info.Mode().Perm())

	// A rejected write leaves the old file and no temporary file.
	require.ErrorContains(t, marketfiles.WriteLeavesFile(path, nil), "1..")
	got, err = marketfiles.ReadLeavesFile(path)
	require.NoError(t, err)
	require.Equal(t, bs, got)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	require.Len(t, entries, 1)

	_, err = marketfiles.ReadLeavesFile(filepath.Join(t.TempDir(), "missing.leaves"))
	require.ErrorContains(t, err, "no such file")
}

func TestWriteLeavesRejects(t *testing.T) {
	mixed := append(batches(1, 4, 3, 1), batches(1, 2, 3, 1)...)
	bad := batches(1, 4, 3, 1)
	bad[0].Samples[1].Features = bad[0].Samples[1].Features[:2]
	for name, tc := range map[string]struct {
		bs   []commit.Batch
		want string
	}{
		"no leaves":     {nil, "a data set has 1.."},
		"mixed shapes":  {mixed, "leaf 1 is 2 samples x 3 features in Q8.8 but leaf 0 is 4 samples x 3 features in Q8.8"},
		"invalid batch": {bad, "leaf 0: sample 1 has 2 features"},
	} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.ErrorContains(t, marketfiles.WriteLeaves(&buf, tc.bs), tc.want)
			require.Zero(t, buf.Len(), "nothing is written")
		})
	}
}

func TestReadLeavesRejects(t *testing.T) {
	good := encodeLeaves(t, batches(2, 4, 3, 1))
	leaf0 := 13 // offset of leaf 0's element count
	elementCount := int(binary.BigEndian.Uint32(good[leaf0:]))
	leaf1 := leaf0 + 4 + 32*elementCount
	with := func(edit func([]byte) []byte) []byte { return edit(bytes.Clone(good)) }
	setU64 := func(at int, v uint64) []byte {
		return with(func(b []byte) []byte { binary.BigEndian.PutUint64(b[at:], v); return b })
	}
	setU32 := func(at int, v uint32) []byte {
		return with(func(b []byte) []byte { binary.BigEndian.PutUint32(b[at:], v); return b })
	}
	// A leaf whose header names 3 samples: it decodes, but not as leaf 0's shape.
	otherShape := encodeLeaves(t, append(batches(1, 4, 3, 1), batches(1, 4, 3, 1)...))
	{
		small := encodeLeaves(t, batches(1, 3, 3, 5))
		otherShape = append(otherShape[:leaf1], small[13:]...)
	}
	// Leaf 0 with a header that is not a batch header (element 0 = 0).
	notBatch := with(func(b []byte) []byte { clear(b[leaf0+4 : leaf0+4+32]); return b })
	// Leaf 0 element 1 set to the field modulus (not canonical).
	modulus := fr.Modulus().FillBytes(make([]byte, 32))
	nonCanonical := with(func(b []byte) []byte { copy(b[leaf0+4+32:], modulus); return b })

	for name, tc := range map[string]struct {
		bz   []byte
		want string
	}{
		"empty":              {nil, "truncated: the file ends at byte 0, inside leaves file magic"},
		"bad magic":          {append([]byte("LGDV"), good[4:]...), `not a leaves file: it starts with 4c474456, expected the magic "LGLV"`},
		"bad version":        {with(func(b []byte) []byte { b[4] = 2; return b }), "leaves file format version 2 is not supported, expected 1"},
		"no leaf count":      {good[:9], "truncated: the file ends at byte 9, inside the leaf count (4 of its 8 bytes present)"},
		"zero leaves":        {setU64(5, 0), "leaves file names 0 leaves, expected 1..1099511627776"},
		"too many leaves":    {setU64(5, commit.MaxLeaves+1), "names 1099511627777 leaves"},
		"missing leaves":     {setU64(5, 3), "inside the element count of leaf 2"},
		"no element count":   {good[:leaf0+2], "inside the element count of leaf 0"},
		"one element":        {setU32(leaf0, 1), "leaf 0 names 1 field elements, expected 2.."},
		"too many elements":  {setU32(leaf0, exchange.MaxChunkElements+1), "expected 2..133154"},
		"truncated elements": {good[:leaf0+4+40], "inside the " + itoa(elementCount) + " elements of leaf 0 (40 of its"},
		"truncated leaf 1":   {good[:len(good)-1], "elements of leaf 1"},
		"non-canonical":      {nonCanonical, "leaf 0 element 1 is not a canonical BN254 scalar"},
		"not a batch":        {notBatch, "leaf 0 does not decode as a batch"},
		"other shape":        {otherShape, "leaf 1 is 3 samples x 3 features in Q8.8 but leaf 0 is 4 samples x 3 features in Q8.8"},
		"trailing bytes":     {append(bytes.Clone(good), 0), "trailing bytes after its last field at byte " + itoa(len(good))},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := marketfiles.ReadLeaves(bytes.NewReader(tc.bz))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

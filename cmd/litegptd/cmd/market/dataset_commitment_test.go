package market_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	bmtypes "github.com/litegpt/litegpt/x/buildermarket/types"
)

func TestDatasetCommitment(t *testing.T) {
	root, _, err := commit.Root(digitsBatches(t, 32)[:4])
	require.NoError(t, err)
	salt := make([]byte, 32)
	for i := range salt {
		salt[i] = byte(i)
	}
	// Given salt, root in hex: the commitment is x/buildermarket's.
	out := mustRun(t, "dataset-commitment", "--kind", "validation", "--index", "3", "--root", root.String(),
		"--leaves", "4", "--salt", hex.EncodeToString(salt))
	require.Equal(t, "validation", value(t, out, "kind"))
	require.Equal(t, "3", value(t, out, "index"))
	require.Equal(t, root[:], unb64(t, value(t, out, "data root")))
	require.Equal(t, "4", value(t, out, "leaf count"))
	require.Equal(t, salt, unb64(t, value(t, out, "salt")))
	require.Equal(t, bmtypes.DatasetCommitment(bmtypes.DatasetValidation, 3, root[:], 4, salt), unb64(t, value(t, out, "commitment")))

	// Drawn salt, root in base64, test kind.
	commitments := map[string]bool{}
	for range 2 {
		out = mustRun(t, "dataset-commitment", "--kind", "test", "--root", b64(root[:]), "--leaves", "4")
		drawn := unb64(t, value(t, out, "salt"))
		require.Len(t, drawn, 32)
		c := unb64(t, value(t, out, "commitment"))
		require.Equal(t, bmtypes.DatasetCommitment(bmtypes.DatasetTest, 0, root[:], 4, drawn), c)
		commitments[string(c)] = true
	}
	require.Len(t, commitments, 2, "every call draws a fresh salt")
}

func TestDatasetCommitmentRejects(t *testing.T) {
	root := make([]byte, 32)
	r := b64(root)
	nonCanonical := make([]byte, 32)
	for i := range nonCanonical {
		nonCanonical[i] = 0xff
	}
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no kind":        {[]string{"--root", r, "--leaves", "1"}, "--kind is required (or use --split)"},
		"no root":        {[]string{"--kind", "test", "--leaves", "1"}, "--root is required"},
		"no leaves":      {[]string{"--kind", "test", "--root", r}, "--leaves is required"},
		"bad kind":       {[]string{"--kind", "train", "--root", r, "--leaves", "1"}, `--kind "train" is not validation or test`},
		"test index":     {[]string{"--kind", "test", "--index", "2", "--root", r, "--leaves", "1"}, "--index 2: a task has one test set, index 0"},
		"short root":     {[]string{"--kind", "test", "--root", "abcd", "--leaves", "1"}, `--root "abcd" is not 32 bytes as 64 hex digits or base64`},
		"root not field": {[]string{"--kind", "test", "--root", b64(nonCanonical), "--leaves", "1"}, "--root is not a data root"},
		"zero leaves":    {[]string{"--kind", "test", "--root", r, "--leaves", "0"}, "--leaves must be 1..1099511627776, got 0"},
		"short salt":     {[]string{"--kind", "test", "--root", r, "--leaves", "1", "--salt", "AAAA"}, `--salt "AAAA" is not 32 bytes`},
		"split flag":     {[]string{"--kind", "test", "--root", r, "--leaves", "1", "--slices", "2"}, "--slices goes with --split only"},
		"split and kind": {[]string{"--split", "x.leaves", "--kind", "test"}, "--kind does not go with --split"},
		"argument":       {[]string{"extra"}, `unknown command "extra"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, append([]string{"dataset-commitment"}, tc.args...)...)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestDatasetCommitmentSplit(t *testing.T) {
	dir := t.TempDir()
	source, _ := digitsLeaves(t, dir)
	all := readLeaves(t, source)
	outDir := filepath.Join(dir, "task")
	out := mustRun(t, "dataset-commitment", "--split", source, "--slices", "4", "--test-leaves", "10", "--out-dir", outDir)

	recordPath := filepath.Join(outDir, "datasets.json")
	info, err := os.Stat(recordPath)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	bz, err := os.ReadFile(recordPath)
	require.NoError(t, err)
	type part struct {
		Kind       string
		Index      uint32
		File       string
		FirstLeaf  uint64 `json:"first_leaf"`
		LeafCount  uint64 `json:"leaf_count"`
		DataRoot   []byte `json:"data_root"`
		Salt       []byte
		Commitment []byte
	}
	var record struct {
		Source           string
		SourceLeaves     uint64 `json:"source_leaves"`
		ValidationSlices []part `json:"validation_slices"`
		TestSet          part   `json:"test_set"`
	}
	require.NoError(t, json.Unmarshal(bz, &record))
	require.Equal(t, source, record.Source)
	require.Equal(t, uint64(56), record.SourceLeaves)
	require.Len(t, record.ValidationSlices, 4)

	// 46 leaves before the test set: slices of 12, 12, 11, 11, then 10.
	parts := append(record.ValidationSlices, record.TestSet)
	var next uint64
	var rejoined []commit.Batch
	for i, p := range parts {
		require.Equal(t, []uint64{12, 12, 11, 11, 10}[i], p.LeafCount, "part %d", i)
		require.Equal(t, next, p.FirstLeaf)
		next += p.LeafCount
		kind, name, index := bmtypes.DatasetValidation, "validation", uint32(i)
		if i == 4 {
			kind, name, index = bmtypes.DatasetTest, "test", 0
		}
		require.Equal(t, name, p.Kind)
		require.Equal(t, index, p.Index)
		bs := readLeaves(t, filepath.Join(outDir, p.File))
		require.Equal(t, all[p.FirstLeaf:p.FirstLeaf+p.LeafCount], bs)
		rejoined = append(rejoined, bs...)
		root, _, err := commit.Root(bs)
		require.NoError(t, err)
		require.Equal(t, root[:], p.DataRoot)
		require.Len(t, p.Salt, 32)
		require.Equal(t, bmtypes.DatasetCommitment(kind, index, root[:], p.LeafCount, p.Salt), p.Commitment)
		require.Contains(t, out, b64(p.Commitment))
	}
	require.Equal(t, all, rejoined)
	require.Contains(t, out, "MsgCreateTask test_set_commitment:\n  "+b64(record.TestSet.Commitment))

	// A second split into the same directory is refused and changes nothing.
	_, _, err = run(t, "dataset-commitment", "--split", source, "--slices", "2", "--test-leaves", "5", "--out-dir", outDir)
	require.ErrorContains(t, err, "already exists; refusing to replace it")
	again, err := os.ReadFile(recordPath)
	require.NoError(t, err)
	require.Equal(t, bz, again)
	require.Equal(t, all[:12], readLeaves(t, filepath.Join(outDir, "validation-0.leaves")))
}

func TestDatasetCommitmentSplitRejects(t *testing.T) {
	dir := t.TempDir()
	source, _ := digitsLeaves(t, dir)
	outDir := filepath.Join(dir, "task")
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no out dir":      {[]string{"--slices", "2", "--test-leaves", "5"}, "--out-dir is required with --split"},
		"no slices":       {[]string{"--test-leaves", "5", "--out-dir", outDir}, "--slices must be at least 1, got 0"},
		"no test set":     {[]string{"--slices", "2", "--out-dir", outDir}, "56 leaves cannot make 2 validation slices of at least one leaf and a test set of 0"},
		"all test":        {[]string{"--slices", "1", "--test-leaves", "56", "--out-dir", outDir}, "a test set of 56"},
		"too many slices": {[]string{"--slices", "47", "--test-leaves", "10", "--out-dir", outDir}, "56 leaves cannot make 47 validation slices"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, append([]string{"dataset-commitment", "--split", source}, tc.args...)...)
			require.ErrorContains(t, err, tc.want)
			requireAbsent(t, outDir)
		})
	}
	_, _, err := run(t, "dataset-commitment", "--split", filepath.Join(dir, "none.leaves"), "--slices", "1", "--test-leaves", "1", "--out-dir", outDir)
	require.ErrorContains(t, err, "no such file")

	// 46 slices of one leaf and a test set of 10 is the most the file allows.
	mustRun(t, "dataset-commitment", "--split", source, "--slices", "46", "--test-leaves", "10", "--out-dir", outDir)
}

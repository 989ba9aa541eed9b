package market_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
)

// encode-csv on the shipped digits: 56 leaves of 32, the last 5 rows
// dropped, and the root pkg/commit gives for the same batches.
func TestEncodeCSVDigits(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "digits.leaves")
	out := mustRun(t, "encode-csv", digitsPath, path, "--batch-size", "32", "--format", "Q8.8", "--rounding", "nearest-even")

	want := digitsBatches(t, 32)
	require.Len(t, want, 56)
	root, _, err := commit.Root(want)
	require.NoError(t, err)
	require.Equal(t, "56", value(t, out, "leaves"))
	require.Equal(t, "1792 of 1797 rows", value(t, out, "samples"))
	require.Equal(t, "5 (the last 5 rows do not fill a batch of 32)", value(t, out, "dropped rows"))
	require.Equal(t, root.String(), value(t, out, "data root hex"))
	require.Equal(t, root[:], unb64(t, value(t, out, "data root base64")))
	require.Equal(t, want, readLeaves(t, path))

	// data-root reads the same root back.
	out = mustRun(t, "data-root", path)
	require.Equal(t, "56", value(t, out, "leaves"))
	require.Equal(t, "32 samples x 64 features in Q8.8", value(t, out, "leaf shape"))
	require.Equal(t, "1792", value(t, out, "samples"))
	require.Equal(t, root.String(), value(t, out, "data root hex"))

	// --bits 16 --frac 8 is Q8.8; --rows and --label-column select.
	other := filepath.Join(dir, "other.leaves")
	out = mustRun(t, "encode-csv", digitsPath, other, "--batch-size", "32", "--bits", "16", "--frac", "8",
		"--rounding", "toward-zero", "--rows", "32:96")
	require.Equal(t, "2", value(t, out, "leaves"))
	require.Equal(t, "0", value(t, out, "dropped rows"))
	require.Equal(t, want[1:3], readLeaves(t, other))

	out = mustRun(t, "encode-csv", digitsPath, other, "--batch-size", "32", "--format", "Q8.8",
		"--rounding", "nearest-away", "--rows", ":40", "--label-column", "0")
	require.Equal(t, "1", value(t, out, "leaves"))
	require.Equal(t, "32 of 40 rows", value(t, out, "samples"))
	bs := readLeaves(t, other)
	require.Equal(t, 64, len(bs[0].Samples[0].Features))
	require.Equal(t, want[0].Samples[0].Features[0]>>8, bs[0].Samples[0].Label, "column 0 is the label")
}

func TestEncodeCSVRejects(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("1,2\n3,x\n"), 0o644))
	base := func(extra ...string) []string {
		return append([]string{"encode-csv", digitsPath, filepath.Join(dir, "out.leaves")}, extra...)
	}
	ok := []string{"--batch-size", "32", "--format", "Q8.8", "--rounding", "nearest-even"}
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no batch size":   {base("--format", "Q8.8", "--rounding", "nearest-even"), `required flag(s) "batch-size" not set`},
		"no rounding":     {base("--batch-size", "32", "--format", "Q8.8"), `required flag(s) "rounding" not set`},
		"no format":       {base("--batch-size", "32", "--rounding", "nearest-even"), "the task's fixed-point format is required"},
		"both formats":    {base(append(ok, "--bits", "16")...), "either as --format Q8.8 or as --bits 16 --frac 8, not both"},
		"bits alone":      {base("--batch-size", "32", "--bits", "16", "--rounding", "nearest-even"), "--bits and --frac go together"},
		"not Q":           {base("--batch-size", "32", "--format", "8.8", "--rounding", "nearest-even"), `--format "8.8" is not Qm.n`},
		"Q0":              {base("--batch-size", "32", "--format", "Q0.8", "--rounding", "nearest-even"), "the integer bits (sign included) must be at least 1"},
		"too wide":        {base("--batch-size", "32", "--format", "Q20.20", "--rounding", "nearest-even"), "the total at most 32"},
		"frac too big":    {base("--batch-size", "32", "--bits", "8", "--frac", "8", "--rounding", "nearest-even"), "--format: fixed-point format: frac bits (8) must be below total bits (8)"},
		"bad rounding":    {base("--batch-size", "32", "--format", "Q8.8", "--rounding", "up"), `--rounding "up" is not one of nearest-even, nearest-away, toward-zero`},
		"zero batch":      {base("--batch-size", "0", "--format", "Q8.8", "--rounding", "nearest-even"), "--batch-size must be at least 1, got 0"},
		"bad label col":   {base(append(ok, "--label-column", "-2")...), "--label-column must be a 0-based column or -1 for the last, got -2"},
		"label col past":  {base(append(ok, "--label-column", "65")...), "the label column is 65 (counted from 0) but line 1 has 65 columns"},
		"rows no colon":   {base(append(ok, "--rows", "5")...), `--rows "5" is not A:B, A: or :B`},
		"rows reversed":   {base(append(ok, "--rows", "9:3")...), `--rows "9:3" is not A:B`},
		"rows negative":   {base(append(ok, "--rows", "-1:3")...), `--rows "-1:3" is not A:B`},
		"rows past end":   {base(append(ok, "--rows", "0:2000")...), "rows 0:2000 were asked for but the CSV has 1797 data rows"},
		"too few rows":    {base(append(ok, "--rows", "0:31")...), "the 31 selected rows do not fill one batch of 32"},
		"bad row":         {[]string{"encode-csv", bad, filepath.Join(dir, "out.leaves"), "--batch-size", "1", "--format", "Q8.8", "--rounding", "nearest-even"}, bad + `: line 2: the label (column 1) is "x", expected a non-negative integer`},
		"missing input":   {[]string{"encode-csv", filepath.Join(dir, "none.csv"), filepath.Join(dir, "out.leaves"), "--batch-size", "1", "--format", "Q8.8", "--rounding", "nearest-even"}, "no such file"},
		"one argument":    {[]string{"encode-csv", digitsPath}, "accepts 2 arg(s), received 1"},
		"unknown command": {[]string{"encode"}, `unknown command "encode"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := run(t, tc.args...)
			require.ErrorContains(t, err, tc.want)
			requireAbsent(t, filepath.Join(dir, "out.leaves"))
		})
	}
}

func TestDataRootRejects(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.leaves")
	require.NoError(t, os.WriteFile(path, []byte("LGDV\x01"), 0o644))
	_, _, err := run(t, "data-root", path)
	require.ErrorContains(t, err, path+`: not a leaves file: it starts with 4c474456, expected the magic "LGLV"`)
	_, _, err = run(t, "data-root")
	require.ErrorContains(t, err, "accepts 1 arg(s), received 0")
}

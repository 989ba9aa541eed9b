package market_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/cmd/litegptd/cmd/market"
	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
)

const digitsPath = "../../../../sidecar/datasets/uci-digits/digits.csv.gz"

var q88 = commit.Format{Bits: 16, Frac: 8}

// run executes `litegptd market args...` through cobra and returns what it
// printed on stdout and stderr.
func run(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cmd := market.NewCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

// mustRun is run that must succeed; it returns stdout.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, err := run(t, args...)
	require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", out, errOut)
	return out
}

// value returns the value printed on the "label:" line of out.
func value(t *testing.T, out, label string) string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, label+":"); ok {
			return strings.TrimSpace(rest)
		}
	}
	t.Fatalf("no %q line in:\n%s", label, out)
	return ""
}

// commandLine returns the fields of the printed command starting with
// prefix (e.g. "litegptd tx datamarket deliver").
func commandLine(t *testing.T, out, prefix string) []string {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), prefix+" ") {
			return strings.Fields(line)
		}
	}
	t.Fatalf("no %q command in:\n%s", prefix, out)
	return nil
}

func unb64(t *testing.T, s string) []byte {
	t.Helper()
	bz, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err, s)
	return bz
}

// digitsBatches parses the shipped digits file without marketfiles: 64
// integer pixels (exact in Q8.8: raw = pixel << 8), then the label; full
// batches of size in file order.
func digitsBatches(t *testing.T, size int) []commit.Batch {
	t.Helper()
	f, err := os.Open(digitsPath)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var samples []commit.Sample
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		require.Len(t, fields, 65)
		var s commit.Sample
		for _, x := range fields[:64] {
			v, err := strconv.Atoi(x)
			require.NoError(t, err)
			s.Features = append(s.Features, int64(v)<<8)
		}
		label, err := strconv.Atoi(fields[64])
		require.NoError(t, err)
		s.Label = int64(label)
		samples = append(samples, s)
	}
	require.NoError(t, sc.Err())
	require.Len(t, samples, 1797)
	var out []commit.Batch
	for i := 0; i+size <= len(samples); i += size {
		out = append(out, commit.Batch{Format: q88, Samples: samples[i : i+size]})
	}
	return out
}

// digitsLeaves encodes the digits into dir/digits.leaves with encode-csv
// and returns the path and the printed base64 data root.
func digitsLeaves(t *testing.T, dir string) (string, string) {
	t.Helper()
	path := filepath.Join(dir, "digits.leaves")
	out := mustRun(t, "encode-csv", digitsPath, path, "--batch-size", "32", "--format", "Q8.8", "--rounding", "nearest-even")
	return path, value(t, out, "data root base64")
}

func readLeaves(t *testing.T, path string) []commit.Batch {
	t.Helper()
	bs, err := marketfiles.ReadLeavesFile(path)
	require.NoError(t, err)
	return bs
}

// requireAbsent fails if any of paths exists.
func requireAbsent(t *testing.T, paths ...string) {
	t.Helper()
	for _, p := range paths {
		_, err := os.Stat(p)
		require.True(t, os.IsNotExist(err), "%s must not have been written", p)
	}
}

func b64(bz []byte) string { return base64.StdEncoding.EncodeToString(bz) }

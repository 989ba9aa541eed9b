package cmd_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/cmd/litegptd/cmd"
)

func TestMarketCommandsAreRegistered(t *testing.T) {
	root := cmd.NewRootCmd()
	for _, name := range []string{"encode-csv", "data-root", "dataset-commitment", "deliver", "check-delivery", "open", "key-hash"} {
		found, _, err := root.Find([]string{"market", name})
		require.NoError(t, err, "litegptd market %s", name)
		require.Equal(t, name, found.Name())
		require.NotEmpty(t, found.Short, name)
		require.NotEmpty(t, found.Long, name)
		require.NotEmpty(t, found.Example, name)
	}
}

// The market tools run offline: through the real root command they read
// no config and write nothing into the node home.
func TestMarketToolsAreOffline(t *testing.T) {
	home := t.TempDir()
	dir := t.TempDir()
	leaves := filepath.Join(dir, "digits.leaves")
	out, err := run(t, "market", "encode-csv", "../../../sidecar/datasets/uci-digits/digits.csv.gz", leaves,
		"--batch-size", "32", "--format", "Q8.8", "--rounding", "nearest-even", "--home", home)
	require.NoError(t, err, out)
	require.Contains(t, out, "wrote "+leaves+": 56 leaves of 32 samples x 64 features in Q8.8")

	out, err = run(t, "market", "key-hash", "--key", base64.StdEncoding.EncodeToString(make([]byte, 32)), "--home", home)
	require.NoError(t, err, out)
	require.Contains(t, out, "121d4d046cde05078fd7726c51538a0f78d0805665ae3e14c3bc24ca471c2131")

	entries, err := os.ReadDir(home)
	require.NoError(t, err)
	require.Empty(t, entries, "an offline tool must not create config files in the home")

	// A failure is reported without the usage text.
	out, err = run(t, "market", "data-root", filepath.Join(dir, "missing.leaves"), "--home", home)
	require.ErrorContains(t, err, "no such file")
	require.False(t, strings.Contains(out, "Usage:"), out)
}

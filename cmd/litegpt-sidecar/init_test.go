package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInitThenConfigCheck: init writes a file config check accepts; a
// second init keeps it; a broken setting is named.
func TestInitThenConfigCheck(t *testing.T) {
	home := filepath.Join(t.TempDir(), "side")
	out := mustRun(t, "init", "--home", home)
	path := filepath.Join(home, "sidecar.toml")
	require.Contains(t, out, "wrote "+path)
	out = mustRun(t, "config", "check", "--config", path)
	require.Contains(t, out, "OK: "+path)
	require.Contains(t, out, "roles      learner")
	require.Contains(t, out, filepath.Join(home, "data"))

	_, err := runCLI(t, "init", "--home", home)
	require.ErrorContains(t, err, "exists; pass --overwrite")
	mustRun(t, "init", "--home", home, "--overwrite")

	require.NoError(t, os.WriteFile(path, []byte("[p2p]\nmax_messages_per_second = 0\n"), 0o600))
	_, err = runCLI(t, "config", "check", "--config", path)
	require.ErrorContains(t, err, "p2p.max_messages_per_second")
	_, err = runCLI(t, "init")
	require.ErrorContains(t, err, "--home is required")
	_, err = runCLI(t, "config", "check")
	require.ErrorContains(t, err, "--config is required")
}

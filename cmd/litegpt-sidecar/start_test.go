package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStartRefusesBadConfigs: a missing file names itself and init; the
// default config (a learner) is refused as a role start does not
// implement yet; a missing key is named (router role, empty keyring).
func TestStartRefusesBadConfigs(t *testing.T) {
	_, err := runCLI(t, "start", "--config", filepath.Join(t.TempDir(), "nope.toml"))
	require.ErrorContains(t, err, "reading the config")
	require.ErrorContains(t, err, "litegpt-sidecar init writes one")

	home := filepath.Join(t.TempDir(), "side")
	mustRun(t, "init", "--home", home)
	path := filepath.Join(home, "sidecar.toml")
	_, err = runCLI(t, "start", "--config", path)
	require.ErrorContains(t, err, "role learner is not implemented by this version of start")

	_, err = runCLI(t, "start", "--config", path, "--log-level", "loud")
	require.ErrorContains(t, err, "log.level")
}

package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/sidecar/config"
)

// TestTemplateIsTheDefaults: the commented file init writes parses back
// to exactly the defaults, which are valid.
func TestTemplateIsTheDefaults(t *testing.T) {
	require.NoError(t, config.Default().Validate())
	c, err := config.Parse([]byte(config.Template()))
	require.NoError(t, err)
	require.Equal(t, config.Default(), c)
	require.Contains(t, config.Template(), "# The roles this sidecar plays")
}

// TestParseKeepsDefaultsAndOverrides: a file sets only what it names.
func TestParseKeepsDefaultsAndOverrides(t *testing.T) {
	c, err := config.Parse([]byte("roles = [\"verifier\", \"router\"]\n[chain]\nchain_id = \"litegpt-1\"\nbroadcast_timeout = \"2m\"\n"))
	require.NoError(t, err)
	require.Equal(t, []string{"verifier", "router"}, c.Roles)
	require.Equal(t, "litegpt-1", c.Chain.ChainID)
	require.Equal(t, config.Duration(2*time.Minute), c.Chain.BroadcastTimeout)
	require.Equal(t, config.Default().Chain.GRPC, c.Chain.GRPC)
}

// TestEveryInvalidFieldIsNamed: each bad value is refused with an error
// that names its field and says what it must be.
func TestEveryInvalidFieldIsNamed(t *testing.T) {
	for name, tc := range map[string]struct {
		file string
		want string
	}{
		"no roles":       {"roles = []", "roles: give at least one of data-node, learner, verifier, router"},
		"unknown role":   {`roles = ["miner"]`, `roles[0]: "miner" is not a role`},
		"role twice":     {`roles = ["learner", "learner"]`, `roles[1]: "learner" is listed twice`},
		"bad chain-id":   {"[chain]\nchain_id = \"no spaces\"", "chain.chain_id"},
		"no key":         {"[chain]\nkey_name = \"\"", "chain.key_name"},
		"no keyring dir": {"[chain]\nkeyring_dir = \"\"", "chain.keyring_dir"},
		"bad backend":    {"[chain]\nkeyring_backend = \"memory\"", "chain.keyring_backend: \"memory\" is not a keyring backend"},
		"gas adjustment": {"[chain]\ngas_adjustment = 0.5", "chain.gas_adjustment: must be in [1, 10]"},
		"short timeout":  {"[chain]\nbroadcast_timeout = \"10ms\"", "chain.broadcast_timeout: must be between 1s"},
		"not a duration": {"[chain]\nbroadcast_timeout = \"soon\"", "is not a duration"},
		"bad grpc":       {"[chain]\ngrpc = \"localhost\"", "chain.grpc: \"localhost\" is not host:port"},
		"bad rpc":        {"[chain]\nrpc = \"localhost:26657\"", "chain.rpc"},
		"bad gas prices": {"[chain]\ngas_prices = \"cheap\"", "chain.gas_prices"},
		"no listen":      {"[p2p]\nlisten = []", "p2p.listen: give at least one multiaddr"},
		"bad multiaddr":  {"[p2p]\nlisten = [\"0.0.0.0:4001\"]", "p2p.listen[0]"},
		"tiny messages":  {"[p2p]\nmax_message_bytes = 10", "p2p.max_message_bytes: must be in [1024, 67108864]"},
		"no rate":        {"[p2p]\nmax_messages_per_second = 0", "p2p.max_messages_per_second"},
		"no store":       {"[store]\ndir = \"\"", "store.dir"},
		"bad metrics":    {"[metrics]\nlisten = \"9464\"", "metrics.listen"},
		"bad level":      {"[log]\nlevel = \"loud\"", "log.level"},
		"bad format":     {"[log]\nformat = \"xml\"", "log.format"},
		"unknown key":    {"[chain]\nchainid = \"x\"", "unknown setting"},
		"unknown table":  {"[peers]\nmax = 3", "unknown setting"},
		"wrong type":     {"roles = \"learner\"", "line 1"},
		"not toml":       {"roles = [", "line 1"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := config.Parse([]byte(tc.file))
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// TestLoadResolvesDirectoriesAndWriteTemplateRefusesToOverwrite: init's
// file loads from any working directory, with its directories next to
// it; a second init does not clobber it.
func TestLoadResolvesDirectoriesAndWriteTemplateRefusesToOverwrite(t *testing.T) {
	home := filepath.Join(t.TempDir(), "sidecar")
	path := filepath.Join(home, "sidecar.toml")
	require.NoError(t, config.WriteTemplate(path, false))
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	c, err := config.Load(path)
	require.NoError(t, err)
	require.Equal(t, filepath.Join(home, "data"), c.Store.Dir)
	require.Equal(t, filepath.Join(home, "keyring"), c.Chain.KeyringDir)

	require.NoError(t, os.WriteFile(path, []byte("roles = [\"router\"]\n"), 0o600))
	err = config.WriteTemplate(path, false)
	require.ErrorContains(t, err, "exists; pass --overwrite")
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "roles = [\"router\"]\n", string(bz), "unchanged")
	require.NoError(t, config.WriteTemplate(path, true))
	bz, err = os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(bz), "# sidecar.toml"))

	_, err = config.Load(filepath.Join(home, "missing.toml"))
	require.ErrorContains(t, err, "litegpt-sidecar init writes one")
	require.NoError(t, os.WriteFile(path, []byte("[log]\nlevel = \"loud\"\n"), 0o600))
	_, err = config.Load(path)
	require.ErrorContains(t, err, path+": log.level")
}

package cmd_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/spf13/viper"
	"github.com/stretchr/testify/require"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/litegpt/litegpt/cmd/litegptd/cmd"
)

// run executes litegptd with args and returns its output.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := cmd.NewRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := svrcmd.Execute(root, "LITEGPT_TEST", t.TempDir())
	return out.String(), err
}

func TestRootCommandTree(t *testing.T) {
	root := cmd.NewRootCmd()
	for _, path := range [][]string{
		{"init"}, {"start"}, {"status"}, {"export"}, {"rollback"}, {"version"}, {"config", "set"},
		{"keys", "add"}, {"genesis", "allocate"}, {"genesis", "gentx"}, {"genesis", "collect-gentxs"},
		{"testnet", "init-files"}, {"comet", "show-node-id"},
		{"query", "reputation", "score"}, {"query", "reputation", "ranking"}, {"query", "reputation", "history"},
		{"query", "reputation", "params"}, {"query", "bank", "balances"}, {"query", "ibc-transfer"},
		{"tx", "reputation", "update-params-proposal"}, {"tx", "bank", "send"}, {"tx", "gov", "vote"},
		{"query", "stake", "power-table"}, {"query", "stake", "participant"}, {"query", "stake", "role"}, {"query", "stake", "unbondings"},
		{"tx", "stake", "register"}, {"tx", "stake", "bond"}, {"tx", "stake", "unbond"}, {"tx", "stake", "leave"}, {"tx", "stake", "update"},
	} {
		found, _, err := root.Find(path)
		require.NoError(t, err, "litegptd %s", strings.Join(path, " "))
		require.Equal(t, path[len(path)-1], found.Name(), "litegptd %s", strings.Join(path, " "))
	}
}

func TestTestnetInitFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "net")
	out, err := run(t, "testnet", "init-files", "--v", "2", "--output-dir", dir, "--base-port", "36650", "--keys", "alice,bob")
	require.NoError(t, err, out)
	require.Contains(t, out, "node1  rpc tcp://127.0.0.1:36667")

	g0, err := os.ReadFile(filepath.Join(dir, "node0", "config", "genesis.json"))
	require.NoError(t, err)
	g1, err := os.ReadFile(filepath.Join(dir, "node1", "config", "genesis.json"))
	require.NoError(t, err)
	require.Equal(t, g0, g1, "every node must share one genesis")

	genesis, err := genutiltypes.AppGenesisFromFile(filepath.Join(dir, "node0", "config", "genesis.json"))
	require.NoError(t, err)
	require.Equal(t, "litegpt-local-1", genesis.ChainID)
	var appState map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(genesis.AppState, &appState))

	var bank struct {
		Supply []struct{ Denom, Amount string } `json:"supply"`
	}
	require.NoError(t, json.Unmarshal(appState[banktypes.ModuleName], &bank))
	require.Equal(t, []struct{ Denom, Amount string }{{"ulgpt", "10000000000000000"}}, bank.Supply)

	// Both markets run on short windows (--market-window-blocks 30).
	var data struct {
		Params map[string]any `json:"params"`
	}
	require.NoError(t, json.Unmarshal(appState["datamarket"], &data))
	for _, w := range []string{"delivery_window_blocks", "acceptance_window_blocks", "reveal_window_blocks", "dispute_window_blocks"} {
		require.Equal(t, "30", data.Params[w], w)
	}
	var builder struct {
		Params map[string]any `json:"params"`
	}
	require.NoError(t, json.Unmarshal(appState["buildermarket"], &builder))
	for w, want := range map[string]string{"min_epoch_blocks": "30", "min_bounty_blocks": "60", "test_reveal_window_blocks": "60", "scoring_window_blocks": "60"} {
		require.Equal(t, want, builder.Params[w], w)
	}

	// x/pog runs its clock at local speed too.
	var pog struct {
		Params map[string]any `json:"params"`
		Clock  map[string]any `json:"clock"`
	}
	require.NoError(t, json.Unmarshal(appState["pog"], &pog))
	for w, want := range map[string]any{"beacon_blocks": "60", "beacon_min_reveals": float64(1), "committee_size": float64(3),
		"vote_commit_blocks": "30", "vote_reveal_blocks": "30", "epoch_blocks": "300", "rewards_idle_epochs": "1", "rewards_step_epochs": "72"} {
		require.Equal(t, want, pog.Params[w], w)
	}
	require.Equal(t, map[string]any{"round": "0", "round_start_height": "1", "round_blocks": "60", "epoch": "0",
		"epoch_start_height": "1", "epoch_blocks": "300"}, pog.Clock)

	var genutil struct {
		GenTxs []json.RawMessage `json:"gen_txs"`
	}
	require.NoError(t, json.Unmarshal(appState["genutil"], &genutil))
	require.Len(t, genutil.GenTxs, 2)

	// Each node listens on its own ports and peers with the other.
	for i, ports := range [][2]string{{"36656", "36657"}, {"36666", "36667"}} {
		v := viper.New()
		v.SetConfigFile(filepath.Join(dir, "node"+string(rune('0'+i)), "config", "config.toml"))
		require.NoError(t, v.ReadInConfig())
		cfg := cmtcfg.DefaultConfig()
		require.NoError(t, v.Unmarshal(cfg))
		require.Equal(t, "tcp://127.0.0.1:"+ports[0], cfg.P2P.ListenAddress)
		require.Equal(t, "tcp://127.0.0.1:"+ports[1], cfg.RPC.ListenAddress)
		require.Contains(t, cfg.P2P.PersistentPeers, "@127.0.0.1:"+[]string{"36666", "36656"}[i])
	}

	clientToml, err := os.ReadFile(filepath.Join(dir, "client", "config", "client.toml"))
	require.NoError(t, err)
	require.Contains(t, string(clientToml), `chain-id = "litegpt-local-1"`)
	require.Contains(t, string(clientToml), `node = "tcp://127.0.0.1:36657"`)
}

func TestTestnetInitFilesRejectsBadInput(t *testing.T) {
	nonEmpty := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(nonEmpty, "keep"), []byte("x"), 0o600))
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"production chain-id": {[]string{"--chain-id", "litegpt-1"}, "must start with"},
		"no validators":       {[]string{"--v", "0"}, "must be 1..50"},
		"stake above balance": {[]string{"--stake-lgpt", "10", "--account-lgpt", "5"}, "must be positive and below"},
		"non-empty output":    {[]string{"--output-dir", nonEmpty}, "is not empty"},
		"bad gas price":       {[]string{"--minimum-gas-prices", "cheap"}, "--minimum-gas-prices"},
		"port overflow":       {[]string{"--base-port", "65530"}, "leaves no room"},
		"tiny market window":  {[]string{"--market-window-blocks", "2"}, "--market-window-blocks must be 5..100000 blocks, got 2"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "net")
			args := append([]string{"testnet", "init-files", "--output-dir", dir}, tc.args...)
			out, err := run(t, args...)
			require.Error(t, err, out)
			require.Contains(t, err.Error(), tc.want)
			if name != "non-empty output" {
				_, statErr := os.Stat(dir)
				require.True(t, os.IsNotExist(statErr), "a rejected call must not write %s", dir)
			}
			entries, err := os.ReadDir(nonEmpty)
			require.NoError(t, err)
			require.Len(t, entries, 1, "the non-empty directory must be left alone")
		})
	}
}

func TestClientConfigCommand(t *testing.T) {
	home := t.TempDir()
	_, err := run(t, "config", "set", "chain-id", "litegpt-local-7", "--home", home)
	require.NoError(t, err)
	out, err := run(t, "config", "get", "chain-id", "--home", home)
	require.NoError(t, err)
	require.Equal(t, "litegpt-local-7", strings.TrimSpace(out))

	_, err = run(t, "config", "set", "output", "yaml", "--home", home)
	require.ErrorContains(t, err, `value "yaml" is not one of text, json`)
	_, err = run(t, "config", "set", "colour", "red", "--home", home)
	require.ErrorContains(t, err, `unknown key "colour"`)
	_, err = run(t, "config", "set", "node", "localhost:26657", "--home", home)
	require.ErrorContains(t, err, "must be a URL")

	out, err = run(t, "config", "show", "--home", home)
	require.NoError(t, err)
	require.Contains(t, out, `"chain-id": "litegpt-local-7"`)
	require.Contains(t, out, `"output": "text"`, "a rejected set must not change the file")
}

func TestRootCommandWritesNothingToWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cmd.NewRootCmd()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "building the CLI must not create files where it runs")
}

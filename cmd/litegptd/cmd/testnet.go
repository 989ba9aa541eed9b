package cmd

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	clientconfig "github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	srvconfig "github.com/cosmos/cosmos-sdk/server/config"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/app/tokenomics"
)

const (
	flagValidators   = "v"
	flagOutputDir    = "output-dir"
	flagBasePort     = "base-port"
	flagBlockTime    = "block-time"
	flagVotingPeriod = "voting-period"
	flagKeys         = "keys"
	flagAccountLGPT  = "account-lgpt"
	flagStakeLGPT    = "stake-lgpt"
	flagMinGasPrices = "minimum-gas-prices"
	flagPowerEpoch   = "power-epoch-blocks"
	flagRoleUnbond   = "role-unbonding-period"
	flagReputations  = "validator-reputation"
	flagMarketWindow = "market-window-blocks"
)

// NewTestnetCmd returns `litegptd testnet`, which prepares local networks.
func NewTestnetCmd(basics module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "testnet",
		Short: "Prepare local LiteGPT networks on this machine",
		RunE:  client.ValidateCmd,
	}
	cmd.AddCommand(newTestnetInitFilesCmd(basics))
	return cmd
}

func newTestnetInitFilesCmd(basics module.BasicManager) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init-files",
		Short: "Write the homes of an N-validator network on 127.0.0.1, with funded test keys",
		Long: `init-files writes one home per validator (node0, node1, ...) and a client home
("client") under --output-dir, sharing one genesis:

  - the full 10,000,000,000 LGPT allocation of "genesis allocate" in its local
    profile: vesting accounts for team, partners, private sale and ecosystem,
    the network_rewards pool, and liquid local-only accounts for every
    validator and test key, carved out of the ecosystem share;
  - one gentx per validator, self-delegating --stake-lgpt;
  - a short governance voting period, for trying proposals;
  - short x/stake power epochs and role unbonding, and genesis reputations
    for validator operators (--validator-reputation), so that consensus
    power = stake x reputation visibly moves;
  - short market windows (--market-window-blocks): a Data Market deal's
    delivery, acceptance, reveal and dispute windows, and the Builder
    Market's shortest epoch and bounty and its test reveal and scoring
    windows, so that a deal or a bounty runs its course in minutes.

Node i listens on 127.0.0.1 with ports from --base-port + 10*i: +0 gRPC, +1 REST,
+6 P2P, +7 RPC (so node0 uses 26650, 26651, 26656, 26657 by default). All keys use
the "test" keyring backend, and the client home's client.toml points at node0.
The chain-id must start with litegpt-local: this is for throwaway networks.`,
		Example: `litegptd testnet init-files --v 4 --output-dir ./.localnet
litegptd start --home ./.localnet/node0
litegptd --home ./.localnet/client query bank balances $(litegptd --home ./.localnet/client keys show alice -a)`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			args, err := readTestnetArgs(cmd)
			if err != nil {
				return err
			}
			clientCtx := client.GetClientContextFromCmd(cmd)
			return initTestnetFiles(cmd, clientCtx, basics, args)
		},
	}
	cmd.Flags().Int(flagValidators, 4, "number of validators")
	cmd.Flags().String(flagOutputDir, "./.localnet", "directory for the node homes (must not exist or be empty)")
	cmd.Flags().String(flags.FlagChainID, app.LocalChainIDPrefix+"-1", "chain-id; must start with "+app.LocalChainIDPrefix)
	cmd.Flags().Int(flagBasePort, 26650, "first port of node0's block of 10 ports")
	cmd.Flags().Duration(flagBlockTime, time.Second, "CometBFT timeout_commit (about the block time)")
	cmd.Flags().Duration(flagVotingPeriod, 30*time.Second, "governance voting period")
	cmd.Flags().String(flagKeys, "alice,bob,carol", "comma-separated names of funded test keys in the client home")
	cmd.Flags().Int64(flagAccountLGPT, 1_000_000, "liquid LGPT given to each validator and test key")
	cmd.Flags().Int64(flagStakeLGPT, 100_000, "LGPT each validator self-delegates")
	cmd.Flags().String(flagMinGasPrices, DefaultMinGasPrices, "minimum gas prices of every node")
	cmd.Flags().Uint64(flagPowerEpoch, 10, "x/stake power_epoch_blocks: validator multipliers move toward their reputation target every this many blocks")
	cmd.Flags().Duration(flagRoleUnbond, 2*time.Minute, "x/stake unbonding_period of role bonds")
	cmd.Flags().Uint64(flagMarketWindow, 30, "blocks of each Data Market deal window (delivery, acceptance, reveal, dispute) and of the Builder Market's min_epoch_blocks; bounties may end 2x this after posting, and the test set's reveal and scoring windows are 2x this each")
	cmd.Flags().String(flagReputations, "0=900000", "genesis reputation of validator operators, as index=score (micro-units, neutral 500000), comma-separated; shows stake x reputation weighting at work")
	return cmd
}

// testnetArgs are the validated flags of init-files.
type testnetArgs struct {
	validators   int
	outputDir    string
	chainID      string
	basePort     int
	blockTime    time.Duration
	votingPeriod time.Duration
	keys         []string
	account      math.Int
	stake        math.Int
	minGasPrices string
	powerEpoch   uint64
	roleUnbond   time.Duration
	marketWindow uint64
	reputations  map[int]uint64 // validator index -> operator reputation
}

func readTestnetArgs(cmd *cobra.Command) (testnetArgs, error) {
	f := cmd.Flags()
	var a testnetArgs
	a.validators, _ = f.GetInt(flagValidators)
	a.outputDir, _ = f.GetString(flagOutputDir)
	a.chainID, _ = f.GetString(flags.FlagChainID)
	a.basePort, _ = f.GetInt(flagBasePort)
	a.blockTime, _ = f.GetDuration(flagBlockTime)
	a.votingPeriod, _ = f.GetDuration(flagVotingPeriod)
	keys, _ := f.GetString(flagKeys)
	accountLGPT, _ := f.GetInt64(flagAccountLGPT)
	stakeLGPT, _ := f.GetInt64(flagStakeLGPT)
	a.minGasPrices, _ = f.GetString(flagMinGasPrices)
	a.powerEpoch, _ = f.GetUint64(flagPowerEpoch)
	a.roleUnbond, _ = f.GetDuration(flagRoleUnbond)
	a.marketWindow, _ = f.GetUint64(flagMarketWindow)
	reputations, _ := f.GetString(flagReputations)

	switch {
	case a.validators < 1 || a.validators > 50:
		return a, fmt.Errorf("--%s must be 1..50, got %d", flagValidators, a.validators)
	case !app.IsLocalChainID(a.chainID):
		return a, fmt.Errorf("--%s %q must start with %q: init-files gives test keys liquid tokens, which only local networks allow", flags.FlagChainID, a.chainID, app.LocalChainIDPrefix)
	case a.basePort < 1024 || a.basePort+10*a.validators > 65535:
		return a, fmt.Errorf("--%s %d leaves no room for %d blocks of 10 ports below 65536 (and must be >= 1024)", flagBasePort, a.basePort, a.validators)
	case a.blockTime < 100*time.Millisecond:
		return a, fmt.Errorf("--%s must be at least 100ms, got %s", flagBlockTime, a.blockTime)
	case a.votingPeriod < 2*time.Second:
		return a, fmt.Errorf("--%s must be at least 2s, got %s", flagVotingPeriod, a.votingPeriod)
	case stakeLGPT < 1 || accountLGPT <= stakeLGPT:
		return a, fmt.Errorf("--%s (%d) must be positive and below --%s (%d), which also pays fees", flagStakeLGPT, stakeLGPT, flagAccountLGPT, accountLGPT)
	}
	if a.powerEpoch == 0 || a.roleUnbond <= 0 {
		return a, fmt.Errorf("--%s and --%s must be positive", flagPowerEpoch, flagRoleUnbond)
	}
	if a.marketWindow < minMarketWindow || a.marketWindow > maxMarketWindow {
		return a, fmt.Errorf("--%s must be %d..%d blocks, got %d", flagMarketWindow, minMarketWindow, maxMarketWindow, a.marketWindow)
	}
	var err error
	if a.reputations, err = parseReputations(reputations, a.validators); err != nil {
		return a, err
	}
	if _, err := sdk.ParseDecCoins(a.minGasPrices); err != nil {
		return a, fmt.Errorf("--%s %q: %w", flagMinGasPrices, a.minGasPrices, err)
	}
	for _, k := range strings.Split(keys, ",") {
		if k = strings.TrimSpace(k); k != "" {
			a.keys = append(a.keys, k)
		}
	}
	if err := ensureEmptyDir(a.outputDir); err != nil {
		return a, err
	}
	lgpt := math.NewInt(1_000_000)
	a.account = math.NewInt(accountLGPT).Mul(lgpt)
	a.stake = math.NewInt(stakeLGPT).Mul(lgpt)
	return a, nil
}

// parseReputations reads "index=score,..." for validators 0..n-1.
func parseReputations(spec string, n int) (map[int]uint64, error) {
	out := map[int]uint64{}
	for _, item := range strings.Split(spec, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		index, score, ok := strings.Cut(item, "=")
		i, errI := strconv.Atoi(index)
		v, errV := strconv.ParseUint(score, 10, 64)
		switch {
		case !ok || errI != nil || errV != nil:
			return nil, fmt.Errorf("--%s: %q is not index=score", flagReputations, item)
		case i < 0 || i >= n:
			return nil, fmt.Errorf("--%s: validator %d does not exist (0..%d)", flagReputations, i, n-1)
		case v > 1_000_000:
			return nil, fmt.Errorf("--%s: score %d above 1000000", flagReputations, v)
		}
		out[i] = v
	}
	return out, nil
}

func ensureEmptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case os.IsNotExist(err):
		return nil
	case err != nil:
		return fmt.Errorf("--%s %s: %w", flagOutputDir, dir, err)
	case len(entries) > 0:
		return fmt.Errorf("--%s %s is not empty; remove it first (scripts/localnet.sh --reset does)", flagOutputDir, dir)
	}
	return nil
}

// nodePorts are the listening ports of node i.
type nodePorts struct{ grpc, api, p2p, rpc int }

func portsOf(basePort, i int) nodePorts {
	base := basePort + 10*i
	return nodePorts{grpc: base, api: base + 1, p2p: base + 6, rpc: base + 7}
}

// testnetNode is one validator being prepared.
type testnetNode struct {
	name     string
	home     string
	nodeID   string
	ports    nodePorts
	operator sdk.AccAddress
	config   *cmtcfg.Config
}

func initTestnetFiles(cmd *cobra.Command, clientCtx client.Context, basics module.BasicManager, args testnetArgs) error {
	if clientCtx.Codec == nil || clientCtx.TxConfig == nil {
		return fmt.Errorf("testnet init-files needs the client codec (run it through litegptd)")
	}
	ok := false
	defer func() {
		if !ok {
			_ = os.RemoveAll(args.outputDir)
		}
	}()

	clientHome := filepath.Join(args.outputDir, "client")
	clientKeys, err := keyring.New(sdk.KeyringServiceName(), keyring.BackendTest, clientHome, bufio.NewReader(cmd.InOrStdin()), clientCtx.Codec)
	if err != nil {
		return err
	}

	nodes := make([]*testnetNode, args.validators)
	for i := range nodes {
		if nodes[i], err = newTestnetNode(clientCtx, clientKeys, args, i); err != nil {
			return fmt.Errorf("preparing node%d: %w", i, err)
		}
	}

	genesisTime := time.Now().UTC().Truncate(time.Second)
	plan := tokenomics.Plan{ChainID: args.chainID, VestingStart: genesisTime}
	for _, holder := range []struct {
		name string
		into *[]tokenomics.Recipient
	}{{"team", &plan.Team}, {"partners", &plan.PartnersAdvisors}, {"private-sale", &plan.PrivateSale}, {"ecosystem", &plan.Ecosystem}} {
		addr, err := newTestKey(clientKeys, holder.name)
		if err != nil {
			return err
		}
		*holder.into = []tokenomics.Recipient{{Address: addr.String(), Weight: 1}}
	}
	for _, n := range nodes {
		plan.LocalAccounts = append(plan.LocalAccounts, tokenomics.LocalAccount{Address: n.operator.String(), Amount: args.account})
	}
	for _, name := range args.keys {
		addr, err := newTestKey(clientKeys, name)
		if err != nil {
			return err
		}
		plan.LocalAccounts = append(plan.LocalAccounts, tokenomics.LocalAccount{Address: addr.String(), Amount: args.account})
	}
	allocation, err := tokenomics.Allocate(plan)
	if err != nil {
		return err
	}

	appState, err := localGenesisState(clientCtx, basics, allocation, args, nodes)
	if err != nil {
		return err
	}
	if appState, err = addGenTxs(cmd, clientCtx, nodes, appState, args); err != nil {
		return err
	}
	if err := basics.ValidateGenesis(clientCtx.Codec, clientCtx.TxConfig, appState); err != nil {
		return fmt.Errorf("generated genesis is invalid: %w", err)
	}
	appStateJSON, err := json.MarshalIndent(appState, "", "  ")
	if err != nil {
		return err
	}
	for _, n := range nodes {
		if err := genutil.ExportGenesisFileWithTime(n.config.GenesisFile(), args.chainID, nil, appStateJSON, genesisTime); err != nil {
			return err
		}
		writeNodeConfigs(n, nodes, args)
	}
	if err := writeClientHome(clientHome, args.chainID, nodes[0].ports.rpc); err != nil {
		return err
	}
	ok = true
	cmd.Printf("Initialised %d validator homes and a client home in %s (chain-id %s)\n", len(nodes), args.outputDir, args.chainID)
	for _, n := range nodes {
		cmd.Printf("  %s  rpc tcp://127.0.0.1:%d  grpc 127.0.0.1:%d  rest http://127.0.0.1:%d  p2p %d\n", n.name, n.ports.rpc, n.ports.grpc, n.ports.api, n.ports.p2p)
	}
	return nil
}

// newTestnetNode writes node i's CometBFT keys and creates its operator key
// in its own keyring and in the client keyring.
func newTestnetNode(clientCtx client.Context, clientKeys keyring.Keyring, args testnetArgs, i int) (*testnetNode, error) {
	n := &testnetNode{name: fmt.Sprintf("node%d", i), ports: portsOf(args.basePort, i)}
	n.home = filepath.Join(args.outputDir, n.name)
	n.config = initCometConfig()
	n.config.SetRoot(n.home)
	n.config.Moniker = n.name
	if err := os.MkdirAll(filepath.Join(n.home, "config"), 0o755); err != nil {
		return nil, err
	}
	nodeID, _, err := genutil.InitializeNodeValidatorFiles(n.config)
	if err != nil {
		return nil, err
	}
	n.nodeID = nodeID

	nodeKeys, err := keyring.New(sdk.KeyringServiceName(), keyring.BackendTest, n.home, nil, clientCtx.Codec)
	if err != nil {
		return nil, err
	}
	keyName := "validator" + fmt.Sprint(i)
	record, mnemonic, err := nodeKeys.NewMnemonic(keyName, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	if err != nil {
		return nil, err
	}
	if _, err := clientKeys.NewAccount(keyName, mnemonic, keyring.DefaultBIP39Passphrase, sdk.FullFundraiserPath, hd.Secp256k1); err != nil {
		return nil, err
	}
	if n.operator, err = record.GetAddress(); err != nil {
		return nil, err
	}
	seed, err := json.Marshal(map[string]string{"key": keyName, "mnemonic": mnemonic})
	if err != nil {
		return nil, err
	}
	return n, os.WriteFile(filepath.Join(n.home, "key_seed.json"), seed, 0o600)
}

func newTestKey(kr keyring.Keyring, name string) (sdk.AccAddress, error) {
	record, _, err := kr.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	if err != nil {
		return nil, fmt.Errorf("creating test key %q: %w", name, err)
	}
	return record.GetAddress()
}

// writeNodeConfigs writes config.toml (ports, peers, block time) and app.toml
// (gas prices, API, gRPC) of node n.
func writeNodeConfigs(n *testnetNode, all []*testnetNode, args testnetArgs) {
	cfg := n.config
	cfg.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", n.ports.p2p)
	cfg.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", n.ports.rpc)
	cfg.RPC.PprofListenAddress = "" // no debug server on local networks
	cfg.ProxyApp = ""               // the app runs in-process
	// Every node shares 127.0.0.1: accept peers on one IP and private addresses.
	cfg.P2P.AllowDuplicateIP = true
	cfg.P2P.AddrBookStrict = false
	var peers []string
	for _, other := range all {
		if other != n {
			peers = append(peers, fmt.Sprintf("%s@127.0.0.1:%d", other.nodeID, other.ports.p2p))
		}
	}
	cfg.P2P.PersistentPeers = strings.Join(peers, ",")
	// Short blocks for local use.
	cfg.Consensus.TimeoutCommit = args.blockTime
	cfg.Consensus.TimeoutPropose = args.blockTime
	cmtcfg.WriteConfigFile(filepath.Join(cfg.RootDir, "config", "config.toml"), cfg)

	appCfg := srvconfig.DefaultConfig()
	appCfg.MinGasPrices = args.minGasPrices
	appCfg.API.Enable = true
	appCfg.API.Address = fmt.Sprintf("tcp://127.0.0.1:%d", n.ports.api)
	appCfg.GRPC.Address = fmt.Sprintf("127.0.0.1:%d", n.ports.grpc)
	srvconfig.WriteConfigFile(filepath.Join(cfg.RootDir, "config", "app.toml"), appCfg)
}

// writeClientHome writes client.toml for the client home: the chain-id,
// the test keyring and node0's RPC.
func writeClientHome(home, chainID string, rpcPort int) error {
	cfg := clientconfig.DefaultConfig()
	cfg.ChainID = chainID
	cfg.KeyringBackend = keyring.BackendTest
	cfg.Node = fmt.Sprintf("tcp://127.0.0.1:%d", rpcPort)
	if err := os.MkdirAll(filepath.Join(home, "config"), 0o755); err != nil {
		return err
	}
	return writeClientConfig(filepath.Join(home, "config", "client.toml"), cfg)
}

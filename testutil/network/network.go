// Package network starts in-process LiteGPT networks for whole-chain tests
// and sends real, signed transactions to them.
//
// It wraps the Cosmos SDK's testutil/network: DefaultConfig returns a
// configuration that runs the LiteGPT application (ulgpt, a litegpt-local
// chain-id, fast blocks, a governance voting period of a few seconds) and
// New starts it and dials the first validator's gRPC server. SendTx (tx.go)
// builds, signs, broadcasts and waits for any messages.
//
// # One network per test package
//
// The SDK allows a single in-process network per process at a time (CometBFT
// RPC globals; New takes a package-wide lock that Cleanup releases, so a
// second New in the same process blocks until the first is cleaned up).
// Start one network per test package, in TestMain or a suite's SetupSuite,
// share it between the package's tests, and Cleanup at the end:
//
//	var net *network.Network
//
//	func TestMain(m *testing.M) {
//		var err error
//		net, err = network.New(network.StdLogger{}, network.DefaultConfig())
//		if err != nil {
//			fmt.Fprintln(os.Stderr, err)
//			os.Exit(1)
//		}
//		code := m.Run()
//		net.Cleanup()
//		os.Exit(code)
//	}
//
// Tests of one package share accounts and state; do not call t.Parallel in
// them when they send from the same account (sequences would collide), and
// give each test its own fresh accounts when it asserts exact balances.
package network

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"time"

	dbm "github.com/cosmos/cosmos-db"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/codec"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	pruningtypes "github.com/cosmos/cosmos-sdk/store/v2/pruning/types"
	sdknetwork "github.com/cosmos/cosmos-sdk/testutil/network"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/litegpt/litegpt/app"
)

// Config, Validator and Logger are the SDK's; they are aliased here so that
// network tests need only this package.
type (
	// Config configures a network; start from DefaultConfig.
	Config = sdknetwork.Config
	// Validator is one in-process validator. Its keyring key is named after
	// its Moniker ("node0", ...) and holds the validator's account.
	Validator = sdknetwork.Validator
	// Logger receives the network's progress lines (a *testing.T is one).
	Logger = sdknetwork.Logger
)

const (
	// TimeoutCommit is the consensus commit timeout of DefaultConfig: a
	// block about every 300 ms.
	TimeoutCommit = 300 * time.Millisecond
	// VotingPeriod is the governance voting period of DefaultConfig, short
	// enough for a proposal to pass within a test.
	VotingPeriod = 3 * time.Second
	// ExpeditedVotingPeriod is the expedited voting period of DefaultConfig;
	// it must be shorter than VotingPeriod.
	ExpeditedVotingPeriod = 2 * time.Second
	// MinGasPrices are the minimum gas prices every validator of
	// DefaultConfig accepts; SendTx pays fees at these prices.
	MinGasPrices = "0.0025" + app.BondDenom
)

// Network is a running in-process network. Validators[0] is the only one
// that serves RPC, gRPC and REST; its ClientCtx queries through a real gRPC
// connection to its gRPC server (see New).
type Network struct {
	*sdknetwork.Network

	grpcConn *grpc.ClientConn
}

// DefaultConfig returns the configuration of a one-validator LiteGPT network
// running the real application: its codecs, its default genesis (with gov
// voting periods of VotingPeriod and ExpeditedVotingPeriod), ulgpt as bond
// denom, a fresh litegpt-local-* chain-id and TimeoutCommit. Change fields
// before New; GenesisState is a fresh map on every call.
func DefaultConfig() Config {
	encoding, genesis := appEncodingAndGenesis()

	cfg := sdknetwork.DefaultConfig(func() sdknetwork.TestFixture {
		return sdknetwork.TestFixture{}
	})
	cfg.Codec = encoding.Codec
	cfg.TxConfig = encoding.TxConfig
	cfg.LegacyAmino = encoding.Amino
	cfg.InterfaceRegistry = encoding.InterfaceRegistry
	cfg.AccountRetriever = authtypes.AccountRetriever{}
	cfg.AppConstructor = NewAppConstructor
	cfg.GenesisState = genesis
	cfg.ChainID = fmt.Sprintf("%s-%d", app.LocalChainIDPrefix, time.Now().UnixNano()%1_000_000)
	cfg.NumValidators = 1
	cfg.TimeoutCommit = TimeoutCommit
	cfg.BondDenom = app.BondDenom
	cfg.MinGasPrices = MinGasPrices
	cfg.PruningStrategy = pruningtypes.PruningOptionNothing
	return cfg
}

// NewAppConstructor builds the LiteGPT application of one validator: an
// in-memory database of its own, its home directory (upgrade-info.json),
// and the validator's pruning, minimum gas prices and chain-id.
func NewAppConstructor(val sdknetwork.ValidatorI) servertypes.Application {
	ctx := val.GetCtx()
	return app.NewLiteGPTApp(
		ctx.Logger,
		dbm.NewMemDB(),
		true,
		simtestutil.NewAppOptionsWithFlagHome(ctx.Config.RootDir),
		baseapp.SetPruning(pruningtypes.NewPruningOptionsFromString(val.GetAppConfig().Pruning)),
		baseapp.SetMinGasPrices(val.GetAppConfig().MinGasPrices),
		// sdknetwork.New stores the network's chain-id in every validator's
		// viper before it builds the app.
		baseapp.SetChainID(ctx.Viper.GetString(flags.FlagChainID)),
	)
}

// New starts the network described by cfg in a fresh temporary directory,
// waits for its first block and connects Validators[0].ClientCtx to the
// validator's gRPC server. Call Cleanup when done: it stops the network,
// removes the directory and lets the next network of this process start.
func New(l Logger, cfg Config) (*Network, error) {
	dir, err := os.MkdirTemp("", "litegpt-network-")
	if err != nil {
		return nil, err
	}
	cfg.CleanupDir = true
	started, err := sdknetwork.New(l, dir, cfg)
	if err != nil {
		// sdknetwork.New keeps its lock when it fails, so nothing else can
		// start in this process; say so rather than hang the next caller.
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("starting network (the process-wide network lock stays taken): %w", err)
	}
	nw := &Network{Network: started}

	val := started.Validators[0]
	conn, err := dialGRPC(val, cfg.Codec)
	if err != nil {
		nw.Cleanup()
		return nil, err
	}
	nw.grpcConn = conn
	val.ClientCtx = val.ClientCtx.WithGRPCClient(conn)

	ctx, cancel := context.WithTimeout(context.Background(), DefaultWaitTimeout)
	defer cancel()
	if _, err := WaitForHeight(ctx, val.ClientCtx, 1); err != nil {
		nw.Cleanup()
		return nil, fmt.Errorf("waiting for the first block: %w", err)
	}
	return nw, nil
}

// Cleanup closes the gRPC connection and stops and removes the network.
func (n *Network) Cleanup() {
	if n.grpcConn != nil {
		_ = n.grpcConn.Close()
	}
	n.Network.Cleanup()
}

// GRPCConn returns the connection to Validators[0]'s gRPC server, for query
// clients that take a grpc.ClientConnInterface.
func (n *Network) GRPCConn() *grpc.ClientConn { return n.grpcConn }

// dialGRPC connects to val's gRPC server with the application's codec, as
// the SDK's server does for its own gRPC-gateway client.
func dialGRPC(val *Validator, cdc codec.Codec) (*grpc.ClientConn, error) {
	_, port, err := net.SplitHostPort(val.AppConfig.GRPC.Address)
	if err != nil {
		return nil, fmt.Errorf("validator gRPC address %q: %w", val.AppConfig.GRPC.Address, err)
	}
	protoCodec, ok := cdc.(*codec.ProtoCodec)
	if !ok {
		return nil, fmt.Errorf("network codec is %T, want *codec.ProtoCodec", cdc)
	}
	return grpc.NewClient(
		net.JoinHostPort("127.0.0.1", port),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(protoCodec.GRPCCodec())),
	)
}

// appEncodingAndGenesis builds a throwaway app for its codecs and its
// default genesis, with governance periods short enough for tests.
func appEncodingAndGenesis() (app.EncodingConfig, app.GenesisState) {
	// The app reads upgrade-info.json under its home; give the throwaway
	// app an empty one instead of the working directory.
	home, err := os.MkdirTemp("", "litegpt-tempapp-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(home)
	tempApp := app.NewLiteGPTApp(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(home))
	encoding := app.EncodingConfig{
		InterfaceRegistry: tempApp.InterfaceRegistry(),
		Codec:             tempApp.AppCodec(),
		TxConfig:          tempApp.TxConfig(),
		Amino:             tempApp.LegacyAmino(),
	}
	genesis := app.NewDefaultGenesisState(encoding.Codec, tempApp.BasicModuleManager)
	genesis[govtypes.ModuleName] = shortGovGenesis(encoding.Codec, genesis[govtypes.ModuleName])
	return encoding, genesis
}

// shortGovGenesis sets the voting periods of a gov genesis to VotingPeriod
// and ExpeditedVotingPeriod; deposits stay at their defaults.
func shortGovGenesis(cdc codec.JSONCodec, raw json.RawMessage) json.RawMessage {
	var gov govv1.GenesisState
	cdc.MustUnmarshalJSON(raw, &gov)
	voting, expedited, deposit := VotingPeriod, ExpeditedVotingPeriod, VotingPeriod
	gov.Params.VotingPeriod = &voting
	gov.Params.ExpeditedVotingPeriod = &expedited
	gov.Params.MaxDepositPeriod = &deposit
	if err := gov.Params.ValidateBasic(); err != nil {
		panic(fmt.Errorf("test gov params: %w", err))
	}
	return cdc.MustMarshalJSON(&gov)
}

// MinDeposit returns the minimum deposit of a governance proposal in cfg's
// genesis.
func MinDeposit(cfg Config) sdk.Coins {
	var gov govv1.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[govtypes.ModuleName], &gov)
	return gov.Params.MinDeposit
}

// StdLogger is a Logger that writes to standard error, for TestMain where
// no *testing.T exists. Use a *testing.T inside a test.
type StdLogger struct{}

// Log prints args.
func (StdLogger) Log(args ...any) { fmt.Fprintln(os.Stderr, args...) }

// Logf prints a formatted line.
func (StdLogger) Logf(format string, args ...any) { fmt.Fprintf(os.Stderr, format, args...) }

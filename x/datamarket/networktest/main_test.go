// Package networktest runs the Data Market's fair exchange on an in-process
// one-validator network: real signed transactions for every step (orders,
// match, delivery, acceptance, key reveal, dispute), real pkg/commit data
// roots over the bundled UCI digits and real pkg/exchange chunks, with the
// outcome read back through gRPC queries and block events.
//
// The network is configured for exact balances: validators accept a zero
// gas price, so every transaction pays no fee and every balance change is
// the market's doing.
package networktest

import (
	"context"
	"fmt"
	"os"
	"testing"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/testutil/network"
	buildertestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// Windows of this network's Data Market, in blocks (about 300 ms each):
// long enough for a transaction or two inside each, short enough to wait
// out in a test.
const (
	deliveryWindow   = 10
	acceptanceWindow = 10
	revealWindow     = 10
	disputeWindow    = 10
)

// Fees of this network's Data Market, set explicitly so that the expected
// splits below do not follow the defaults.
const (
	routerFeeBps   = 50
	protocolFeeBps = 100
)

var (
	// minBond is every role's minimum bond on this network.
	minBond = math.NewInt(1_000_000)
	// slashFraction is dispute_slash_fraction on this network.
	slashFraction = math.LegacyNewDecWithPrec(10, 2)
)

var (
	net *network.Network
	// taskID and modelID are the UCI digits task and its logistic
	// regression, created by TestMain; every order of this package trades
	// them.
	taskID, modelID uint64
)

// TestMain starts the package's network with zero gas prices, small role
// minimums, no reputation decay and short market windows, then creates the
// digits task and a model for it with real transactions from a builder.
func TestMain(m *testing.M) {
	cfg := network.DefaultConfig()
	cfg.MinGasPrices = "0" + app.BondDenom // exact balances: no fees
	configureGenesis(cfg)

	var err error
	net, err = network.New(network.StdLogger{}, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the test network:", err)
		os.Exit(1)
	}
	if taskID, modelID, err = createTaskAndModel(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "creating the task and model:", err)
		net.Cleanup()
		os.Exit(1)
	}
	code := m.Run()
	net.Cleanup()
	os.Exit(code)
}

// configureGenesis sets the module params this package relies on.
func configureGenesis(cfg network.Config) {
	var stake staketypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[staketypes.ModuleName], &stake)
	for i := range stake.Params.RoleMinimums {
		stake.Params.RoleMinimums[i].MinBond = minBond
	}
	stake.Params.SlashDestination = staketypes.SlashToCommunityPool
	cfg.GenesisState[staketypes.ModuleName] = cfg.Codec.MustMarshalJSON(&stake)

	var reputation reputationtypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[reputationtypes.ModuleName], &reputation)
	reputation.Params.DecayHalfLifeBlocks = 0 // scores move only by outcomes
	cfg.GenesisState[reputationtypes.ModuleName] = cfg.Codec.MustMarshalJSON(&reputation)

	var builder buildertypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[buildertypes.ModuleName], &builder)
	builder.Params.TaskCreationFee = sdk.NewCoin(app.BondDenom, math.NewInt(1_000_000))
	builder.Params.ModelDeposit = sdk.NewCoin(app.BondDenom, math.NewInt(1_000_000))
	cfg.GenesisState[buildertypes.ModuleName] = cfg.Codec.MustMarshalJSON(&builder)

	var market datamarkettypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[datamarkettypes.ModuleName], &market)
	p := &market.Params
	p.DeliveryWindowBlocks, p.AcceptanceWindowBlocks = deliveryWindow, acceptanceWindow
	p.RevealWindowBlocks, p.DisputeWindowBlocks = revealWindow, disputeWindow
	p.RouterFeeBps, p.ProtocolFeeBps = routerFeeBps, protocolFeeBps
	p.DisputeSlashFraction = slashFraction
	if err := p.Validate(); err != nil {
		panic(fmt.Errorf("test datamarket params: %w", err))
	}
	cfg.GenesisState[datamarkettypes.ModuleName] = cfg.Codec.MustMarshalJSON(&market)
}

// createTaskAndModel funds a builder, registers it as BUILDER, creates the
// fixtures' UCI digits task (64 features in Q8.8, batches of 32, 10
// classes) and registers a logistic regression for it.
func createTaskAndModel(ctx context.Context) (task, model uint64, err error) {
	val := net.Validators[0]
	builder, err := newKey("builder")
	if err != nil {
		return 0, 0, err
	}
	if _, err := network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{fundMsg(builder.addr, 10_000_000)}); err != nil {
		return 0, 0, fmt.Errorf("funding the builder: %w", err)
	}
	if _, err := network.SendTx(ctx, val.ClientCtx, builder.name, []sdk.Msg{builder.registerMsg(staketypes.RoleBuilder, minBond)}); err != nil {
		return 0, 0, fmt.Errorf("registering the builder: %w", err)
	}
	res, err := network.SendTx(ctx, val.ClientCtx, builder.name, []sdk.Msg{buildertestutil.CreateTaskMsg(builder.addr.String(), 1, 100)})
	if err != nil {
		return 0, 0, fmt.Errorf("creating the task: %w", err)
	}
	created, err := parseEvent[buildertypes.EventTaskCreated](res.Events)
	if err != nil {
		return 0, 0, err
	}
	res, err = network.SendTx(ctx, val.ClientCtx, builder.name, []sdk.Msg{buildertestutil.RegisterModelMsg(builder.addr.String(), created.Task.Id)})
	if err != nil {
		return 0, 0, fmt.Errorf("registering the model: %w", err)
	}
	registered, err := parseEvent[buildertypes.EventModelRegistered](res.Events)
	if err != nil {
		return 0, 0, err
	}
	return created.Task.Id, registered.Model.Id, nil
}

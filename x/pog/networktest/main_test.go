// Package networktest runs Proof of Gradient end to end on an in-process
// one-validator network: a learner buys DATA leaves through the Data
// Market, trains one fixed-point step on a leaf it bought, proves it with
// the small step circuit of x/pog/testutil and submits it; a verifier that
// takes part in every beacon round is drawn onto the version's poll and
// votes the metrics it recomputes (sidecar/verifier); the version is
// accepted, the task's best model moves to it, and its epoch's network
// rewards pay the learner and the block proposer.
//
// Every step is a real signed transaction. Outcomes are read back through
// gRPC queries (at pinned heights where balances are compared),
// transaction events and block events. Validators accept a zero gas price,
// so no transaction pays a fee and every balance change is the chain's
// doing.
package networktest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"testing"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/testutil/network"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	pogtestutil "github.com/litegpt/litegpt/x/pog/testutil"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// Windows of this network's Data Market, in blocks (about 300 ms each).
const (
	deliveryWindow   = 10
	acceptanceWindow = 10
	revealWindow     = 10
	disputeWindow    = 10
)

// The x/pog clock of this network: beacon rounds of 16 blocks (commit
// window 8), committees of one drawn when a round with at least one reveal
// ends, votes over 6 + 6 blocks, reward epochs of 120 blocks releasing
// rewardsPool over 10 epochs from epoch 0, 20 % to block proposers.
const (
	beaconBlocks      = 16
	voteCommitBlocks  = 6
	voteRevealBlocks  = 6
	epochBlocks       = 120
	rewardsStepEpochs = 10
	proposerShareBps  = 2_000
)

var (
	// minBond is every role's minimum bond on this network.
	minBond = math.NewInt(1_000_000)
	// rewardsPool is the network_rewards module account's genesis balance
	// and x/pog's rewards_total.
	rewardsPool = math.NewInt(10_000_000_000)
)

var (
	net *network.Network
	// prover proves steps of the small circuit approved in genesis; its
	// keys are made once, before the network starts (the verifying key is
	// in the genesis).
	prover *pogtestutil.Prover
	// circuitID is the approved circuit: the small shape's id.
	circuitID string
)

// TestMain sets up the small step circuit, then starts the package's
// network with the circuit approved in genesis, zero gas prices, small
// role minimums, no reputation decay, short Data Market windows, a fast
// x/pog clock and a funded network_rewards pool.
func TestMain(m *testing.M) {
	var err error
	if prover, err = pogtestutil.NewProver(pogtestutil.SmallShape); err != nil {
		fmt.Fprintln(os.Stderr, "setting up the step circuit:", err)
		os.Exit(1)
	}
	circuitID = prover.Shape.ID()

	cfg := network.DefaultConfig()
	cfg.MinGasPrices = "0" + app.BondDenom // exact balances: no fees
	if err := configureGenesis(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "configuring the genesis:", err)
		os.Exit(1)
	}
	if net, err = network.New(network.StdLogger{}, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "starting the test network:", err)
		os.Exit(1)
	}
	code := m.Run()
	net.Cleanup()
	os.Exit(code)
}

// configureGenesis sets the module params and records this package relies
// on, validating each module's genesis it changes.
func configureGenesis(cfg network.Config) error {
	cdc := cfg.Codec

	var stake staketypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[staketypes.ModuleName], &stake)
	for i := range stake.Params.RoleMinimums {
		stake.Params.RoleMinimums[i].MinBond = minBond
	}
	cfg.GenesisState[staketypes.ModuleName] = cdc.MustMarshalJSON(&stake)

	var reputation reputationtypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[reputationtypes.ModuleName], &reputation)
	reputation.Params.DecayHalfLifeBlocks = 0 // scores move only by outcomes
	cfg.GenesisState[reputationtypes.ModuleName] = cdc.MustMarshalJSON(&reputation)

	// The step circuit is approved in genesis rather than by a governance
	// vote; a single-party key is allowed on litegpt-local* chain-ids.
	var builder buildertypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[buildertypes.ModuleName], &builder)
	builder.Params.TaskCreationFee = sdk.NewCoin(app.BondDenom, math.NewInt(1_000_000))
	builder.Params.ModelDeposit = sdk.NewCoin(app.BondDenom, math.NewInt(1_000_000))
	transcript := sha256.Sum256([]byte("single-party setup of " + circuitID))
	builder.Circuits = append(builder.Circuits, buildertypes.Circuit{
		Id: circuitID, Shape: prover.CircuitShape(), VerifyingKey: prover.VerifyingKey,
		Ceremony: buildertypes.CeremonySingleParty, TranscriptHash: transcript[:],
		Description: "x/pog network test: small logistic-regression step circuit", ApprovedHeight: 1,
	})
	if err := builder.Validate(); err != nil {
		return fmt.Errorf("buildermarket genesis: %w", err)
	}
	cfg.GenesisState[buildertypes.ModuleName] = cdc.MustMarshalJSON(&builder)

	var market datamarkettypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[datamarkettypes.ModuleName], &market)
	p := &market.Params
	p.DeliveryWindowBlocks, p.AcceptanceWindowBlocks = deliveryWindow, acceptanceWindow
	p.RevealWindowBlocks, p.DisputeWindowBlocks = revealWindow, disputeWindow
	if err := p.Validate(); err != nil {
		return fmt.Errorf("datamarket params: %w", err)
	}
	cfg.GenesisState[datamarkettypes.ModuleName] = cdc.MustMarshalJSON(&market)

	var pog pogtypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[pogtypes.ModuleName], &pog)
	pp := &pog.Params
	pp.BeaconBlocks, pp.BeaconMinReveals, pp.CommitteeSize = beaconBlocks, 1, 1
	pp.VoteCommitBlocks, pp.VoteRevealBlocks = voteCommitBlocks, voteRevealBlocks
	pp.EpochBlocks, pp.RewardsTotal = epochBlocks, rewardsPool
	pp.RewardsIdleEpochs, pp.RewardsStepEpochs, pp.ProposerShareBps = 0, rewardsStepEpochs, proposerShareBps
	pog.Clock = pogtypes.StartClock(1, pog.Params)
	if err := pog.Validate(); err != nil {
		return fmt.Errorf("pog genesis: %w", err)
	}
	cfg.GenesisState[pogtypes.ModuleName] = cdc.MustMarshalJSON(&pog)

	// The pool: a module account holding rewardsPool, as the tokenomics
	// allocation creates it. The bank supply follows the balances.
	pool := authtypes.NewEmptyModuleAccount(pogtypes.NetworkRewardsPool)
	var auth authtypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[authtypes.ModuleName], &auth)
	packed, err := authtypes.PackAccounts(authtypes.GenesisAccounts{pool})
	if err != nil {
		return err
	}
	auth.Accounts = append(auth.Accounts, packed...)
	cfg.GenesisState[authtypes.ModuleName] = cdc.MustMarshalJSON(&auth)

	var bank banktypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[banktypes.ModuleName], &bank)
	coins := sdk.NewCoins(sdk.NewCoin(app.BondDenom, rewardsPool))
	bank.Balances = append(bank.Balances, banktypes.Balance{Address: pool.GetAddress().String(), Coins: coins})
	if !bank.Supply.Empty() { // an empty supply is computed from the balances
		bank.Supply = bank.Supply.Add(coins...)
	}
	cfg.GenesisState[banktypes.ModuleName] = cdc.MustMarshalJSON(&bank)
	return nil
}

package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/genutil"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/app/tokenomics"
	buildermarkettypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// localGenesisState is the default genesis with the allocation written in
// and a voting period short enough to try governance by hand.
func localGenesisState(clientCtx client.Context, basics module.BasicManager, allocation tokenomics.Allocation, args testnetArgs, nodes []*testnetNode) (map[string]json.RawMessage, error) {
	cdc := clientCtx.Codec
	appState := app.NewDefaultGenesisState(cdc, basics)
	if err := tokenomics.WriteGenesis(cdc, appState, allocation); err != nil {
		return nil, err
	}

	var gov govv1.GenesisState
	if err := cdc.UnmarshalJSON(appState[govtypes.ModuleName], &gov); err != nil {
		return nil, fmt.Errorf("decoding default gov genesis: %w", err)
	}
	voting, expedited := args.votingPeriod, args.votingPeriod/2
	gov.Params.VotingPeriod = &voting
	gov.Params.ExpeditedVotingPeriod = &expedited
	appState[govtypes.ModuleName] = cdc.MustMarshalJSON(&gov)

	// x/stake: short power epochs and role unbonding for local use.
	var stake staketypes.GenesisState
	if err := cdc.UnmarshalJSON(appState[staketypes.ModuleName], &stake); err != nil {
		return nil, fmt.Errorf("decoding default stake genesis: %w", err)
	}
	stake.Params.PowerEpochBlocks = args.powerEpoch
	stake.Params.UnbondingPeriod = args.roleUnbond
	appState[staketypes.ModuleName] = cdc.MustMarshalJSON(&stake)

	if err := shortenMarketWindows(cdc, appState, args.marketWindow); err != nil {
		return nil, err
	}
	if err := shortenPogClock(cdc, appState, args.marketWindow); err != nil {
		return nil, err
	}

	// x/reputation: genesis scores of validator operators, in address order.
	var reputation reputationtypes.GenesisState
	if err := cdc.UnmarshalJSON(appState[reputationtypes.ModuleName], &reputation); err != nil {
		return nil, fmt.Errorf("decoding default reputation genesis: %w", err)
	}
	for i, score := range args.reputations {
		reputation.Scores = append(reputation.Scores, reputationtypes.GenesisScore{
			Address: sdk.AccAddress(nodes[i].operator).String(), Score: reputationtypes.Score{Value: score},
		})
	}
	sort.Slice(reputation.Scores, func(i, j int) bool {
		a, _ := sdk.AccAddressFromBech32(reputation.Scores[i].Address)
		b, _ := sdk.AccAddressFromBech32(reputation.Scores[j].Address)
		return bytes.Compare(a, b) < 0
	})
	appState[reputationtypes.ModuleName] = cdc.MustMarshalJSON(&reputation)
	return appState, nil
}

// addGenTxs signs each validator's MsgCreateValidator with its node keyring
// and puts the gentxs into the genutil genesis.
func addGenTxs(cmd *cobra.Command, clientCtx client.Context, nodes []*testnetNode, appState map[string]json.RawMessage, args testnetArgs) (map[string]json.RawMessage, error) {
	genTxs := make([]sdk.Tx, 0, len(nodes))
	for i, n := range nodes {
		kr, err := keyring.New(sdk.KeyringServiceName(), keyring.BackendTest, n.home, nil, clientCtx.Codec)
		if err != nil {
			return nil, err
		}
		_, valPubKey, err := genutil.InitializeNodeValidatorFiles(n.config) // reloads the key written earlier
		if err != nil {
			return nil, err
		}
		msg, err := stakingtypes.NewMsgCreateValidator(
			sdk.ValAddress(n.operator).String(), valPubKey,
			sdk.NewCoin(app.BondDenom, args.stake),
			stakingtypes.NewDescription(n.name, "", "", "", ""),
			stakingtypes.NewCommissionRates(math.LegacyNewDecWithPrec(1, 1), math.LegacyNewDecWithPrec(2, 1), math.LegacyNewDecWithPrec(1, 2)),
			math.OneInt(),
		)
		if err != nil {
			return nil, err
		}
		builder := clientCtx.TxConfig.NewTxBuilder()
		if err := builder.SetMsgs(msg); err != nil {
			return nil, err
		}
		memo := fmt.Sprintf("%s@127.0.0.1:%d", n.nodeID, n.ports.p2p)
		builder.SetMemo(memo)
		factory := tx.Factory{}.
			WithChainID(args.chainID).
			WithMemo(memo).
			WithKeybase(kr).
			WithTxConfig(clientCtx.TxConfig)
		ctx := cmd.Context()
		if ctx == nil {
			ctx = context.Background()
		}
		if err := tx.Sign(ctx, factory, fmt.Sprintf("validator%d", i), builder, true); err != nil {
			return nil, fmt.Errorf("signing gentx of %s: %w", n.name, err)
		}
		genTxs = append(genTxs, builder.GetTx())
	}
	return genutil.SetGenTxsInAppGenesisState(clientCtx.Codec, clientCtx.TxConfig.TxJSONEncoder(), appState, genTxs)
}

// Bounds of --market-window-blocks: a window must leave a person time to
// send a transaction, and the Builder Market's epochs stay below its own
// max_epoch_blocks.
const (
	minMarketWindow = 5
	maxMarketWindow = 100_000
)

// shortenMarketWindows sets the Data Market's deal windows to window
// blocks, and the Builder Market's shortest epoch to window, its shortest
// bounty and its test reveal and scoring windows to 2 x window, so that a
// deal or a bounty runs its course in minutes on a local network.
func shortenMarketWindows(cdc codec.JSONCodec, appState map[string]json.RawMessage, window uint64) error {
	var data datamarkettypes.GenesisState
	if err := cdc.UnmarshalJSON(appState[datamarkettypes.ModuleName], &data); err != nil {
		return fmt.Errorf("decoding default datamarket genesis: %w", err)
	}
	p := &data.Params
	p.DeliveryWindowBlocks, p.AcceptanceWindowBlocks, p.RevealWindowBlocks, p.DisputeWindowBlocks = window, window, window, window
	if err := data.Validate(); err != nil {
		return fmt.Errorf("local datamarket genesis: %w", err)
	}
	appState[datamarkettypes.ModuleName] = cdc.MustMarshalJSON(&data)

	var builder buildermarkettypes.GenesisState
	if err := cdc.UnmarshalJSON(appState[buildermarkettypes.ModuleName], &builder); err != nil {
		return fmt.Errorf("decoding default buildermarket genesis: %w", err)
	}
	b := &builder.Params
	b.MinEpochBlocks, b.MinBountyBlocks, b.TestRevealWindowBlocks, b.ScoringWindowBlocks = window, 2*window, 2*window, 2*window
	if err := builder.Validate(); err != nil {
		return fmt.Errorf("local buildermarket genesis: %w", err)
	}
	appState[buildermarkettypes.ModuleName] = cdc.MustMarshalJSON(&builder)
	return nil
}

// shortenPogClock runs x/pog at local speed: beacon rounds of 2 x window
// blocks needing one reveal (a local network has few verifiers),
// committees of 3 voting over window + window blocks, and reward epochs of
// 10 x window blocks with one idle epoch before the 72 decreasing releases
// (instead of a year, then six years of days).
func shortenPogClock(cdc codec.JSONCodec, appState map[string]json.RawMessage, window uint64) error {
	var pog pogtypes.GenesisState
	if err := cdc.UnmarshalJSON(appState[pogtypes.ModuleName], &pog); err != nil {
		return fmt.Errorf("decoding default pog genesis: %w", err)
	}
	p := &pog.Params
	p.BeaconBlocks, p.BeaconMinReveals, p.CommitteeSize = max(4, 2*window), 1, 3
	p.VoteCommitBlocks, p.VoteRevealBlocks = window, window
	p.EpochBlocks, p.RewardsIdleEpochs, p.RewardsStepEpochs = 10*window, 1, 72
	pog.Clock = pogtypes.StartClock(1, *p)
	if err := pog.Validate(); err != nil {
		return fmt.Errorf("local pog genesis: %w", err)
	}
	appState[pogtypes.ModuleName] = cdc.MustMarshalJSON(&pog)
	return nil
}

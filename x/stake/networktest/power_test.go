// Package networktest runs x/stake on an in-process 4-validator network:
// CometBFT's validator set follows stake x reputation.
package networktest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	bip39 "github.com/cosmos/go-bip39"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/litegpt/litegpt/testutil/network"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

const epoch = 4 // power_epoch_blocks of this network

var (
	net       *network.Network
	operators []sdk.ValAddress // validator i's operator, from its mnemonic
)

// TestMain starts the one network of this package: 4 validators of 100
// staking power each; validator 0's operator has reputation 1,000,000
// (target multiplier 1.25, reached in one epoch thanks to a large change
// cap), validator 3's operator has reputation 0 (below the voting
// threshold), validators 1 and 2 are neutral.
func TestMain(m *testing.M) {
	cfg := network.DefaultConfig()
	cfg.NumValidators = 4
	kr := keyring.NewInMemory(cfg.Codec)
	for i := range cfg.NumValidators {
		entropy, err := bip39.NewEntropy(256)
		must(err)
		mnemonic, err := bip39.NewMnemonic(entropy)
		must(err)
		rec, err := kr.NewAccount(fmt.Sprint(i), mnemonic, "", sdk.FullFundraiserPath, hd.Secp256k1)
		must(err)
		addr, err := rec.GetAddress()
		must(err)
		cfg.Mnemonics = append(cfg.Mnemonics, mnemonic)
		operators = append(operators, sdk.ValAddress(addr))
	}

	var stake staketypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[staketypes.ModuleName], &stake)
	stake.Params.PowerEpochBlocks = epoch
	stake.Params.MaxMultiplierChange = 500_000
	cfg.GenesisState[staketypes.ModuleName] = cfg.Codec.MustMarshalJSON(&stake)

	var reputation reputationtypes.GenesisState
	cfg.Codec.MustUnmarshalJSON(cfg.GenesisState[reputationtypes.ModuleName], &reputation)
	reputation.Params.DecayHalfLifeBlocks = 0 // exact multipliers
	for i, score := range map[int]uint64{0: reputationtypes.MaxScore, 3: 0} {
		reputation.Scores = append(reputation.Scores, reputationtypes.GenesisScore{
			Address: sdk.AccAddress(operators[i]).String(), Score: reputationtypes.Score{Value: score},
		})
	}
	sort.Slice(reputation.Scores, func(i, j int) bool {
		a, _ := sdk.AccAddressFromBech32(reputation.Scores[i].Address)
		b, _ := sdk.AccAddressFromBech32(reputation.Scores[j].Address)
		return bytes.Compare(a, b) < 0
	})
	cfg.GenesisState[reputationtypes.ModuleName] = cfg.Codec.MustMarshalJSON(&reputation)

	var err error
	net, err = network.New(network.StdLogger{}, cfg)
	must(err)
	code := m.Run()
	net.Cleanup()
	os.Exit(code)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// cometPowers is CometBFT's validator set at height, by operator index.
func cometPowers(t *testing.T, height int64) map[int]int64 {
	t.Helper()
	val := net.Validators[0]
	res, err := val.RPCClient.Validators(context.Background(), &height, nil, nil)
	require.NoError(t, err)
	out := map[int]int64{}
	for _, v := range res.Validators {
		found := false
		for i, nv := range net.Validators {
			if bytes.Equal(nv.PubKey.Address(), v.Address) {
				out[i] = v.VotingPower
				found = true
			}
		}
		require.True(t, found, "unknown validator %X in CometBFT's set", v.Address)
	}
	return out
}

func TestCometBFTPowerFollowsStakeTimesReputation(t *testing.T) {
	val := net.Validators[0]
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	for i, nv := range net.Validators {
		require.Equal(t, operators[i], nv.ValAddress, "the operator derived from the mnemonic")
	}

	require.Equal(t, map[int]int64{0: 100, 1: 100, 2: 100, 3: 100}, cometPowers(t, 1), "genesis: staking power at multiplier 1")

	// EndBlock of the first epoch (height 4) reaches CometBFT at height 6.
	_, err := network.WaitForHeight(ctx, val.ClientCtx, epoch+3)
	require.NoError(t, err)
	require.Equal(t, map[int]int64{0: 100, 1: 100, 2: 100, 3: 100}, cometPowers(t, epoch+1), "before the epoch takes effect")
	require.Equal(t, map[int]int64{0: 125, 1: 100, 2: 100}, cometPowers(t, epoch+2),
		"validator 0 weighted by its reputation, validator 3 below the threshold has no power")

	// Blocks keep coming without validator 3.
	h, err := network.LatestHeight(ctx, val.ClientCtx)
	require.NoError(t, err)
	_, err = network.WaitForHeight(ctx, val.ClientCtx, h+3)
	require.NoError(t, err)

	// The power table says the same.
	res, err := staketypes.NewQueryClient(net.GRPCConn()).PowerTable(ctx, &staketypes.QueryPowerTableRequest{})
	require.NoError(t, err)
	byOperator := map[string]staketypes.PowerTableEntry{}
	for _, e := range res.Validators {
		byOperator[e.OperatorAddress] = e
	}
	require.Len(t, byOperator, 4)
	v0, v3 := byOperator[operators[0].String()], byOperator[operators[3].String()]
	require.Equal(t, uint64(1_250_000), v0.Multiplier)
	require.Equal(t, int64(100), v0.StakingPower)
	require.Equal(t, int64(125), v0.Power)
	require.False(t, v3.Eligible)
	require.Equal(t, int64(0), v3.Power)
	require.Equal(t, int64(325), res.TotalPower)

	// A delegation reaches CometBFT within two blocks, without an epoch.
	before, err := network.LatestHeight(ctx, val.ClientCtx)
	require.NoError(t, err)
	delegate := stakingtypes.NewMsgDelegate(val.Address.String(), operators[1].String(),
		sdk.NewCoin(net.Config.BondDenom, sdk.TokensFromConsensusPower(30, sdk.DefaultPowerReduction)))
	txRes, err := network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{delegate})
	require.NoError(t, err)
	require.Greater(t, txRes.Height, before)
	_, err = network.WaitForHeight(ctx, val.ClientCtx, txRes.Height+3)
	require.NoError(t, err)
	require.Equal(t, int64(130), cometPowers(t, txRes.Height+2)[1], "staking power changes are sent in their block")
}

package app

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"sort"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cryptoenc "github.com/cometbft/cometbft/crypto/encoding"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptocodec "github.com/cosmos/cosmos-sdk/crypto/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// stakeValidator is one validator of a stakeChain: its consensus key (so the
// test can sign for it as CometBFT would) and its operator.
type stakeValidator struct {
	consKey  cmted25519.PrivKey
	consAddr sdk.ConsAddress
	operator sdk.ValAddress
}

// stakeChain drives an app with several validators and mirrors CometBFT's
// view of the validator set: the updates FinalizeBlock returns at height H
// govern heights from H+2, and votes and evidence report those (weighted)
// powers.
type stakeChain struct {
	t          *testing.T
	app        *LiteGPTApp
	vals       []stakeValidator
	funder     *secp256k1.PrivKey
	height     int64
	time       time.Time
	sets       map[int64]map[string]int64 // height -> cons address -> CometBFT power
	offline    map[string]bool            // validators that stop voting
	lastResult *abci.ResponseFinalizeBlock
	rand       *rand.Rand
}

// stakeChainConfig sets up a stakeChain.
type stakeChainConfig struct {
	stakingPowers []int64  // per validator, in LGPT
	reputations   []uint64 // per validator operator; 0 means neutral
	epoch         uint64   // power_epoch_blocks
}

func newStakeChain(t *testing.T, cfg stakeChainConfig) *stakeChain {
	t.Helper()
	c := &stakeChain{
		t: t, funder: secp256k1.GenPrivKey(), height: 1,
		time: time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC),
		sets: map[int64]map[string]int64{}, offline: map[string]bool{}, rand: rand.New(rand.NewSource(7)),
	}
	c.app = newTestAppOn(t, dbm.NewMemDB(), t.TempDir(), nil)
	for range cfg.stakingPowers {
		key := cmted25519.GenPrivKey()
		c.vals = append(c.vals, stakeValidator{
			consKey: key, consAddr: sdk.ConsAddress(key.PubKey().Address()),
			operator: sdk.ValAddress(secp256k1.GenPrivKey().PubKey().Address()),
		})
	}
	res, err := c.app.InitChain(&abci.RequestInitChain{
		ChainId: testChainID, Time: c.time, InitialHeight: 1,
		ConsensusParams: testConsensusParams(), AppStateBytes: c.genesis(cfg),
	})
	require.NoError(t, err)
	genesisSet := map[string]int64{}
	c.apply(genesisSet, res.Validators)
	c.sets[1], c.sets[2] = genesisSet, genesisSet
	return c
}

// genesis writes validators with the given staking powers (self-delegated
// by their operators), signing infos, a funded account, x/stake's epoch and
// the operators' reputations, and a short slashing window.
func (c *stakeChain) genesis(cfg stakeChainConfig) []byte {
	t, cdc := c.t, c.app.AppCodec()
	state := c.app.DefaultGenesis()
	funder := sdk.AccAddress(c.funder.PubKey().Address())
	accounts := []authtypes.GenesisAccount{authtypes.NewBaseAccount(funder, c.funder.PubKey(), 0, 0)}
	balances := []banktypes.Balance{{Address: funder.String(), Coins: sdk.NewCoins(sdk.NewInt64Coin(BondDenom, 1_000_000_000_000))}}
	bonded := sdkmath.ZeroInt()
	var validators []stakingtypes.Validator
	var delegations []stakingtypes.Delegation
	var signing []slashingtypes.SigningInfo
	var scores []reputationtypes.GenesisScore
	for i, v := range c.vals {
		tokens := sdk.TokensFromConsensusPower(cfg.stakingPowers[i], sdk.DefaultPowerReduction)
		pk, err := cryptocodec.FromCmtPubKeyInterface(v.consKey.PubKey())
		require.NoError(t, err)
		pkAny, err := codectypes.NewAnyWithValue(pk)
		require.NoError(t, err)
		validators = append(validators, stakingtypes.Validator{
			OperatorAddress: v.operator.String(), ConsensusPubkey: pkAny, Status: stakingtypes.Bonded,
			Tokens: tokens, DelegatorShares: sdkmath.LegacyNewDecFromInt(tokens),
			Description: stakingtypes.Description{Moniker: string(rune('A' + i))}, UnbondingTime: time.Unix(0, 0).UTC(),
			Commission:        stakingtypes.NewCommission(sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec(), sdkmath.LegacyZeroDec()),
			MinSelfDelegation: sdkmath.ZeroInt(),
		})
		opAcc := sdk.AccAddress(v.operator)
		accounts = append(accounts, authtypes.NewBaseAccountWithAddress(opAcc))
		delegations = append(delegations, stakingtypes.NewDelegation(opAcc.String(), v.operator.String(), sdkmath.LegacyNewDecFromInt(tokens)))
		bonded = bonded.Add(tokens)
		signing = append(signing, slashingtypes.SigningInfo{
			Address:              v.consAddr.String(),
			ValidatorSigningInfo: slashingtypes.NewValidatorSigningInfo(v.consAddr, 0, 0, time.Unix(0, 0).UTC(), false, 0),
		})
		if i < len(cfg.reputations) && cfg.reputations[i] != 0 {
			scores = append(scores, reputationtypes.GenesisScore{Address: opAcc.String(), Score: reputationtypes.Score{Value: cfg.reputations[i]}})
		}
	}
	balances = append(balances, banktypes.Balance{
		Address: authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String(),
		Coins:   sdk.NewCoins(sdk.NewCoin(BondDenom, bonded)),
	})

	authGenesis := authtypes.NewGenesisState(authtypes.DefaultParams(), accounts)
	state[authtypes.ModuleName] = cdc.MustMarshalJSON(authGenesis)
	var bank banktypes.GenesisState
	cdc.MustUnmarshalJSON(state[banktypes.ModuleName], &bank)
	bank.Balances = banktypes.SanitizeGenesisBalances(balances)
	bank.Supply = sdk.NewCoins()
	for _, b := range bank.Balances {
		bank.Supply = bank.Supply.Add(b.Coins...)
	}
	state[banktypes.ModuleName] = cdc.MustMarshalJSON(&bank)
	state[stakingtypes.ModuleName] = cdc.MustMarshalJSON(stakingtypes.NewGenesisState(stakingtypes.DefaultParams(), validators, delegations))

	var slashing slashingtypes.GenesisState
	cdc.MustUnmarshalJSON(state[slashingtypes.ModuleName], &slashing)
	slashing.Params.SignedBlocksWindow = 10
	slashing.Params.MinSignedPerWindow = sdkmath.LegacyNewDecWithPrec(5, 1)
	slashing.SigningInfos = signing
	state[slashingtypes.ModuleName] = cdc.MustMarshalJSON(&slashing)

	var stake staketypes.GenesisState
	cdc.MustUnmarshalJSON(state[staketypes.ModuleName], &stake)
	stake.Params.PowerEpochBlocks = cfg.epoch
	state[staketypes.ModuleName] = cdc.MustMarshalJSON(&stake)

	var reputation reputationtypes.GenesisState
	cdc.MustUnmarshalJSON(state[reputationtypes.ModuleName], &reputation)
	reputation.Params.DecayHalfLifeBlocks = 0 // exact targets: no decay in these tests
	reputation.Scores = sortScores(t, scores)
	state[reputationtypes.ModuleName] = cdc.MustMarshalJSON(&reputation)

	bz, err := json.Marshal(state)
	require.NoError(t, err)
	return bz
}

// apply applies CometBFT validator updates to a set.
func (c *stakeChain) apply(set map[string]int64, updates []abci.ValidatorUpdate) {
	for _, u := range updates {
		pk, err := cryptocodec.FromCmtProtoPublicKey(u.PubKey)
		require.NoError(c.t, err)
		addr := string(pk.Address())
		if u.Power == 0 {
			delete(set, addr)
		} else {
			set[addr] = u.Power
		}
	}
}

// power is CometBFT's power of validator i at height h (0: not in the set).
func (c *stakeChain) power(i int, h int64) int64 { return c.sets[h][string(c.vals[i].consAddr)] }

// block finalizes and commits the next block with txs and misbehaviour; the
// validators of the previous height vote for it unless offline.
func (c *stakeChain) block(txs [][]byte, misbehavior ...abci.Misbehavior) *abci.ResponseFinalizeBlock {
	t := c.t
	t.Helper()
	var votes []abci.VoteInfo
	if c.height > 1 {
		for _, v := range c.vals {
			power, ok := c.sets[c.height-1][string(v.consAddr)]
			if !ok {
				continue
			}
			flag := cmtproto.BlockIDFlagCommit
			if c.offline[string(v.consAddr)] {
				flag = cmtproto.BlockIDFlagAbsent
			}
			votes = append(votes, abci.VoteInfo{Validator: abci.Validator{Address: v.consAddr, Power: power}, BlockIdFlag: flag})
		}
	}
	res, err := c.app.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height: c.height, Time: c.time, Txs: txs, Misbehavior: misbehavior,
		DecidedLastCommit: abci.CommitInfo{Votes: votes}, ProposerAddress: c.vals[0].consAddr,
	})
	require.NoError(t, err)
	for i, r := range res.TxResults {
		require.Zero(t, r.Code, "block %d tx %d: %s", c.height, i, r.Log)
	}
	_, err = c.app.Commit()
	require.NoError(t, err)

	// The set for height+2 is the set of height+1 with this block's updates.
	next := map[string]int64{}
	for k, v := range c.sets[c.height+1] {
		next[k] = v
	}
	c.apply(next, res.ValidatorUpdates)
	c.sets[c.height+2] = next
	c.lastResult = res
	c.height++
	c.time = c.time.Add(5 * time.Second)
	return res
}

// runTo commits empty blocks until the next block to run is height.
func (c *stakeChain) runTo(height int64) {
	for c.height < height {
		c.block(nil)
	}
}

// tokens is validator i's bonded tokens now.
func (c *stakeChain) tokens(i int) sdkmath.Int {
	v, err := c.app.StakingKeeper.GetValidator(c.app.NewContext(true), c.vals[i].operator)
	require.NoError(c.t, err)
	return v.Tokens
}

// delegateTx is a signed MsgDelegate of lgpt LGPT from the funder to
// validator i.
func (c *stakeChain) delegateTx(i int, lgpt int64) []byte {
	t := c.t
	funder := sdk.AccAddress(c.funder.PubKey().Address())
	acc := c.app.AccountKeeper.GetAccount(c.app.NewContext(true), funder)
	msg := stakingtypes.NewMsgDelegate(funder.String(), c.vals[i].operator.String(),
		sdk.NewCoin(BondDenom, sdk.TokensFromConsensusPower(lgpt, sdk.DefaultPowerReduction)))
	tx, err := simtestutil.GenSignedMockTx(c.rand, c.app.TxConfig(), []sdk.Msg{msg},
		sdk.NewCoins(sdk.NewInt64Coin(BondDenom, 50_000)), 400_000, testChainID,
		[]uint64{acc.GetAccountNumber()}, []uint64{acc.GetSequence()}, c.funder)
	require.NoError(t, err)
	bz, err := c.app.TxConfig().TxEncoder()(tx)
	require.NoError(t, err)
	return bz
}

// duplicateVote is double-sign evidence against validator i at height h,
// reporting the power CometBFT had for it then.
func (c *stakeChain) duplicateVote(i int, h int64) abci.Misbehavior {
	var total int64
	for _, p := range c.sets[h] {
		total += p
	}
	return abci.Misbehavior{
		Type:      abci.MisbehaviorType_DUPLICATE_VOTE,
		Validator: abci.Validator{Address: c.vals[i].consAddr, Power: c.power(i, h)},
		Height:    h, Time: c.time.Add(-time.Duration(c.height-h) * 5 * time.Second), TotalVotingPower: total,
	}
}

// sortScores orders genesis scores by address bytes, as the export does.
func sortScores(t *testing.T, scores []reputationtypes.GenesisScore) []reputationtypes.GenesisScore {
	sort.Slice(scores, func(i, j int) bool {
		a, err := sdk.AccAddressFromBech32(scores[i].Address)
		require.NoError(t, err)
		b, err := sdk.AccAddressFromBech32(scores[j].Address)
		require.NoError(t, err)
		return bytes.Compare(a, b) < 0
	})
	return scores
}

// sendTx is a signed bank send of 1 ulgpt from the funder to itself paying
// fee ulgpt, so that the next block has fees to distribute.
func (c *stakeChain) sendTx(fee int64) []byte {
	t := c.t
	funder := sdk.AccAddress(c.funder.PubKey().Address())
	acc := c.app.AccountKeeper.GetAccount(c.app.NewContext(true), funder)
	msg := banktypes.NewMsgSend(funder, funder, sdk.NewCoins(sdk.NewInt64Coin(BondDenom, 1)))
	tx, err := simtestutil.GenSignedMockTx(c.rand, c.app.TxConfig(), []sdk.Msg{msg},
		sdk.NewCoins(sdk.NewInt64Coin(BondDenom, fee)), 200_000, testChainID,
		[]uint64{acc.GetAccountNumber()}, []uint64{acc.GetSequence()}, c.funder)
	require.NoError(t, err)
	bz, err := c.app.TxConfig().TxEncoder()(tx)
	require.NoError(t, err)
	return bz
}

// importStakeChain starts a new app from a non-zero-height export of c,
// at the export's height, with CometBFT's set as the export names it.
func importStakeChain(t *testing.T, c *stakeChain, exported servertypes.ExportedApp) (*stakeChain, *abci.ResponseInitChain) {
	t.Helper()
	n := &stakeChain{
		t: t, vals: c.vals, funder: c.funder, height: exported.Height, time: c.time,
		sets: map[int64]map[string]int64{}, offline: map[string]bool{}, rand: c.rand,
	}
	n.app = newTestAppOn(t, dbm.NewMemDB(), t.TempDir(), nil)
	var validators []abci.ValidatorUpdate
	for _, v := range exported.Validators {
		pk, err := cryptoenc.PubKeyToProto(v.PubKey)
		require.NoError(t, err)
		validators = append(validators, abci.ValidatorUpdate{PubKey: pk, Power: v.Power})
	}
	cp := exported.ConsensusParams
	res, err := n.app.InitChain(&abci.RequestInitChain{
		ChainId: testChainID, Time: n.time, InitialHeight: n.height,
		ConsensusParams: &cp, Validators: validators, AppStateBytes: exported.AppState,
	})
	require.NoError(t, err)
	set := map[string]int64{}
	n.apply(set, res.Validators)
	n.sets[n.height-1], n.sets[n.height], n.sets[n.height+1] = set, set, set
	return n, res
}

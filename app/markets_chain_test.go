package app

import (
	"crypto/ecdh"
	"crypto/sha256"
	"encoding/json"
	"math/rand"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	bm "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// marketActorFunds is what every actor of the market scenario holds at
// genesis, in ulgpt.
const marketActorFunds = 10_000_000_000

// marketTxGas is the gas limit of every scenario transaction (they pay no
// fee, so balances move only by what the markets do).
const marketTxGas = 3_000_000

// marketActor is an account of the market scenario: its signing key, its
// HPKE key pair (registered in x/stake), and the account number and next
// sequence its transactions are signed with.
type marketActor struct {
	name   string
	key    *secp256k1.PrivKey
	addr   sdk.AccAddress
	bech32 string
	hpke   *ecdh.PrivateKey
	accNum uint64
	seq    uint64
}

// newMarketActor derives an actor's keys from its name, so every run of the
// scenario has the same accounts.
func newMarketActor(t *testing.T, name string) *marketActor {
	seed := sha256.Sum256([]byte("litegpt/app/markets/account/" + name))
	key := secp256k1.GenPrivKeyFromSecret(seed[:])
	hpkeSeed := sha256.Sum256([]byte("litegpt/app/markets/hpke/" + name))
	hpke, err := ecdh.X25519().NewPrivateKey(hpkeSeed[:])
	require.NoError(t, err)
	addr := sdk.AccAddress(key.PubKey().Address())
	return &marketActor{name: name, key: key, addr: addr, bech32: addr.String(), hpke: hpke}
}

// marketGenesisScore is buyer1's genesis reputation: one paid deal short of
// the 550,000 bucket, so its eligibility for the highest-minimum offers
// changes during the run.
const marketGenesisScore = 549_000

// plannedTx is one signed transaction of a block and what it must do.
type plannedTx struct {
	what string
	bz   []byte
	// want is the error the chain must refuse the transaction with; nil:
	// it must succeed.
	want *errorsmod.Error
}

// marketChain is a testChain whose genesis holds the market scenario's
// actors, role minimums and short market windows, driven by signed
// transactions through FinalizeBlock and Commit. A mirror chain, once set,
// is fed the same blocks and must give every transaction the same result.
type marketChain struct {
	*testChain
	actors []*marketActor
	byName map[string]*marketActor
	model  *marketModel
	mirror *testChain
	// versions are each seller's genesis x/pog versions, as the weights
	// datasets its MODEL_UPDATE offers sell (markets_versions_test.go).
	versions map[string][]*dataset
	// pogParams are x/pog's genesis params.
	pogParams pogtypes.Params
}

// marketActorNames lists the scenario's accounts.
var marketActorNames = []string{
	"creator", "builder", "seller1", "seller2", "cheater", "buyer1", "buyer2", "router1", "router2",
}

// newMarketChain starts the scenario's chain: one validator (delegated by
// the funder), the actors funded, and the market parameters of
// marketParams; then commits an empty first block so that the accounts can
// be read.
func newMarketChain(t *testing.T, seed int64) *marketChain {
	t.Helper()
	return newMarketChainWith(t, seed, nil)
}

// chainParams adjusts a market chain's genesis params.
type chainParams func(bmp *bm.Params, pog *pogtypes.Params)

// newMarketChainWith is newMarketChain with the builder-market and x/pog
// params adjusted by adjust (nil: as marketParams and x/pog's defaults).
func newMarketChainWith(t *testing.T, seed int64, adjust chainParams) *marketChain {
	t.Helper()
	funderSeed := sha256.Sum256([]byte("litegpt/app/markets/funder"))
	tc := &testChain{
		t: t, db: dbm.NewMemDB(), home: t.TempDir(),
		funder:    secp256k1.GenPrivKeyFromSecret(funderSeed[:]),
		recipient: sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte("litegpt/app/markets/recipient")).PubKey().Address()),
		height:    1, time: time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC), rand: rand.New(rand.NewSource(seed)),
	}
	tc.app = newTestAppOn(t, tc.db, tc.home, nil)
	val := cmted25519.GenPrivKeyFromSecret([]byte("litegpt/app/markets/validator"))
	tc.valSet = cmttypes.NewValidatorSet([]*cmttypes.Validator{cmttypes.NewValidator(val.PubKey(), 1)})
	c := &marketChain{testChain: tc, byName: map[string]*marketActor{}}
	for _, name := range marketActorNames {
		a := newMarketActor(t, name)
		c.actors = append(c.actors, a)
		c.byName[name] = a
	}
	dmp, bmp, stake := marketParams()
	pogParams := pogtypes.DefaultParams()
	if adjust != nil {
		adjust(&bmp, &pogParams)
	}
	c.pogParams = pogParams
	tc.genesis = c.marketGenesis(tc.makeGenesis(), dmp, bmp, stake)
	_, err := tc.app.InitChain(&abci.RequestInitChain{
		ChainId: testChainID, Time: tc.time, InitialHeight: 1, ConsensusParams: testConsensusParams(), AppStateBytes: tc.genesis,
	})
	require.NoError(t, err)

	rep := reputationtypes.DefaultParams()
	rep.DecayHalfLifeBlocks = 0
	c.model = newMarketModel(t, dmp, bmp, stake, rep)
	for _, a := range c.actors {
		c.model.balances[a.bech32] = math.NewInt(marketActorFunds)
	}
	c.model.scores[c.byName["buyer1"].bech32] = marketGenesisScore

	c.runBlock(nil)
	ctx := c.app.NewContext(true)
	for _, a := range c.actors {
		acc := c.app.AccountKeeper.GetAccount(ctx, a.addr)
		require.NotNil(t, acc, a.name)
		a.accNum, a.seq = acc.GetAccountNumber(), acc.GetSequence()
	}
	return c
}

// marketParams are the scenario's parameters: small role minimums, short
// order and deal windows, at most 3 expiries per block (so that EndBlock
// sometimes leaves due items for the next block), and builder-market
// epochs, bounty lengths and reveal windows of a few blocks.
func marketParams() (dm.Params, bm.Params, staketypes.Params) {
	dmp := dm.DefaultParams()
	dmp.MaxOrderBlocks = 40
	dmp.MaxLeavesPerOrder = 64
	dmp.DeliveryWindowBlocks, dmp.AcceptanceWindowBlocks = 4, 4
	dmp.RevealWindowBlocks, dmp.DisputeWindowBlocks = 4, 4
	dmp.MaxExpiriesPerBlock = 3

	bmp := bm.DefaultParams()
	bmp.TaskCreationFee = coin(1_000)
	bmp.ModelDeposit = coin(50_000)
	bmp.MinEpochBlocks, bmp.MaxEpochBlocks = 5, 1_000
	bmp.MinBountyReward = coin(10_000)
	bmp.MinBountyBlocks, bmp.MaxBountyBlocks = 10, 1_000
	bmp.TestRevealWindowBlocks, bmp.ScoringWindowBlocks = 15, 5

	stake := staketypes.DefaultParams()
	for i := range stake.RoleMinimums {
		stake.RoleMinimums[i].MinBond = math.NewInt(10_000)
	}
	return dmp, bmp, stake
}

// marketGenesis adds the actors (funded accounts) to base, buyer1's score
// and no reputation decay, and the market and role parameters.
func (c *marketChain) marketGenesis(base []byte, dmp dm.Params, bmp bm.Params, stake staketypes.Params) []byte {
	t, cdc := c.t, c.app.AppCodec()
	var state GenesisState
	require.NoError(t, json.Unmarshal(base, &state))

	var auth authtypes.GenesisState
	cdc.MustUnmarshalJSON(state[authtypes.ModuleName], &auth)
	accounts, err := authtypes.UnpackAccounts(auth.Accounts)
	require.NoError(t, err)
	var bank banktypes.GenesisState
	cdc.MustUnmarshalJSON(state[banktypes.ModuleName], &bank)
	for i, a := range c.actors {
		accounts = append(accounts, authtypes.NewBaseAccount(a.addr, nil, uint64(100+i), 0))
		funds := sdk.NewCoins(sdk.NewInt64Coin(BondDenom, marketActorFunds))
		bank.Balances = append(bank.Balances, banktypes.Balance{Address: a.bech32, Coins: funds})
		bank.Supply = bank.Supply.Add(funds...)
	}
	state[authtypes.ModuleName] = cdc.MustMarshalJSON(authtypes.NewGenesisState(auth.Params, accounts))
	bank.Balances = banktypes.SanitizeGenesisBalances(bank.Balances)
	state[banktypes.ModuleName] = cdc.MustMarshalJSON(&bank)

	var reputation reputationtypes.GenesisState
	cdc.MustUnmarshalJSON(state[reputationtypes.ModuleName], &reputation)
	reputation.Params.DecayHalfLifeBlocks = 0 // exact scores: they move only by outcomes
	reputation.Scores = sortScores(t, append(reputation.Scores, reputationtypes.GenesisScore{
		Address: c.byName["buyer1"].bech32, Score: reputationtypes.Score{Value: marketGenesisScore},
	}))
	require.NoError(t, reputation.Validate())
	state[reputationtypes.ModuleName] = cdc.MustMarshalJSON(&reputation)

	var stakeGenesis staketypes.GenesisState
	cdc.MustUnmarshalJSON(state[staketypes.ModuleName], &stakeGenesis)
	stakeGenesis.Params = stake
	state[staketypes.ModuleName] = cdc.MustMarshalJSON(&stakeGenesis)

	var data dm.GenesisState
	cdc.MustUnmarshalJSON(state[dm.ModuleName], &data)
	data.Params = dmp
	state[dm.ModuleName] = cdc.MustMarshalJSON(&data)

	pog := pogtypes.DefaultGenesis()
	pog.Params, pog.Clock = c.pogParams, pogtypes.StartClock(1, c.pogParams)
	pog.Versions = c.genesisVersions(t)
	pog.NextVersionId = uint64(len(pog.Versions) + 1)
	state[pogtypes.ModuleName] = cdc.MustMarshalJSON(pog)

	var builder bm.GenesisState
	cdc.MustUnmarshalJSON(state[bm.ModuleName], &builder)
	builder.Params = bmp
	state[bm.ModuleName] = cdc.MustMarshalJSON(&builder)

	bz, err := json.Marshal(state)
	require.NoError(t, err)
	return bz
}

// sign returns a transaction of msgs signed by a with its next sequence.
// It pays no fee: the ante handler passes it either way, so the sequence
// advances whether or not the messages succeed.
func (c *marketChain) sign(a *marketActor, msgs ...sdk.Msg) []byte {
	t := c.t
	t.Helper()
	tx, err := simtestutil.GenSignedMockTx(c.rand, c.app.TxConfig(), msgs, sdk.NewCoins(), marketTxGas, testChainID,
		[]uint64{a.accNum}, []uint64{a.seq}, a.key)
	require.NoError(t, err)
	a.seq++
	bz, err := c.app.TxConfig().TxEncoder()(tx)
	require.NoError(t, err)
	return bz
}

// runBlock finalizes and commits the next block with txs and checks that
// each one succeeded or failed as planned (with the planned error's
// codespace and code), and returns the block's results. The mirror, if any, runs the same block and must
// give every transaction the same code.
func (c *marketChain) runBlock(txs []plannedTx) *abci.ResponseFinalizeBlock {
	t := c.t
	t.Helper()
	raw := make([][]byte, len(txs))
	for i, tx := range txs {
		raw[i] = tx.bz
	}
	res, err := c.finalizeBlock(raw...)
	require.NoError(t, err, "FinalizeBlock %d", c.height)
	require.Len(t, res.TxResults, len(txs))
	for i, r := range res.TxResults {
		if want := txs[i].want; want == nil {
			require.Zerof(t, r.Code, "block %d tx %d (%s) must succeed: codespace %s code %d: %s", c.height, i, txs[i].what, r.Codespace, r.Code, r.Log)
		} else if r.Codespace != want.Codespace() || r.Code != want.ABCICode() {
			t.Fatalf("block %d tx %d (%s) must fail with %s/%d (%s), got codespace %q code %d: %s",
				c.height, i, txs[i].what, want.Codespace(), want.ABCICode(), want.Error(), r.Codespace, r.Code, r.Log)
		}
	}
	if c.mirror != nil {
		mres, err := c.mirror.finalizeBlock(raw...)
		require.NoError(t, err, "mirror FinalizeBlock %d", c.mirror.height)
		for i, r := range mres.TxResults {
			require.Equalf(t, res.TxResults[i].Code, r.Code, "mirror block %d tx %d (%s): %s", c.mirror.height, i, txs[i].what, r.Log)
		}
		commitTestBlock(c.mirror)
	}
	commitTestBlock(c.testChain)
	return res
}

// commitTestBlock commits the block c finalized, as testChain.nextBlock
// does, and moves c to the next height.
func commitTestBlock(c *testChain) {
	_, err := c.app.Commit()
	require.NoError(c.t, err, "Commit %d", c.height)
	val := c.valSet.Validators[0]
	c.lastCommit = abci.CommitInfo{Votes: []abci.VoteInfo{{
		Validator:   abci.Validator{Address: val.Address, Power: val.VotingPower},
		BlockIdFlag: cmtproto.BlockIDFlagCommit,
	}}}
	c.height++
	c.time = c.time.Add(testBlockTime)
}

// queryContext reads the committed state as the next block will see it
// (at its height), in a cache that nothing is written from.
func (c *marketChain) queryContext() sdk.Context {
	ctx, _ := c.app.NewContextLegacy(true, cmtproto.Header{Height: c.height, Time: c.time, ChainID: testChainID}).CacheContext()
	return ctx
}

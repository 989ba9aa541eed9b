package app

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cryptoenc "github.com/cometbft/cometbft/crypto/encoding"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	dbm "github.com/cosmos/cosmos-db"
	gogoproto "github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/litegpt/litegpt/app/upgrades"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

const (
	testChainID   = LocalChainIDPrefix + "-apptest"
	testBlockTime = 5 * time.Second
	testFee       = 2_500 // ulgpt per transaction, so distribution has rewards to export
)

// newTestApp builds an app on an in-memory database with its own home
// directory (the upgrade keeper reads upgrade-info.json there).
func newTestApp(t *testing.T) *LiteGPTApp {
	t.Helper()
	return newTestAppOn(t, dbm.NewMemDB(), t.TempDir(), nil)
}

// newTestAppOn builds an app on db and home with list as its known upgrades
// (nil: the binary's upgrades.List), and loads the latest committed state.
func newTestAppOn(t *testing.T, db dbm.DB, home string, list []upgrades.Upgrade) *LiteGPTApp {
	t.Helper()
	a := NewLiteGPTApp(log.NewNopLogger(), db, false,
		simtestutil.NewAppOptionsWithFlagHome(home), baseapp.SetChainID(testChainID))
	if list != nil {
		a.registerUpgrades(list)
	}
	if err := a.LoadLatestVersion(); err != nil {
		t.Fatalf("loading the latest version: %v", err)
	}
	return a
}

// testChain drives an app through InitChain and blocks as CometBFT would:
// one validator that proposes and signs every block, and a funded account
// that sends a bank transfer in every block.
type testChain struct {
	t         *testing.T
	app       *LiteGPTApp
	db        dbm.DB
	home      string
	valSet    *cmttypes.ValidatorSet
	funder    *secp256k1.PrivKey
	recipient sdk.AccAddress // of every transfer: new accounts get ids from the app hash

	genesis    []byte // the app state of InitChain
	height     int64  // of the next block
	time       time.Time
	lastCommit abci.CommitInfo
	rand       *rand.Rand
}

// newTestChain starts a chain from a default genesis with one bonded
// validator, a funded account and a few reputation scores.
func newTestChain(t *testing.T) *testChain {
	t.Helper()
	c := &testChain{
		t:         t,
		db:        dbm.NewMemDB(),
		home:      t.TempDir(),
		funder:    secp256k1.GenPrivKey(),
		recipient: sdk.AccAddress(secp256k1.GenPrivKey().PubKey().Address()),
		height:    1,
		time:      time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC),
		rand:      rand.New(rand.NewSource(1)),
	}
	c.app = newTestAppOn(t, c.db, c.home, nil)
	valSet, err := simtestutil.CreateRandomValidatorSet()
	if err != nil {
		t.Fatal(err)
	}
	c.valSet = valSet
	c.genesis = c.makeGenesis()

	if _, err := c.app.InitChain(&abci.RequestInitChain{
		ChainId:         testChainID,
		Time:            c.time,
		InitialHeight:   1,
		ConsensusParams: testConsensusParams(),
		AppStateBytes:   c.genesis,
	}); err != nil {
		t.Fatalf("InitChain: %v", err)
	}
	return c
}

// importTestChain starts a new app from an export of from, at the height
// the export names, with the same validator, funder and next block.
func importTestChain(t *testing.T, from *testChain, exported servertypes.ExportedApp) *testChain {
	t.Helper()
	c := &testChain{
		t:          t,
		db:         dbm.NewMemDB(),
		home:       t.TempDir(),
		valSet:     from.valSet,
		funder:     from.funder,
		recipient:  from.recipient,
		height:     max(exported.Height, 1), // a zero-height export starts at 1
		time:       from.time,
		lastCommit: from.lastCommit,
		rand:       from.rand,
		genesis:    exported.AppState,
	}
	c.app = newTestAppOn(t, c.db, c.home, nil)
	if exported.Height == 0 {
		c.lastCommit = abci.CommitInfo{}
	}
	validators := make([]abci.ValidatorUpdate, len(exported.Validators))
	for i, v := range exported.Validators {
		pk, err := cryptoenc.PubKeyToProto(v.PubKey)
		if err != nil {
			t.Fatal(err)
		}
		validators[i] = abci.ValidatorUpdate{PubKey: pk, Power: v.Power}
	}
	consensusParams := exported.ConsensusParams
	if _, err := c.app.InitChain(&abci.RequestInitChain{
		ChainId:         testChainID,
		Time:            c.time,
		InitialHeight:   c.height,
		ConsensusParams: &consensusParams,
		Validators:      validators, // InitChain fails unless x/staking returns the same set
		AppStateBytes:   exported.AppState,
	}); err != nil {
		t.Fatalf("InitChain from the export: %v", err)
	}
	return c
}

// testConsensusParams are the SDK's test consensus params without their
// authority override, so x/gov stays the authority as on a real chain.
func testConsensusParams() *cmtproto.ConsensusParams {
	params := gogoproto.Clone(simtestutil.DefaultConsensusParams).(*cmtproto.ConsensusParams)
	params.Authority = nil
	return params
}

// makeGenesis returns the app's default genesis with c's validator bonded, the
// funder funded, the validator's signing info and a few reputation scores.
func (c *testChain) makeGenesis() []byte {
	t, cdc := c.t, c.app.AppCodec()
	funder := sdk.AccAddress(c.funder.PubKey().Address())
	account := authtypes.NewBaseAccount(funder, c.funder.PubKey(), 0, 0)
	balance := banktypes.Balance{Address: funder.String(), Coins: sdk.NewCoins(sdk.NewInt64Coin(BondDenom, 1_000_000_000_000))}
	state, err := simtestutil.GenesisStateWithValSet(cdc, c.app.DefaultGenesis(), c.valSet, []authtypes.GenesisAccount{account}, balance)
	if err != nil {
		t.Fatal(err)
	}

	// GenesisStateWithValSet rewrites x/bank's genesis; keep the ulgpt metadata.
	var bank banktypes.GenesisState
	cdc.MustUnmarshalJSON(state[banktypes.ModuleName], &bank)
	bank.DenomMetadata = []banktypes.Metadata{DenomMetadata()}
	state[banktypes.ModuleName] = cdc.MustMarshalJSON(&bank)

	// x/slashing needs the validator's signing info to count its votes.
	consAddr := sdk.ConsAddress(c.valSet.Validators[0].Address)
	var slashing slashingtypes.GenesisState
	cdc.MustUnmarshalJSON(state[slashingtypes.ModuleName], &slashing)
	slashing.SigningInfos = append(slashing.SigningInfos, slashingtypes.SigningInfo{
		Address:              consAddr.String(),
		ValidatorSigningInfo: slashingtypes.NewValidatorSigningInfo(consAddr, 0, 0, time.Unix(0, 0).UTC(), false, 0),
	})
	state[slashingtypes.ModuleName] = cdc.MustMarshalJSON(&slashing)

	// Scores and histories, so the reputation export is not trivial; in
	// the export's order (by address bytes), so export(import(g)) == g.
	var reputation reputationtypes.GenesisState
	cdc.MustUnmarshalJSON(state[reputationtypes.ModuleName], &reputation)
	scored := []sdk.AccAddress{
		sdk.AccAddress(secp256k1.GenPrivKey().PubKey().Address()),
		sdk.AccAddress(secp256k1.GenPrivKey().PubKey().Address()),
	}
	slices.SortFunc(scored, func(a, b sdk.AccAddress) int { return bytes.Compare(a, b) })
	for i, value := range []uint64{650_000, 420_000} {
		reputation.Scores = append(reputation.Scores, reputationtypes.GenesisScore{
			Address: scored[i].String(),
			Score:   reputationtypes.Score{Value: value, UpdatedHeight: 0, Outcomes: 1},
			History: []reputationtypes.OutcomeRecord{{
				Sequence: 1, Kind: reputationtypes.OutcomeUpdateAccepted, Weight: 2_000,
				ScoreBefore: value - 2_000, ScoreAfter: value, Reporter: "test", Reference: "genesis/" + string(rune('a'+i)),
			}},
		})
	}
	if err := reputation.Validate(); err != nil {
		t.Fatal(err)
	}
	state[reputationtypes.ModuleName] = cdc.MustMarshalJSON(&reputation)

	bz, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	return bz
}

// sendTx returns a signed bank send from the funder, with its current
// account number and sequence.
func (c *testChain) sendTx() []byte {
	t := c.t
	funder := sdk.AccAddress(c.funder.PubKey().Address())
	acc := c.app.AccountKeeper.GetAccount(c.app.NewContext(true), funder)
	if acc == nil {
		t.Fatal("the funder account does not exist")
	}
	msg := banktypes.NewMsgSend(funder, c.recipient, sdk.NewCoins(sdk.NewInt64Coin(BondDenom, 1_000)))
	tx, err := simtestutil.GenSignedMockTx(c.rand, c.app.TxConfig(), []sdk.Msg{msg},
		sdk.NewCoins(sdk.NewInt64Coin(BondDenom, testFee)), 200_000, testChainID,
		[]uint64{acc.GetAccountNumber()}, []uint64{acc.GetSequence()}, c.funder)
	if err != nil {
		t.Fatal(err)
	}
	bz, err := c.app.TxConfig().TxEncoder()(tx)
	if err != nil {
		t.Fatal(err)
	}
	return bz
}

// finalizeBlock finalizes, without committing, the next block with txs.
func (c *testChain) finalizeBlock(txs ...[]byte) (*abci.ResponseFinalizeBlock, error) {
	return c.app.FinalizeBlock(&abci.RequestFinalizeBlock{
		Height:             c.height,
		Time:               c.time,
		Txs:                txs,
		DecidedLastCommit:  c.lastCommit,
		ProposerAddress:    c.valSet.Proposer.Address,
		NextValidatorsHash: c.valSet.Hash(),
	})
}

// nextBlock finalizes and commits the next block with txs, which must all
// succeed; the validator signs it.
func (c *testChain) nextBlock(txs ...[]byte) {
	t := c.t
	t.Helper()
	res, err := c.finalizeBlock(txs...)
	if err != nil {
		t.Fatalf("FinalizeBlock %d: %v", c.height, err)
	}
	for i, r := range res.TxResults {
		if r.Code != 0 {
			t.Fatalf("block %d tx %d: code %d: %s", c.height, i, r.Code, r.Log)
		}
	}
	if _, err := c.app.Commit(); err != nil {
		t.Fatalf("Commit %d: %v", c.height, err)
	}
	val := c.valSet.Validators[0]
	c.lastCommit = abci.CommitInfo{Votes: []abci.VoteInfo{{
		Validator:   abci.Validator{Address: val.Address, Power: val.VotingPower},
		BlockIdFlag: cmtproto.BlockIDFlagCommit,
	}}}
	c.height++
	c.time = c.time.Add(testBlockTime)
}

// totalSupply is the committed total supply.
func (c *testChain) totalSupply() sdk.Coins {
	c.t.Helper()
	supply, _, err := c.app.BankKeeper.GetPaginatedTotalSupply(c.app.NewContext(true), nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return supply
}

// exportUncommitted exports every module from the not yet committed state
// InitChain wrote, i.e. exactly what the genesis imported.
func (c *testChain) exportUncommitted() []byte {
	c.t.Helper()
	ctx := c.app.NewContextLegacy(false, cmtproto.Header{Height: c.height, Time: c.time, ChainID: testChainID})
	state, err := c.app.ModuleManager.ExportGenesisForModules(ctx, c.app.AppCodec(), nil)
	if err != nil {
		c.t.Fatal(err)
	}
	bz, err := json.Marshal(state)
	if err != nil {
		c.t.Fatal(err)
	}
	return bz
}

func (c *testChain) export(forZeroHeight bool) servertypes.ExportedApp {
	c.t.Helper()
	exported, err := c.app.ExportAppStateAndValidators(forZeroHeight, nil, nil)
	if err != nil {
		c.t.Fatalf("exporting (for zero height: %t): %v", forZeroHeight, err)
	}
	return exported
}

// assertSameModules fails for every module whose JSON differs between two
// app states; both must name the same modules.
func assertSameModules(t *testing.T, what string, want, got []byte) {
	t.Helper()
	var w, g map[string]json.RawMessage
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(w))
	for name := range w {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Fatalf("%s: the app state has no module", what)
	}
	for _, name := range names {
		if _, ok := g[name]; !ok {
			t.Errorf("%s: module %s is missing", what, name)
			continue
		}
		if !jsonEqual(t, w[name], g[name]) {
			t.Errorf("%s: module %s differs\nwant: %s\ngot:  %s", what, name, compact(t, w[name]), compact(t, g[name]))
		}
	}
	for name := range g {
		if _, ok := w[name]; !ok {
			t.Errorf("%s: unexpected module %s", what, name)
		}
	}
}

func compact(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	bz, _ := json.Marshal(v)
	return string(bz)
}

// assertNonTrivialExport checks that appState holds what the test chain
// built, so that the round trips compare more than default genesis states:
// fee rewards in x/distribution, vote records in x/slashing, the genesis
// reputation scores.
func assertNonTrivialExport(t *testing.T, a *LiteGPTApp, appState []byte) {
	t.Helper()
	var state GenesisState
	if err := json.Unmarshal(appState, &state); err != nil {
		t.Fatal(err)
	}
	cdc := a.AppCodec()
	var distr distrtypes.GenesisState
	cdc.MustUnmarshalJSON(state[distrtypes.ModuleName], &distr)
	if len(distr.OutstandingRewards) == 0 || distr.OutstandingRewards[0].OutstandingRewards.IsZero() {
		t.Errorf("exported distribution has no outstanding rewards: %v", distr.OutstandingRewards)
	}
	var slashing slashingtypes.GenesisState
	cdc.MustUnmarshalJSON(state[slashingtypes.ModuleName], &slashing)
	if len(slashing.SigningInfos) != 1 || slashing.SigningInfos[0].ValidatorSigningInfo.IndexOffset == 0 {
		t.Errorf("exported slashing counted no vote: %v", slashing.SigningInfos)
	}
	var reputation reputationtypes.GenesisState
	cdc.MustUnmarshalJSON(state[reputationtypes.ModuleName], &reputation)
	if len(reputation.Scores) != 2 {
		t.Errorf("exported %d reputation scores, want 2", len(reputation.Scores))
	}
}

// genesisSupply is the total supply a bank genesis in appState declares.
func genesisSupply(t *testing.T, a *LiteGPTApp, appState []byte) sdk.Coins {
	t.Helper()
	var state GenesisState
	if err := json.Unmarshal(appState, &state); err != nil {
		t.Fatal(err)
	}
	var bank banktypes.GenesisState
	a.AppCodec().MustUnmarshalJSON(state[banktypes.ModuleName], &bank)
	return bank.Supply
}

// TestGenesisRoundTrip checks export(import(g)) == g for every LiteGPT
// module: what InitChain imported exports unchanged. (SDK modules add
// module accounts, pools and defaults on import, so theirs differs; so does
// x/stake's on a new chain, where InitGenesis derives the first validator
// set; TestExportImport covers its round trip from an export.)
func TestGenesisRoundTrip(t *testing.T) {
	c := newTestChain(t)
	var modules []string
	for name, m := range c.app.ModuleManager.Modules {
		if strings.HasPrefix(reflect.TypeOf(m).PkgPath(), "github.com/litegpt/litegpt/x/") && name != staketypes.ModuleName {
			modules = append(modules, name)
		}
	}
	if len(modules) == 0 {
		t.Fatal("the module manager has no LiteGPT module")
	}
	assertSameModules(t, "export(import(genesis))", onlyModules(t, c.genesis, modules), onlyModules(t, c.exportUncommitted(), modules))
}

// onlyModules returns the part of appState that belongs to modules.
func onlyModules(t *testing.T, appState []byte, modules []string) []byte {
	t.Helper()
	var state, kept map[string]json.RawMessage
	if err := json.Unmarshal(appState, &state); err != nil {
		t.Fatal(err)
	}
	kept = make(map[string]json.RawMessage, len(modules))
	for _, name := range modules {
		raw, ok := state[name]
		if !ok {
			t.Fatalf("the app state has no module %s", name)
		}
		kept[name] = raw
	}
	bz, err := json.Marshal(kept)
	if err != nil {
		t.Fatal(err)
	}
	return bz
}

// TestExportImport exports a chain with rewards, fees, signing records and
// reputation scores, imports the export into a new app, and checks that the
// import holds exactly the export, that both apps then produce the same
// blocks and the same state, and that no token is created or lost.
func TestExportImport(t *testing.T) {
	c1 := newTestChain(t)
	c1.nextBlock()
	for range 3 {
		c1.nextBlock(c1.sendTx())
	}
	supply := c1.totalSupply()

	exported := c1.export(false)
	if want := c1.app.LastBlockHeight() + 1; exported.Height != want {
		t.Errorf("export height = %d, want the next height %d", exported.Height, want)
	}
	if len(exported.Validators) != 1 {
		t.Fatalf("exported validators = %v, want 1", exported.Validators)
	}
	if got := genesisSupply(t, c1.app, exported.AppState); !got.Equal(supply) {
		t.Errorf("exported supply = %s, want %s", got, supply)
	}

	assertNonTrivialExport(t, c1.app, exported.AppState)

	c2 := importTestChain(t, c1, exported)
	assertSameModules(t, "export(import(export))", exported.AppState, c2.exportUncommitted())

	// The same blocks on both chains must leave the same state.
	for range 3 {
		tx := c1.sendTx()
		c1.nextBlock(tx)
		c2.nextBlock(tx)
	}
	if c1.app.LastBlockHeight() != c2.app.LastBlockHeight() {
		t.Fatalf("heights %d and %d differ", c1.app.LastBlockHeight(), c2.app.LastBlockHeight())
	}
	e1, e2 := c1.export(false), c2.export(false)
	assertSameModules(t, "original vs imported chain after 3 blocks", e1.AppState, e2.AppState)
	if e1.Height != e2.Height || len(e1.Validators) != len(e2.Validators) {
		t.Errorf("exports at heights %d and %d with %d and %d validators", e1.Height, e2.Height, len(e1.Validators), len(e2.Validators))
	}
	if !gogoproto.Equal(&e1.ConsensusParams, &e2.ConsensusParams) {
		t.Errorf("consensus params differ: %v vs %v", e1.ConsensusParams, e2.ConsensusParams)
	}
	if s1, s2 := c1.totalSupply(), c2.totalSupply(); !s1.Equal(supply) || !s2.Equal(supply) {
		t.Errorf("total supplies %s and %s, want %s", s1, s2, supply)
	}
}

// TestExportForZeroHeight exports a chain for a restart at height zero,
// imports it, and checks that the import holds exactly the export, that the
// new chain produces blocks and that the supply is unchanged.
func TestExportForZeroHeight(t *testing.T) {
	c1 := newTestChain(t)
	c1.nextBlock()
	for range 3 {
		c1.nextBlock(c1.sendTx())
	}
	supply := c1.totalSupply()

	exported := c1.export(true)
	if exported.Height != 0 {
		t.Errorf("zero-height export height = %d", exported.Height)
	}
	if got := genesisSupply(t, c1.app, exported.AppState); !got.Equal(supply) {
		t.Errorf("exported supply = %s, want %s", got, supply)
	}

	c3 := importTestChain(t, c1, exported)
	assertSameModules(t, "export(import(zero-height export))", exported.AppState, c3.exportUncommitted())
	c3.nextBlock()
	for range 3 {
		c3.nextBlock(c3.sendTx())
	}
	if got := c3.app.LastBlockHeight(); got != 4 {
		t.Errorf("restarted chain at height %d, want 4", got)
	}
	if got := c3.totalSupply(); !got.Equal(supply) {
		t.Errorf("supply after restart = %s, want %s", got, supply)
	}
	again := c3.export(true)
	if got := genesisSupply(t, c3.app, again.AppState); !got.Equal(supply) {
		t.Errorf("second zero-height export supply = %s, want %s", got, supply)
	}
}

// TestUpgradeHandlerRuns schedules a plan for an upgrade the running binary
// does not know, checks that the chain halts at the plan height, then
// restarts on a binary that registers the upgrade through registerUpgrades
// and checks that its handler runs at that height, once.
func TestUpgradeHandlerRuns(t *testing.T) {
	c := newTestChain(t)
	c.nextBlock()

	const name = "v-test"
	planHeight := c.height + 2
	ctx := c.app.NewNextBlockContext(cmtproto.Header{Height: c.height, Time: c.time, ChainID: testChainID})
	if err := c.app.UpgradeKeeper.ScheduleUpgrade(ctx, upgradetypes.Plan{Name: name, Height: planHeight}); err != nil {
		t.Fatalf("scheduling: %v", err)
	}
	c.nextBlock()
	c.nextBlock()

	// The old binary halts at the plan height and records the plan on disk.
	if _, err := c.finalizeBlock(); err == nil || !strings.Contains(err.Error(), `UPGRADE "`+name+`" NEEDED`) {
		t.Fatalf("FinalizeBlock at the plan height on the old binary: error = %v, want UPGRADE NEEDED", err)
	}

	var ranAt []int64
	c.app = newTestAppOn(t, c.db, c.home, []upgrades.Upgrade{{
		Name: name,
		Migrate: func(ctx context.Context) error {
			ranAt = append(ranAt, sdk.UnwrapSDKContext(ctx).BlockHeight())
			return nil
		},
	}})
	info, err := c.app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil || info.Name != name || info.Height != planHeight {
		t.Errorf("upgrade-info.json = %+v (%v), want %s at %d", info, err, name, planHeight)
	}
	c.nextBlock() // planHeight, on the new binary
	c.nextBlock()
	if len(ranAt) != 1 || ranAt[0] != planHeight {
		t.Fatalf("upgrade ran at heights %v, want once at %d", ranAt, planHeight)
	}

	check := c.app.NewContext(true)
	done, err := c.app.UpgradeKeeper.GetDoneHeight(check, name)
	if err != nil || done != planHeight {
		t.Errorf("done height = %d (%v), want %d", done, err, planHeight)
	}
	if _, err := c.app.UpgradeKeeper.GetUpgradePlan(check); err == nil {
		t.Error("the plan is still scheduled after it ran")
	}
	versions, err := c.app.UpgradeKeeper.GetModuleVersionMap(check)
	if err != nil || versions[reputationtypes.ModuleName] == 0 {
		t.Errorf("module versions after the upgrade: %v (%v)", versions, err)
	}
}

package keeper_test

import (
	"fmt"
	"math/rand"
	"sync"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/datamarket/keeper"
	"github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// startBalance is what newEnv gives each test account, in ulgpt.
const startBalance = 1_000_000_000

// dataBond is the DATA_NODE bond newEnv gives each seller.
const dataBond = 1_000_000

// startHeight is the block height newEnv starts at.
const startHeight = 100

// The test accounts.
var (
	sellerA  = testAddr(1)
	sellerB  = testAddr(2)
	sellerC  = testAddr(3)
	buyer    = testAddr(10)
	buyer2   = testAddr(11)
	router   = testAddr(20)
	outsider = testAddr(30) // funded, no role
)

// The x/buildermarket fixtures of newEnv.
const (
	taskID            = 1 // 4 samples x 3 features, Q8.8, 3 classes
	modelID           = 2 // active, task 1
	deprecatedModelID = 3 // deprecated, task 1
	otherTaskID       = 4 // regression, same shape
	otherModelID      = 5 // active, task 4
	batchSize         = 4
	features          = 3
	classes           = 3
)

// testFormat is the tasks' fixed-point format.
var testFormat = commit.Format{Bits: 16, Frac: 8}

// testAddr returns a deterministic 20-byte account address.
func testAddr(i int) sdk.AccAddress { return sdk.AccAddress(fmt.Sprintf("datamarket-acct-%04d", i)) }

// testParams are the default params with short windows: delivery,
// acceptance and reveal 10 blocks, dispute 20, orders up to 1,000 blocks.
func testParams() types.Params {
	p := types.DefaultParams()
	p.MaxOrderBlocks = 1_000
	p.DeliveryWindowBlocks = 10
	p.AcceptanceWindowBlocks = 10
	p.RevealWindowBlocks = 10
	p.DisputeWindowBlocks = 20
	return p
}

// env is a datamarket keeper over an in-memory store with fakes for every
// other module; the suite, the fuzz tests and the benchmarks share it.
type env struct {
	tb        testing.TB
	ctx       sdk.Context
	key       *storetypes.KVStoreKey
	cms       storetypes.CommitMultiStore
	authority string
	bank      *fakeBank
	stake     *fakeStake
	rep       *fakeReputation
	builder   *fakeBuilder
	keeper    keeper.Keeper
	msgs      types.MsgServer
	querier   keeper.Querier
	// supply is every coin in the fake bank after newEnv.
	supply sdk.Coins
}

// newEnv builds a keeper at startHeight with testParams from a default
// genesis; funds sellers A-C, both buyers, the router and the outsider
// with startBalance; gives sellers DATA_NODE (bonded dataBond), buyers
// LEARNER and the router ROUTER; and registers tasks 1 and 4 and models
// 2, 3 (deprecated) and 5.
func newEnv(tb testing.TB) *env {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	testCtx := testutil.DefaultContextWithDB(tb, key, storetypes.NewTransientStoreKey("transient_test"))
	codec := addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	authority, err := codec.BytesToString(authtypes.NewModuleAddress(govtypes.ModuleName))
	require.NoError(tb, err)
	e := &env{
		tb: tb, ctx: testCtx.Ctx.WithBlockHeight(startHeight), key: key, cms: testCtx.CMS, authority: authority,
		bank: newFakeBank(), rep: newFakeReputation(), builder: newFakeBuilder(),
	}
	e.stake = newFakeStake(e.bank)
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	e.keeper = keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), authority, fakeAccounts{codec}, e.bank, e.bank,
		e.stake, e.stake, e.rep, e.rep, e.builder)
	e.msgs = keeper.NewMsgServerImpl(e.keeper)
	e.querier = keeper.NewQuerier(e.keeper)
	gs := types.DefaultGenesis()
	gs.Params = testParams()
	require.NoError(tb, e.keeper.InitGenesis(e.ctx, *gs))

	for _, a := range []sdk.AccAddress{sellerA, sellerB, sellerC, buyer, buyer2, router, outsider} {
		e.bank.mint(a, sdk.NewCoins(sdk.NewInt64Coin(denom, startBalance)))
	}
	for _, s := range []sdk.AccAddress{sellerA, sellerB, sellerC} {
		e.stake.grant(s, staketypes.RoleDataNode, dataBond)
	}
	e.stake.grant(buyer, staketypes.RoleLearner, 0)
	e.stake.grant(buyer2, staketypes.RoleLearner, 0)
	e.stake.grant(router, staketypes.RoleRouter, 0)

	e.builder.tasks[taskID] = buildertypes.Task{
		Id: taskID, Name: "digits", BatchSize: batchSize,
		Input:  buildertypes.InputSchema{Features: features},
		Label:  buildertypes.LabelSchema{Kind: buildertypes.LabelClassification, Classes: classes},
		Format: buildertypes.FixedPointFormat{Bits: uint32(testFormat.Bits), Frac: uint32(testFormat.Frac)},
	}
	e.builder.tasks[otherTaskID] = buildertypes.Task{
		Id: otherTaskID, Name: "prices", BatchSize: batchSize,
		Input:  buildertypes.InputSchema{Features: features},
		Label:  buildertypes.LabelSchema{Kind: buildertypes.LabelRegression},
		Format: buildertypes.FixedPointFormat{Bits: uint32(testFormat.Bits), Frac: uint32(testFormat.Frac)},
	}
	e.builder.models[modelID] = buildertypes.Model{Id: modelID, TaskId: taskID, Status: buildertypes.ModelActive}
	e.builder.models[deprecatedModelID] = buildertypes.Model{Id: deprecatedModelID, TaskId: taskID, Status: buildertypes.ModelDeprecated}
	e.builder.models[otherModelID] = buildertypes.Model{Id: otherModelID, TaskId: otherTaskID, Status: buildertypes.ModelActive}
	e.supply = e.bank.supply()
	return e
}

// ---- accounts, heights, balances ----

func (e *env) bech32(addr sdk.AccAddress) string { return addr.String() }

// commit commits the store, as the end of a block would: the IAVL tree's
// iterators sort its uncommitted writes, so a benchmark that measures
// iteration over a large book commits the book first.
func (e *env) commit() { e.cms.Commit() }

// fresh gives the context a new event manager.
func (e *env) fresh() { e.ctx = e.ctx.WithEventManager(sdk.NewEventManager()) }

// setHeight moves to height h with a fresh event manager.
func (e *env) setHeight(h int64) {
	e.ctx = e.ctx.WithBlockHeight(h).WithEventManager(sdk.NewEventManager())
}

func (e *env) height() int64 { return e.ctx.BlockHeight() }

func (e *env) balance(addr sdk.AccAddress) int64 { return e.bank.balance(addr).AmountOf(denom).Int64() }

// escrowed is the module account's balance.
func (e *env) escrowed() int64 { return e.balance(authtypes.NewModuleAddress(types.ModuleName)) }

func (e *env) pool() int64 { return e.bank.communityPool.AmountOf(denom).Int64() }

func (e *env) setParams(mutate func(*types.Params)) {
	p, err := e.keeper.Params.Get(e.ctx)
	require.NoError(e.tb, err)
	mutate(&p)
	_, err = e.msgs.UpdateParams(e.ctx, &types.MsgUpdateParams{Authority: e.authority, Params: p})
	require.NoError(e.tb, err)
}

// ---- orders ----

// offerMsg is a DATA offer by seller of the 16 leaves of the data fixture
// for task 1 at 100 ulgpt per leaf, open to any buyer, expiring 500 blocks
// ahead.
func (e *env) offerMsg(seller sdk.AccAddress) *types.MsgPostOffer {
	f := dataFixture()
	return &types.MsgPostOffer{
		Seller: e.bech32(seller), Kind: types.KindData, TaskId: taskID, DataRoot: f.root[:],
		LeafCount: uint64(len(f.batches)), PricePerLeaf: math.NewInt(100),
		GroupCounts:  []types.GroupCount{{Group: "clinic-a", Samples: 40}, {Group: "clinic-b", Samples: 24}},
		ExpiryHeight: e.height() + 500,
	}
}

// postOffer posts offerMsg(seller), changed by mutate, and returns its id.
func (e *env) postOffer(seller sdk.AccAddress, mutate ...func(*types.MsgPostOffer)) uint64 {
	e.tb.Helper()
	msg := e.offerMsg(seller)
	for _, m := range mutate {
		m(msg)
	}
	res, err := e.msgs.PostOffer(e.ctx, msg)
	require.NoError(e.tb, err)
	return res.OrderId
}

// modelUpdateOffer makes msg a MODEL_UPDATE offer of model 2's version 7,
// selling the chunks of the weights fixture.
func modelUpdateOffer(msg *types.MsgPostOffer) {
	w := weightsFixture()
	msg.Kind, msg.ModelId, msg.VersionId = types.KindModelUpdate, modelID, 7
	msg.WeightsCommitment, msg.DataRoot, msg.LeafCount = w.commitment[:], w.root[:], uint64(len(w.chunks))
	msg.GroupCounts = []types.GroupCount{{Group: "clinic-a", Samples: 4_000}}
}

// bidMsg is a DATA bid by buyer for model 2 of 10 leaves at up to 150
// ulgpt, expiring 500 blocks ahead.
func (e *env) bidMsg(buyer sdk.AccAddress) *types.MsgPostBid {
	return &types.MsgPostBid{
		Buyer: e.bech32(buyer), Kind: types.KindData, ModelId: modelID, LeafCount: 10,
		MaxPricePerLeaf: math.NewInt(150), ExpiryHeight: e.height() + 500,
	}
}

// postBid posts bidMsg(buyer), changed by mutate, and returns its id.
func (e *env) postBid(buyer sdk.AccAddress, mutate ...func(*types.MsgPostBid)) uint64 {
	e.tb.Helper()
	msg := e.bidMsg(buyer)
	for _, m := range mutate {
		m(msg)
	}
	res, err := e.msgs.PostBid(e.ctx, msg)
	require.NoError(e.tb, err)
	return res.OrderId
}

func (e *env) match(bidID, offerID, leaves uint64) *types.MsgMatchResponse {
	e.tb.Helper()
	res, err := e.msgs.Match(e.ctx, &types.MsgMatch{Router: e.bech32(router), BidId: bidID, OfferId: offerID, Leaves: leaves})
	require.NoError(e.tb, err)
	return res
}

func (e *env) offer(id uint64) types.Offer {
	o, err := e.keeper.Offers.Get(e.ctx, id)
	require.NoError(e.tb, err)
	return o
}

func (e *env) bid(id uint64) types.Bid {
	b, err := e.keeper.Bids.Get(e.ctx, id)
	require.NoError(e.tb, err)
	return b
}

func (e *env) deal(id uint64) types.Deal {
	d, err := e.keeper.Deals.Get(e.ctx, id)
	require.NoError(e.tb, err)
	return d
}

func (e *env) endBlock() {
	e.tb.Helper()
	require.NoError(e.tb, e.keeper.EndBlocker(e.ctx))
}

// ---- the fair exchange ----

// sealed is a seller's delivery of one deal.
type sealed struct {
	key   exchange.Key
	cts   [][]byte
	paths [][][]byte
	root  []byte
}

// seal encrypts the leaves deal d sold under a fresh key, as an honest
// seller does: the data fixture's batches for DATA deals, the weights
// fixture's chunks for MODEL_UPDATE ones.
func (e *env) seal(d types.Deal) sealed {
	e.tb.Helper()
	tree, elements := dataFixture().tree, dataFixture().elements
	if d.Kind == types.KindModelUpdate {
		tree, elements = weightsFixture().tree, weightsFixture().chunks
	}
	key, err := exchange.NewKey(rand.New(rand.NewSource(int64(d.Id))))
	require.NoError(e.tb, err)
	cts, err := exchange.SealLeaves(key, d.Id, tree, d.LeafStart, elements[d.LeafStart:d.LeafStart+d.LeafCount])
	require.NoError(e.tb, err)
	root, paths := exchange.CiphertextPaths(cts)
	return sealed{key: key, cts: cts, paths: paths, root: root}
}

func (e *env) deliver(dealID uint64, s sealed) {
	e.tb.Helper()
	h := exchange.KeyHash(s.key)
	_, err := e.msgs.Deliver(e.ctx, &types.MsgDeliver{Seller: e.deal(dealID).Seller, DealId: dealID, KeyHash: h[:], CiphertextRoot: s.root})
	require.NoError(e.tb, err)
}

func (e *env) accept(dealID uint64) {
	e.tb.Helper()
	_, err := e.msgs.AcceptDelivery(e.ctx, &types.MsgAcceptDelivery{Buyer: e.deal(dealID).Buyer, DealId: dealID})
	require.NoError(e.tb, err)
}

func (e *env) reveal(dealID uint64, s sealed) int64 {
	e.tb.Helper()
	res, err := e.msgs.RevealKey(e.ctx, &types.MsgRevealKey{Seller: e.deal(dealID).Seller, DealId: dealID, Key: s.key[:]})
	require.NoError(e.tb, err)
	return res.SettlesAtHeight
}

// revealed takes deal dealID through delivery, acceptance and the reveal of
// an honest delivery, and returns the delivery.
func (e *env) revealed(dealID uint64) sealed {
	e.tb.Helper()
	s := e.seal(e.deal(dealID))
	e.deliver(dealID, s)
	e.accept(dealID)
	e.reveal(dealID, s)
	return s
}

// dispute sends a dispute of chunk index with ciphertext and path.
func (e *env) dispute(dealID, index uint64, ciphertext []byte, path [][]byte) (*types.MsgDisputeResponse, error) {
	return e.msgs.Dispute(e.ctx, &types.MsgDispute{
		Buyer: e.deal(dealID).Buyer, DealId: dealID, ChunkIndex: index, Ciphertext: ciphertext, CiphertextPath: path,
	})
}

// ---- state checks ----

// requireConserved asserts every invariant and that no coin was made or
// lost.
func (e *env) requireConserved() {
	e.tb.Helper()
	require.NoError(e.tb, e.keeper.Invariants(e.ctx))
	require.Equal(e.tb, e.supply.String(), e.bank.supply().String(), "coins made or lost")
}

// snapshot is every key and value of the module store, every coin in the
// fake bank, the slashes and the reports.
type snapshot struct {
	store   map[string]string
	bank    string
	slashes int
	reports int
}

func (e *env) snapshot() snapshot {
	out := map[string]string{}
	it := e.ctx.KVStore(e.key).Iterator(nil, nil)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		out[string(it.Key())] = string(it.Value())
	}
	return snapshot{store: out, bank: e.bank.String(), slashes: len(e.stake.slashs), reports: len(e.rep.reports)}
}

// requireUnchanged requires the store, the bank, the slashes and the
// reports to equal before, and no event on the context.
func (e *env) requireUnchanged(before snapshot) {
	e.tb.Helper()
	after := e.snapshot()
	require.Equal(e.tb, before.store, after.store, "store changed")
	require.Equal(e.tb, before.bank, after.bank, "balances changed")
	require.Equal(e.tb, before.slashes, after.slashes, "slashed")
	require.Equal(e.tb, before.reports, after.reports, "reported")
	require.Empty(e.tb, e.ctx.EventManager().Events(), "events emitted")
	e.requireConserved()
}

// typedEvents returns the events of type T on the current context, and
// requires every event to be a typed one.
func typedEvents[T proto.Message](e *env) []T {
	var out []T
	for _, ev := range e.ctx.EventManager().ABCIEvents() {
		msg, err := sdk.ParseTypedEvent(ev)
		require.NoError(e.tb, err, "event %s", ev.Type)
		if m, ok := msg.(T); ok {
			out = append(out, m)
		}
	}
	return out
}

// ---- data fixtures ----

// data is an offer's leaves: batches of the test task's shape, their
// elements and their tree.
type data struct {
	batches  []commit.Batch
	elements [][]fr.Element
	tree     *commit.Tree
	root     commit.Digest
}

// dataFixture is 16 batches of 4 samples x 3 features in Q8.8 with labels
// 0..2, computed once.
var dataFixture = sync.OnceValue(func() data { return makeData(16, batchSize, features, classes, 1) })

// makeData builds n batches of samples x feats with labels in
// [0, labels), from seed.
func makeData(n, samples, feats int, labels int64, seed int64) data {
	r := rand.New(rand.NewSource(seed))
	d := data{}
	for range n {
		b := commit.Batch{Format: testFormat}
		for range samples {
			s := commit.Sample{Label: r.Int63n(labels)}
			for range feats {
				s.Features = append(s.Features, r.Int63n(1024)-512)
			}
			b.Samples = append(b.Samples, s)
		}
		elements, err := b.Elements()
		if err != nil {
			panic(err)
		}
		d.batches = append(d.batches, b)
		d.elements = append(d.elements, elements)
	}
	root, tree, err := commit.Root(d.batches)
	if err != nil {
		panic(err)
	}
	d.tree, d.root = tree, root
	return d
}

// weights is a MODEL_UPDATE offer's leaves: the chunks of a tensor.
type weights struct {
	commitment commit.Digest
	chunks     [][]fr.Element
	tree       *commit.Tree
	root       commit.Digest
}

// weightsFixture is a 100 x 100 Q8.8 tensor: three weights chunks.
var weightsFixture = sync.OnceValue(func() weights {
	r := rand.New(rand.NewSource(2))
	t := commit.Tensor{Format: testFormat, Shape: []uint32{100, 100}}
	for range 100 * 100 {
		t.Values = append(t.Values, r.Int63n(2048)-1024)
	}
	c, err := commit.WeightsCommitment(t)
	if err != nil {
		panic(err)
	}
	chunks, err := commit.WeightsChunks(t)
	if err != nil {
		panic(err)
	}
	tree, err := commit.WeightsChunkTree(t)
	if err != nil {
		panic(err)
	}
	return weights{commitment: c, chunks: chunks, tree: tree, root: tree.Root()}
})

// keeperMsgServer rebuilds e's Msg service and querier from its keeper,
// after a change to the keeper value (SetVersionChecker).
func keeperMsgServer(e *env) types.MsgServer {
	e.querier = keeper.NewQuerier(e.keeper)
	return keeper.NewMsgServerImpl(e.keeper)
}

// grant gives addr role in the fake x/stake (a DATA_NODE role bonded with
// bond, which joins the supply).
func (e *env) grant(addr sdk.AccAddress, role staketypes.Role, bond int64) {
	e.stake.grant(addr, role, bond)
	e.supply = e.bank.supply()
}

// sdkParse decodes a typed event.
func sdkParse(ev abci.Event) (proto.Message, error) { return sdk.ParseTypedEvent(ev) }

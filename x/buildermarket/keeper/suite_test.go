package keeper_test

import (
	"fmt"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/suite"

	"cosmossdk.io/core/address"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/litegpt/litegpt/x/buildermarket/keeper"
	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// startBalance is what SetupTest gives each test account, in ulgpt.
const startBalance = 1_000_000

// Amounts of testParams, in ulgpt.
const (
	taskFee    = 100
	deposit    = 1_000
	minReward  = 500
	epoch      = 100 // of the tasks createTask makes
	revealWin  = 20
	scoringWin = 30
)

// startHeight is the height SetupTest starts at.
const startHeight = 100

// Chain-ids of the tests: SetupTest uses a real one.
const (
	realChainID  = "litegpt-1"
	localChainID = "litegpt-local-1"
)

// testParams are small, round params: fee 100, deposit 1000, rewards from
// 500, epochs 10..1000, up to 4 slices, deadlines 10..1000 blocks ahead, a
// 20-block reveal window, a 30-block scoring window and two resolutions
// per block.
func testParams() types.Params {
	p := types.DefaultParams()
	p.TaskCreationFee, p.ModelDeposit, p.MinBountyReward = coin(taskFee), coin(deposit), coin(minReward)
	p.MinEpochBlocks, p.MaxEpochBlocks, p.MaxValidationSlices = 10, 1_000, 4
	p.MinBountyBlocks, p.MaxBountyBlocks = 10, 1_000
	p.TestRevealWindowBlocks, p.ScoringWindowBlocks = revealWin, scoringWin
	p.MaxBountyResolutionsPerBlock = 2
	return p
}

func coin(n int64) sdk.Coin { return sdk.NewInt64Coin(types.BondDenom, n) }

// testAddr returns a deterministic 20-byte account address.
func testAddr(i int) sdk.AccAddress { return sdk.AccAddress(fmt.Sprintf("bm-account-%09d", i)) }

// The accounts of the suite.
var (
	alice  = testAddr(1) // task creator
	bob    = testAddr(2) // bounty poster
	carol  = testAddr(3) // builder
	dave   = testAddr(4) // builder
	mallet = testAddr(5) // holds no role
)

// KeeperTestSuite drives x/buildermarket over an in-memory store with a
// fake bank that really moves coins, a fake community pool and a fake
// stake keeper in which carol and dave are builders.
type KeeperTestSuite struct {
	suite.Suite

	ctx       sdk.Context
	key       *storetypes.KVStoreKey
	addrCodec address.Codec
	authority string
	bank      *fakeBank
	stake     fakeStake
	keeper    keeper.Keeper
	msgServer types.MsgServer
	querier   keeper.Querier
	// reporter reports for a module named "pog", made before Seal.
	reporter keeper.MetricReporter
	supply   sdk.Coins
}

func TestKeeperTestSuite(t *testing.T) { suite.Run(t, new(KeeperTestSuite)) }

// SetupTest builds a keeper over a fresh store at startHeight on
// realChainID with testParams, funds the five accounts with startBalance,
// and seals the keeper after making the "pog" reporter.
func (s *KeeperTestSuite) SetupTest() {
	s.key = storetypes.NewKVStoreKey(types.StoreKey)
	testCtx := testutil.DefaultContextWithDB(s.T(), s.key, storetypes.NewTransientStoreKey("transient_test"))
	s.ctx = testCtx.Ctx.WithBlockHeight(startHeight).WithChainID(realChainID)
	s.addrCodec = addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	s.authority = s.bech32(authtypes.NewModuleAddress(govtypes.ModuleName))
	s.bank = newFakeBank()
	s.stake = fakeStake{builders: map[string]bool{string(carol): true, string(dave): true}}
	s.keeper = s.newKeeper()
	s.msgServer = keeper.NewMsgServerImpl(s.keeper)
	s.querier = keeper.NewQuerier(s.keeper)
	gs := types.DefaultGenesis()
	gs.Params = testParams()
	s.Require().NoError(s.keeper.InitGenesis(s.ctx, *gs))
	s.reporter = s.keeper.NewMetricReporter("pog")
	s.keeper.Seal()
	for _, a := range []sdk.AccAddress{alice, bob, carol, dave, mallet} {
		s.bank.mint(a, sdk.NewCoins(coin(startBalance)))
	}
	s.supply = s.bank.supply()
	s.fresh()
}

// newKeeper builds a keeper over s.key with the suite's fakes.
func (s *KeeperTestSuite) newKeeper() keeper.Keeper {
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	return keeper.NewKeeper(cdc, runtime.NewKVStoreService(s.key), s.authority, fakeAccounts{s.addrCodec}, s.bank, s.bank, s.stake)
}

// ---- helpers ----

func (s *KeeperTestSuite) bech32(addr sdk.AccAddress) string {
	str, err := s.addrCodec.BytesToString(addr)
	s.Require().NoError(err)
	return str
}

// fresh gives the context a new event manager.
func (s *KeeperTestSuite) fresh() { s.ctx = s.ctx.WithEventManager(sdk.NewEventManager()) }

// setHeight moves to height with a fresh event manager.
func (s *KeeperTestSuite) setHeight(h int64) {
	s.ctx = s.ctx.WithBlockHeight(h).WithEventManager(sdk.NewEventManager())
}

// endBlocksTo runs EndBlock at every height after the current one up to h
// (fresh events each block; the last block's stay on the context).
func (s *KeeperTestSuite) endBlocksTo(h int64) {
	for height := s.ctx.BlockHeight() + 1; height <= h; height++ {
		s.setHeight(height)
		s.Require().NoError(s.keeper.EndBlocker(s.ctx))
		s.requireConserved()
	}
}

func (s *KeeperTestSuite) balance(addr sdk.AccAddress) int64 {
	return s.bank.balance(addr).AmountOf(types.BondDenom).Int64()
}

func (s *KeeperTestSuite) escrowed() int64 {
	return s.balance(authtypes.NewModuleAddress(types.ModuleName))
}

func (s *KeeperTestSuite) pool() int64 { return s.bank.communityPool.AmountOf(types.BondDenom).Int64() }

// requireConserved asserts every invariant and that no coin was made or
// lost.
func (s *KeeperTestSuite) requireConserved() {
	s.T().Helper()
	s.Require().NoError(s.keeper.EscrowInvariant(s.ctx))
	s.Require().NoError(s.keeper.BountyInvariant(s.ctx))
	s.Require().NoError(s.keeper.ScoreInvariant(s.ctx))
	s.Require().Equal(s.supply.String(), s.bank.supply().String(), "coins made or lost")
}

// snapshot is every key and value of the module store, the module's
// exported genesis and every coin in the fake bank.
type snapshot struct {
	store   map[string]string
	genesis *types.GenesisState
	bank    string
}

func (s *KeeperTestSuite) snapshot() snapshot {
	out := map[string]string{}
	it := s.ctx.KVStore(s.key).Iterator(nil, nil)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		out[string(it.Key())] = string(it.Value())
	}
	gs, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	return snapshot{store: out, genesis: gs, bank: s.bank.String()}
}

// requireUnchanged requires the store, the genesis and the bank to equal
// before, and no event on the context.
func (s *KeeperTestSuite) requireUnchanged(before snapshot) {
	s.T().Helper()
	after := s.snapshot()
	s.Require().Equal(before.store, after.store, "store changed")
	s.Require().Equal(before.genesis, after.genesis, "genesis changed")
	s.Require().Equal(before.bank, after.bank, "balances changed")
	s.Require().Empty(s.ctx.EventManager().Events(), "events emitted")
	s.requireConserved()
}

// requireRejected runs op on a fresh event manager and requires it to fail
// with err (when given) and a message containing contains, changing
// nothing.
func (s *KeeperTestSuite) requireRejected(op func() error, err error, contains string) {
	s.T().Helper()
	before := s.snapshot()
	s.fresh()
	got := op()
	s.Require().Error(got)
	if err != nil {
		s.Require().ErrorIs(got, err)
	}
	s.Require().ErrorContains(got, contains)
	s.requireUnchanged(before)
}

// typedEvents returns the events of type T on the current context, and
// requires every event to be a typed one.
func typedEvents[T proto.Message](s *KeeperTestSuite) []T {
	var out []T
	for _, e := range s.ctx.EventManager().ABCIEvents() {
		msg, err := sdk.ParseTypedEvent(e)
		s.Require().NoError(err, "event %s", e.Type)
		if m, ok := msg.(T); ok {
			out = append(out, m)
		}
	}
	return out
}

// ---- actions ----

// taskMsg is the fixtures' task by alice: 3 slices of epoch blocks.
func (s *KeeperTestSuite) taskMsg() *types.MsgCreateTask {
	return bmtestutil.CreateTaskMsg(s.bech32(alice), 3, epoch)
}

// createTask creates msg's task and returns its id.
func (s *KeeperTestSuite) createTask(msg *types.MsgCreateTask) uint64 {
	s.T().Helper()
	res, err := s.msgServer.CreateTask(s.ctx, msg)
	s.Require().NoError(err)
	return res.TaskId
}

// approve approves circuit id of shape through governance.
func (s *KeeperTestSuite) approve(id string, shape types.CircuitShape) {
	s.T().Helper()
	_, err := s.msgServer.ApproveCircuit(s.ctx, bmtestutil.ApproveCircuitMsg(s.authority, id, shape))
	s.Require().NoError(err)
}

// modelMsg is a logistic regression by builder for task.
func (s *KeeperTestSuite) modelMsg(builder sdk.AccAddress, task uint64) *types.MsgRegisterModel {
	return bmtestutil.RegisterModelMsg(s.bech32(builder), task)
}

// registerModel registers msg's model and returns its id.
func (s *KeeperTestSuite) registerModel(msg *types.MsgRegisterModel) uint64 {
	s.T().Helper()
	res, err := s.msgServer.RegisterModel(s.ctx, msg)
	s.Require().NoError(err)
	return res.ModelId
}

// bountyMsg is bob's bounty of reward on task, due blocks from now.
func (s *KeeperTestSuite) bountyMsg(task uint64, reward int64, blocks int64) *types.MsgPostBounty {
	return &types.MsgPostBounty{Poster: s.bech32(bob), TaskId: task, Reward: coin(reward), DeadlineHeight: s.ctx.BlockHeight() + blocks}
}

// postBounty posts msg's bounty and returns its id.
func (s *KeeperTestSuite) postBounty(msg *types.MsgPostBounty) uint64 {
	s.T().Helper()
	res, err := s.msgServer.PostBounty(s.ctx, msg)
	s.Require().NoError(err)
	return res.BountyId
}

// testSetMsg opens the fixtures' test set of task.
func (s *KeeperTestSuite) testSetMsg(task uint64) *types.MsgRevealTestSet {
	o := bmtestutil.TestSetOpening()
	return &types.MsgRevealTestSet{Creator: s.bech32(alice), TaskId: task, DataRoot: o.DataRoot, LeafCount: o.LeafCount, Uri: "ipfs://test", Salt: o.Salt}
}

// revealTestSet reveals task's test set and returns the end of scoring.
func (s *KeeperTestSuite) revealTestSet(task uint64) int64 {
	s.T().Helper()
	res, err := s.msgServer.RevealTestSet(s.ctx, s.testSetMsg(task))
	s.Require().NoError(err)
	return res.ScoringEndsHeight
}

// sliceMsg opens validation slice index of task.
func (s *KeeperTestSuite) sliceMsg(task uint64, index uint32) *types.MsgRevealValidationSlice {
	o := bmtestutil.ValidationOpening(index)
	return &types.MsgRevealValidationSlice{Creator: s.bech32(alice), TaskId: task, Index: index, DataRoot: o.DataRoot, LeafCount: o.LeafCount, Uri: fmt.Sprintf("ipfs://val%d", index), Salt: o.Salt}
}

func (s *KeeperTestSuite) bounty(id uint64) types.Bounty {
	b, err := s.keeper.GetBounty(s.ctx, id)
	s.Require().NoError(err)
	return b
}

func (s *KeeperTestSuite) task(id uint64) types.Task {
	t, err := s.keeper.GetTask(s.ctx, id)
	s.Require().NoError(err)
	return t
}

func (s *KeeperTestSuite) model(id uint64) types.Model {
	m, err := s.keeper.GetModel(s.ctx, id)
	s.Require().NoError(err)
	return m
}

// requireEvents requires the events of type T on the context to equal
// want by their protobuf encoding (so an empty list equals a nil one).
func requireEvents[T proto.Message](s *KeeperTestSuite, want ...T) {
	s.T().Helper()
	got := typedEvents[T](s)
	s.Require().Len(got, len(want), "events %T: %v", *new(T), got)
	for i := range want {
		wantBz, err := proto.Marshal(want[i])
		s.Require().NoError(err)
		gotBz, err := proto.Marshal(got[i])
		s.Require().NoError(err)
		s.Require().Equal(wantBz, gotBz, "event %d:\nwant %v\ngot  %v", i, want[i], got[i])
	}
}

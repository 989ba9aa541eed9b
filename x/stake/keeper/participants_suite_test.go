package keeper_test

import (
	"crypto/ecdh"
	"fmt"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/suite"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/litegpt/litegpt/x/stake/keeper"
	"github.com/litegpt/litegpt/x/stake/types"
)

// testPeerID is a valid libp2p peer id (an Ed25519 identity multihash).
const testPeerID = "12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X"

// startBalance is what SetupTest gives each test account, in ulgpt.
const startBalance = 1_000_000

// Role minimums of testParams, in ulgpt.
const (
	minDataNode  = 100
	minLearner   = 1_000
	minVerifier  = 1_000
	minRouter    = 500
	minBuilder   = 500
	minInference = 200
)

// testUnbondingPeriod is the unbonding period of testParams.
const testUnbondingPeriod = time.Hour

// genesisTime is the block time SetupTest starts at.
var genesisTime = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// testParams are the default params with small role minimums, a one-hour
// unbonding period and three maturities per block.
func testParams() types.Params {
	p := types.DefaultParams()
	p.RoleMinimums = []types.RoleMinimum{
		{Role: types.RoleDataNode, MinBond: math.NewInt(minDataNode)},
		{Role: types.RoleLearner, MinBond: math.NewInt(minLearner)},
		{Role: types.RoleVerifier, MinBond: math.NewInt(minVerifier)},
		{Role: types.RoleRouter, MinBond: math.NewInt(minRouter)},
		{Role: types.RoleBuilder, MinBond: math.NewInt(minBuilder)},
		{Role: types.RoleInferenceNode, MinBond: math.NewInt(minInference)},
	}
	p.UnbondingPeriod = testUnbondingPeriod
	p.MaxUnbondingsPerBlock = 3
	return p
}

// testAddr returns a deterministic 20-byte account address.
func testAddr(i int) sdk.AccAddress { return sdk.AccAddress(fmt.Sprintf("participant-%08d", i)) }

// testHPKEKey returns the X25519 public key of a private key derived from i.
func testHPKEKey(i byte) []byte {
	seed := make([]byte, 32)
	for j := range seed {
		seed[j] = i + byte(j)
	}
	priv, err := ecdh.X25519().NewPrivateKey(seed)
	if err != nil {
		panic(err)
	}
	return priv.PublicKey().Bytes()
}

func coin(n int64) sdk.Coin { return sdk.NewInt64Coin(bondDenom, n) }

func coins(n int64) sdk.Coins { return sdk.NewCoins(coin(n)) }

// ParticipantsTestSuite drives the participant half of x/stake: messages,
// maturity, Slash, RequireRole, queries, genesis and the escrow invariant,
// over an in-memory store with a fake bank that really moves coins.
type ParticipantsTestSuite struct {
	suite.Suite

	ctx       sdk.Context
	key       *storetypes.KVStoreKey
	addrCodec address.Codec
	authority string
	bank      *fakeBank
	keeper    keeper.Keeper
	msgServer types.MsgServer
	querier   keeper.Querier
	// slasher slashes for a module named "pog", created before Seal.
	slasher keeper.Slasher
	// supply is every coin in the fake bank after SetupTest.
	supply sdk.Coins
}

func TestParticipantsTestSuite(t *testing.T) {
	suite.Run(t, new(ParticipantsTestSuite))
}

// SetupTest builds a keeper over a fresh store at height 10 and
// genesisTime with testParams and no participants, funds testAddr(1..5)
// with startBalance each, and seals the keeper after making the "pog"
// Slasher.
func (s *ParticipantsTestSuite) SetupTest() {
	s.key = storetypes.NewKVStoreKey(types.StoreKey)
	testCtx := testutil.DefaultContextWithDB(s.T(), s.key, storetypes.NewTransientStoreKey("transient_test"))
	s.ctx = testCtx.Ctx.WithBlockHeight(10).WithBlockTime(genesisTime)
	// The codec follows the global prefix, which GenesisState.Validate and
	// AccAddress.String read too.
	s.addrCodec = addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	s.authority = s.bech32(authtypes.NewModuleAddress(govtypes.ModuleName))
	s.bank = newFakeBank()
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	s.keeper = keeper.NewKeeper(cdc, runtime.NewKVStoreService(s.key), s.authority,
		fakeAccounts{s.addrCodec}, s.bank, s.bank, fakeStaking{}, fakeReputation{})
	s.msgServer = keeper.NewMsgServerImpl(s.keeper)
	s.querier = keeper.NewQuerier(s.keeper)

	s.Require().NoError(s.keeper.Params.Set(s.ctx, testParams()))
	s.Require().NoError(keeper.InitParticipantsGenesis(s.ctx, s.keeper, types.GenesisState{Params: testParams(), NextUnbondingId: 1}))
	s.slasher = s.keeper.NewSlasher("pog")
	s.keeper.Seal()
	for i := 1; i <= 5; i++ {
		s.fund(testAddr(i))
	}
}

// ---- helpers ----

func (s *ParticipantsTestSuite) bech32(addr sdk.AccAddress) string {
	str, err := s.addrCodec.BytesToString(addr)
	s.Require().NoError(err)
	return str
}

// fresh gives the context a new event manager.
func (s *ParticipantsTestSuite) fresh() { s.ctx = s.ctx.WithEventManager(sdk.NewEventManager()) }

// advance moves the block time by d and the height by one, with a fresh
// event manager.
func (s *ParticipantsTestSuite) advance(d time.Duration) {
	s.ctx = s.ctx.WithBlockTime(s.ctx.BlockTime().Add(d)).WithBlockHeight(s.ctx.BlockHeight() + 1).
		WithEventManager(sdk.NewEventManager())
}

// fund gives addr startBalance, adding it to the supply.
func (s *ParticipantsTestSuite) fund(addr sdk.AccAddress) {
	s.bank.mint(addr, coins(startBalance))
	s.supply = s.bank.supply()
}

func (s *ParticipantsTestSuite) setParams(mutate func(*types.Params)) {
	p, err := s.keeper.Params.Get(s.ctx)
	s.Require().NoError(err)
	mutate(&p)
	_, err = s.msgServer.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: p})
	s.Require().NoError(err)
}

func testProfile() types.DeviceProfile {
	return types.DeviceProfile{MemoryBytes: 24 << 30, MilliTflops: 8_000, BandwidthBps: 1_000_000_000}
}

// registerMsg registers owner as a learner with the minimum bond.
func (s *ParticipantsTestSuite) registerMsg(owner sdk.AccAddress) *types.MsgRegisterParticipant {
	return &types.MsgRegisterParticipant{
		Owner:         s.bech32(owner),
		Endpoint:      "/ip4/203.0.113.7/tcp/4001/p2p/" + testPeerID,
		HpkePublicKey: testHPKEKey(1),
		Profile:       testProfile(),
		Role:          types.RoleLearner,
		Bond:          coin(minLearner),
	}
}

// register registers owner for role with bond and requires success.
func (s *ParticipantsTestSuite) register(owner sdk.AccAddress, role types.Role, bond int64) {
	msg := s.registerMsg(owner)
	msg.Role, msg.Bond = role, coin(bond)
	_, err := s.msgServer.RegisterParticipant(s.ctx, msg)
	s.Require().NoError(err)
}

func (s *ParticipantsTestSuite) bond(owner sdk.AccAddress, role types.Role, amount int64) {
	_, err := s.msgServer.BondRole(s.ctx, &types.MsgBondRole{Owner: s.bech32(owner), Role: role, Amount: coin(amount)})
	s.Require().NoError(err)
}

func (s *ParticipantsTestSuite) unbond(owner sdk.AccAddress, role types.Role, amount int64) *types.MsgUnbondRoleResponse {
	res, err := s.msgServer.UnbondRole(s.ctx, &types.MsgUnbondRole{Owner: s.bech32(owner), Role: role, Amount: coin(amount)})
	s.Require().NoError(err)
	return res
}

func (s *ParticipantsTestSuite) leave(owner sdk.AccAddress, role types.Role) *types.MsgLeaveRoleResponse {
	res, err := s.msgServer.LeaveRole(s.ctx, &types.MsgLeaveRole{Owner: s.bech32(owner), Role: role})
	s.Require().NoError(err)
	return res
}

func (s *ParticipantsTestSuite) bondOf(owner sdk.AccAddress, role types.Role) int64 {
	b, err := s.keeper.BondOf(s.ctx, owner, role)
	s.Require().NoError(err)
	return b.Int64()
}

func (s *ParticipantsTestSuite) balance(addr sdk.AccAddress) int64 {
	return s.bank.balance(addr).AmountOf(bondDenom).Int64()
}

func (s *ParticipantsTestSuite) escrowed() int64 {
	return s.balance(authtypes.NewModuleAddress(types.ModuleName))
}

// queue returns the whole unbonding queue in completion order.
func (s *ParticipantsTestSuite) queue() []types.UnbondingEntry {
	res, err := s.querier.Unbondings(s.ctx, &types.QueryUnbondingsRequest{})
	s.Require().NoError(err)
	return res.Entries
}

func ids(entries []types.UnbondingEntry) []uint64 {
	out := make([]uint64, len(entries))
	for i, e := range entries {
		out[i] = e.Id
	}
	return out
}

// requireConserved asserts the escrow invariant and that no coin was made
// or lost: every coin is still a balance, in the pool or burned.
func (s *ParticipantsTestSuite) requireConserved() {
	s.T().Helper()
	s.Require().NoError(s.keeper.CheckEscrow(s.ctx))
	s.Require().Equal(s.supply.String(), s.bank.supply().String(), "coins made or lost")
}

// snapshot is every key and value of the module store plus every coin in
// the fake bank.
type snapshot struct {
	store map[string]string
	bank  string
}

func (s *ParticipantsTestSuite) snapshot() snapshot {
	out := map[string]string{}
	it := s.ctx.KVStore(s.key).Iterator(nil, nil)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		out[string(it.Key())] = string(it.Value())
	}
	return snapshot{store: out, bank: s.bank.String()}
}

// requireUnchanged requires the store and the bank to equal before, and no
// event on the context.
func (s *ParticipantsTestSuite) requireUnchanged(before snapshot) {
	s.T().Helper()
	after := s.snapshot()
	s.Require().Equal(before.store, after.store, "store changed")
	s.Require().Equal(before.bank, after.bank, "balances changed")
	s.Require().Empty(s.ctx.EventManager().Events(), "events emitted")
	s.requireConserved()
}

// typedEvents returns the events of type T on the current context, and
// requires every event to be a typed one.
func typedEvents[T proto.Message](s *ParticipantsTestSuite) []T {
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

// collectionsKey is the Bonds key of (addr, role).
func collectionsKey(addr sdk.AccAddress, role types.Role) collections.Pair[sdk.AccAddress, int32] {
	return collections.Join(addr, int32(role))
}

// keyOf is an unbonding entry's queue key.
func keyOf(e types.UnbondingEntry) collections.Pair[time.Time, uint64] {
	return collections.Join(e.CompletionTime, e.Id)
}

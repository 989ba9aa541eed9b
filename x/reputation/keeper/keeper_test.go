package keeper_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/suite"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/litegpt/litegpt/x/reputation"
	"github.com/litegpt/litegpt/x/reputation/keeper"
	"github.com/litegpt/litegpt/x/reputation/types"
)

const (
	bech32Prefix = "lgpt"
	// testHalfLife is the decay half-life of testParams, in blocks.
	testHalfLife = 100
	// testHistoryLength is the history length of testParams.
	testHistoryLength = 5
	// Weights testParams gives two kinds, large enough to reach the clamps.
	bigReward  = 100_000
	bigPenalty = -300_000
)

// TestMain sets the LiteGPT account prefix, which GenesisState.Validate
// reads from the global SDK config (the app sets it in its init).
func TestMain(m *testing.M) {
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount(bech32Prefix, bech32Prefix+"pub")
	os.Exit(m.Run())
}

// testParams are valid params with round numbers: half-life 100 blocks,
// 5 history records, UpdateAccepted +100000 and UpdateRejected -300000, the
// other kinds at their defaults. Each call returns a fresh weights slice.
func testParams() types.Params {
	p := types.DefaultParams()
	p.DecayHalfLifeBlocks = testHalfLife
	p.HistoryLength = testHistoryLength
	for i := range p.OutcomeWeights {
		switch p.OutcomeWeights[i].Kind {
		case types.OutcomeUpdateAccepted:
			p.OutcomeWeights[i].Weight = bigReward
		case types.OutcomeUpdateRejected:
			p.OutcomeWeights[i].Weight = bigPenalty
		}
	}
	return p
}

// testAddr returns a deterministic 20-byte account address.
func testAddr(i int) sdk.AccAddress {
	return sdk.AccAddress(fmt.Sprintf("addr-%015d", i))
}

type KeeperTestSuite struct {
	suite.Suite

	ctx       sdk.Context
	key       *storetypes.KVStoreKey
	cdc       codec.Codec
	addrCodec addresscodec.Bech32Codec
	authority string
	keeper    keeper.Keeper
	msgServer types.MsgServer
	querier   keeper.Querier
	// reporter reports for a module named "pog", created before Seal.
	reporter keeper.Reporter
}

func TestKeeperTestSuite(t *testing.T) {
	suite.Run(t, new(KeeperTestSuite))
}

// SetupTest builds a keeper over a fresh in-memory store at height 1 with
// testParams and no scores, a "pog" reporter, and seals the keeper.
func (s *KeeperTestSuite) SetupTest() {
	s.key = storetypes.NewKVStoreKey(types.StoreKey)
	testCtx := testutil.DefaultContextWithDB(s.T(), s.key, storetypes.NewTransientStoreKey("transient_test"))
	s.ctx = testCtx.Ctx.WithBlockHeight(1)
	s.cdc = moduletestutil.MakeTestEncodingConfig(reputation.AppModule{}).Codec
	s.addrCodec = addresscodec.NewBech32Codec(bech32Prefix).(addresscodec.Bech32Codec)
	authority, err := s.addrCodec.BytesToString(authtypes.NewModuleAddress(govtypes.ModuleName))
	s.Require().NoError(err)
	s.authority = authority

	s.keeper = keeper.NewKeeper(s.cdc, runtime.NewKVStoreService(s.key), s.addrCodec, s.authority)
	s.msgServer = keeper.NewMsgServerImpl(s.keeper)
	s.querier = keeper.NewQuerier(s.keeper)
	s.Require().NoError(s.keeper.InitGenesis(s.ctx, types.GenesisState{Params: testParams()}))
	s.reporter = s.keeper.NewReporter("pog")
	s.keeper.Seal()
}

// ---- helpers ----

// at moves the context to height with a fresh event manager.
func (s *KeeperTestSuite) at(height int64) {
	s.ctx = s.ctx.WithBlockHeight(height).WithEventManager(sdk.NewEventManager())
}

func (s *KeeperTestSuite) bech32(addr sdk.AccAddress) string {
	str, err := s.addrCodec.BytesToString(addr)
	s.Require().NoError(err)
	return str
}

// report reports kind about addr at the current height and requires success.
func (s *KeeperTestSuite) report(addr sdk.AccAddress, kind types.OutcomeKind) uint64 {
	score, err := s.reporter.Report(s.ctx, addr, kind, "ref")
	s.Require().NoError(err)
	return score
}

// dump returns every key/value of the module store.
func (s *KeeperTestSuite) dump() map[string]string {
	out := map[string]string{}
	it := s.ctx.KVStore(s.key).Iterator(nil, nil)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		out[string(it.Key())] = string(it.Value())
	}
	return out
}

// exportJSON exports the genesis as canonical JSON.
func (s *KeeperTestSuite) exportJSON() string {
	gs, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	return string(s.cdc.MustMarshalJSON(gs))
}

// snapshot captures the store and the exported genesis; unchanged requires
// both to be identical later.
type snapshot struct {
	store   map[string]string
	genesis string
}

func (s *KeeperTestSuite) snapshot() snapshot {
	return snapshot{store: s.dump(), genesis: s.exportJSON()}
}

func (s *KeeperTestSuite) requireUnchanged(before snapshot) {
	s.T().Helper()
	s.Require().Equal(before.genesis, s.exportJSON(), "exported genesis changed")
	s.Require().Equal(before.store, s.dump(), "store changed")
}

func (s *KeeperTestSuite) storedScore(addr sdk.AccAddress) types.Score {
	score, err := s.keeper.Scores.Get(s.ctx, addr)
	s.Require().NoError(err)
	return score
}

// history returns addr's stored records, oldest first.
func (s *KeeperTestSuite) history(addr sdk.AccAddress) []types.OutcomeRecord {
	var out []types.OutcomeRecord
	rng := collections.NewPrefixedPairRange[sdk.AccAddress, uint64](addr)
	s.Require().NoError(s.keeper.History.Walk(s.ctx, rng, func(_ collections.Pair[sdk.AccAddress, uint64], r types.OutcomeRecord) (bool, error) {
		out = append(out, r)
		return false, nil
	}))
	return out
}

func sequences(records []types.OutcomeRecord) []uint64 {
	out := make([]uint64, len(records))
	for i, r := range records {
		out[i] = r.Sequence
	}
	return out
}

func (s *KeeperTestSuite) rankEntries() int {
	n := 0
	s.Require().NoError(s.keeper.ScoresByRank.Walk(s.ctx, nil, func(collections.Pair[[]byte, sdk.AccAddress]) (bool, error) {
		n++
		return false, nil
	}))
	return n
}

// typedEvents returns the events of type T emitted on the current context,
// and requires every event to be a typed one.
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

// loadScores writes scores (and their histories) through InitGenesis with
// the current params; the store must not hold those addresses yet.
func (s *KeeperTestSuite) loadScores(scores ...types.GenesisScore) {
	params, err := s.keeper.GetParams(s.ctx)
	s.Require().NoError(err)
	s.Require().NoError(s.keeper.InitGenesis(s.ctx, types.GenesisState{Params: params, Scores: scores}))
}

func (s *KeeperTestSuite) genesisScore(addr sdk.AccAddress, value uint64, height int64) types.GenesisScore {
	return types.GenesisScore{Address: s.bech32(addr), Score: types.Score{Value: value, UpdatedHeight: height}}
}

// ---- CheckRankIndex ----

// CheckRankIndex is what the other tests lean on, so it must be able to
// fail: a missing, an extra and a stale entry are all caught.
func (s *KeeperTestSuite) TestCheckRankIndexDetectsCorruption() {
	halfLife := uint64(testHalfLife)
	a, b := testAddr(1), testAddr(2)
	entry := func(addr sdk.AccAddress, value uint64, height int64) collections.Pair[[]byte, sdk.AccAddress] {
		return collections.Join(types.RankKey(value, height, halfLife), addr)
	}
	for _, tc := range []struct {
		name     string
		malleate func()
	}{
		{"missing entry", func() {
			s.Require().NoError(s.keeper.ScoresByRank.Remove(s.ctx, entry(a, 700_000, 10)))
		}},
		{"extra entry", func() {
			s.Require().NoError(s.keeper.ScoresByRank.Set(s.ctx, entry(testAddr(3), 700_000, 10)))
		}},
		{"stale entry", func() {
			// The score moves without its rank entry.
			s.Require().NoError(s.keeper.Scores.Set(s.ctx, b, types.Score{Value: 200_000, UpdatedHeight: 20}))
		}},
		{"entry under another half-life", func() {
			s.Require().NoError(s.keeper.ScoresByRank.Remove(s.ctx, entry(a, 700_000, 10)))
			s.Require().NoError(s.keeper.ScoresByRank.Set(s.ctx, collections.Join(types.RankKey(700_000, 10, 7), a)))
		}},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.loadScores(s.genesisScore(a, 700_000, 10), s.genesisScore(b, 300_000, 20))
			s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
			tc.malleate()
			s.Require().ErrorIs(s.keeper.CheckRankIndex(s.ctx), types.ErrInvalidGenesis)
		})
	}
}

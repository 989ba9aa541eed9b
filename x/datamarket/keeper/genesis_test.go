package keeper_test

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/litegpt/litegpt/x/datamarket/keeper"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// twin is a second keeper over a new, empty store that never saw genesis,
// with a copy of e's bank (so it holds the same escrow) and e's fakes of
// the other modules, at e's height.
func (e *env) twin() *env {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	testCtx := testutil.DefaultContextWithDB(e.tb, key, storetypes.NewTransientStoreKey("transient_twin"))
	t := *e
	t.key, t.bank = key, e.bank.clone()
	t.ctx = testCtx.Ctx.WithBlockHeight(e.height())
	codec := addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	t.keeper = keeper.NewKeeper(moduletestutil.MakeTestEncodingConfig().Codec, runtime.NewKVStoreService(key), e.authority,
		fakeAccounts{codec}, t.bank, t.bank, e.stake, e.stake, e.rep, e.rep, e.builder)
	t.msgs = keeper.NewMsgServerImpl(t.keeper)
	t.querier = keeper.NewQuerier(t.keeper)
	return &t
}

// clone is a copy of the bank that moves coins on its own.
func (b *fakeBank) clone() *fakeBank {
	c := newFakeBank()
	for k, v := range b.balances {
		c.balances[k] = v
	}
	for k, v := range b.locked {
		c.locked[k] = v
	}
	c.communityPool = b.communityPool
	return c
}

func (s *DataMarketSuite) export() *types.GenesisState {
	s.T().Helper()
	gs, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	return gs
}

// The default genesis exports as it was imported.
func (s *DataMarketSuite) TestExportOfANewChain() {
	want := types.DefaultGenesis()
	want.Params = testParams()
	s.Require().Equal(want, s.export())
}

// Exporting a market with open orders, deals in every status, both queues
// and leaf uses, and importing it into a keeper that never saw genesis,
// rebuilds exactly the same store: records, indexes, queues, counters; the
// second keeper exports the same genesis and goes on as the first.
func (s *DataMarketSuite) TestGenesisRoundTrip() {
	m := s.market()
	gs := s.export()
	s.Require().NoError(gs.Validate())

	// What was exported.
	ids := func(n int, id func(int) uint64) []uint64 {
		out := make([]uint64, n)
		for i := range out {
			out[i] = id(i)
		}
		return out
	}
	s.Require().Equal([]uint64{m.offerA, m.offerB, m.offerC}, ids(len(gs.Offers), func(i int) uint64 { return gs.Offers[i].Id }))
	s.Require().Equal([]uint64{m.bidA, m.bidB, m.bidC}, ids(len(gs.Bids), func(i int) uint64 { return gs.Bids[i].Id }))
	s.Require().Len(gs.Deals, 10)
	statuses := map[types.DealStatus]int{}
	stages := map[types.DealStatus]bool{}
	for i, d := range gs.Deals {
		s.Require().Equal(uint64(i+1), d.Id, "deals in id order")
		statuses[d.Status]++
		if d.Status == types.DealExpired {
			stages[d.ExpiredStage] = true
		}
	}
	s.Require().Equal(map[types.DealStatus]int{
		types.DealAwaitingDelivery: 2, types.DealDelivered: 1, types.DealAccepted: 1, types.DealKeyRevealed: 1,
		types.DealSettled: 1, types.DealDisputed: 1, types.DealExpired: 3,
	}, statuses)
	s.Require().Equal(map[types.DealStatus]bool{types.DealAwaitingDelivery: true, types.DealDelivered: true, types.DealAccepted: true}, stages)
	s.Require().Equal([]types.LeafUse{{DealId: m.settled, Leaf: m.settledLeaf, Uses: 2}}, gs.LeafUses)
	s.Require().Equal(uint64(7), gs.NextOrderId)
	s.Require().Equal(uint64(11), gs.NextDealId)
	s.Require().Equal(uint64(10), s.offer(m.offerA).Filled)

	twin := s.env.twin()
	s.Require().NoError(twin.keeper.InitGenesis(twin.ctx, *gs))
	s.Require().Equal(s.snapshot().store, twin.snapshot().store, "the import rebuilds the same store")
	again, err := twin.keeper.ExportGenesis(twin.ctx)
	s.Require().NoError(err)
	s.Require().Equal(gs, again, "export(import(g)) == g")

	// Both go on alike: the next ids, the book, the settlement of the
	// revealed deal and the expiry of the open ones.
	for _, e := range []*env{s.env, twin} {
		best, err := e.querier.BestOffer(e.ctx, &types.QueryBestOfferRequest{BidId: m.bidA})
		s.Require().NoError(err)
		s.Require().Equal(m.offerA, best.Offer.Id)
		s.Require().Equal(uint64(7), e.postOffer(sellerB))
		s.Require().Equal(uint64(11), e.match(m.bidA, m.offerA, 1).DealId)
		e.setHeight(s.deal(m.revealed).DeadlineHeight)
		e.endBlock()
	}
	s.Require().Equal(types.DealSettled, s.deal(m.revealed).Status)
	s.Require().Equal(s.snapshot().store, twin.snapshot().store)
	s.Require().Equal(s.bank.String(), twin.bank.String())
	s.requireConserved()
	s.Require().NoError(twin.keeper.Invariants(twin.ctx))
}

// InitGenesis refuses a genesis that fails validation before writing
// anything, and one whose escrow the module account does not hold.
func (s *DataMarketSuite) TestInitGenesisRejects() {
	s.market()
	gs := s.export()

	bad := *gs
	bad.Deals = append([]types.Deal(nil), gs.Deals...)
	bad.Deals[0].Amount = bad.Deals[0].Amount.AddRaw(1)
	twin := s.env.twin()
	err := twin.keeper.InitGenesis(twin.ctx, bad)
	s.Require().ErrorIs(err, types.ErrInvalidGenesis)
	s.Require().ErrorContains(err, "deals[0] (id 1): amount 101 must be leaf_count 1 * price_per_leaf 100 = 100")
	s.Require().Empty(twin.snapshot().store, "nothing was written")

	// Valid on its own, but the module account holds bidC's escrow too.
	short := *gs
	short.Bids = gs.Bids[:2]
	twin = s.env.twin()
	err = twin.keeper.InitGenesis(twin.ctx, short)
	s.Require().ErrorIs(err, types.ErrInvariantViolated)
	s.Require().ErrorContains(err, "escrow: the datamarket module account holds")
	s.Require().ErrorContains(err, "but open bids (600) and open deals")

	// A deal marked settled whose coins are still in escrow.
	settledEarly := *gs
	settledEarly.Deals = append([]types.Deal(nil), gs.Deals...)
	for i, d := range settledEarly.Deals {
		if d.Status == types.DealKeyRevealed {
			d.Status, d.ClosedHeight = types.DealSettled, d.DeadlineHeight
			settledEarly.Deals[i] = d
		}
	}
	s.Require().NoError(settledEarly.Validate())
	twin = s.env.twin()
	s.Require().ErrorIs(twin.keeper.InitGenesis(twin.ctx, settledEarly), types.ErrInvariantViolated)
}

// A genesis's queues are rebuilt from its records: an open order at its
// expiry height, an open deal at its deadline, nothing for closed deals.
func (s *DataMarketSuite) TestInitGenesisRebuildsQueues() {
	m := s.market()
	twin := s.env.twin()
	s.Require().NoError(twin.keeper.InitGenesis(twin.ctx, *s.export()))
	for _, id := range []uint64{m.offerA, m.offerB, m.offerC, m.bidA, m.bidB, m.bidC} {
		has, err := twin.keeper.OrderExpiries.Has(twin.ctx, collections.Join(m.orderEnd, id))
		s.Require().NoError(err)
		s.Require().True(has, "order %d", id)
	}
	for id := uint64(1); id <= 10; id++ {
		d := s.deal(id)
		has, err := twin.keeper.DealDeadlines.Has(twin.ctx, collections.Join(d.DeadlineHeight, id))
		s.Require().NoError(err)
		s.Require().Equal(d.Status.IsOpen(), has, "deal %d (%s)", id, d.Status)
	}
	uses, err := twin.keeper.LeafUses.Get(twin.ctx, collections.Join(m.settled, m.settledLeaf))
	s.Require().NoError(err)
	s.Require().Equal(uint64(2), uses)
	s.Require().True(math.NewInt(twin.escrowed()).Equal(math.NewInt(s.escrowed())))
	s.Require().NoError(twin.keeper.Invariants(twin.ctx))
}

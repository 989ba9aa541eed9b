package app

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	bm "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// Lengths of the market scenario, in blocks.
const (
	marketBlocks       = 100 // before the export
	marketMirrorBlocks = 10  // on the original and the imported chain
)

// TestMarketChain drives the real app through a seeded, randomized
// scenario of both markets (see marketScenario), checking after every
// block the markets' invariants, the total supply and every record and
// balance against the model. At the end it checks the outcome totals
// against the chain's own deal records, exports the chain, imports the
// export into a new app (whose market state must export unchanged and pass
// the invariants), and runs both chains on the same blocks, which must
// give the same results and leave the same state.
func TestMarketChain(t *testing.T) {
	c := newMarketChain(t, 1)
	s := newMarketScenario(c, 1)
	for c.height <= marketBlocks {
		s.block()
	}
	s.assertOutcomes()

	exported := c.export(false)
	markets := []string{dm.ModuleName, bm.ModuleName}
	var data dm.GenesisState
	c.app.AppCodec().MustUnmarshalJSON(onlyModule(t, exported.AppState, dm.ModuleName), &data)
	require.NotEmpty(t, data.Deals, "the export holds no deal")
	require.NotZero(t, len(data.Offers)+len(data.Bids), "the export holds no open order")
	mirror := importTestChain(t, c.testChain, exported)
	assertSameModules(t, "market modules: export(import(export))", onlyModules(t, exported.AppState, markets), onlyModules(t, mirror.exportUncommitted(), markets))
	imported := mirror.app.NewContextLegacy(false, cmtproto.Header{Height: mirror.height, Time: mirror.time, ChainID: testChainID})
	require.NoError(t, mirror.app.DataMarketKeeper.Invariants(imported))
	require.NoError(t, mirror.app.BuilderMarketKeeper.Invariants(imported))

	c.mirror = mirror
	for range marketMirrorBlocks {
		s.block()
	}
	e1, e2 := c.export(false), mirror.export(false)
	assertSameModules(t, "original vs imported chain after the same blocks", e1.AppState, e2.AppState)
	after := mirror.app.NewContext(true)
	require.NoError(t, mirror.app.DataMarketKeeper.Invariants(after))
	require.NoError(t, mirror.app.BuilderMarketKeeper.Invariants(after))
	require.True(t, mirror.totalSupply().Equal(s.supply), "imported chain's supply %s, want %s", mirror.totalSupply(), s.supply)

	names := make([]string, 0, len(s.tally))
	for name := range s.tally {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Logf("%4d  %s", s.tally[name], name)
	}
}

// onlyModule is one module's part of an app state.
func onlyModule(t *testing.T, appState []byte, module string) []byte {
	t.Helper()
	var state GenesisState
	require.NoError(t, json.Unmarshal(appState, &state))
	raw, ok := state[module]
	require.True(t, ok, "the app state has no module %s", module)
	return raw
}

// readEvents checks the typed events of a block against the model: every
// proven dispute refunded the deal's amount and slashed what the model
// slashed, every settlement split the amount into the documented fees,
// every expiry refunded the amount; bounty refunds are recorded with
// their reasons.
func (s *marketScenario) readEvents(res *abci.ResponseFinalizeBlock) {
	t, d := s.c.t, &s.c.model.data
	events := res.Events
	for _, r := range res.TxResults {
		if r.Code == 0 {
			events = append(events, r.Events...)
		}
	}
	for _, ev := range events {
		if !strings.HasPrefix(ev.Type, "litegpt.") {
			continue
		}
		typed := ev
		typed.Attributes = nil
		for _, a := range ev.Attributes {
			if a.Key != "mode" && a.Key != "msg_index" {
				typed.Attributes = append(typed.Attributes, a)
			}
		}
		msg, err := sdk.ParseTypedEvent(typed)
		require.NoError(t, err, ev.Type)
		switch e := msg.(type) {
		case *dm.EventDisputeProven:
			deal := d.deals[e.DealId]
			require.True(t, e.Refunded.Equal(deal.rec.Amount) && e.Slashed.Equal(deal.slashed), "dispute of deal %d: %v", e.DealId, e)
			require.Equal(t, uint64(deal.bad), e.ChunkIndex)
			require.NotEmpty(t, e.Fault)
			s.tally["event: dispute proven"]++
		case *dm.EventDealSettled:
			amount := d.deals[e.DealId].rec.Amount
			router, protocol := fee(amount, s.c.model.dmParams.RouterFeeBps), fee(amount, s.c.model.dmParams.ProtocolFeeBps)
			require.True(t, e.RouterFee.Equal(router) && e.ProtocolFee.Equal(protocol) && e.SellerAmount.Equal(amount.Sub(router).Sub(protocol)),
				"settlement of deal %d: %v", e.DealId, e)
			s.tally["event: deal settled"]++
		case *dm.EventDealExpired:
			require.True(t, e.Refunded.Equal(d.deals[e.DealId].rec.Amount), "expiry of deal %d: %v", e.DealId, e)
			s.tally["event: deal expired at "+e.Stage.String()]++
		case *bm.EventBountyRefunded:
			s.refunds[e.BountyId] = e.Reason
		}
	}
}

// assertOutcomes checks the run's outcome totals from the chain's own
// records: deals settled, disputed and expired at every stage; each
// actor's balance change equal to what its settled deals, fees, open
// orders and deals, bonds, deposits, bounties and task fees add up to;
// the community pool equal to the protocol fees, task fees and slashes;
// the cheater slashed and its reputation down, paying buyers' up; the
// invalid messages the brief names exercised; every bounty refunded for
// the right reason.
func (s *marketScenario) assertOutcomes() {
	t, c := s.c.t, s.c
	ctx := c.queryContext()
	k := c.app.DataMarketKeeper
	p := s.c.model.dmParams

	delta := map[string]math.Int{}
	add := func(addr string, amount math.Int) {
		require.Contains(t, delta, addr)
		delta[addr] = delta[addr].Add(amount)
	}
	for _, a := range c.actors {
		delta[a.bech32] = math.NewInt(-s.bonded[a.name])
	}
	pool, escrow := math.ZeroInt(), math.ZeroInt()
	settled, disputed := 0, 0
	expired := map[dm.DealStatus]int{}
	paid := map[string]bool{}
	require.NoError(t, k.Deals.Walk(ctx, nil, func(_ uint64, d dm.Deal) (bool, error) {
		switch d.Status {
		case dm.DealSettled:
			settled++
			paid[d.Buyer] = true
			router, protocol := fee(d.Amount, p.RouterFeeBps), fee(d.Amount, p.ProtocolFeeBps)
			add(d.Seller, d.Amount.Sub(router).Sub(protocol))
			add(d.Router, router)
			add(d.Buyer, d.Amount.Neg())
			pool = pool.Add(protocol)
		case dm.DealDisputed:
			disputed++
		case dm.DealExpired:
			expired[d.ExpiredStage]++
		default:
			add(d.Buyer, d.Amount.Neg())
			escrow = escrow.Add(d.Amount)
		}
		return false, nil
	}))
	require.NoError(t, k.Bids.Walk(ctx, nil, func(_ uint64, b dm.Bid) (bool, error) {
		add(b.Buyer, b.Escrow.Neg())
		escrow = escrow.Add(b.Escrow)
		return false, nil
	}))
	t.Logf("deals: %d settled, %d disputed, expired by stage %v", settled, disputed, expired)
	require.Positive(t, settled, "no deal settled")
	require.Positive(t, disputed, "no dispute was proven")
	for _, stage := range []dm.DealStatus{dm.DealAwaitingDelivery, dm.DealDelivered, dm.DealAccepted} {
		require.Positivef(t, expired[stage], "no deal expired at %s", stage)
	}

	b := c.app.BuilderMarketKeeper
	taskFee := s.c.model.bmParams.TaskCreationFee.Amount
	for id := uint64(1); id <= 2; id++ {
		task, err := b.GetTask(ctx, id)
		require.NoError(t, err)
		add(task.Creator, taskFee.Neg())
		pool = pool.Add(taskFee)
	}
	for id := uint64(1); id <= 3; id++ {
		m, err := b.GetModel(ctx, id)
		require.NoError(t, err)
		if m.Status == bm.ModelActive {
			add(m.Builder, m.Deposit.Amount.Neg())
		}
	}
	for id := uint64(1); ; id++ {
		bounty, err := b.GetBounty(ctx, id)
		if err != nil {
			require.ErrorIs(t, err, bm.ErrBountyNotFound)
			require.Equal(t, uint64(6), id, "bounties posted")
			break
		}
		require.Equalf(t, bm.BountyRefunded, bounty.Status, "bounty %d", id)
		reason := bm.RefundNoEligibleModel
		if bounty.TaskId == s.task2 {
			reason = bm.RefundNotRevealed
		}
		require.Equalf(t, reason, s.refunds[id], "reason bounty %d was refunded for", id)
	}

	for _, a := range c.actors {
		got := c.app.BankKeeper.GetBalance(ctx, a.addr, BondDenom).Amount.Sub(math.NewInt(marketActorFunds))
		require.Truef(t, got.Equal(delta[a.bech32]), "%s's balance changed by %s, its deals, orders, bonds and fees add up to %s", a.name, got, delta[a.bech32])
	}
	for _, name := range []string{"seller1", "seller2", "cheater"} {
		bond, err := c.app.StakeKeeper.BondOf(ctx, s.actor(name).addr, staketypes.RoleDataNode)
		require.NoError(t, err)
		pool = pool.Add(math.NewInt(200_000).Sub(bond)) // slashed
		if name == "cheater" {
			require.Truef(t, bond.LT(math.NewInt(200_000)), "the cheater's bond %s was not slashed", bond)
		}
	}
	cp, err := c.app.DistrKeeper.FeePool.Get(ctx)
	require.NoError(t, err)
	require.Truef(t, cp.CommunityPool.AmountOf(BondDenom).Equal(math.LegacyNewDecFromInt(pool)),
		"community pool %s, want protocol fees, task fees and slashes %s", cp.CommunityPool, pool)
	held := c.app.BankKeeper.GetBalance(ctx, sdk.MustAccAddressFromBech32(datamarketAccount()), BondDenom).Amount
	require.Truef(t, held.Equal(escrow), "datamarket escrow %s, want open bids and deals %s", held, escrow)

	score := func(name string) uint64 {
		v, err := c.app.ReputationKeeper.Score(ctx, s.actor(name).addr)
		require.NoError(t, err)
		return v
	}
	require.Less(t, score("cheater"), reputationtypes.NeutralScore, "the cheater's reputation did not go down")
	rose := 0
	for name, before := range map[string]uint64{"buyer1": marketGenesisScore, "buyer2": reputationtypes.NeutralScore} {
		if paid[s.actor(name).bech32] {
			require.Greaterf(t, score(name), before, "%s paid for deals but its reputation did not go up", name)
			rose++
		}
	}
	require.Positive(t, rose, "no buyer paid for a deal")

	for _, what := range []string{
		"match violating price-time priority refused: " + dm.ErrNotBestOffer.Error(),
		"dispute of a good chunk refused: " + dm.ErrDisputeUnfounded.Error(),
		"reveal of a wrong key refused: " + dm.ErrKeyMismatch.Error(),
		"dispute of a chunk the seller never sent refused: " + dm.ErrChunkNotCommitted.Error(),
		"match below the offer's minimum reputation refused: " + dm.ErrReputationTooLow.Error(),
		"match of a buyer's own offer refused: " + dm.ErrSelfMatch.Error(),
	} {
		require.Positivef(t, s.tally[what], "the scenario never sent a %s", what)
	}
}

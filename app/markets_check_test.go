package app

import (
	"bytes"
	"fmt"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	bm "github.com/litegpt/litegpt/x/buildermarket/types"
	dmkeeper "github.com/litegpt/litegpt/x/datamarket/keeper"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// check compares the committed state with the model after a block: both
// markets' invariants, the total supply, every tracked balance and the
// community pool, reputation scores and role bonds, every order, deal,
// task, slice, model and bounty record and the next ids, and the best
// offer the chain names for every open bid.
func (c *marketChain) check(supply sdk.Coins) {
	t, m := c.t, c.model
	t.Helper()
	ctx := c.queryContext()
	h := c.height - 1
	require.NoError(t, c.app.DataMarketKeeper.Invariants(ctx), "datamarket invariants after block %d", h)
	require.NoError(t, c.app.BuilderMarketKeeper.Invariants(ctx), "buildermarket invariants after block %d", h)
	require.NoError(t, c.app.PogKeeper.Invariants(ctx), "pog invariants after block %d", h)
	require.True(t, c.totalSupply().Equal(supply), "total supply after block %d: %s, want %s", h, c.totalSupply(), supply)

	for addr, want := range m.balances {
		got := c.app.BankKeeper.GetBalance(ctx, sdk.MustAccAddressFromBech32(addr), BondDenom).Amount
		require.Truef(t, got.Equal(want), "balance of %s after block %d: %s, want %s", c.nameOf(addr), h, got, want)
	}
	pool, err := c.app.DistrKeeper.FeePool.Get(ctx)
	require.NoError(t, err)
	require.Truef(t, pool.CommunityPool.AmountOf(BondDenom).Equal(math.LegacyNewDecFromInt(m.pool)),
		"community pool after block %d: %s, want %s", h, pool.CommunityPool, m.pool)
	for _, a := range c.actors {
		score, err := c.app.ReputationKeeper.Score(ctx, a.addr)
		require.NoError(t, err)
		require.Equalf(t, m.score(a.bech32), score, "reputation of %s after block %d", a.name, h)
		for _, role := range staketypes.AllRoles() {
			bond, err := c.app.StakeKeeper.BondOf(ctx, a.addr, role)
			require.NoError(t, err)
			require.Truef(t, bond.Equal(m.bond(a.bech32, role)), "%s bond of %s after block %d: %s, want %s", role, a.name, h, bond, m.bond(a.bech32, role))
		}
	}
	c.checkData(ctx, h)
	c.checkBuilder(ctx, h)
}

// checkData compares x/datamarket's records with the model's and the
// chain's best offer for every open bid with the model's.
func (c *marketChain) checkData(ctx sdk.Context, h int64) {
	t, d, k := c.t, &c.model.data, c.app.DataMarketKeeper
	offers := 0
	require.NoError(t, k.Offers.Walk(ctx, nil, func(id uint64, o dm.Offer) (bool, error) {
		offers++
		want, ok := d.offers[id]
		require.Truef(t, ok, "after block %d the chain holds offer %d, which the model closed", h, id)
		c.sameRecord(fmt.Sprintf("offer %d after block %d", id, h), want, &o)
		return false, nil
	}))
	require.Equalf(t, len(d.offers), offers, "open offers after block %d", h)
	bids := 0
	require.NoError(t, k.Bids.Walk(ctx, nil, func(id uint64, b dm.Bid) (bool, error) {
		bids++
		want, ok := d.bids[id]
		require.Truef(t, ok, "after block %d the chain holds bid %d, which the model closed", h, id)
		c.sameRecord(fmt.Sprintf("bid %d after block %d", id, h), want, &b)
		return false, nil
	}))
	require.Equalf(t, len(d.bids), bids, "open bids after block %d", h)
	deals := 0
	require.NoError(t, k.Deals.Walk(ctx, nil, func(id uint64, got dm.Deal) (bool, error) {
		deals++
		want, ok := d.deals[id]
		require.Truef(t, ok, "after block %d the chain holds deal %d, unknown to the model", h, id)
		c.sameRecord(fmt.Sprintf("deal %d after block %d", id, h), &want.rec, &got)
		return false, nil
	}))
	require.Equalf(t, len(d.deals), deals, "deals after block %d", h)
	next, err := k.NextOrderID.Peek(ctx)
	require.NoError(t, err)
	require.Equalf(t, d.nextOrder, next, "next order id after block %d", h)
	next, err = k.NextDealID.Peek(ctx)
	require.NoError(t, err)
	require.Equalf(t, d.nextDeal, next, "next deal id after block %d", h)

	querier := dmkeeper.NewQuerier(k)
	for _, b := range d.sortedBids() {
		want := d.bestOffer(c.height, b)
		res, err := querier.BestOffer(ctx, &dm.QueryBestOfferRequest{BidId: b.Id})
		if want == nil {
			require.Equalf(t, codes.NotFound, status.Code(err), "best offer for bid %d at height %d: %v, want none", b.Id, c.height, res)
			continue
		}
		require.NoErrorf(t, err, "best offer for bid %d at height %d", b.Id, c.height)
		require.Equalf(t, want.Id, res.Offer.Id, "best offer for bid %d at height %d", b.Id, c.height)
		require.Equal(t, want.PricePerLeaf.LTE(b.MaxPricePerLeaf), res.Crosses)
	}
}

// checkBuilder compares x/buildermarket's tasks, validation slices, models
// and bounties with the model's.
func (c *marketChain) checkBuilder(ctx sdk.Context, h int64) {
	t, b, k := c.t, &c.model.builder, c.app.BuilderMarketKeeper
	for id, want := range b.tasks {
		got, err := k.GetTask(ctx, id)
		require.NoError(t, err)
		c.sameRecord(fmt.Sprintf("task %d after block %d", id, h), want, &got)
	}
	for id, want := range b.models {
		got, err := k.GetModel(ctx, id)
		require.NoError(t, err)
		c.sameRecord(fmt.Sprintf("model %d after block %d", id, h), want, &got)
	}
	for id, want := range b.bounties {
		got, err := k.GetBounty(ctx, id)
		require.NoError(t, err)
		c.sameRecord(fmt.Sprintf("bounty %d after block %d", id, h), want, &got)
	}
	slices := 0
	require.NoError(t, k.ValidationSlices.Walk(ctx, nil, func(key collections.Pair[uint64, uint32], got bm.ValidationSlice) (bool, error) {
		slices++
		want, ok := b.slices[[2]uint64{key.K1(), uint64(key.K2())}]
		require.Truef(t, ok, "after block %d the chain holds validation slice %d of task %d, unknown to the model", h, key.K2(), key.K1())
		c.sameRecord(fmt.Sprintf("validation slice %d of task %d after block %d", key.K2(), key.K1(), h), want, &got)
		return false, nil
	}))
	require.Equalf(t, len(b.slices), slices, "validation slices after block %d", h)
	queued := 0
	require.NoError(t, k.BountyQueue.Walk(ctx, nil, func(key collections.Pair[int64, uint64]) (bool, error) {
		queued++
		require.Equalf(t, b.queue[key.K2()], key.K1(), "bounty %d's look-again height after block %d", key.K2(), h)
		return false, nil
	}))
	require.Equalf(t, len(b.queue), queued, "bounty queue entries after block %d", h)
}

// sameRecord fails unless got encodes exactly as want.
func (c *marketChain) sameRecord(what string, want, got proto.Message) {
	c.t.Helper()
	cdc := c.app.AppCodec()
	w, err := cdc.Marshal(want)
	require.NoError(c.t, err)
	g, err := cdc.Marshal(got)
	require.NoError(c.t, err)
	if !bytes.Equal(w, g) {
		wj, _ := cdc.MarshalJSON(want)
		gj, _ := cdc.MarshalJSON(got)
		c.t.Fatalf("%s differs from the model\nwant: %s\ngot:  %s", what, wj, gj)
	}
}

// nameOf names a tracked address in failure messages.
func (c *marketChain) nameOf(addr string) string {
	for _, a := range c.actors {
		if a.bech32 == addr {
			return a.name
		}
	}
	switch addr {
	case datamarketAccount():
		return "the datamarket module account"
	case buildermarketAccount():
		return "the buildermarket module account"
	case stakeAccount():
		return "the stake module account"
	case distributionAccount():
		return "the distribution module account"
	}
	return addr
}

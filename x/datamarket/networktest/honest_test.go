package networktest

import (
	"testing"

	"github.com/stretchr/testify/require"

	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
)

// TestHonestDealPaysEveryone runs a deal of four digits leaves through
// every step of the fair exchange with an honest seller: the buyer gets
// exactly the leaves committed in the offer, and when the dispute window
// ends EndBlock pays the seller, the router and the community pool out of
// the escrow, to the coin.
func TestHonestDealPaysEveryone(t *testing.T) {
	ctx := testCtx(t)
	p := newParties(t, ctx)
	ds := newDataset(t, digitBatches(t)[0:4])

	// 4 leaves at 1,000,003 = 4,000,012; the router's 0.5 % and the
	// protocol's 1 % round down (20,000.06 and 40,000.12).
	const (
		price, maxPrice = 1_000_003, 1_250_000
		amount          = 4 * price
		routerFee       = 20_000
		protocolFee     = 40_000
		sellerAmount    = amount - routerFee - protocolFee
	)
	before := snapshot(t, ctx, p)
	sellerScore, buyerScore, routerScore := score(t, ctx, p.seller.addr), score(t, ctx, p.buyer.addr), score(t, ctx, p.router.addr)

	// The bid escrowed 4 * maxPrice; the match returned the improvement,
	// so the buyer is down exactly the deal's amount, held in escrow.
	d := trade(t, ctx, p, ds, price, maxPrice)
	requireDeltas(t, before, snapshot(t, ctx, p), 0, -amount, 0, amount, 0)

	key, chunks := deliver(t, ctx, p, ds, d, noCorruption)
	accept(t, ctx, p, d.Id, chunks)
	settlesAt := reveal(t, ctx, p, d.Id, key)

	// The buyer decrypts with the key revealed on chain and gets exactly
	// the leaves under the offer's data root.
	leaves, bad := openDelivery(t, deal(t, ctx, d.Id), chunks)
	require.Nil(t, bad, "an honest delivery has no bad chunk")
	require.Equal(t, ds.batches, leaves)
	requireDeltas(t, before, snapshot(t, ctx, p), 0, -amount, 0, amount, 0)

	waitPast(t, ctx, settlesAt)
	got := deal(t, ctx, d.Id)
	require.Equal(t, datamarkettypes.DealSettled, got.Status)
	require.Equal(t, settlesAt, got.ClosedHeight)

	settled := blockEvent[datamarkettypes.EventDealSettled](t, ctx, settlesAt)
	require.Equal(t, d.Id, settled.DealId)
	require.Equal(t, int64(sellerAmount), settled.SellerAmount.Int64())
	require.Equal(t, int64(routerFee), settled.RouterFee.Int64())
	require.Equal(t, int64(protocolFee), settled.ProtocolFee.Int64())

	// Seller, router and community pool are paid, the buyer is down the
	// amount, and the escrow is back where it was.
	requireDeltas(t, before, snapshot(t, ctx, p), sellerAmount, -amount, routerFee, 0, protocolFee)

	require.Equal(t, moved(sellerScore, outcomeWeight(t, ctx, reputationtypes.OutcomeDealDelivered)), score(t, ctx, p.seller.addr), "seller delivered")
	require.Equal(t, moved(buyerScore, outcomeWeight(t, ctx, reputationtypes.OutcomeDealPaid)), score(t, ctx, p.buyer.addr), "buyer paid")
	require.Equal(t, routerScore, score(t, ctx, p.router.addr), "matching is not a deal outcome")
	require.Greater(t, score(t, ctx, p.seller.addr), sellerScore)
	require.Greater(t, score(t, ctx, p.buyer.addr), buyerScore)
}

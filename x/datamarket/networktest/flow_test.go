package networktest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/pkg/exchange"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
)

// The steps of a deal, each a real transaction whose typed events are
// checked against the deal record the chain then serves.

// trade posts an offer of all of ds's leaves at price, then a bid of the
// buyer for as many leaves at up to maxPrice, and has the router match
// them. The offer rests first, so the deal executes at price and the
// improvement, leaves * (maxPrice - price), goes back to the buyer at the
// match. Both orders are filled and close. It returns the deal.
func trade(t *testing.T, ctx context.Context, p parties, ds dataset, price, maxPrice int64) datamarkettypes.Deal {
	t.Helper()
	leaves := uint64(len(ds.batches))
	offer := txEvent[datamarkettypes.EventOfferPosted](t, sendTx(t, ctx, p.seller.name, offerMsg(t, ctx, p.seller, ds, price))).Offer
	bidRes := sendTx(t, ctx, p.buyer.name, bidMsg(t, ctx, p.buyer, leaves, maxPrice))
	bid := txEvent[datamarkettypes.EventBidPosted](t, bidRes).Bid
	require.Equal(t, math.NewInt(maxPrice).MulRaw(int64(leaves)).String(), bid.Escrow.String(), "the bid escrows leaves * max price")

	res := sendTx(t, ctx, p.router.name, matchMsg(p.router, bid.Id, offer.Id))
	matched := txEvent[datamarkettypes.EventMatched](t, res)
	d := matched.Deal
	require.Equal(t, offer.Id, d.OfferId)
	require.Equal(t, bid.Id, d.BidId)
	require.Equal(t, p.seller.addr.String(), d.Seller)
	require.Equal(t, p.buyer.addr.String(), d.Buyer)
	require.Equal(t, p.router.addr.String(), d.Router)
	require.Equal(t, ds.root[:], d.DataRoot)
	require.Equal(t, leaves, d.TreeLeaves)
	require.Equal(t, uint64(0), d.LeafStart)
	require.Equal(t, leaves, d.LeafCount)
	require.Equal(t, int64(price), d.PricePerLeaf.Int64(), "the resting offer's price")
	require.Equal(t, int64(price)*int64(leaves), d.Amount.Int64())
	require.Equal(t, int64(maxPrice-price)*int64(leaves), matched.PriceImprovement.Int64())
	require.Equal(t, datamarkettypes.DealAwaitingDelivery, d.Status)
	require.Equal(t, res.Height+deliveryWindow, d.DeadlineHeight)

	closed := txEvents[datamarkettypes.EventOrderClosed](t, res)
	require.Len(t, closed, 2, "the match fills both orders")
	for _, c := range closed {
		require.Equal(t, datamarkettypes.ReasonFilled, c.Reason, "order %d", c.OrderId)
		require.Zero(t, c.Unfilled)
	}
	require.Equal(t, d, deal(t, ctx, d.Id), "the deal as queried is the deal of the event")
	return d
}

// deliver has the seller seal deal d's leaves of ds (chunk bad corrupted,
// or noCorruption), post MsgDeliver and transport the chunks to the
// buyer. It returns the key and the chunks as the buyer received them.
func deliver(t *testing.T, ctx context.Context, p parties, ds dataset, d datamarkettypes.Deal, bad int) (exchange.Key, [][]byte) {
	t.Helper()
	key, chunks := ds.seal(t, d, bad)
	keyHash := exchange.KeyHash(key)
	root := exchange.CiphertextRoot(chunks)
	res := sendTx(t, ctx, p.seller.name, &datamarkettypes.MsgDeliver{
		Seller: p.seller.addr.String(), DealId: d.Id, KeyHash: keyHash[:], CiphertextRoot: root,
	})
	delivered := txEvent[datamarkettypes.EventDelivered](t, res)
	require.Equal(t, d.Id, delivered.DealId)
	require.Equal(t, keyHash[:], delivered.KeyHash)
	require.Equal(t, root, delivered.CiphertextRoot)
	require.Equal(t, res.Height+acceptanceWindow, delivered.AcceptByHeight)

	got := deal(t, ctx, d.Id)
	require.Equal(t, datamarkettypes.DealDelivered, got.Status)
	require.Equal(t, delivered.AcceptByHeight, got.DeadlineHeight)
	require.Equal(t, res.Height, got.DeliveredHeight)

	sealed := sealToBuyer(t, ctx, p.buyer.addr, d.Id, chunks)
	received := p.buyer.receive(t, d.Id, sealed)
	require.Equal(t, chunks, received)
	return key, received
}

// accept has the buyer check the received chunks against deal id's
// ciphertext root on chain and accept the delivery.
func accept(t *testing.T, ctx context.Context, p parties, id uint64, chunks [][]byte) {
	t.Helper()
	checkChunks(t, deal(t, ctx, id), chunks)
	res := sendTx(t, ctx, p.buyer.name, &datamarkettypes.MsgAcceptDelivery{Buyer: p.buyer.addr.String(), DealId: id})
	accepted := txEvent[datamarkettypes.EventDeliveryAccepted](t, res)
	require.Equal(t, id, accepted.DealId)
	require.Equal(t, res.Height+revealWindow, accepted.RevealByHeight)
	got := deal(t, ctx, id)
	require.Equal(t, datamarkettypes.DealAccepted, got.Status)
	require.Equal(t, res.Height, got.AcceptedHeight)
}

// reveal has the seller reveal deal id's key and returns the height the
// deal settles at unless disputed.
func reveal(t *testing.T, ctx context.Context, p parties, id uint64, key exchange.Key) int64 {
	t.Helper()
	res := sendTx(t, ctx, p.seller.name, &datamarkettypes.MsgRevealKey{Seller: p.seller.addr.String(), DealId: id, Key: key[:]})
	revealed := txEvent[datamarkettypes.EventKeyRevealed](t, res)
	require.Equal(t, id, revealed.DealId)
	require.Equal(t, key[:], revealed.Key)
	require.Equal(t, res.Height+disputeWindow, revealed.SettlesAtHeight)
	got := deal(t, ctx, id)
	require.Equal(t, datamarkettypes.DealKeyRevealed, got.Status)
	require.Equal(t, key[:], got.Key)
	require.Equal(t, revealed.SettlesAtHeight, got.DeadlineHeight)
	return revealed.SettlesAtHeight
}

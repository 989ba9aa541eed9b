package keeper_test

import (
	"testing"

	"cosmossdk.io/math"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// fuzzBytes hands out the fuzzer's bytes one at a time, then zeros.
type fuzzBytes []byte

func (b *fuzzBytes) next() uint64 {
	if len(*b) == 0 {
		return 0
	}
	v := (*b)[0]
	*b = (*b)[1:]
	return uint64(v)
}

// FuzzMatch builds an order book from the fuzzer's bytes (up to six
// offers from three sellers at prices 1..256 with minimum buyer
// reputations in every bucket, one bid posted among them at a position the
// input picks, a buyer reputation 0..1,000,000) and tries up to three
// matches of any offer (or an unknown id) with any fill size. An oracle
// written independently of the keeper, a walk over every open offer for
// the cheapest then oldest one the buyer may take, says whether each
// match must succeed. A match that succeeds must be that offer, trade at
// the resting order's price, move exactly the escrow it should and keep
// every invariant; one that fails must change nothing.
func FuzzMatch(f *testing.F) {
	f.Add([]byte{})
	for _, seed := range matchSeeds {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) { runMatchInput(t, data) })
}

// matchSeeds are the seed inputs that must trade (see
// TestMatchSeedsTrade): without trades the oracle would check failures only.
var matchSeeds = [][]byte{
	// reputation 800,000; two offers (100, 90) posted after a bid for 10
	// at 150; two matches of the cheaper one: 3 leaves, then the rest (7),
	// both at the resting bid's 150.
	{200, 1, 0, 149, 9, 0, 99, 0, 1, 89, 0, 1, 1, 3, 1, 0},
	// reputation 0; offers at 50 (for 50,000 and up), 60 and 60, then a
	// bid for 5 at 200: the younger 60 is not the best, the older trades 2
	// leaves at its own 60, the 50 one is out of the buyer's reach.
	{0, 2, 3, 0, 49, 1, 1, 59, 0, 2, 59, 0, 199, 4, 2, 2, 2, 1, 2, 0, 1},
	{3, 0, 100, 0, 1, 90, 0, 2, 90, 20, 1, 150, 10, 125, 1, 5, 2, 0},
	{5, 0, 40, 20, 1, 60, 0, 2, 60, 10, 0, 200, 0, 1, 100, 3, 250, 0, 3, 9, 2, 4, 0},
	{2, 1, 255, 3, 2, 1, 19, 0, 0, 255, 15, 255, 0, 17, 1, 0},
}

func TestMatchSeedsTrade(t *testing.T) {
	trades := 0
	for _, seed := range matchSeeds {
		trades += runMatchInput(t, seed)
	}
	require.Equal(t, 3, trades, "the seeds must make trades, so that the oracle checks successes too")
}

// runMatchInput is FuzzMatch's body; it returns the number of matches that
// traded.
func runMatchInput(t *testing.T, data []byte) int {
	{
		in := fuzzBytes(data)
		e := newEnv(t)
		trades := 0
		e.rep.scores[string(buyer)] = min(in.next()*4_000, 1_000_000)

		sellers := []sdk.AccAddress{sellerA, sellerB, sellerC}
		nOffers := 1 + int(in.next()%6)
		bidAt := int(in.next() % uint64(nOffers+1)) // the bid is posted after this many offers
		var offers []uint64
		var bid uint64
		for i := 0; i <= nOffers; i++ {
			if i == bidAt {
				price, leaves := 1+int64(in.next()), 1+in.next()%16
				bid = e.postBid(buyer, func(m *types.MsgPostBid) { m.MaxPricePerLeaf, m.LeafCount = math.NewInt(price), leaves })
			}
			if i == nOffers {
				break
			}
			seller, price, minRep := sellers[in.next()%3], 1+int64(in.next()), (in.next()%21)*types.ReputationBucket
			offers = append(offers, e.postOffer(seller, func(m *types.MsgPostOffer) {
				m.PricePerLeaf, m.MinBuyerReputation = math.NewInt(price), minRep
			}))
		}

		for range 1 + in.next()%3 {
			offerID := uint64(9_999) // unknown
			if c := int(in.next() % uint64(len(offers)+1)); c < len(offers) {
				offerID = offers[c]
			}
			leaves := in.next() % 18
			if tryMatch(t, e, bid, offerID, leaves) {
				trades++
			}
		}
		return trades
	}
}

// tryMatch runs one MsgMatch, checks it against the oracle and reports
// whether it traded.
func tryMatch(t *testing.T, e *env, bidID, offerID, leaves uint64) bool {
	t.Helper()
	e.fresh()
	before := e.snapshot()
	b, bidErr := e.keeper.Bids.Get(e.ctx, bidID)
	bidOpen := bidErr == nil
	o, offerErr := e.keeper.Offers.Get(e.ctx, offerID)
	want := bidOpen && offerErr == nil && oracleBest(t, e, b) == offerID
	var size uint64
	if want {
		left := min(o.Remaining(), b.Remaining())
		size = leaves
		if leaves == 0 {
			size = left
		}
		want = size >= 1 && size <= left
	}
	escrowBefore := e.escrowed()
	buyerBefore := e.balance(buyer)

	res, err := e.msgs.Match(e.ctx, &types.MsgMatch{Router: e.bech32(router), BidId: bidID, OfferId: offerID, Leaves: leaves})
	if !want {
		require.Error(t, err, "match of bid %d and offer %d (%d leaves) must fail", bidID, offerID, leaves)
		e.requireUnchanged(before)
		return false
	}
	require.NoError(t, err, "match of bid %d and offer %d (%d leaves): the oracle's best offer", bidID, offerID, leaves)
	price := b.MaxPricePerLeaf // the resting order is the older one
	if o.Id < b.Id {
		price = o.PricePerLeaf
	}
	require.Equal(t, size, res.LeafCount)
	require.Equal(t, o.Filled, res.LeafStart, "the fill starts where the offer's last one ended")
	require.Equal(t, price.String(), res.PricePerLeaf.String())
	amount := price.MulRaw(int64(size)).Int64()
	improvement := b.MaxPricePerLeaf.Sub(price).MulRaw(int64(size)).Int64()
	require.Equal(t, escrowBefore-improvement, e.escrowed(), "the escrow keeps the deal's amount %d", amount)
	require.Equal(t, buyerBefore+improvement, e.balance(buyer), "the buyer gets the price improvement back")
	d := e.deal(res.DealId)
	require.Equal(t, amount, d.Amount.Int64())
	e.requireConserved()
	return true
}

// oracleBest is the offer a match for bid b must name, found by walking
// every open offer: same book, not expired, not the buyer's own, the
// buyer's reputation at least its minimum, price at most the bid's; the
// cheapest, then the oldest. 0 if none.
func oracleBest(t *testing.T, e *env, b types.Bid) uint64 {
	t.Helper()
	score := e.rep.scores[string(buyer)]
	var best *types.Offer
	require.NoError(t, e.keeper.Offers.Walk(e.ctx, nil, func(_ uint64, o types.Offer) (bool, error) {
		eligible := o.Kind == b.Kind && o.TaskId == b.TaskId && !o.IsExpired(e.height()) && o.Seller != b.Buyer &&
			o.MinBuyerReputation <= score && o.PricePerLeaf.LTE(b.MaxPricePerLeaf) && o.Remaining() > 0
		if eligible && (best == nil || o.PricePerLeaf.LT(best.PricePerLeaf) ||
			(o.PricePerLeaf.Equal(best.PricePerLeaf) && o.Id < best.Id)) {
			best = &o
		}
		return false, nil
	}))
	if best == nil {
		return 0
	}
	return best.Id
}

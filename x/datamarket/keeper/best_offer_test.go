package keeper_test

import (
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// priced sets an offer's price and minimum buyer reputation.
func priced(price int64, minRep uint64) func(*types.MsgPostOffer) {
	return func(m *types.MsgPostOffer) { m.PricePerLeaf, m.MinBuyerReputation = math.NewInt(price), minRep }
}

func (s *DataMarketSuite) bestOffer(bidID uint64) (uint64, bool) {
	o, found, err := s.keeper.BestOffer(s.ctx, s.bid(bidID))
	s.Require().NoError(err)
	return o.Id, found
}

// A cheaper offer the buyer may not take (its minimum is above the buyer's
// score) does not block the best one it may take; once the buyer's score
// reaches the minimum, it becomes the best.
func (s *DataMarketSuite) TestIneligibleCheaperOfferDoesNotBlock() {
	cheap := s.postOffer(sellerA, priced(50, 600_000))
	open := s.postOffer(sellerB, priced(100, 0))
	bidID := s.postBid(buyer) // the buyer has the neutral 500,000
	best, found := s.bestOffer(bidID)
	s.Require().True(found)
	s.Require().Equal(open, best)

	s.rep.scores[string(buyer)] = 600_000
	best, _ = s.bestOffer(bidID)
	s.Require().Equal(cheap, best, "at 600,000 the buyer may take the cheaper offer")
	_, err := s.msgs.Match(s.ctx, &types.MsgMatch{Router: s.bech32(router), BidId: bidID, OfferId: open, Leaves: 1})
	s.Require().ErrorIs(err, types.ErrNotBestOffer)

	s.rep.scores[string(buyer)] = 599_999
	s.match(bidID, open, 1)
	s.requireConserved()
}

// A cheaper offer in a higher bucket the buyer may take beats the open
// bucket's offers.
func (s *DataMarketSuite) TestBestOfferSpansBuckets() {
	s.postOffer(sellerA, priced(100, 0))
	s.postOffer(sellerB, priced(95, 250_000))
	mid := s.postOffer(sellerC, priced(90, 500_000))
	s.postOffer(sellerA, priced(80, 550_000)) // above the neutral buyer
	bidID := s.postBid(buyer)
	best, _ := s.bestOffer(bidID)
	s.Require().Equal(mid, best)
	s.match(bidID, mid, 2)
	s.Require().Equal(int64(90), s.deal(1).PricePerLeaf.Int64())
}

// The buyer's own offers and expired offers EndBlock has not removed yet
// are skipped, wherever they are in a bucket.
func (s *DataMarketSuite) TestBestOfferSkipsOwnAndExpiredOffers() {
	s.grant(buyer, staketypes.RoleDataNode, dataBond)
	s.postOffer(buyer, priced(10, 0))
	expiring := s.postOffer(sellerA, func(m *types.MsgPostOffer) {
		m.PricePerLeaf, m.ExpiryHeight = math.NewInt(20), startHeight+5
	})
	s.postOffer(buyer, priced(30, 0))
	open := s.postOffer(sellerB, priced(40, 0))
	bidID := s.postBid(buyer)

	best, _ := s.bestOffer(bidID)
	s.Require().Equal(expiring, best, "before its expiry height the offer is eligible")
	s.setHeight(startHeight + 5)
	best, _ = s.bestOffer(bidID)
	s.Require().Equal(open, best)
	s.match(bidID, open, 1)
	s.requireConserved()
}

// Bucket boundaries are exact, and scores above the range take every
// bucket.
func (s *DataMarketSuite) TestBestOfferBucketBoundaries() {
	top := s.postOffer(sellerA, priced(10, 1_000_000))
	high := s.postOffer(sellerB, priced(20, 650_000))
	bidID := s.postBid(buyer)
	for _, tc := range []struct {
		score uint64
		want  uint64
		found bool
	}{
		{0, 0, false},
		{649_999, 0, false},
		{650_000, high, true},
		{999_999, high, true},
		{1_000_000, top, true},
		{5_000_000, top, true},
	} {
		s.rep.scores[string(buyer)] = tc.score
		best, found := s.bestOffer(bidID)
		s.Require().Equal(tc.found, found, "score %d", tc.score)
		s.Require().Equal(tc.want, best, "score %d", tc.score)
	}
}

// Offers of other books are never candidates: another task's data, another
// model's updates, the other kind.
func (s *DataMarketSuite) TestBestOfferStaysInTheBook() {
	s.postOffer(sellerA, func(m *types.MsgPostOffer) { m.TaskId, m.PricePerLeaf = otherTaskID, math.NewInt(1) })
	s.postOffer(sellerA, func(m *types.MsgPostOffer) { modelUpdateOffer(m); m.PricePerLeaf = math.NewInt(1) })
	bidID := s.postBid(buyer)
	_, found := s.bestOffer(bidID)
	s.Require().False(found)

	data := s.postOffer(sellerB)
	best, _ := s.bestOffer(bidID)
	s.Require().Equal(data, best)

	update := s.postBid(buyer, func(m *types.MsgPostBid) { m.Kind = types.KindModelUpdate })
	best, _ = s.bestOffer(update)
	s.Require().Equal(uint64(2), best, "a MODEL_UPDATE bid buys from its model's book")
}

package keeper_test

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// An older offer rests: the trade executes at its price and the buyer gets
// the difference to its maximum back at once.
func (s *DataMarketSuite) TestMatchAtTheRestingOffersPrice() {
	offerID := s.postOffer(sellerA)                                                               // id 1, 16 leaves at 100
	bidID := s.postBid(buyer, func(m *types.MsgPostBid) { m.MaxPricePerLeaf = math.NewInt(130) }) // id 2, 10 at up to 130
	s.Require().Equal(int64(1_300), s.escrowed())
	s.fresh()
	res := s.match(bidID, offerID, 4)
	s.Require().Equal(&types.MsgMatchResponse{DealId: 1, LeafStart: 0, LeafCount: 4, PricePerLeaf: math.NewInt(100)}, res)

	d := s.deal(1)
	f := dataFixture()
	s.Require().Equal(types.Deal{
		Id: 1, OfferId: offerID, BidId: bidID, Seller: s.bech32(sellerA), Buyer: s.bech32(buyer), Router: s.bech32(router),
		Kind: types.KindData, TaskId: taskID, ModelId: modelID, DataRoot: f.root[:], TreeLeaves: 16, LeafStart: 0, LeafCount: 4,
		PricePerLeaf: math.NewInt(100), Amount: math.NewInt(400), Status: types.DealAwaitingDelivery,
		DeadlineHeight: startHeight + 10, CreatedHeight: startHeight,
	}, d)
	has, err := s.keeper.DealDeadlines.Has(s.ctx, collections.Join(d.DeadlineHeight, d.Id))
	s.Require().NoError(err)
	s.Require().True(has, "the deal is queued at its delivery deadline")
	s.Require().Equal([]*types.EventMatched{{Deal: d, PriceImprovement: math.NewInt(120)}}, typedEvents[*types.EventMatched](s.env))

	// 4 * 130 left the bid's escrow: 400 for the deal, 120 back to the buyer.
	s.Require().Equal(int64(startBalance-1_300+120), s.balance(buyer))
	s.Require().Equal(int64(1_300-520), s.bid(bidID).Escrow.Int64())
	s.Require().Equal(int64(780+400), s.escrowed())
	s.Require().Equal(uint64(4), s.offer(offerID).Filled)
	s.Require().Equal(uint64(4), s.bid(bidID).Filled)
	s.Require().Equal(int64(startBalance), s.balance(router), "routers earn nothing at the match")
	s.Require().Zero(s.pool())
	s.requireConserved()
}

// An older bid rests: the trade executes at the bid's maximum.
func (s *DataMarketSuite) TestMatchAtTheRestingBidsPrice() {
	bidID := s.postBid(buyer)       // id 1, up to 150
	offerID := s.postOffer(sellerA) // id 2, asks 100
	s.fresh()
	res := s.match(bidID, offerID, 0)
	s.Require().Equal(math.NewInt(150), res.PricePerLeaf)
	s.Require().Equal(uint64(10), res.LeafCount, "0 takes the smaller remainder")
	ev := typedEvents[*types.EventMatched](s.env)
	s.Require().Len(ev, 1)
	s.Require().True(ev[0].PriceImprovement.IsZero())
	s.Require().Equal(int64(1_500), s.deal(1).Amount.Int64())
	s.Require().Equal(int64(startBalance-1_500), s.balance(buyer))
	// The bid is filled and closed; the offer keeps 6 leaves.
	s.Require().Equal([]*types.EventOrderClosed{{
		OrderId: bidID, Owner: s.bech32(buyer), IsBid: true, Reason: types.ReasonFilled, Unfilled: 0, Refunded: math.ZeroInt(),
	}}, typedEvents[*types.EventOrderClosed](s.env))
	has, err := s.keeper.Bids.Has(s.ctx, bidID)
	s.Require().NoError(err)
	s.Require().False(has)
	s.Require().Equal(uint64(6), s.offer(offerID).Remaining())
	s.requireConserved()
}

// Several deals from one bid sell contiguous ranges of the offer's tree,
// and the escrow is right to the last ulgpt after each.
func (s *DataMarketSuite) TestPartialFills() {
	offerA := s.postOffer(sellerA, func(m *types.MsgPostOffer) { m.PricePerLeaf = math.NewInt(97); m.LeafCount = 5; m.GroupCounts = nil })
	offerB := s.postOffer(sellerB, func(m *types.MsgPostOffer) { m.PricePerLeaf = math.NewInt(111) })
	bidID := s.postBid(buyer, func(m *types.MsgPostBid) { m.LeafCount = 12; m.MaxPricePerLeaf = math.NewInt(123) })
	s.Require().Equal(int64(12*123), s.escrowed())

	s.Require().Equal(uint64(0), s.match(bidID, offerA, 2).LeafStart)
	s.Require().Equal(uint64(2), s.match(bidID, offerA, 3).LeafStart, "the next fill starts where the last ended")
	s.fresh()
	has, err := s.keeper.Offers.Has(s.ctx, offerA)
	s.Require().NoError(err)
	s.Require().False(has, "offer A is filled")
	// Offer B is now the best; 7 leaves are left on the bid.
	res := s.match(bidID, offerB, 0)
	s.Require().Equal(uint64(7), res.LeafCount)
	s.Require().Equal(uint64(0), res.LeafStart)

	paid := int64(5*97 + 7*111)
	improvement := int64(5*(123-97) + 7*(123-111))
	s.Require().Equal(int64(12*123), paid+improvement)
	s.Require().Equal(int64(startBalance-paid), s.balance(buyer))
	s.Require().Equal(paid, s.escrowed(), "only the three deals' amounts are held")
	for id, want := range map[uint64][3]int64{1: {0, 2, 194}, 2: {2, 3, 291}, 3: {0, 7, 777}} {
		d := s.deal(id)
		s.Require().Equal([3]int64{int64(d.LeafStart), int64(d.LeafCount), d.Amount.Int64()}, want, "deal %d", id)
	}
	s.requireConserved()
}

func (s *DataMarketSuite) TestMatchRejections() {
	for _, tc := range []struct {
		name    string
		setup   func() (bid, offer, leaves uint64)
		router  string
		want    error
		message string
	}{
		{"router without ROUTER", func() (uint64, uint64, uint64) {
			return s.postBid(buyer), s.postOffer(sellerA), 1
		}, outsider.String(), staketypes.ErrRoleRequired, "ROUTER"},
		{"bad router address", func() (uint64, uint64, uint64) {
			return s.postBid(buyer), s.postOffer(sellerA), 1
		}, "nope", types.ErrInvalidAddress, "router"},
		{"same id twice", func() (uint64, uint64, uint64) {
			id := s.postBid(buyer)
			return id, id, 1
		}, "", types.ErrInvalidRequest, "same order"},
		{"unknown bid", func() (uint64, uint64, uint64) {
			return 77, s.postOffer(sellerA), 1
		}, "", types.ErrOrderNotFound, "no open bid 77"},
		{"unknown offer", func() (uint64, uint64, uint64) {
			return s.postBid(buyer), 78, 1
		}, "", types.ErrOrderNotFound, "no open offer 78"},
		{"offer id names a bid", func() (uint64, uint64, uint64) {
			return s.postBid(buyer), s.postBid(buyer2), 1
		}, "", types.ErrOrderNotFound, "no open offer 2"},
		{"expired bid not yet removed", func() (uint64, uint64, uint64) {
			bid := s.postBid(buyer, func(m *types.MsgPostBid) { m.ExpiryHeight = startHeight + 5 })
			offer := s.postOffer(sellerA)
			s.setHeight(startHeight + 5)
			return bid, offer, 1
		}, "", types.ErrOrderExpired, "bid 1 expired at height 105 (now 105)"},
		{"expired offer not yet removed", func() (uint64, uint64, uint64) {
			offer := s.postOffer(sellerA, func(m *types.MsgPostOffer) { m.ExpiryHeight = startHeight + 5 })
			bid := s.postBid(buyer)
			s.setHeight(startHeight + 7)
			return bid, offer, 1
		}, "", types.ErrOrderExpired, "offer 1 expired at height 105"},
		{"kinds differ", func() (uint64, uint64, uint64) {
			return s.postBid(buyer), s.postOffer(sellerA, modelUpdateOffer), 1
		}, "", types.ErrIncompatible, "sells OFFER_KIND_MODEL_UPDATE, bid 1 buys OFFER_KIND_DATA"},
		{"tasks differ", func() (uint64, uint64, uint64) {
			return s.postBid(buyer), s.postOffer(sellerA, func(m *types.MsgPostOffer) { m.TaskId = otherTaskID }), 1
		}, "", types.ErrIncompatible, "offer 2 sells data for task 4, bid 1 buys for task 1"},
		{"models differ", func() (uint64, uint64, uint64) {
			bid := s.postBid(buyer, func(m *types.MsgPostBid) { m.Kind = types.KindModelUpdate; m.ModelId = otherModelID })
			return bid, s.postOffer(sellerA, modelUpdateOffer), 1
		}, "", types.ErrIncompatible, "offer 2 sells updates of model 2, bid 1 buys for model 5"},
		{"self-match", func() (uint64, uint64, uint64) {
			s.grant(buyer, staketypes.RoleDataNode, dataBond)
			return s.postBid(buyer), s.postOffer(buyer), 1
		}, "", types.ErrSelfMatch, "posted both offer 2 and bid 1"},
		{"buyer below the offer's minimum", func() (uint64, uint64, uint64) {
			s.rep.scores[string(buyer)] = 649_999
			return s.postBid(buyer), s.postOffer(sellerA, func(m *types.MsgPostOffer) { m.MinBuyerReputation = 650_000 }), 1
		}, "", types.ErrReputationTooLow, "has reputation 649999; offer 2 sells only to 650000 and above"},
		{"price does not cross", func() (uint64, uint64, uint64) {
			return s.postBid(buyer), s.postOffer(sellerA, func(m *types.MsgPostOffer) { m.PricePerLeaf = math.NewInt(151) }), 1
		}, "", types.ErrPriceNotCrossing, "offer 2 asks 151ulgpt per leaf, above bid 1's maximum of 150ulgpt"},
		{"more leaves than the bid wants", func() (uint64, uint64, uint64) {
			return s.postBid(buyer), s.postOffer(sellerA), 11
		}, "", types.ErrQuantityOverflow, "11 leaves asked, but offer 2 has 16 left and bid 1 wants 10 more"},
		{"more leaves than the offer has", func() (uint64, uint64, uint64) {
			bid := s.postBid(buyer, func(m *types.MsgPostBid) { m.LeafCount = 30 })
			return bid, s.postOffer(sellerA), 17
		}, "", types.ErrQuantityOverflow, "offer 2 has 16 left"},
		{"a cheaper eligible offer exists", func() (uint64, uint64, uint64) {
			named := s.postOffer(sellerA)
			s.postOffer(sellerB, func(m *types.MsgPostOffer) { m.PricePerLeaf = math.NewInt(99) })
			return s.postBid(buyer), named, 1
		}, "", types.ErrNotBestOffer, "offer 2 asks 99ulgpt per leaf, less than offer 1's 100ulgpt, and bid 3 may take it; match offer 2"},
		{"an older offer at the same price exists", func() (uint64, uint64, uint64) {
			s.postOffer(sellerA)
			named := s.postOffer(sellerB)
			return s.postBid(buyer), named, 1
		}, "", types.ErrNotBestOffer, "offer 1 asks the same 100ulgpt per leaf as offer 2 and is older (id 1 < 2)"},
	} {
		s.Run(tc.name, func() {
			bid, offer, leaves := tc.setup()
			routerAddr := tc.router
			if routerAddr == "" {
				routerAddr = s.bech32(router)
			}
			before := s.snapshot()
			s.fresh()
			_, err := s.msgs.Match(s.ctx, &types.MsgMatch{Router: routerAddr, BidId: bid, OfferId: offer, Leaves: leaves})
			s.requireRejected(err, tc.want, before)
			s.Require().ErrorContains(err, tc.message)
		})
	}
}

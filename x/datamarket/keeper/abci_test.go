package keeper_test

import (
	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// closedIDs lists what an EndBlock closed, in event order: "d<id>" for a
// deal, "o<id>" for an order.
func (s *DataMarketSuite) closedIDs() []string {
	var out []string
	for _, ev := range s.ctx.EventManager().ABCIEvents() {
		msg, err := sdkParse(ev)
		s.Require().NoError(err)
		switch e := msg.(type) {
		case *types.EventDealExpired:
			out = append(out, "d"+uitoa(e.DealId))
		case *types.EventDealSettled:
			out = append(out, "d"+uitoa(e.DealId))
		case *types.EventOrderClosed:
			out = append(out, "o"+uitoa(e.OrderId))
		}
	}
	return out
}

// More due items than max_expiries_per_block finish over several blocks,
// in height order, deals before orders at the same height.
func (s *DataMarketSuite) TestEndBlockIsBounded() {
	s.setParams(func(p *types.Params) { p.MaxExpiriesPerBlock = 2 })
	offer := s.postOffer(sellerA)                                                                 // 1
	bid := s.postBid(buyer)                                                                       // 2
	s.match(bid, offer, 1)                                                                        // deal 1, deadline 110
	s.match(bid, offer, 1)                                                                        // deal 2, deadline 110
	o3 := s.postOffer(sellerB, func(m *types.MsgPostOffer) { m.ExpiryHeight = startHeight + 20 }) // 3
	o4 := s.postOffer(sellerC, func(m *types.MsgPostOffer) { m.ExpiryHeight = startHeight + 20 }) // 4
	b5 := s.postBid(buyer2, func(m *types.MsgPostBid) { m.ExpiryHeight = startHeight + 20 })      // 5
	s.setHeight(startHeight + 10)
	s.match(bid, offer, 1) // deal 3, deadline 120 (deals 1 and 2 are due but not yet expired)
	s.Require().Equal(types.DealAwaitingDelivery, s.deal(1).Status)

	s.setHeight(startHeight + 20)
	s.endBlock()
	s.Require().Equal([]string{"d1", "d2"}, s.closedIDs())
	s.Require().Equal(types.DealAwaitingDelivery, s.deal(3).Status, "deal 3 waits")
	s.requireConserved()

	s.setHeight(startHeight + 21)
	s.endBlock()
	s.Require().Equal([]string{"d3", "o" + uitoa(o3)}, s.closedIDs())
	s.requireConserved()

	s.setHeight(startHeight + 22)
	s.endBlock()
	s.Require().Equal([]string{"o" + uitoa(o4), "o" + uitoa(b5)}, s.closedIDs())
	s.requireConserved()

	s.setHeight(startHeight + 23)
	s.endBlock()
	s.Require().Empty(s.closedIDs())
	s.Require().Equal(int64(startBalance), s.balance(buyer2), "the expired bid was refunded")
}

// Orders past their expiry height are closed; a bid's remaining escrow
// goes back, its deals go on.
func (s *DataMarketSuite) TestOrderExpiry() {
	offer := s.postOffer(sellerA, func(m *types.MsgPostOffer) { m.ExpiryHeight = startHeight + 30 })
	bid := s.postBid(buyer, func(m *types.MsgPostBid) { m.ExpiryHeight = startHeight + 30 }) // 1,500
	s.match(bid, offer, 3)                                                                   // 300 in the deal, 150 back
	sd := s.seal(s.deal(1))
	s.deliver(1, sd)
	s.accept(1)
	s.reveal(1, sd) // settles at 120

	s.setHeight(startHeight + 29)
	s.endBlock()
	s.Require().Equal(uint64(3), s.bid(bid).Filled, "not yet expired")

	s.setHeight(startHeight + 30)
	s.endBlock()
	s.Require().Equal([]*types.EventOrderClosed{
		{OrderId: offer, Owner: s.bech32(sellerA), Reason: types.ReasonExpired, Unfilled: 13, Refunded: math.ZeroInt()},
		{OrderId: bid, Owner: s.bech32(buyer), IsBid: true, Reason: types.ReasonExpired, Unfilled: 7, Refunded: math.NewInt(7 * 150)},
	}, typedEvents[*types.EventOrderClosed](s.env))
	s.Require().Equal(int64(startBalance-300), s.balance(buyer))
	s.Require().Equal(int64(0), s.escrowed(), "nothing is left in escrow: the deal paid out, the bid refunded")
	for _, id := range []uint64{offer, bid} {
		has, err := s.keeper.OrderExpiries.Has(s.ctx, collections.Join(int64(startHeight+30), id))
		s.Require().NoError(err)
		s.Require().False(has)
	}
	s.Require().Equal(types.DealSettled, s.deal(1).Status, "the deal settled at 120, before the orders expired")
	s.requireConserved()
}

// An item that fails is left in its queue with its state untouched, and
// the others go on; it is retried in the next block.
func (s *DataMarketSuite) TestEndBlockLeavesAFailedItem() {
	offer := s.postOffer(sellerA)
	b1 := s.postBid(buyer)
	b2 := s.postBid(buyer2)
	s.match(b1, offer, 2) // deal 1: refund to buyer fails
	s.match(b2, offer, 2) // deal 2
	s.bank.failSendTo[string(buyer)] = true
	s.setHeight(startHeight + 10)
	s.endBlock()
	d1 := s.deal(1)
	s.Require().Equal(types.DealAwaitingDelivery, d1.Status)
	s.Require().True(s.queued(d1), "the failed deal stays queued")
	s.Require().Equal(types.DealExpired, s.deal(2).Status)
	s.Require().Equal([]string{"d2"}, s.closedIDs(), "the failed item emitted nothing")
	s.requireConserved()

	delete(s.bank.failSendTo, string(buyer))
	s.setHeight(startHeight + 11)
	s.endBlock()
	s.Require().Equal(types.DealExpired, s.deal(1).Status)
	s.Require().Equal(startHeight+11, int(s.deal(1).ClosedHeight))
	s.requireConserved()
}

// Queue entries that name nothing open (which the invariants rule out) are
// dropped rather than retried for ever.
func (s *DataMarketSuite) TestEndBlockDropsStaleEntries() {
	s.Require().NoError(s.keeper.DealDeadlines.Set(s.ctx, collections.Join(int64(startHeight+1), uint64(99))))
	s.Require().NoError(s.keeper.OrderExpiries.Set(s.ctx, collections.Join(int64(startHeight+1), uint64(98))))
	s.Require().Error(s.keeper.FillInvariant(s.ctx))
	s.setHeight(startHeight + 1)
	s.endBlock()
	s.requireConserved()
	s.Require().Empty(s.ctx.EventManager().Events())
}

package keeper_test

import (
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// market is the state market() builds through the Msg service, EndBlock
// and MarkLeavesUsed: open orders of both kinds and a deal in every
// status.
type market struct {
	// offerA: sellerA's DATA offer (16 leaves at 100), partly sold.
	offerA uint64
	// offerB: sellerB's DATA offer at 90, only for buyers of 600,000 and up.
	offerB uint64
	// offerC: sellerC's MODEL_UPDATE offer of model 2 (3 leaves at 100).
	offerC uint64
	// bidA: the buyer's DATA bid (12 leaves at up to 150), partly filled.
	bidA uint64
	// bidB: buyer2's MODEL_UPDATE bid (3 leaves at up to 150).
	bidB uint64
	// bidC: buyer2's DATA bid (5 leaves at up to 80), below every offer.
	bidC uint64

	// The deals of bidA and offerA (one leaf each unless said) and of bidB
	// and offerC, by the status they end in.
	settled, disputed                            uint64 // disputed: 2 leaves
	expiredUndelivered, expiredDelivered         uint64
	expiredAccepted                              uint64
	awaiting, delivered, accepted, revealed      uint64
	modelUpdate                                  uint64 // bidB x offerC, awaiting delivery
	revealedKey                                  exchange.Key
	settledLeaf                                  uint64 // the settled deal's leaf
	settlesAt, openDeadline, endHeight, orderEnd int64
}

// market builds the market state: at startHeight the orders and five deals
// (one settled at startHeight+20 after its dispute window, one proven
// bad, three that expire at startHeight+10 in each stage that can time
// out), EndBlock at startHeight+20, then four open deals in each open
// stage and a MODEL_UPDATE deal; the buyer's proofs cite the settled deal's
// leaf twice. It ends at startHeight+20 with every invariant holding.
func (s *DataMarketSuite) market() market {
	s.T().Helper()
	var m market
	m.offerA = s.postOffer(sellerA)
	m.offerB = s.postOffer(sellerB, priced(90, 600_000))
	m.offerC = s.postOffer(sellerC, modelUpdateOffer)
	m.bidA = s.postBid(buyer, func(b *types.MsgPostBid) { b.LeafCount = 12 })
	m.bidB = s.postBid(buyer2, func(b *types.MsgPostBid) { b.Kind, b.LeafCount = types.KindModelUpdate, 3 })
	m.bidC = s.postBid(buyer2, func(b *types.MsgPostBid) { b.LeafCount, b.MaxPricePerLeaf = 5, math.NewInt(80) })
	m.orderEnd = startHeight + 500

	m.settled = s.match(m.bidA, m.offerA, 1).DealId
	m.settledLeaf = s.deal(m.settled).LeafStart
	s.revealed(m.settled)
	m.settlesAt = s.deal(m.settled).DeadlineHeight

	m.disputed = s.match(m.bidA, m.offerA, 2).DealId
	f := dataFixture()
	bad := s.cheatingDelivery(s.deal(m.disputed), f.tree, f.elements, func(_ exchange.Key, i uint64, ct []byte) []byte {
		if i == 1 {
			ct = append([]byte(nil), ct...)
			ct[0] ^= 1
		}
		return ct
	})
	s.through(m.disputed, bad)
	_, err := s.dispute(m.disputed, 1, bad.cts[1], bad.paths[1])
	s.Require().NoError(err)

	m.expiredUndelivered = s.match(m.bidA, m.offerA, 1).DealId
	m.expiredDelivered = s.match(m.bidA, m.offerA, 1).DealId
	s.deliver(m.expiredDelivered, s.seal(s.deal(m.expiredDelivered)))
	m.expiredAccepted = s.match(m.bidA, m.offerA, 1).DealId
	s.deliver(m.expiredAccepted, s.seal(s.deal(m.expiredAccepted)))
	s.accept(m.expiredAccepted)

	s.setHeight(m.settlesAt)
	s.endBlock()
	s.Require().Equal(types.DealSettled, s.deal(m.settled).Status)

	m.awaiting = s.match(m.bidA, m.offerA, 1).DealId
	m.delivered = s.match(m.bidA, m.offerA, 1).DealId
	s.deliver(m.delivered, s.seal(s.deal(m.delivered)))
	m.accepted = s.match(m.bidA, m.offerA, 1).DealId
	s.deliver(m.accepted, s.seal(s.deal(m.accepted)))
	s.accept(m.accepted)
	m.revealed = s.match(m.bidA, m.offerA, 1).DealId
	m.revealedKey = s.revealed(m.revealed).key
	m.modelUpdate = s.match(m.bidB, m.offerC, 1).DealId
	m.openDeadline = s.height() + 10

	for range 2 {
		s.Require().NoError(s.keeper.MarkLeavesUsed(s.ctx, m.settled, buyer, []uint64{m.settledLeaf}, "pog version 1"))
	}
	m.endHeight = s.height()
	for id, want := range map[uint64]types.DealStatus{
		m.settled: types.DealSettled, m.disputed: types.DealDisputed, m.expiredUndelivered: types.DealExpired,
		m.expiredDelivered: types.DealExpired, m.expiredAccepted: types.DealExpired, m.awaiting: types.DealAwaitingDelivery,
		m.delivered: types.DealDelivered, m.accepted: types.DealAccepted, m.revealed: types.DealKeyRevealed,
		m.modelUpdate: types.DealAwaitingDelivery,
	} {
		s.Require().Equal(want, s.deal(id).Status, "deal %d", id)
	}
	s.requireConserved()
	s.fresh()
	return m
}

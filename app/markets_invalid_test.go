package app

import (
	"math"

	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"

	dm "github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// invalidKinds are the deliberately invalid messages of the scenario. Each
// looks for a situation it applies to and, if it finds one, sends a message
// the chain must refuse with one named error (the model must predict the
// same); it reports whether it sent anything.
var invalidKinds = []struct {
	name string
	send func(s *marketScenario, x *marketActions) bool
}{
	{"match violating price-time priority", invalidNotBest},
	{"match below the offer's price", invalidNotCrossing},
	{"match below the offer's minimum reputation", invalidReputation},
	{"match of a buyer's own offer", invalidSelfMatch},
	{"match of more leaves than are left", invalidQuantity},
	{"match by a non-router", invalidRouter},
	{"match of an expired order", invalidExpired},
	{"dispute of a good chunk", invalidDisputeGood},
	{"dispute of a chunk the seller never sent", invalidDisputeForged},
	{"reveal of a wrong key", invalidWrongKey},
	{"delivery by the buyer", invalidDeliverByBuyer},
	{"acceptance of an accepted delivery", invalidAcceptTwice},
	{"step after the deadline", invalidLateStep},
	{"cancel of another's order", invalidCancelOther},
	{"cancel of a closed order", invalidCancelClosed},
	{"bid beyond the buyer's funds", invalidBidFunds},
	{"offer with an unbucketed minimum reputation", invalidOfferMinRep},
}

// invalid sends one deliberately invalid message, of a random kind that
// applies now.
func (s *marketScenario) invalid(x *marketActions) {
	for _, i := range s.r.Perm(len(invalidKinds)) {
		if invalidKinds[i].send(s, x) {
			return
		}
	}
}

// refuseMatch sends a MsgMatch the chain must refuse with intended.
func (s *marketScenario) refuseMatch(x *marketActions, what string, intended *errorsmod.Error, router *marketActor, bid, offer, leaves uint64) {
	_, err := s.c.model.data.match(x.h, router.bech32, bid, offer, leaves)
	x.refuse(router, what, intended, err, &dm.MsgMatch{Router: router.bech32, BidId: bid, OfferId: offer, Leaves: leaves})
}

func invalidNotBest(s *marketScenario, x *marketActions) bool {
	for _, b := range s.liveBids(x.h) {
		var crossing []*dm.Offer
		for _, o := range s.eligibleOffers(x.h, b) {
			if o.PricePerLeaf.LTE(b.MaxPricePerLeaf) {
				crossing = append(crossing, o)
			}
		}
		if len(crossing) >= 2 {
			worse := pick(s.r, crossing[1:])
			s.refuseMatch(x, "match violating price-time priority", dm.ErrNotBestOffer, s.router(), b.Id, worse.Id, 0)
			return true
		}
	}
	return false
}

func invalidNotCrossing(s *marketScenario, x *marketActions) bool {
	for _, b := range s.liveBids(x.h) {
		for _, o := range s.eligibleOffers(x.h, b) {
			if o.PricePerLeaf.GT(b.MaxPricePerLeaf) {
				s.refuseMatch(x, "match below the offer's price", dm.ErrPriceNotCrossing, s.router(), b.Id, o.Id, 0)
				return true
			}
		}
	}
	return false
}

func invalidReputation(s *marketScenario, x *marketActions) bool {
	d := &s.c.model.data
	for _, b := range s.liveBids(x.h) {
		for _, o := range d.sortedOffers() {
			if sameBook(o, b) && x.h < o.ExpiryHeight && o.Seller != b.Buyer && s.c.model.score(b.Buyer) < o.MinBuyerReputation {
				s.refuseMatch(x, "match below the offer's minimum reputation", dm.ErrReputationTooLow, s.router(), b.Id, o.Id, 0)
				return true
			}
		}
	}
	return false
}

func invalidSelfMatch(s *marketScenario, x *marketActions) bool {
	d := &s.c.model.data
	for _, b := range s.liveBids(x.h) {
		for _, o := range d.sortedOffers() {
			if sameBook(o, b) && x.h < o.ExpiryHeight && o.Seller == b.Buyer {
				s.refuseMatch(x, "match of a buyer's own offer", dm.ErrSelfMatch, s.router(), b.Id, o.Id, 0)
				return true
			}
		}
	}
	return false
}

// crossingBest returns a live bid and its best offer, if that crosses.
func (s *marketScenario) crossingBest(h int64) (*dm.Bid, *dm.Offer) {
	for _, b := range s.liveBids(h) {
		if best := s.c.model.data.bestOffer(h, b); best != nil && best.PricePerLeaf.LTE(b.MaxPricePerLeaf) {
			return b, best
		}
	}
	return nil, nil
}

func invalidQuantity(s *marketScenario, x *marketActions) bool {
	b, o := s.crossingBest(x.h)
	if b == nil {
		return false
	}
	leaves := min(o.LeafCount-o.Filled, b.LeafCount-b.Filled) + 1
	s.refuseMatch(x, "match of more leaves than are left", dm.ErrQuantityOverflow, s.router(), b.Id, o.Id, leaves)
	return true
}

func invalidRouter(s *marketScenario, x *marketActions) bool {
	b, o := s.crossingBest(x.h)
	if b == nil {
		return false
	}
	s.refuseMatch(x, "match by a non-router", staketypes.ErrRoleRequired, s.actor("buyer2"), b.Id, o.Id, 0)
	return true
}

// invalidExpired matches an order whose expiry height came but that
// EndBlock has not closed yet (its queue is bounded per block).
func invalidExpired(s *marketScenario, x *marketActions) bool {
	d := &s.c.model.data
	for _, b := range d.sortedBids() {
		for _, o := range d.sortedOffers() {
			if (x.h >= b.ExpiryHeight || x.h >= o.ExpiryHeight) && sameBook(o, b) {
				s.refuseMatch(x, "match of an expired order", dm.ErrOrderExpired, s.router(), b.Id, o.Id, 0)
				return true
			}
		}
	}
	return false
}

func invalidDisputeGood(s *marketScenario, x *marketActions) bool {
	for _, deal := range s.openDealsAt(x.h, dm.DealKeyRevealed) {
		for i := range deal.chunks {
			if int64(i) != deal.bad {
				x.dispute(s.byAddr(deal.rec.Buyer), deal, "dispute of a good chunk", dm.ErrDisputeUnfounded, uint64(i), deal.chunks[i], deal.paths[i])
				return true
			}
		}
	}
	return false
}

func invalidDisputeForged(s *marketScenario, x *marketActions) bool {
	deals := s.openDealsAt(x.h, dm.DealKeyRevealed)
	if len(deals) == 0 {
		return false
	}
	deal := pick(s.r, deals)
	i := s.r.Intn(len(deal.chunks))
	forged := append([]byte(nil), deal.chunks[i]...)
	forged[s.r.Intn(len(forged))] ^= 0x80
	x.dispute(s.byAddr(deal.rec.Buyer), deal, "dispute of a chunk the seller never sent", dm.ErrChunkNotCommitted, uint64(i), forged, deal.paths[i])
	return true
}

func invalidWrongKey(s *marketScenario, x *marketActions) bool {
	deals := s.openDealsAt(x.h, dm.DealAccepted)
	if len(deals) == 0 {
		return false
	}
	deal := pick(s.r, deals)
	seller := s.byAddr(deal.rec.Seller)
	key := wrongKey(s.r)
	msg := &dm.MsgRevealKey{Seller: seller.bech32, DealId: deal.rec.Id, Key: key}
	x.refuse(seller, "reveal of a wrong key", dm.ErrKeyMismatch, s.c.model.data.reveal(x.h, seller.bech32, deal.rec.Id, key), msg)
	return true
}

func invalidDeliverByBuyer(s *marketScenario, x *marketActions) bool {
	deals := s.openDealsAt(x.h, dm.DealAwaitingDelivery)
	if len(deals) == 0 {
		return false
	}
	deal := pick(s.r, deals)
	buyer := s.byAddr(deal.rec.Buyer)
	hash := make([]byte, 32)
	msg := &dm.MsgDeliver{Seller: buyer.bech32, DealId: deal.rec.Id, KeyHash: hash, CiphertextRoot: hash}
	x.refuse(buyer, "delivery by the buyer", dm.ErrUnauthorized, s.c.model.data.deliver(x.h, buyer.bech32, deal.rec.Id, hash, hash), msg)
	return true
}

func invalidAcceptTwice(s *marketScenario, x *marketActions) bool {
	deals := s.openDealsAt(x.h, dm.DealAccepted)
	if len(deals) == 0 {
		return false
	}
	deal := pick(s.r, deals)
	buyer := s.byAddr(deal.rec.Buyer)
	msg := &dm.MsgAcceptDelivery{Buyer: buyer.bech32, DealId: deal.rec.Id}
	x.refuse(buyer, "acceptance of an accepted delivery", dm.ErrWrongDealStage, s.c.model.data.accept(x.h, buyer.bech32, deal.rec.Id), msg)
	return true
}

// invalidLateStep takes the next step of an open deal whose deadline came
// but that EndBlock has not settled or expired yet.
func invalidLateStep(s *marketScenario, x *marketActions) bool {
	for _, deal := range s.c.model.data.openDeals() {
		if x.h < deal.rec.DeadlineHeight || deal.rec.Status != dm.DealDelivered {
			continue
		}
		buyer := s.byAddr(deal.rec.Buyer)
		msg := &dm.MsgAcceptDelivery{Buyer: buyer.bech32, DealId: deal.rec.Id}
		x.refuse(buyer, "step after the deadline", dm.ErrDeadlinePassed, s.c.model.data.accept(x.h, buyer.bech32, deal.rec.Id), msg)
		return true
	}
	return false
}

func invalidCancelOther(s *marketScenario, x *marketActions) bool {
	owners := s.openOrders()
	if len(owners) == 0 {
		return false
	}
	id := pick(s.r, sortedKeys(owners))
	other := s.actor("router1")
	msg := &dm.MsgCancelOrder{Owner: other.bech32, OrderId: id}
	x.refuse(other, "cancel of another's order", dm.ErrUnauthorized, s.c.model.data.cancel(other.bech32, id), msg)
	return true
}

func invalidCancelClosed(s *marketScenario, x *marketActions) bool {
	d := &s.c.model.data
	owners := s.openOrders()
	for id := uint64(1); id < d.nextOrder; id++ {
		if _, open := owners[id]; !open {
			owner := s.actor("buyer1")
			msg := &dm.MsgCancelOrder{Owner: owner.bech32, OrderId: id}
			x.refuse(owner, "cancel of a closed order", dm.ErrOrderNotFound, d.cancel(owner.bech32, id), msg)
			return true
		}
	}
	return false
}

func invalidBidFunds(s *marketScenario, x *marketActions) bool {
	buyer := s.actor("buyer2")
	msg := &dm.MsgPostBid{Buyer: buyer.bech32, Kind: dm.KindData, ModelId: s.model1, LeafCount: 3, MaxPricePerLeaf: sdkmath.NewInt(math.MaxInt64), ExpiryHeight: x.h + 10}
	_, err := s.c.model.data.postBid(x.h, msg)
	x.refuse(buyer, "bid beyond the buyer's funds", dm.ErrInsufficientFunds, err, msg)
	return true
}

func invalidOfferMinRep(s *marketScenario, x *marketActions) bool {
	seller := s.actor("seller1")
	ds := x.randomDataset(2)
	msg := x.offerMsg(seller, ds, s.task1, s.model1, 1_000, 123_456, x.h+10)
	_, err := s.c.model.data.postOffer(x.h, msg, ds)
	x.refuse(seller, "offer with an unbucketed minimum reputation", dm.ErrInvalidOrder, err, msg)
	return true
}

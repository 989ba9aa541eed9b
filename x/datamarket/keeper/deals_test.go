package keeper_test

import (
	"bytes"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
)

// matched posts an offer by sellerA at price and a bid by the buyer at the
// same maximum, matches leaves of them and returns the deal id.
func (s *DataMarketSuite) matched(price int64, leaves uint64) uint64 {
	offerID := s.postOffer(sellerA, priced(price, 0))
	bidID := s.postBid(buyer, func(m *types.MsgPostBid) { m.MaxPricePerLeaf = math.NewInt(price) })
	return s.match(bidID, offerID, leaves).DealId
}

func (s *DataMarketSuite) queued(d types.Deal) bool {
	has, err := s.keeper.DealDeadlines.Has(s.ctx, collections.Join(d.DeadlineHeight, d.Id))
	s.Require().NoError(err)
	return has
}

func (s *DataMarketSuite) requireReports(want ...report) {
	s.T().Helper()
	s.Require().Equal(want, s.rep.reports)
}

// An honest deal walks every stage and pays the seller after the dispute
// window: the router and protocol fees rounded down, the seller the rest.
func (s *DataMarketSuite) TestHonestDealSettles() {
	dealID := s.matched(333, 3) // 999 ulgpt
	s.cancelBid(2)              // leave only the deal in escrow
	s.Require().Equal(int64(999), s.escrowed())
	d := s.deal(dealID)
	sd := s.seal(d)

	s.setHeight(startHeight + 1)
	s.deliver(dealID, sd)
	d = s.deal(dealID)
	h := exchange.KeyHash(sd.key)
	s.Require().Equal(types.DealDelivered, d.Status)
	s.Require().Equal(h[:], d.KeyHash)
	s.Require().Equal(sd.root, d.CiphertextRoot)
	s.Require().Equal(int64(startHeight+1), d.DeliveredHeight)
	s.Require().Equal(int64(startHeight+11), d.DeadlineHeight)
	s.Require().True(s.queued(d))
	s.Require().Equal([]*types.EventDelivered{{DealId: dealID, KeyHash: h[:], CiphertextRoot: sd.root, AcceptByHeight: startHeight + 11}},
		typedEvents[*types.EventDelivered](s.env))

	s.setHeight(startHeight + 2)
	s.accept(dealID)
	d = s.deal(dealID)
	s.Require().Equal(types.DealAccepted, d.Status)
	s.Require().Equal(int64(startHeight+2), d.AcceptedHeight)
	s.Require().Equal(int64(startHeight+12), d.DeadlineHeight)
	s.Require().True(s.queued(d))
	s.Require().Equal([]*types.EventDeliveryAccepted{{DealId: dealID, RevealByHeight: startHeight + 12}},
		typedEvents[*types.EventDeliveryAccepted](s.env))

	s.setHeight(startHeight + 3)
	settles := s.reveal(dealID, sd)
	s.Require().Equal(int64(startHeight+23), settles)
	d = s.deal(dealID)
	s.Require().Equal(types.DealKeyRevealed, d.Status)
	s.Require().Equal(sd.key[:], d.Key)
	s.Require().Equal(int64(startHeight+3), d.RevealedHeight)
	s.Require().True(s.queued(d))
	s.Require().Equal([]*types.EventKeyRevealed{{DealId: dealID, Key: sd.key[:], SettlesAtHeight: settles}},
		typedEvents[*types.EventKeyRevealed](s.env))
	s.requireConserved()

	s.setHeight(settles - 1)
	s.endBlock()
	s.Require().Equal(types.DealKeyRevealed, s.deal(dealID).Status, "the window is still open")

	s.setHeight(settles)
	s.endBlock()
	d = s.deal(dealID)
	s.Require().Equal(types.DealSettled, d.Status)
	s.Require().Equal(settles, d.ClosedHeight)
	s.Require().False(s.queued(d), "a settled deal leaves the queue and stays in state")
	// 999 * 50 / 10000 = 4.995 -> 4 for the router; 999 * 100 / 10000 =
	// 9.99 -> 9 for the pool; 986 for the seller.
	s.Require().Equal([]*types.EventDealSettled{{DealId: dealID, SellerAmount: math.NewInt(986), RouterFee: math.NewInt(4), ProtocolFee: math.NewInt(9)}},
		typedEvents[*types.EventDealSettled](s.env))
	s.Require().Equal(int64(startBalance+986), s.balance(sellerA))
	s.Require().Equal(int64(startBalance+4), s.balance(router))
	s.Require().Equal(int64(9), s.pool())
	s.Require().Equal(int64(startBalance-999), s.balance(buyer))
	s.Require().Zero(s.escrowed())
	s.requireReports(
		report{sellerA, reputationtypes.OutcomeDealDelivered, "datamarket deal 1"},
		report{buyer, reputationtypes.OutcomeDealPaid, "datamarket deal 1"},
	)
	s.requireConserved()

	// It settles once: later blocks do nothing.
	s.setHeight(settles + 1)
	s.endBlock()
	s.Require().Empty(s.ctx.EventManager().Events())
	s.Require().Len(s.rep.reports, 2)
}

// A MODEL_UPDATE deal sells weights chunks through the same exchange.
func (s *DataMarketSuite) TestModelUpdateDealSettles() {
	offerID := s.postOffer(sellerA, modelUpdateOffer)
	bidID := s.postBid(buyer, func(m *types.MsgPostBid) { m.Kind = types.KindModelUpdate; m.LeafCount = 3 })
	dealID := s.match(bidID, offerID, 0).DealId
	d := s.deal(dealID)
	s.Require().Equal(uint64(7), d.VersionId)
	s.Require().Equal(uint64(3), d.LeafCount)
	sd := s.revealed(dealID)
	_, err := s.dispute(dealID, 1, sd.cts[1], sd.paths[1])
	s.Require().ErrorIs(err, types.ErrDisputeUnfounded, "an honest weights chunk is not a fault")
	s.setHeight(s.deal(dealID).DeadlineHeight)
	s.endBlock()
	s.Require().Equal(types.DealSettled, s.deal(dealID).Status)
	s.Require().Equal(int64(startBalance+300-1-3), s.balance(sellerA), "300 less 1 to the router and 3 to the pool")
	s.requireConserved()
}

func (s *DataMarketSuite) cancelBid(id uint64) {
	_, err := s.msgs.CancelOrder(s.ctx, &types.MsgCancelOrder{Owner: s.bid(id).Buyer, OrderId: id})
	s.Require().NoError(err)
}

// Every step checks the signer, the stage and the deadline, and changes
// nothing when one fails.
func (s *DataMarketSuite) TestDealStepRejections() {
	type step func(dealID uint64, sd sealed) error
	deliver := func(signer sdk.AccAddress) step {
		return func(id uint64, sd sealed) error {
			h := exchange.KeyHash(sd.key)
			_, err := s.msgs.Deliver(s.ctx, &types.MsgDeliver{Seller: s.bech32(signer), DealId: id, KeyHash: h[:], CiphertextRoot: sd.root})
			return err
		}
	}
	accept := func(signer sdk.AccAddress) step {
		return func(id uint64, _ sealed) error {
			_, err := s.msgs.AcceptDelivery(s.ctx, &types.MsgAcceptDelivery{Buyer: s.bech32(signer), DealId: id})
			return err
		}
	}
	reveal := func(signer sdk.AccAddress) step {
		return func(id uint64, sd sealed) error {
			_, err := s.msgs.RevealKey(s.ctx, &types.MsgRevealKey{Seller: s.bech32(signer), DealId: id, Key: sd.key[:]})
			return err
		}
	}
	dispute := func(signer sdk.AccAddress) step {
		return func(id uint64, sd sealed) error {
			_, err := s.msgs.Dispute(s.ctx, &types.MsgDispute{Buyer: s.bech32(signer), DealId: id, ChunkIndex: 0, Ciphertext: sd.cts[0], CiphertextPath: sd.paths[0]})
			return err
		}
	}
	// reach takes the deal to a stage: 0 matched, 1 delivered, 2 accepted,
	// 3 revealed.
	reach := func(id uint64, sd sealed, stage int) {
		if stage >= 1 {
			s.deliver(id, sd)
		}
		if stage >= 2 {
			s.accept(id)
		}
		if stage >= 3 {
			s.reveal(id, sd)
		}
	}
	for _, tc := range []struct {
		name    string
		stage   int
		late    bool
		step    step
		want    error
		message string
	}{
		{"deliver by the buyer", 0, false, deliver(buyer), types.ErrUnauthorized, "only deal 1's seller"},
		{"deliver twice", 1, false, deliver(sellerA), types.ErrWrongDealStage, "deal 1 is DEAL_STATUS_DELIVERED; this step needs DEAL_STATUS_AWAITING_DELIVERY"},
		{"deliver late", 0, true, deliver(sellerA), types.ErrDeadlinePassed, "ended at height 110 (now 110)"},
		{"accept by the seller", 1, false, accept(sellerA), types.ErrUnauthorized, "only deal 1's buyer"},
		{"accept before delivery", 0, false, accept(buyer), types.ErrWrongDealStage, "needs DEAL_STATUS_DELIVERED"},
		{"accept twice", 2, false, accept(buyer), types.ErrWrongDealStage, "is DEAL_STATUS_ACCEPTED"},
		{"accept late", 1, true, accept(buyer), types.ErrDeadlinePassed, "DEAL_STATUS_DELIVERED stage ended"},
		{"reveal by the buyer", 2, false, reveal(buyer), types.ErrUnauthorized, "only deal 1's seller"},
		{"reveal before acceptance", 1, false, reveal(sellerA), types.ErrWrongDealStage, "needs DEAL_STATUS_ACCEPTED"},
		{"reveal late", 2, true, reveal(sellerA), types.ErrDeadlinePassed, "DEAL_STATUS_ACCEPTED stage ended"},
		{"dispute by the seller", 3, false, dispute(sellerA), types.ErrUnauthorized, "only deal 1's buyer"},
		{"dispute by an outsider", 3, false, dispute(outsider), types.ErrUnauthorized, "only deal 1's buyer"},
		{"dispute before the reveal", 2, false, dispute(buyer), types.ErrWrongDealStage, "needs DEAL_STATUS_KEY_REVEALED"},
		{"dispute at the settlement height", 3, true, dispute(buyer), types.ErrDeadlinePassed, "DEAL_STATUS_KEY_REVEALED stage ended"},
		{"unknown deal", 0, false, func(_ uint64, sd sealed) error { return deliver(sellerA)(9, sd) }, types.ErrDealNotFound, "no deal 9"},
		{"deal zero", 0, false, func(_ uint64, sd sealed) error { return accept(buyer)(0, sd) }, types.ErrInvalidRequest, "deal_id must be at least 1"},
		{"wrong key", 2, false, func(id uint64, _ sealed) error {
			_, err := s.msgs.RevealKey(s.ctx, &types.MsgRevealKey{Seller: s.bech32(sellerA), DealId: id, Key: bytes.Repeat([]byte{7}, 32)})
			return err
		}, types.ErrKeyMismatch, "but deal 1 committed to"},
		{"short key", 2, false, func(id uint64, sd sealed) error {
			_, err := s.msgs.RevealKey(s.ctx, &types.MsgRevealKey{Seller: s.bech32(sellerA), DealId: id, Key: sd.key[:31]})
			return err
		}, types.ErrInvalidRequest, "a deal key is 32 bytes, got 31"},
		{"short key hash", 0, false, func(id uint64, sd sealed) error {
			_, err := s.msgs.Deliver(s.ctx, &types.MsgDeliver{Seller: s.bech32(sellerA), DealId: id, KeyHash: []byte{1}, CiphertextRoot: sd.root})
			return err
		}, types.ErrInvalidRequest, "key_hash must be the 32-byte"},
		{"long ciphertext root", 0, false, func(id uint64, sd sealed) error {
			h := exchange.KeyHash(sd.key)
			_, err := s.msgs.Deliver(s.ctx, &types.MsgDeliver{Seller: s.bech32(sellerA), DealId: id, KeyHash: h[:], CiphertextRoot: make([]byte, 33)})
			return err
		}, types.ErrInvalidRequest, "ciphertext_root must be"},
	} {
		s.Run(tc.name, func() {
			id := s.matched(100, 2)
			sd := s.seal(s.deal(id))
			reach(id, sd, tc.stage)
			if tc.late {
				s.setHeight(s.deal(id).DeadlineHeight)
			}
			before := s.snapshot()
			s.fresh()
			err := tc.step(id, sd)
			s.requireRejected(err, tc.want, before)
			s.Require().ErrorContains(err, tc.message)
		})
	}
}

// Each stage that times out refunds the buyer in full; the seller is
// reported when it failed to deliver or to reveal, not when the buyer never
// accepted.
func (s *DataMarketSuite) TestDealExpiries() {
	for _, tc := range []struct {
		name    string
		stage   int
		status  types.DealStatus
		reports []reputationtypes.OutcomeKind
	}{
		{"never delivered", 0, types.DealAwaitingDelivery, []reputationtypes.OutcomeKind{reputationtypes.OutcomeDealUnfulfilled}},
		{"never accepted", 1, types.DealDelivered, nil},
		{"key withheld", 2, types.DealAccepted, []reputationtypes.OutcomeKind{reputationtypes.OutcomeDealUnfulfilled}},
	} {
		s.Run(tc.name, func() {
			id := s.matched(120, 5) // 600
			s.cancelBid(2)
			s.cancelOffer(1)
			sd := s.seal(s.deal(id))
			if tc.stage >= 1 {
				s.deliver(id, sd)
			}
			if tc.stage >= 2 {
				s.accept(id)
			}
			deadline := s.deal(id).DeadlineHeight
			s.setHeight(deadline - 1)
			s.endBlock()
			s.Require().Equal(tc.status, s.deal(id).Status)

			s.setHeight(deadline)
			s.endBlock()
			d := s.deal(id)
			s.Require().Equal(types.DealExpired, d.Status)
			s.Require().Equal(tc.status, d.ExpiredStage)
			s.Require().Equal(deadline, d.ClosedHeight)
			s.Require().False(s.queued(d))
			s.Require().Equal([]*types.EventDealExpired{{DealId: id, Stage: tc.status, Refunded: math.NewInt(600)}},
				typedEvents[*types.EventDealExpired](s.env))
			s.Require().Equal(int64(startBalance), s.balance(buyer), "the buyer has everything back")
			s.Require().Equal(int64(startBalance), s.balance(sellerA))
			s.Require().Zero(s.escrowed())
			var got []reputationtypes.OutcomeKind
			for _, r := range s.rep.reports {
				s.Require().Equal(sellerA, r.addr)
				s.Require().Equal("datamarket deal 1", r.reference)
				got = append(got, r.kind)
			}
			s.Require().Equal(tc.reports, got)
			// The leaves are not returned to the offer: its fill stays.
			s.requireConserved()
		})
	}
}

func (s *DataMarketSuite) cancelOffer(id uint64) {
	_, err := s.msgs.CancelOrder(s.ctx, &types.MsgCancelOrder{Owner: s.offer(id).Seller, OrderId: id})
	s.Require().NoError(err)
}

// The leaves of an expired deal are not offered again.
func (s *DataMarketSuite) TestExpiredDealLeavesStaySold() {
	offerID := s.postOffer(sellerA)
	bidID := s.postBid(buyer)
	s.match(bidID, offerID, 4)
	s.setHeight(startHeight + 10)
	s.endBlock()
	s.Require().Equal(types.DealExpired, s.deal(1).Status)
	s.Require().Equal(uint64(12), s.offer(offerID).Remaining())
	s.Require().Equal(uint64(4), s.match(bidID, offerID, 2).LeafStart)
}

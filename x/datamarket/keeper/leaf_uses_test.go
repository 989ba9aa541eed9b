package keeper_test

import (
	"bytes"
	"strings"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// settle posts a bid of the buyer for leaves leaves, matches it with
// offerID (which must be its best offer), takes the deal through an honest
// exchange to SETTLED at its deadline and returns it, with a fresh event
// manager.
func (s *DataMarketSuite) settle(offerID, leaves uint64) types.Deal {
	s.T().Helper()
	bidID := s.postBid(buyer, func(b *types.MsgPostBid) { b.LeafCount = leaves })
	id := s.match(bidID, offerID, leaves).DealId
	s.revealed(id)
	s.setHeight(s.deal(id).DeadlineHeight)
	s.endBlock()
	d := s.deal(id)
	s.Require().Equal(types.DealSettled, d.Status)
	s.fresh()
	return d
}

// leafUses is every count of the LeafUses map, by (deal, leaf).
func (s *DataMarketSuite) leafUses() map[[2]uint64]uint64 {
	s.T().Helper()
	out := map[[2]uint64]uint64{}
	s.Require().NoError(s.keeper.LeafUses.Walk(s.ctx, nil, func(k collections.Pair[uint64, uint64], n uint64) (bool, error) {
		out[[2]uint64{k.K1(), k.K2()}] = n
		return false, nil
	}))
	return out
}

// requireOnlyLeafUsesChanged requires every store key that differs from
// before to be a LeafUses entry, and the bank unchanged.
func (s *DataMarketSuite) requireOnlyLeafUsesChanged(before snapshot) {
	s.T().Helper()
	after := s.snapshot()
	prefix := types.LeafUsesPrefix.Bytes()
	for k, v := range after.store {
		if old, ok := before.store[k]; !ok || old != v {
			s.Require().True(bytes.HasPrefix([]byte(k), prefix), "key %X changed", k)
		}
	}
	for k := range before.store {
		_, ok := after.store[k]
		s.Require().True(ok, "key %X removed", k)
	}
	s.Require().Equal(before.bank, after.bank, "balances changed")
	s.Require().Equal(before.slashes, after.slashes)
	s.Require().Equal(before.reports, after.reports)
}

// Uses are counted per (deal, leaf), accumulating over calls, each call
// emitting one EventLeavesUsed with the leaves in the caller's order;
// nothing but the counts changes.
func (s *DataMarketSuite) TestMarkLeavesUsedCounts() {
	offer := s.postOffer(sellerA)
	first := s.settle(offer, 2)  // leaves [0, 2)
	second := s.settle(offer, 3) // leaves [2, 5)
	s.Require().Equal([2]uint64{0, 2}, [2]uint64{first.LeafStart, first.LeafCount})
	s.Require().Equal([2]uint64{2, 3}, [2]uint64{second.LeafStart, second.LeafCount})
	s.Require().Empty(s.leafUses())

	longest := strings.Repeat("r", 128) // MaxUseReferenceLength
	for _, call := range []struct {
		deal      uint64
		leaves    []uint64
		reference string
		want      map[[2]uint64]uint64
	}{
		{second.Id, []uint64{4, 2}, "pog version 1",
			map[[2]uint64]uint64{{2, 2}: 1, {2, 4}: 1}},
		{second.Id, []uint64{2, 3}, "pog version 2",
			map[[2]uint64]uint64{{2, 2}: 2, {2, 3}: 1, {2, 4}: 1}},
		{first.Id, []uint64{1}, longest,
			map[[2]uint64]uint64{{1, 1}: 1, {2, 2}: 2, {2, 3}: 1, {2, 4}: 1}},
		{second.Id, []uint64{2, 3, 4}, "",
			map[[2]uint64]uint64{{1, 1}: 1, {2, 2}: 3, {2, 3}: 2, {2, 4}: 2}},
		{first.Id, []uint64{0, 1}, "pog version 3",
			map[[2]uint64]uint64{{1, 0}: 1, {1, 1}: 2, {2, 2}: 3, {2, 3}: 2, {2, 4}: 2}},
	} {
		before := s.snapshot()
		s.fresh()
		s.Require().NoError(s.keeper.MarkLeavesUsed(s.ctx, call.deal, buyer, call.leaves, call.reference))
		s.Require().Equal(call.want, s.leafUses())
		s.Require().Len(s.ctx.EventManager().Events(), 1)
		s.Require().Equal([]*types.EventLeavesUsed{{DealId: call.deal, Leaves: call.leaves, Reference: call.reference}},
			typedEvents[*types.EventLeavesUsed](s.env))
		s.requireOnlyLeafUsesChanged(before)
		s.requireConserved()
	}
	s.Require().Equal(first, s.deal(first.Id), "the deal is unchanged")
	s.Require().Equal(second, s.deal(second.Id))
}

// SettledDeal returns a settled deal and refuses the rest.
func (s *DataMarketSuite) TestSettledDeal() {
	m := s.market()
	d, err := s.keeper.SettledDeal(s.ctx, m.settled)
	s.Require().NoError(err)
	s.Require().Equal(s.deal(m.settled), d)
	_, err = s.keeper.SettledDeal(s.ctx, m.revealed)
	s.Require().ErrorIs(err, types.ErrWrongDealStage)
	s.Require().EqualError(err, "deal 9 is DEAL_STATUS_KEY_REVEALED, not settled; only settled deals' leaves may be used: deal is not at this stage")
	_, err = s.keeper.SettledDeal(s.ctx, 11)
	s.Require().ErrorIs(err, types.ErrDealNotFound)
	s.Require().EqualError(err, "no deal 11: deal not found")
}

// Only SETTLED deals' leaves may be used: a deal in any other status, by
// its own buyer and at a leaf it sold, is refused and nothing changes.
func (s *DataMarketSuite) TestMarkLeavesUsedNeedsASettledDeal() {
	m := s.market()
	for _, id := range []uint64{
		m.disputed, m.expiredUndelivered, m.expiredDelivered, m.expiredAccepted,
		m.awaiting, m.delivered, m.accepted, m.revealed, m.modelUpdate,
	} {
		d := s.deal(id)
		b, err := sdk.AccAddressFromBech32(d.Buyer)
		s.Require().NoError(err)
		before := s.snapshot()
		err = s.keeper.MarkLeavesUsed(s.ctx, id, b, []uint64{d.LeafStart}, "pog version 1")
		s.requireRejected(err, types.ErrWrongDealStage, before)
		s.Require().EqualError(err, "deal "+uitoa(id)+" is "+d.Status.String()+
			", not settled; only settled deals' leaves may be used: deal is not at this stage")
	}
	// Once the revealed deal settles, its leaf may be used.
	s.setHeight(s.deal(m.revealed).DeadlineHeight)
	s.endBlock()
	s.fresh()
	s.Require().NoError(s.keeper.MarkLeavesUsed(s.ctx, m.revealed, buyer, []uint64{s.deal(m.revealed).LeafStart}, "pog version 2"))
	s.Require().Equal(map[[2]uint64]uint64{{m.settled, m.settledLeaf}: 2, {m.revealed, 9}: 1}, s.leafUses())
}

// Every other refusal returns its error and changes nothing: no count, no
// event, even when the refusal comes after some leaves were counted in the
// call's cached context.
func (s *DataMarketSuite) TestMarkLeavesUsedRefusals() {
	tooMany := make([]uint64, 1025)
	for i := range tooMany {
		tooMany[i] = 2 + uint64(i%3)
	}
	for _, tc := range []struct {
		name      string
		malleate  func(deal uint64)
		deal      uint64 // 0: the second settled deal
		caller    sdk.AccAddress
		leaves    []uint64
		reference string
		want      error
		message   string
	}{
		{name: "unknown deal", deal: 99, caller: buyer, leaves: []uint64{2}, want: types.ErrDealNotFound,
			message: "no deal 99: deal not found"},
		{name: "another buyer", caller: buyer2, leaves: []uint64{2}, want: types.ErrUnauthorized,
			message: "deal 2 was bought by " + buyer.String() + "; only its buyer's proofs may use its leaves: not allowed for this signer"},
		{name: "the seller", caller: sellerA, leaves: []uint64{2}, want: types.ErrUnauthorized,
			message: "deal 2 was bought by " + buyer.String() + "; only its buyer's proofs may use its leaves: not allowed for this signer"},
		{name: "no caller", leaves: []uint64{2}, want: types.ErrUnauthorized,
			message: "deal 2 was bought by " + buyer.String() + "; only its buyer's proofs may use its leaves: not allowed for this signer"},
		{name: "no leaves", caller: buyer, leaves: nil, want: types.ErrInvalidLeafUse,
			message: "give 1..1024 leaves, got 0: invalid leaf use"},
		{name: "an empty list", caller: buyer, leaves: []uint64{}, want: types.ErrInvalidLeafUse,
			message: "give 1..1024 leaves, got 0: invalid leaf use"},
		{name: "more than 1024 leaves", caller: buyer, leaves: tooMany, want: types.ErrInvalidLeafUse,
			message: "give 1..1024 leaves, got 1025: invalid leaf use"},
		{name: "a reference of 129 bytes", caller: buyer, leaves: []uint64{2}, reference: strings.Repeat("r", 129),
			want: types.ErrInvalidLeafUse, message: "reference must be at most 128 bytes, got 129: invalid leaf use"},
		{name: "a leaf another deal sold", caller: buyer, leaves: []uint64{1}, want: types.ErrInvalidLeafUse,
			message: "leaves[0] = 1 is not a leaf deal 2 sold ([2, 5)): invalid leaf use"},
		{name: "the leaf after the range", caller: buyer, leaves: []uint64{2, 3, 5}, want: types.ErrInvalidLeafUse,
			message: "leaves[2] = 5 is not a leaf deal 2 sold ([2, 5)): invalid leaf use"},
		{name: "the largest leaf", caller: buyer, leaves: []uint64{^uint64(0)}, want: types.ErrInvalidLeafUse,
			message: "leaves[0] = 18446744073709551615 is not a leaf deal 2 sold ([2, 5)): invalid leaf use"},
		{name: "a leaf twice", caller: buyer, leaves: []uint64{3, 4, 3}, want: types.ErrInvalidLeafUse,
			message: "leaves[2]: leaf 3 is listed twice: invalid leaf use"},
		{name: "a full count after a counted leaf",
			malleate: func(deal uint64) {
				s.Require().NoError(s.keeper.LeafUses.Set(s.ctx, collections.Join(deal, uint64(4)), ^uint64(0)))
			},
			caller: buyer, leaves: []uint64{2, 3, 4}, want: types.ErrInvalidLeafUse,
			message: "leaf 4 of deal 2 has been used 18446744073709551615 times, the most a count holds: invalid leaf use"},
	} {
		s.Run(tc.name, func() {
			offer := s.postOffer(sellerA)
			s.settle(offer, 2)
			second := s.settle(offer, 3).Id
			s.Require().Equal(uint64(2), second)
			s.Require().NoError(s.keeper.MarkLeavesUsed(s.ctx, second, buyer, []uint64{2}, "earlier"))
			if tc.malleate != nil {
				tc.malleate(second)
			}
			s.fresh()
			deal := tc.deal
			if deal == 0 {
				deal = second
			}
			before := s.snapshot()
			uses := s.leafUses()
			err := s.keeper.MarkLeavesUsed(s.ctx, deal, tc.caller, tc.leaves, tc.reference)
			s.requireRejected(err, tc.want, before)
			s.Require().EqualError(err, tc.message)
			s.Require().Equal(uses, s.leafUses())
		})
	}
}

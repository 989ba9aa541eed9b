package keeper_test

import (
	"bytes"
	"fmt"
	"strings"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

func (s *DataMarketSuite) TestPostOfferStoresAndQueues() {
	msg := s.offerMsg(sellerA)
	res, err := s.msgs.PostOffer(s.ctx, msg)
	s.Require().NoError(err)
	s.Require().Equal(uint64(1), res.OrderId, "order ids start at 1")

	o := s.offer(1)
	s.Require().Equal(types.Offer{
		Id: 1, Seller: s.bech32(sellerA), Kind: types.KindData, TaskId: taskID, DataRoot: msg.DataRoot,
		LeafCount: 16, PricePerLeaf: math.NewInt(100), GroupCounts: msg.GroupCounts,
		ExpiryHeight: startHeight + 500, CreatedHeight: startHeight,
	}, o)
	has, err := s.keeper.OrderExpiries.Has(s.ctx, collections.Join(o.ExpiryHeight, o.Id))
	s.Require().NoError(err)
	s.Require().True(has, "the offer is queued at its expiry height")
	s.Require().Equal([]*types.EventOfferPosted{{Offer: o}}, typedEvents[*types.EventOfferPosted](s.env))

	// Bids draw from the same sequence: a lower id is an older order.
	s.Require().Equal(uint64(2), s.postBid(buyer))
	s.Require().Equal(uint64(3), s.postOffer(sellerB))
	s.Require().Equal(int64(0), s.escrowed()-10*150, "only the bid's escrow is held")
	s.requireConserved()
}

func (s *DataMarketSuite) TestPostModelUpdateOffer() {
	id := s.postOffer(sellerA, modelUpdateOffer)
	o := s.offer(id)
	w := weightsFixture()
	s.Require().Equal(types.KindModelUpdate, o.Kind)
	s.Require().Equal(uint64(modelID), o.ModelId)
	s.Require().Equal(uint64(7), o.VersionId)
	s.Require().Equal(w.commitment[:], o.WeightsCommitment)
	s.Require().Equal(uint64(3), o.LeafCount)
	s.Require().Equal(uint64(1), o.Id)
	// Group counts of an update describe the samples it was trained on, not
	// its leaves: 4,000 samples over 3 chunks are accepted.
	s.Require().Equal(uint64(4_000), o.GroupCounts[0].Samples)
	s.requireConserved()
}

func (s *DataMarketSuite) TestVersionCheckerSeam() {
	s.keeper.SetVersionChecker(fakeVersions{accepted: map[[2]uint64]bool{{modelID, 7}: true}})
	s.msgs = keeperMsgServer(s.env)
	s.postOffer(sellerA, modelUpdateOffer)

	before := s.snapshot()
	s.fresh()
	msg := s.offerMsg(sellerB)
	modelUpdateOffer(msg)
	msg.VersionId = 8
	_, err := s.msgs.PostOffer(s.ctx, msg)
	s.requireRejected(err, types.ErrInvalidOrder, before)
	s.Require().ErrorContains(err, "version 8 of model 2 is not accepted")
}

func (s *DataMarketSuite) TestPostOfferRejections() {
	nonCanonical := bytes.Repeat([]byte{0xff}, 32)
	tooManyGroups := make([]types.GroupCount, types.MaxGroups+1)
	for i := range tooManyGroups {
		tooManyGroups[i] = types.GroupCount{Group: fmt.Sprintf("g%d", i), Samples: 1}
	}
	for _, tc := range []struct {
		name    string
		seller  sdk.AccAddress
		mutate  func(*types.MsgPostOffer)
		want    error
		message string
	}{
		{"seller without DATA_NODE", buyer, nil, staketypes.ErrRoleRequired, "DATA_NODE"},
		{"bad seller address", sellerA, func(m *types.MsgPostOffer) { m.Seller = "lgpt1nope" }, types.ErrInvalidAddress, "seller"},
		{"unspecified kind", sellerA, func(m *types.MsgPostOffer) { m.Kind = types.KindUnspecified }, types.ErrInvalidOrder, "kind must be"},
		{"unknown task", sellerA, func(m *types.MsgPostOffer) { m.TaskId = 99 }, types.ErrInvalidOrder, "task 99 does not exist"},
		{"DATA with a model", sellerA, func(m *types.MsgPostOffer) { m.ModelId = modelID }, types.ErrInvalidOrder, "a DATA offer has no model_id"},
		{"update of a deprecated model", sellerA, func(m *types.MsgPostOffer) { modelUpdateOffer(m); m.ModelId = deprecatedModelID }, types.ErrInvalidOrder, "only active models"},
		{"update of an unknown model", sellerA, func(m *types.MsgPostOffer) { modelUpdateOffer(m); m.ModelId = 77 }, types.ErrInvalidOrder, "model 77 does not exist"},
		{"update of another task's model", sellerA, func(m *types.MsgPostOffer) { modelUpdateOffer(m); m.ModelId = otherModelID }, types.ErrIncompatible, "model 5 is for task 4, not task 1"},
		{"update without version", sellerA, func(m *types.MsgPostOffer) { modelUpdateOffer(m); m.VersionId = 0 }, types.ErrInvalidOrder, "version_id"},
		{"update with a short commitment", sellerA, func(m *types.MsgPostOffer) { modelUpdateOffer(m); m.WeightsCommitment = m.WeightsCommitment[:31] }, types.ErrInvalidOrder, "weights_commitment"},
		{"non-canonical data root", sellerA, func(m *types.MsgPostOffer) { m.DataRoot = nonCanonical }, types.ErrInvalidOrder, "data_root must be a canonical"},
		{"no leaves", sellerA, func(m *types.MsgPostOffer) { m.LeafCount = 0 }, types.ErrInvalidOrder, "leaf_count must be in 1..1048576"},
		{"too many leaves", sellerA, func(m *types.MsgPostOffer) { m.LeafCount = 1<<20 + 1 }, types.ErrInvalidOrder, "max_leaves_per_order"},
		{"zero price", sellerA, func(m *types.MsgPostOffer) { m.PricePerLeaf = math.ZeroInt() }, types.ErrInvalidPrice, "positive"},
		{"price above uint64", sellerA, func(m *types.MsgPostOffer) { m.PricePerLeaf = math.NewIntFromUint64(^uint64(0)).AddRaw(1) }, types.ErrInvalidPrice, "fit a uint64"},
		{"more samples than leaves hold", sellerA, func(m *types.MsgPostOffer) { m.GroupCounts[1].Samples = 25 }, types.ErrInvalidOrder, "65 samples, more than the 64"},
		{"duplicate group", sellerA, func(m *types.MsgPostOffer) { m.GroupCounts[1].Group = "clinic-a" }, types.ErrInvalidOrder, "listed twice"},
		{"unnamed group", sellerA, func(m *types.MsgPostOffer) { m.GroupCounts[1].Group = "" }, types.ErrInvalidOrder, "1..64 bytes"},
		{"long group name", sellerA, func(m *types.MsgPostOffer) { m.GroupCounts[1].Group = strings.Repeat("g", 65) }, types.ErrInvalidOrder, "1..64 bytes"},
		{"empty group", sellerA, func(m *types.MsgPostOffer) { m.GroupCounts[1].Samples = 0 }, types.ErrInvalidOrder, "at least one sample"},
		{"too many groups", sellerA, func(m *types.MsgPostOffer) { m.GroupCounts = tooManyGroups }, types.ErrInvalidOrder, "at most 64 group counts"},
		{"minimum off the bucket grid", sellerA, func(m *types.MsgPostOffer) { m.MinBuyerReputation = 120_000 }, types.ErrInvalidOrder, "multiple of 50000"},
		{"minimum above the score range", sellerA, func(m *types.MsgPostOffer) { m.MinBuyerReputation = 1_050_000 }, types.ErrInvalidOrder, "at most 1000000"},
		{"expiry now", sellerA, func(m *types.MsgPostOffer) { m.ExpiryHeight = startHeight }, types.ErrInvalidOrder, "expiry_height must be in 101..1100"},
		{"expiry too far", sellerA, func(m *types.MsgPostOffer) { m.ExpiryHeight = startHeight + 1_001 }, types.ErrInvalidOrder, "max_order_blocks"},
	} {
		s.Run(tc.name, func() {
			s.postOffer(sellerC) // something in the store already
			before := s.snapshot()
			s.fresh()
			msg := s.offerMsg(tc.seller)
			if tc.mutate != nil {
				tc.mutate(msg)
			}
			_, err := s.msgs.PostOffer(s.ctx, msg)
			s.requireRejected(err, tc.want, before)
			s.Require().ErrorContains(err, tc.message)
		})
	}
}

func (s *DataMarketSuite) TestPostBidEscrows() {
	res, err := s.msgs.PostBid(s.ctx, s.bidMsg(buyer))
	s.Require().NoError(err)
	s.Require().Equal(uint64(1), res.OrderId)
	s.Require().Equal(math.NewInt(1_500), res.Escrow)
	s.Require().Equal(int64(startBalance-1_500), s.balance(buyer))
	s.Require().Equal(int64(1_500), s.escrowed())
	b := s.bid(1)
	s.Require().Equal(types.Bid{
		Id: 1, Buyer: s.bech32(buyer), Kind: types.KindData, ModelId: modelID, TaskId: taskID, LeafCount: 10,
		MaxPricePerLeaf: math.NewInt(150), Escrow: math.NewInt(1_500), ExpiryHeight: startHeight + 500, CreatedHeight: startHeight,
	}, b, "the task comes from the model")
	has, err := s.keeper.OrderExpiries.Has(s.ctx, collections.Join(b.ExpiryHeight, b.Id))
	s.Require().NoError(err)
	s.Require().True(has)
	s.Require().Equal([]*types.EventBidPosted{{Bid: b}}, typedEvents[*types.EventBidPosted](s.env))
	s.requireConserved()
}

func (s *DataMarketSuite) TestPostBidRejections() {
	for _, tc := range []struct {
		name    string
		buyer   sdk.AccAddress
		setup   func()
		mutate  func(*types.MsgPostBid)
		want    error
		message string
	}{
		{"buyer without LEARNER", sellerA, nil, nil, staketypes.ErrRoleRequired, "LEARNER"},
		{"bad buyer address", buyer, nil, func(m *types.MsgPostBid) { m.Buyer = "" }, types.ErrInvalidAddress, "buyer"},
		{"unknown model", buyer, nil, func(m *types.MsgPostBid) { m.ModelId = 42 }, types.ErrInvalidOrder, "model 42 does not exist"},
		{"deprecated model", buyer, nil, func(m *types.MsgPostBid) { m.ModelId = deprecatedModelID }, types.ErrInvalidOrder, "only active models"},
		{"unspecified kind", buyer, nil, func(m *types.MsgPostBid) { m.Kind = types.KindUnspecified }, types.ErrInvalidOrder, "kind must be"},
		{"no leaves", buyer, nil, func(m *types.MsgPostBid) { m.LeafCount = 0 }, types.ErrInvalidOrder, "leaf_count"},
		{"too many leaves", buyer, nil, func(m *types.MsgPostBid) { m.LeafCount = 1<<20 + 1 }, types.ErrInvalidOrder, "leaf_count"},
		{"zero price", buyer, nil, func(m *types.MsgPostBid) { m.MaxPricePerLeaf = math.ZeroInt() }, types.ErrInvalidPrice, "max_price_per_leaf must be a positive"},
		{"price above uint64", buyer, nil, func(m *types.MsgPostBid) { m.MaxPricePerLeaf = math.NewIntFromUint64(^uint64(0)).AddRaw(1) }, types.ErrInvalidPrice, "fit a uint64"},
		{"expired", buyer, nil, func(m *types.MsgPostBid) { m.ExpiryHeight = 1 }, types.ErrInvalidOrder, "expiry_height"},
		{"insufficient funds", buyer, nil, func(m *types.MsgPostBid) { m.MaxPricePerLeaf = math.NewInt(startBalance/10 + 1) }, types.ErrInsufficientFunds,
			fmt.Sprintf("escrows 10 leaves * 100000001 = 1000000010ulgpt, but %s can spend only 1000000000ulgpt", buyer)},
		{"funds locked", buyer, func() { s.bank.locked[string(buyer)] = sdk.NewCoins(sdk.NewInt64Coin(denom, startBalance-1_000)) }, nil,
			types.ErrInsufficientFunds, "can spend only 1000ulgpt"},
	} {
		s.Run(tc.name, func() {
			s.postBid(buyer2)
			if tc.setup != nil {
				tc.setup()
			}
			before := s.snapshot()
			s.fresh()
			msg := s.bidMsg(tc.buyer)
			if tc.mutate != nil {
				tc.mutate(msg)
			}
			_, err := s.msgs.PostBid(s.ctx, msg)
			s.requireRejected(err, tc.want, before)
			s.Require().ErrorContains(err, tc.message)
		})
	}
}

func (s *DataMarketSuite) TestCancelOffer() {
	id := s.postOffer(sellerA)
	bidID := s.postBid(buyer, func(m *types.MsgPostBid) { m.LeafCount = 3 })
	s.match(bidID, id, 3)
	s.fresh()
	res, err := s.msgs.CancelOrder(s.ctx, &types.MsgCancelOrder{Owner: s.bech32(sellerA), OrderId: id})
	s.Require().NoError(err)
	s.Require().True(res.Refunded.IsZero())
	has, err := s.keeper.Offers.Has(s.ctx, id)
	s.Require().NoError(err)
	s.Require().False(has, "a cancelled offer is deleted")
	s.Require().Equal([]*types.EventOrderClosed{{
		OrderId: id, Owner: s.bech32(sellerA), Reason: types.ReasonCancelled, Unfilled: 13, Refunded: math.ZeroInt(),
	}}, typedEvents[*types.EventOrderClosed](s.env))
	s.Require().Equal(types.DealAwaitingDelivery, s.deal(1).Status, "its deals go on")
	s.requireConserved()
}

func (s *DataMarketSuite) TestCancelBidRefundsTheRemainingEscrow() {
	offerID := s.postOffer(sellerA)
	bidID := s.postBid(buyer)  // 10 leaves at up to 150: 1,500 escrowed
	s.match(bidID, offerID, 4) // 4 at 100: 400 in the deal, 200 back
	s.Require().Equal(int64(startBalance-1_500+200), s.balance(buyer))
	s.fresh()
	res, err := s.msgs.CancelOrder(s.ctx, &types.MsgCancelOrder{Owner: s.bech32(buyer), OrderId: bidID})
	s.Require().NoError(err)
	s.Require().Equal(math.NewInt(900), res.Refunded, "(10 - 4) * 150")
	s.Require().Equal(int64(startBalance-400), s.balance(buyer))
	s.Require().Equal(int64(400), s.escrowed(), "only the deal's amount is left")
	s.Require().Equal([]*types.EventOrderClosed{{
		OrderId: bidID, Owner: s.bech32(buyer), IsBid: true, Reason: types.ReasonCancelled, Unfilled: 6, Refunded: math.NewInt(900),
	}}, typedEvents[*types.EventOrderClosed](s.env))
	has, err := s.keeper.OrderExpiries.Has(s.ctx, collections.Join(int64(startHeight+500), bidID))
	s.Require().NoError(err)
	s.Require().False(has, "the expiry entry goes with the order")
	s.requireConserved()
}

func (s *DataMarketSuite) TestCancelRejections() {
	for _, tc := range []struct {
		name    string
		msg     func(offer, bid uint64) *types.MsgCancelOrder
		want    error
		message string
	}{
		{"offer of another", func(o, _ uint64) *types.MsgCancelOrder {
			return &types.MsgCancelOrder{Owner: s.bech32(sellerB), OrderId: o}
		}, types.ErrUnauthorized, "only its owner"},
		{"bid of another", func(_, b uint64) *types.MsgCancelOrder {
			return &types.MsgCancelOrder{Owner: s.bech32(buyer2), OrderId: b}
		}, types.ErrUnauthorized, "only its owner"},
		{"unknown order", func(_, _ uint64) *types.MsgCancelOrder {
			return &types.MsgCancelOrder{Owner: s.bech32(buyer), OrderId: 99}
		}, types.ErrOrderNotFound, "no open offer or bid 99"},
		{"order zero", func(_, _ uint64) *types.MsgCancelOrder {
			return &types.MsgCancelOrder{Owner: s.bech32(buyer), OrderId: 0}
		}, types.ErrInvalidRequest, "order_id"},
		{"bad owner", func(o, _ uint64) *types.MsgCancelOrder {
			return &types.MsgCancelOrder{Owner: "x", OrderId: o}
		}, types.ErrInvalidAddress, "owner"},
	} {
		s.Run(tc.name, func() {
			offerID, bidID := s.postOffer(sellerA), s.postBid(buyer)
			before := s.snapshot()
			s.fresh()
			_, err := s.msgs.CancelOrder(s.ctx, tc.msg(offerID, bidID))
			s.requireRejected(err, tc.want, before)
			s.Require().ErrorContains(err, tc.message)
		})
	}
}

package keeper_test

import (
	"cosmossdk.io/math"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// The Query service over market(): the exact records each query returns,
// its filters, pages (limit, offset, next key, total, reverse) and order,
// and every bad request with its gRPC code and message.

// requireStatus requires err to be a gRPC status with code and exactly
// message.
func (s *DataMarketSuite) requireStatus(err error, code codes.Code, message string) {
	s.T().Helper()
	s.Require().Error(err)
	st, ok := status.FromError(err)
	s.Require().True(ok, "not a gRPC status: %v", err)
	s.Require().Equal(code, st.Code(), "code of %q", st.Message())
	s.Require().Equal(message, st.Message())
}

// idsOf lists the ids of records, in order.
func idsOf[T any](records []T, id func(T) uint64) []uint64 {
	out := []uint64{}
	for _, r := range records {
		out = append(out, id(r))
	}
	return out
}

func offerIDs(offers []types.Offer) []uint64 {
	return idsOf(offers, func(o types.Offer) uint64 { return o.Id })
}
func bidIDs(bids []types.Bid) []uint64 { return idsOf(bids, func(b types.Bid) uint64 { return b.Id }) }
func dealIDs(deals []types.Deal) []uint64 {
	return idsOf(deals, func(d types.Deal) uint64 { return d.Id })
}

// key is the page key of a record keyed (or, under a prefix, ended) by
// these uint64s: each big-endian, as collections encodes them.
func key(parts ...uint64) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, sdk.Uint64ToBigEndian(p)...)
	}
	return out
}

// pageCase is one page request and the ids, next key and total it gets.
type pageCase struct {
	name  string
	page  *query.PageRequest
	ids   []uint64
	next  []byte
	total uint64
}

// requirePage requires a page's ids, next key and total.
func (s *DataMarketSuite) requirePage(tc pageCase, ids []uint64, page *query.PageResponse) {
	s.T().Helper()
	s.Require().Equal(tc.ids, ids, tc.name)
	s.Require().NotNil(page, tc.name)
	s.Require().Equal(tc.next, page.NextKey, tc.name)
	s.Require().Equal(tc.total, page.Total, tc.name)
}

// badAddress is not bech32; its decoding error, as the queries quote it.
const (
	badAddress    = "notanaddress"
	badAddressErr = `"notanaddress" is not a valid account address: decoding bech32 failed: invalid separator index -1`
)

// otherPrefix is a valid bech32 address of another chain.
var otherPrefix = sdk.MustBech32ifyAddressBytes("osmo", buyer)

func (s *DataMarketSuite) TestQueryParams() {
	res, err := s.querier.Params(s.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(testParams(), res.Params)

	s.setParams(func(p *types.Params) { p.DisputeWindowBlocks = 33 })
	res, err = s.querier.Params(s.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	want := testParams()
	want.DisputeWindowBlocks = 33
	s.Require().Equal(want, res.Params)

	_, err = s.querier.Params(s.ctx, nil)
	s.requireStatus(err, codes.InvalidArgument, "empty request")

	// A store that never saw genesis has no params.
	twin := s.env.twin()
	_, err = twin.querier.Params(twin.ctx, &types.QueryParamsRequest{})
	s.Require().Equal(codes.Internal, status.Code(err))
	s.Require().ErrorContains(err, "not found")
}

// Offer returns each open offer as stored; bids, closed offers and
// unknown ids are NotFound.
func (s *DataMarketSuite) TestQueryOffer() {
	m := s.market()
	for _, id := range []uint64{m.offerA, m.offerB, m.offerC} {
		res, err := s.querier.Offer(s.ctx, &types.QueryOfferRequest{OrderId: id})
		s.Require().NoError(err)
		s.Require().Equal(s.offer(id), res.Offer)
	}
	res, err := s.querier.Offer(s.ctx, &types.QueryOfferRequest{OrderId: m.offerA})
	s.Require().NoError(err)
	a := res.Offer
	s.Require().Equal(s.bech32(sellerA), a.Seller)
	s.Require().Equal(types.KindData, a.Kind)
	s.Require().Equal(uint64(taskID), a.TaskId)
	s.Require().Equal(uint64(16), a.LeafCount)
	s.Require().Equal(uint64(10), a.Filled, "ten leaves sold in the market's deals")
	s.Require().Equal(math.NewInt(100), a.PricePerLeaf)
	s.Require().Equal(m.orderEnd, a.ExpiryHeight)
	res, err = s.querier.Offer(s.ctx, &types.QueryOfferRequest{OrderId: m.offerC})
	s.Require().NoError(err)
	s.Require().Equal(types.KindModelUpdate, res.Offer.Kind)
	s.Require().Equal(uint64(modelID), res.Offer.ModelId)
	s.Require().Equal(uint64(7), res.Offer.VersionId)

	s.cancelOffer(m.offerB)
	for _, tc := range []struct {
		name    string
		req     *types.QueryOfferRequest
		code    codes.Code
		message string
	}{
		{"nil request", nil, codes.InvalidArgument, "empty request"},
		{"id 0", &types.QueryOfferRequest{}, codes.InvalidArgument, "order_id must be at least 1 (ids start at 1)"},
		{"a bid's id", &types.QueryOfferRequest{OrderId: m.bidA}, codes.NotFound, "no open offer 4"},
		{"a cancelled offer", &types.QueryOfferRequest{OrderId: m.offerB}, codes.NotFound, "no open offer 2"},
		{"an id never drawn", &types.QueryOfferRequest{OrderId: 99}, codes.NotFound, "no open offer 99"},
	} {
		_, err := s.querier.Offer(s.ctx, tc.req)
		s.requireStatus(err, tc.code, tc.message)
	}
}

// Offers pages through open offers by id, all or one seller's.
func (s *DataMarketSuite) TestQueryOffers() {
	m := s.market()
	seven := s.postOffer(sellerA, priced(95, 0))
	eight := s.postOffer(sellerA, priced(110, 0))
	s.Require().Equal([]uint64{7, 8}, []uint64{seven, eight})

	res, err := s.querier.Offers(s.ctx, &types.QueryOffersRequest{})
	s.Require().NoError(err)
	s.Require().Equal([]types.Offer{s.offer(m.offerA), s.offer(m.offerB), s.offer(m.offerC), s.offer(seven), s.offer(eight)}, res.Offers)

	for _, tc := range []pageCase{
		{"everything", nil, []uint64{1, 2, 3, 7, 8}, nil, 5},
		{"first page with total", &query.PageRequest{Limit: 2, CountTotal: true}, []uint64{1, 2}, key(3), 5},
		{"first page", &query.PageRequest{Limit: 2}, []uint64{1, 2}, key(3), 0},
		{"second page", &query.PageRequest{Key: key(3), Limit: 2}, []uint64{3, 7}, key(8), 0},
		{"last page", &query.PageRequest{Key: key(8), Limit: 2}, []uint64{8}, nil, 0},
		{"a key between ids", &query.PageRequest{Key: key(4), Limit: 2}, []uint64{7, 8}, nil, 0},
		{"offset", &query.PageRequest{Offset: 3, Limit: 1, CountTotal: true}, []uint64{7}, key(8), 5},
		{"offset past the end", &query.PageRequest{Offset: 5, Limit: 1, CountTotal: true}, []uint64{}, nil, 5},
		{"reverse", &query.PageRequest{Limit: 2, Reverse: true}, []uint64{8, 7}, key(3), 0},
		{"reverse second page", &query.PageRequest{Key: key(3), Limit: 2, Reverse: true}, []uint64{3, 2}, key(1), 0},
	} {
		res, err := s.querier.Offers(s.ctx, &types.QueryOffersRequest{Pagination: tc.page})
		s.Require().NoError(err, tc.name)
		s.requirePage(tc, offerIDs(res.Offers), res.Pagination)
	}

	// By seller, through the BySeller index: page keys are the ids alone.
	for _, tc := range []struct {
		seller string
		pageCase
	}{
		{s.bech32(sellerA), pageCase{"sellerA", nil, []uint64{1, 7, 8}, nil, 3}},
		{s.bech32(sellerA), pageCase{"sellerA first page", &query.PageRequest{Limit: 2, CountTotal: true}, []uint64{1, 7}, key(8), 3}},
		{s.bech32(sellerA), pageCase{"sellerA second page", &query.PageRequest{Key: key(8), Limit: 2}, []uint64{8}, nil, 0}},
		{s.bech32(sellerA), pageCase{"sellerA reverse", &query.PageRequest{Limit: 2, Reverse: true}, []uint64{8, 7}, key(1), 0}},
		{s.bech32(sellerB), pageCase{"sellerB", nil, []uint64{2}, nil, 1}},
		{s.bech32(sellerC), pageCase{"sellerC", nil, []uint64{3}, nil, 1}},
		{s.bech32(buyer), pageCase{"a buyer sells nothing", nil, []uint64{}, nil, 0}},
	} {
		res, err := s.querier.Offers(s.ctx, &types.QueryOffersRequest{Seller: tc.seller, Pagination: tc.page})
		s.Require().NoError(err, tc.name)
		s.requirePage(tc.pageCase, offerIDs(res.Offers), res.Pagination)
		for _, o := range res.Offers {
			s.Require().Equal(s.offer(o.Id), o)
			s.Require().Equal(tc.seller, o.Seller)
		}
	}

	for _, tc := range []struct {
		name    string
		req     *types.QueryOffersRequest
		message string
	}{
		{"nil request", nil, "empty request"},
		{"bad seller", &types.QueryOffersRequest{Seller: badAddress}, "seller " + badAddressErr},
		{"offset and key", &types.QueryOffersRequest{Pagination: &query.PageRequest{Key: key(3), Offset: 1}},
			"invalid request, either offset or key is expected, got both"},
		{"offset and key by seller", &types.QueryOffersRequest{Seller: s.bech32(sellerA), Pagination: &query.PageRequest{Key: key(3), Offset: 1}},
			"invalid request, either offset or key is expected, got both"},
	} {
		_, err := s.querier.Offers(s.ctx, tc.req)
		s.requireStatus(err, codes.InvalidArgument, tc.message)
	}
}

// Bid returns each open bid as stored, with its escrow.
func (s *DataMarketSuite) TestQueryBid() {
	m := s.market()
	for _, tc := range []struct {
		id             uint64
		buyer          string
		kind           types.OfferKind
		filled, leaves uint64
		escrow         int64
	}{
		{m.bidA, s.bech32(buyer), types.KindData, 10, 12, 300},
		{m.bidB, s.bech32(buyer2), types.KindModelUpdate, 1, 3, 300},
		{m.bidC, s.bech32(buyer2), types.KindData, 0, 5, 400},
	} {
		res, err := s.querier.Bid(s.ctx, &types.QueryBidRequest{OrderId: tc.id})
		s.Require().NoError(err)
		s.Require().Equal(s.bid(tc.id), res.Bid)
		b := res.Bid
		s.Require().Equal(tc.buyer, b.Buyer)
		s.Require().Equal(tc.kind, b.Kind)
		s.Require().Equal(uint64(modelID), b.ModelId)
		s.Require().Equal(uint64(taskID), b.TaskId)
		s.Require().Equal([2]uint64{tc.filled, tc.leaves}, [2]uint64{b.Filled, b.LeafCount}, "bid %d", tc.id)
		s.Require().Equal(math.NewInt(tc.escrow), b.Escrow, "bid %d", tc.id)
	}

	s.cancelBid(m.bidC)
	for _, tc := range []struct {
		name    string
		req     *types.QueryBidRequest
		code    codes.Code
		message string
	}{
		{"nil request", nil, codes.InvalidArgument, "empty request"},
		{"id 0", &types.QueryBidRequest{}, codes.InvalidArgument, "order_id must be at least 1 (ids start at 1)"},
		{"an offer's id", &types.QueryBidRequest{OrderId: m.offerA}, codes.NotFound, "no open bid 1"},
		{"a cancelled bid", &types.QueryBidRequest{OrderId: m.bidC}, codes.NotFound, "no open bid 6"},
		{"an id never drawn", &types.QueryBidRequest{OrderId: 99}, codes.NotFound, "no open bid 99"},
	} {
		_, err := s.querier.Bid(s.ctx, tc.req)
		s.requireStatus(err, tc.code, tc.message)
	}
}

// Bids pages through open bids by id, all or one buyer's.
func (s *DataMarketSuite) TestQueryBids() {
	m := s.market()
	res, err := s.querier.Bids(s.ctx, &types.QueryBidsRequest{})
	s.Require().NoError(err)
	s.Require().Equal([]types.Bid{s.bid(m.bidA), s.bid(m.bidB), s.bid(m.bidC)}, res.Bids)

	for _, tc := range []struct {
		buyer string
		pageCase
	}{
		{"", pageCase{"everything", nil, []uint64{4, 5, 6}, nil, 3}},
		{"", pageCase{"first page", &query.PageRequest{Limit: 2, CountTotal: true}, []uint64{4, 5}, key(6), 3}},
		{"", pageCase{"second page", &query.PageRequest{Key: key(6), Limit: 2}, []uint64{6}, nil, 0}},
		{"", pageCase{"offset", &query.PageRequest{Offset: 1, Limit: 1}, []uint64{5}, key(6), 0}},
		{"", pageCase{"reverse", &query.PageRequest{Limit: 1, Reverse: true}, []uint64{6}, key(5), 0}},
		{s.bech32(buyer), pageCase{"buyer", nil, []uint64{4}, nil, 1}},
		{s.bech32(buyer2), pageCase{"buyer2", nil, []uint64{5, 6}, nil, 2}},
		{s.bech32(buyer2), pageCase{"buyer2 first page", &query.PageRequest{Limit: 1, CountTotal: true}, []uint64{5}, key(6), 2}},
		{s.bech32(buyer2), pageCase{"buyer2 second page", &query.PageRequest{Key: key(6), Limit: 1}, []uint64{6}, nil, 0}},
		{s.bech32(buyer2), pageCase{"buyer2 reverse", &query.PageRequest{Reverse: true, Limit: 5}, []uint64{6, 5}, nil, 0}},
		{s.bech32(sellerA), pageCase{"a seller bids nothing", nil, []uint64{}, nil, 0}},
	} {
		res, err := s.querier.Bids(s.ctx, &types.QueryBidsRequest{Buyer: tc.buyer, Pagination: tc.page})
		s.Require().NoError(err, tc.name)
		s.requirePage(tc.pageCase, bidIDs(res.Bids), res.Pagination)
		for _, b := range res.Bids {
			s.Require().Equal(s.bid(b.Id), b)
		}
	}

	for _, tc := range []struct {
		name    string
		req     *types.QueryBidsRequest
		message string
	}{
		{"nil request", nil, "empty request"},
		{"bad buyer", &types.QueryBidsRequest{Buyer: badAddress}, "buyer " + badAddressErr},
		{"offset and key", &types.QueryBidsRequest{Pagination: &query.PageRequest{Key: key(5), Offset: 1}},
			"invalid request, either offset or key is expected, got both"},
	} {
		_, err := s.querier.Bids(s.ctx, tc.req)
		s.requireStatus(err, codes.InvalidArgument, tc.message)
	}
}

// OrderBook lists one book in priority order: reputation bucket, then
// price, then id; expired offers stay listed until EndBlock closes them.
func (s *DataMarketSuite) TestQueryOrderBook() {
	m := s.market()
	cheap := s.postOffer(sellerC, priced(95, 0))     // 7: bucket 0, before offerA
	same := s.postOffer(sellerB, priced(100, 0))     // 8: bucket 0, offerA's price, younger
	mid := s.postOffer(sellerC, priced(50, 300_000)) // 9: bucket 6
	other := s.postOffer(sellerA, func(o *types.MsgPostOffer) { o.TaskId = otherTaskID })

	data := types.QueryOrderBookRequest{Kind: types.KindData, SubjectId: taskID}
	bucket := func(minimum uint64) uint64 { return minimum / types.ReputationBucket }
	for _, tc := range []pageCase{
		{"the whole book", nil, []uint64{cheap, m.offerA, same, mid, m.offerB}, nil, 5},
		{"first page", &query.PageRequest{Limit: 2, CountTotal: true}, []uint64{cheap, m.offerA}, key(0, 100, same), 5},
		{"second page", &query.PageRequest{Key: key(0, 100, same), Limit: 2}, []uint64{same, mid}, key(bucket(600_000), 90, m.offerB), 0},
		{"last page", &query.PageRequest{Key: key(bucket(600_000), 90, m.offerB), Limit: 2}, []uint64{m.offerB}, nil, 0},
		{"offset", &query.PageRequest{Offset: 3, Limit: 5}, []uint64{mid, m.offerB}, nil, 0},
		{"reverse", &query.PageRequest{Limit: 2, Reverse: true}, []uint64{m.offerB, mid}, key(0, 100, same), 0},
	} {
		req := data
		req.Pagination = tc.page
		res, err := s.querier.OrderBook(s.ctx, &req)
		s.Require().NoError(err, tc.name)
		s.requirePage(tc, offerIDs(res.Offers), res.Pagination)
		for _, o := range res.Offers {
			s.Require().Equal(s.offer(o.Id), o)
		}
	}

	for _, tc := range []struct {
		name string
		req  types.QueryOrderBookRequest
		ids  []uint64
	}{
		{"another task's data", types.QueryOrderBookRequest{Kind: types.KindData, SubjectId: otherTaskID}, []uint64{other}},
		{"model 2's updates", types.QueryOrderBookRequest{Kind: types.KindModelUpdate, SubjectId: modelID}, []uint64{m.offerC}},
		{"task 1 is no model", types.QueryOrderBookRequest{Kind: types.KindModelUpdate, SubjectId: taskID}, []uint64{}},
		{"an empty book", types.QueryOrderBookRequest{Kind: types.KindData, SubjectId: 77}, []uint64{}},
	} {
		res, err := s.querier.OrderBook(s.ctx, &tc.req)
		s.Require().NoError(err, tc.name)
		s.Require().Equal(tc.ids, offerIDs(res.Offers), tc.name)
	}

	// Past their expiry height, before EndBlock, the offers are still
	// listed.
	s.setHeight(m.orderEnd)
	res, err := s.querier.OrderBook(s.ctx, &data)
	s.Require().NoError(err)
	s.Require().Equal([]uint64{cheap, m.offerA, same, mid, m.offerB}, offerIDs(res.Offers))

	for _, tc := range []struct {
		name    string
		req     *types.QueryOrderBookRequest
		message string
	}{
		{"nil request", nil, "empty request"},
		{"no kind", &types.QueryOrderBookRequest{SubjectId: taskID},
			"kind must be OFFER_KIND_DATA or OFFER_KIND_MODEL_UPDATE, got OFFER_KIND_UNSPECIFIED: invalid order"},
		{"unknown kind", &types.QueryOrderBookRequest{Kind: 9, SubjectId: taskID},
			"kind must be OFFER_KIND_DATA or OFFER_KIND_MODEL_UPDATE, got 9: invalid order"},
		{"subject 0", &types.QueryOrderBookRequest{Kind: types.KindData},
			"subject_id must be in 1..72057594037927935, got 0: invalid order"},
		{"subject above the book key", &types.QueryOrderBookRequest{Kind: types.KindData, SubjectId: types.MaxSubjectID + 1},
			"subject_id must be in 1..72057594037927935, got 72057594037927936: invalid order"},
		{"offset and key", &types.QueryOrderBookRequest{Kind: types.KindData, SubjectId: taskID, Pagination: &query.PageRequest{Key: key(0), Offset: 1}},
			"invalid request, either offset or key is expected, got both"},
	} {
		_, err := s.querier.OrderBook(s.ctx, tc.req)
		s.requireStatus(err, codes.InvalidArgument, tc.message)
	}
}

// BestOffer answers what Keeper.BestOffer does, and whether the price
// crosses the bid's maximum.
func (s *DataMarketSuite) TestQueryBestOffer() {
	m := s.market()
	best := func(bidID uint64) *types.QueryBestOfferResponse {
		s.T().Helper()
		res, err := s.querier.BestOffer(s.ctx, &types.QueryBestOfferRequest{BidId: bidID})
		s.Require().NoError(err)
		return res
	}
	res := best(m.bidA)
	s.Require().Equal(s.offer(m.offerA), res.Offer, "offerB is above the neutral buyer's reputation")
	s.Require().True(res.Crosses, "100 <= 150")
	res = best(m.bidB)
	s.Require().Equal(s.offer(m.offerC), res.Offer)
	s.Require().True(res.Crosses)
	res = best(m.bidC)
	s.Require().Equal(s.offer(m.offerA), res.Offer)
	s.Require().False(res.Crosses, "100 > 80")

	s.rep.scores[string(buyer)] = 600_000
	res = best(m.bidA)
	s.Require().Equal(s.offer(m.offerB), res.Offer, "at 600,000 the buyer may take offerB at 90")
	s.Require().True(res.Crosses)
	// Price equal to the maximum crosses.
	s.rep.scores[string(buyer2)] = 600_000
	s.cancelBid(m.bidC)
	at90 := s.postBid(buyer2, func(b *types.MsgPostBid) { b.MaxPricePerLeaf = math.NewInt(90) })
	res = best(at90)
	s.Require().Equal(m.offerB, res.Offer.Id)
	s.Require().True(res.Crosses, "90 <= 90")

	lonely := s.postBid(buyer, func(b *types.MsgPostBid) { b.ModelId = otherModelID })
	for _, tc := range []struct {
		name    string
		req     *types.QueryBestOfferRequest
		code    codes.Code
		message string
	}{
		{"nil request", nil, codes.InvalidArgument, "empty request"},
		{"id 0", &types.QueryBestOfferRequest{}, codes.InvalidArgument, "bid_id must be at least 1 (ids start at 1)"},
		{"an offer's id", &types.QueryBestOfferRequest{BidId: m.offerA}, codes.NotFound, "no open bid 1"},
		{"a cancelled bid", &types.QueryBestOfferRequest{BidId: m.bidC}, codes.NotFound, "no open bid 6"},
		{"an id never drawn", &types.QueryBestOfferRequest{BidId: 99}, codes.NotFound, "no open bid 99"},
		{"an empty book", &types.QueryBestOfferRequest{BidId: lonely}, codes.NotFound,
			"no eligible offer for bid 8: its book has no unexpired offer of another seller open to the buyer's reputation"},
	} {
		_, err := s.querier.BestOffer(s.ctx, tc.req)
		s.requireStatus(err, tc.code, tc.message)
	}

	// Once every offer of the book has expired (EndBlock not yet run),
	// none is eligible.
	s.setHeight(m.orderEnd)
	_, err := s.querier.BestOffer(s.ctx, &types.QueryBestOfferRequest{BidId: m.bidA})
	s.requireStatus(err, codes.NotFound,
		"no eligible offer for bid 4: its book has no unexpired offer of another seller open to the buyer's reputation")
}

// Deal returns every deal, open or closed, as stored.
func (s *DataMarketSuite) TestQueryDeal() {
	m := s.market()
	for id, want := range map[uint64]types.DealStatus{
		m.settled: types.DealSettled, m.disputed: types.DealDisputed, m.expiredUndelivered: types.DealExpired,
		m.expiredDelivered: types.DealExpired, m.expiredAccepted: types.DealExpired, m.awaiting: types.DealAwaitingDelivery,
		m.delivered: types.DealDelivered, m.accepted: types.DealAccepted, m.revealed: types.DealKeyRevealed,
		m.modelUpdate: types.DealAwaitingDelivery,
	} {
		res, err := s.querier.Deal(s.ctx, &types.QueryDealRequest{DealId: id})
		s.Require().NoError(err)
		s.Require().Equal(s.deal(id), res.Deal)
		s.Require().Equal(want, res.Deal.Status, "deal %d", id)
	}
	res, err := s.querier.Deal(s.ctx, &types.QueryDealRequest{DealId: m.revealed})
	s.Require().NoError(err)
	s.Require().Equal(m.revealedKey[:], res.Deal.Key)
	res, err = s.querier.Deal(s.ctx, &types.QueryDealRequest{DealId: m.disputed})
	s.Require().NoError(err)
	d := res.Deal
	s.Require().Equal([]uint64{1, 2, 200}, []uint64{d.LeafStart, d.LeafCount, d.Amount.Uint64()})
	res, err = s.querier.Deal(s.ctx, &types.QueryDealRequest{DealId: m.modelUpdate})
	s.Require().NoError(err)
	s.Require().Equal([]string{s.bech32(sellerC), s.bech32(buyer2), s.bech32(router)}, []string{res.Deal.Seller, res.Deal.Buyer, res.Deal.Router})
	s.Require().Equal(types.KindModelUpdate, res.Deal.Kind)

	for _, tc := range []struct {
		name    string
		req     *types.QueryDealRequest
		code    codes.Code
		message string
	}{
		{"nil request", nil, codes.InvalidArgument, "empty request"},
		{"id 0", &types.QueryDealRequest{}, codes.InvalidArgument, "deal_id must be at least 1 (ids start at 1)"},
		{"the next id", &types.QueryDealRequest{DealId: 11}, codes.NotFound, "no deal 11"},
		{"the largest id", &types.QueryDealRequest{DealId: ^uint64(0)}, codes.NotFound, "no deal 18446744073709551615"},
	} {
		_, err := s.querier.Deal(s.ctx, tc.req)
		s.requireStatus(err, tc.code, tc.message)
	}
}

// Deals pages through deals by id: all, one buyer's or one seller's.
func (s *DataMarketSuite) TestQueryDeals() {
	s.market()
	res, err := s.querier.Deals(s.ctx, &types.QueryDealsRequest{})
	s.Require().NoError(err)
	s.Require().Len(res.Deals, 10)
	for i, d := range res.Deals {
		s.Require().Equal(s.deal(uint64(i+1)), d)
	}

	a, b2 := s.bech32(sellerA), s.bech32(buyer2)
	for _, tc := range []struct {
		buyer, seller string
		pageCase
	}{
		{"", "", pageCase{"everything", nil, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, nil, 10}},
		{"", "", pageCase{"first page", &query.PageRequest{Limit: 4, CountTotal: true}, []uint64{1, 2, 3, 4}, key(5), 10}},
		{"", "", pageCase{"second page", &query.PageRequest{Key: key(5), Limit: 4}, []uint64{5, 6, 7, 8}, key(9), 0}},
		{"", "", pageCase{"last page", &query.PageRequest{Key: key(9), Limit: 4}, []uint64{9, 10}, nil, 0}},
		{"", "", pageCase{"offset", &query.PageRequest{Offset: 8, Limit: 4, CountTotal: true}, []uint64{9, 10}, nil, 10}},
		{"", "", pageCase{"reverse", &query.PageRequest{Limit: 3, Reverse: true}, []uint64{10, 9, 8}, key(7), 0}},
		{s.bech32(buyer), "", pageCase{"buyer", nil, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9}, nil, 9}},
		{s.bech32(buyer), "", pageCase{"buyer first page", &query.PageRequest{Limit: 5, CountTotal: true}, []uint64{1, 2, 3, 4, 5}, key(6), 9}},
		{s.bech32(buyer), "", pageCase{"buyer second page", &query.PageRequest{Key: key(6), Limit: 5}, []uint64{6, 7, 8, 9}, nil, 0}},
		{s.bech32(buyer), "", pageCase{"buyer reverse", &query.PageRequest{Limit: 2, Reverse: true}, []uint64{9, 8}, key(7), 0}},
		{b2, "", pageCase{"buyer2", nil, []uint64{10}, nil, 1}},
		{s.bech32(outsider), "", pageCase{"no deals bought", nil, []uint64{}, nil, 0}},
		{"", a, pageCase{"sellerA", nil, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9}, nil, 9}},
		{"", a, pageCase{"sellerA second page", &query.PageRequest{Key: key(3), Limit: 3, CountTotal: true}, []uint64{3, 4, 5}, key(6), 0}},
		{"", a, pageCase{"sellerA offset", &query.PageRequest{Offset: 7, Limit: 3, CountTotal: true}, []uint64{8, 9}, nil, 9}},
		{"", s.bech32(sellerB), pageCase{"sellerB sold nothing", nil, []uint64{}, nil, 0}},
		{"", s.bech32(sellerC), pageCase{"sellerC", nil, []uint64{10}, nil, 1}},
	} {
		res, err := s.querier.Deals(s.ctx, &types.QueryDealsRequest{Buyer: tc.buyer, Seller: tc.seller, Pagination: tc.page})
		s.Require().NoError(err, tc.name)
		s.requirePage(tc.pageCase, dealIDs(res.Deals), res.Pagination)
		for _, d := range res.Deals {
			s.Require().Equal(s.deal(d.Id), d)
			if tc.buyer != "" {
				s.Require().Equal(tc.buyer, d.Buyer)
			}
			if tc.seller != "" {
				s.Require().Equal(tc.seller, d.Seller)
			}
		}
	}

	for _, tc := range []struct {
		name    string
		req     *types.QueryDealsRequest
		message string
	}{
		{"nil request", nil, "empty request"},
		{"buyer and seller", &types.QueryDealsRequest{Buyer: s.bech32(buyer), Seller: a}, "give at most one of buyer and seller"},
		{"bad buyer and seller", &types.QueryDealsRequest{Buyer: badAddress, Seller: badAddress}, "give at most one of buyer and seller"},
		{"bad buyer", &types.QueryDealsRequest{Buyer: badAddress}, "buyer " + badAddressErr},
		{"bad seller", &types.QueryDealsRequest{Seller: badAddress}, "seller " + badAddressErr},
		{"offset and key", &types.QueryDealsRequest{Pagination: &query.PageRequest{Key: key(2), Offset: 1}},
			"invalid request, either offset or key is expected, got both"},
		{"offset and key by buyer", &types.QueryDealsRequest{Buyer: s.bech32(buyer), Pagination: &query.PageRequest{Key: key(2), Offset: 1}},
			"invalid request, either offset or key is expected, got both"},
	} {
		_, err := s.querier.Deals(s.ctx, tc.req)
		s.requireStatus(err, codes.InvalidArgument, tc.message)
	}
}

// LeafUses lists the market's one cited leaf; a deal without uses lists
// nothing; pages run by leaf within one deal.
func (s *DataMarketSuite) TestQueryLeafUses() {
	m := s.market()
	res, err := s.querier.LeafUses(s.ctx, &types.QueryLeafUsesRequest{DealId: m.settled})
	s.Require().NoError(err)
	s.Require().Equal([]types.LeafUse{{DealId: m.settled, Leaf: m.settledLeaf, Uses: 2}}, res.Uses)
	s.Require().Equal(&query.PageResponse{Total: 1}, res.Pagination)
	for _, id := range []uint64{m.disputed, m.revealed, m.modelUpdate} {
		res, err := s.querier.LeafUses(s.ctx, &types.QueryLeafUsesRequest{DealId: id})
		s.Require().NoError(err)
		s.Require().Empty(res.Uses, "deal %d", id)
		s.Require().Equal(&query.PageResponse{}, res.Pagination)
	}

	for _, tc := range []struct {
		name    string
		req     *types.QueryLeafUsesRequest
		code    codes.Code
		message string
	}{
		{"nil request", nil, codes.InvalidArgument, "empty request"},
		{"id 0", &types.QueryLeafUsesRequest{}, codes.InvalidArgument, "deal_id must be at least 1 (ids start at 1)"},
		{"unknown deal", &types.QueryLeafUsesRequest{DealId: 11}, codes.NotFound, "no deal 11"},
		{"offset and key", &types.QueryLeafUsesRequest{DealId: m.settled, Pagination: &query.PageRequest{Key: key(0), Offset: 1}},
			codes.InvalidArgument, "invalid request, either offset or key is expected, got both"},
	} {
		_, err := s.querier.LeafUses(s.ctx, tc.req)
		s.requireStatus(err, tc.code, tc.message)
	}
}

// Pages of leaf uses: by leaf, within one deal only.
func (s *DataMarketSuite) TestQueryLeafUsesPages() {
	offer := s.postOffer(sellerA)
	first := s.settle(offer, 2)  // leaves [0, 2)
	second := s.settle(offer, 4) // leaves [2, 6)
	s.Require().NoError(s.keeper.MarkLeavesUsed(s.ctx, first.Id, buyer, []uint64{0, 1}, "v1"))
	s.Require().NoError(s.keeper.MarkLeavesUsed(s.ctx, second.Id, buyer, []uint64{5, 2, 4}, "v1"))
	s.Require().NoError(s.keeper.MarkLeavesUsed(s.ctx, second.Id, buyer, []uint64{4}, "v2"))

	uses := func(leaves ...[2]uint64) []types.LeafUse {
		out := []types.LeafUse{}
		for _, l := range leaves {
			out = append(out, types.LeafUse{DealId: second.Id, Leaf: l[0], Uses: l[1]})
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		page  *query.PageRequest
		uses  []types.LeafUse
		next  []byte
		total uint64
	}{
		{"every leaf", nil, uses([2]uint64{2, 1}, [2]uint64{4, 2}, [2]uint64{5, 1}), nil, 3},
		{"first page", &query.PageRequest{Limit: 2, CountTotal: true}, uses([2]uint64{2, 1}, [2]uint64{4, 2}), key(5), 3},
		{"second page", &query.PageRequest{Key: key(5), Limit: 2}, uses([2]uint64{5, 1}), nil, 0},
		{"a key of an uncited leaf", &query.PageRequest{Key: key(3), Limit: 2}, uses([2]uint64{4, 2}, [2]uint64{5, 1}), nil, 0},
		{"offset", &query.PageRequest{Offset: 1, Limit: 1}, uses([2]uint64{4, 2}), key(5), 0},
		{"reverse", &query.PageRequest{Limit: 2, Reverse: true}, uses([2]uint64{5, 1}, [2]uint64{4, 2}), key(2), 0},
	} {
		res, err := s.querier.LeafUses(s.ctx, &types.QueryLeafUsesRequest{DealId: second.Id, Pagination: tc.page})
		s.Require().NoError(err, tc.name)
		s.Require().Equal(tc.uses, append([]types.LeafUse{}, res.Uses...), tc.name)
		s.Require().Equal(tc.next, res.Pagination.NextKey, tc.name)
		s.Require().Equal(tc.total, res.Pagination.Total, tc.name)
	}
	res, err := s.querier.LeafUses(s.ctx, &types.QueryLeafUsesRequest{DealId: first.Id})
	s.Require().NoError(err)
	s.Require().Equal([]types.LeafUse{{DealId: first.Id, Leaf: 0, Uses: 1}, {DealId: first.Id, Leaf: 1, Uses: 1}}, res.Uses)
}

// An address of another chain is InvalidArgument with the codec's reason
// and nothing else: not the SDK source file and line that formatting the
// codec's error with %v appends (grpc_query.go formats with %v today, so
// this fails).
func (s *DataMarketSuite) TestQueryAddressOfAnotherChain() {
	reason := func(field string) string {
		return field + ` "` + otherPrefix + `" is not a valid account address: ` +
			`hrp does not match bech32 prefix: expected 'cosmos' got 'osmo': internal logic error`
	}
	_, err := s.querier.Offers(s.ctx, &types.QueryOffersRequest{Seller: otherPrefix})
	s.requireStatus(err, codes.InvalidArgument, reason("seller"))
	_, err = s.querier.Bids(s.ctx, &types.QueryBidsRequest{Buyer: otherPrefix})
	s.requireStatus(err, codes.InvalidArgument, reason("buyer"))
	_, err = s.querier.Deals(s.ctx, &types.QueryDealsRequest{Buyer: otherPrefix})
	s.requireStatus(err, codes.InvalidArgument, reason("buyer"))
	_, err = s.querier.Deals(s.ctx, &types.QueryDealsRequest{Seller: otherPrefix})
	s.requireStatus(err, codes.InvalidArgument, reason("seller"))
}

package router_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/sidecar/router"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
)

// book is a fake x/datamarket query service: bids in id order, paged by
// a one-byte key, and the best offer the chain would name for each.
type book struct {
	bids  []dm.Bid
	best  map[uint64]*dm.QueryBestOfferResponse
	fail  error
	pages int
}

func (b *book) Bids(_ context.Context, in *dm.QueryBidsRequest, _ ...grpc.CallOption) (*dm.QueryBidsResponse, error) {
	b.pages++
	start := 0
	if len(in.Pagination.Key) > 0 {
		start = int(in.Pagination.Key[0])
	}
	end := min(start+int(in.Pagination.Limit), len(b.bids))
	res := &dm.QueryBidsResponse{Bids: b.bids[start:end], Pagination: &query.PageResponse{}}
	if end < len(b.bids) {
		res.Pagination.NextKey = []byte{byte(end)}
	}
	return res, nil
}

func (b *book) BestOffer(_ context.Context, in *dm.QueryBestOfferRequest, _ ...grpc.CallOption) (*dm.QueryBestOfferResponse, error) {
	if b.fail != nil {
		return nil, b.fail
	}
	res, ok := b.best[in.BidId]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "no eligible offer for bid %d", in.BidId)
	}
	return res, nil
}

func bid(id, leaves, filled uint64, expiry int64) dm.Bid {
	return dm.Bid{Id: id, LeafCount: leaves, Filled: filled, ExpiryHeight: expiry, MaxPricePerLeaf: math.NewInt(100)}
}

func offer(id, leaves, filled uint64) dm.Offer {
	return dm.Offer{Id: id, LeafCount: leaves, Filled: filled, PricePerLeaf: math.NewInt(90)}
}

const routerAddr = "lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s"

// TestPlanMatchesEachBidWithItsBestOffer: crossing bids are matched with
// the chain's best offer for as many leaves as both have; bids that do
// not cross, are filled, expired or have no eligible offer are skipped;
// an offer two bids share is not oversold within a plan.
func TestPlanMatchesEachBidWithItsBestOffer(t *testing.T) {
	b := &book{
		bids: []dm.Bid{bid(1, 10, 2, 500), bid(2, 4, 0, 500), bid(3, 4, 4, 500), bid(4, 4, 0, 90), bid(5, 6, 0, 500), bid(6, 3, 0, 500), bid(7, 5, 0, 500)},
		best: map[uint64]*dm.QueryBestOfferResponse{
			1: {Offer: offer(11, 5, 0), Crosses: true},   // 5 of its 8 left
			2: {Offer: offer(12, 20, 18), Crosses: true}, // 2 left
			3: {Offer: offer(12, 20, 18), Crosses: true}, // bid filled
			4: {Offer: offer(13, 9, 0), Crosses: true},   // bid expired at 90
			5: {Offer: offer(14, 9, 0), Crosses: false},  // too expensive
			// 6: no eligible offer
			7: {Offer: offer(11, 5, 0), Crosses: true}, // offer 11 already sold out in this plan
		},
	}
	r, err := router.New(b, routerAddr)
	require.NoError(t, err)
	r.PageSize = 3
	plan, err := r.Plan(context.Background(), 100)
	require.NoError(t, err)
	require.Equal(t, []*dm.MsgMatch{
		{Router: routerAddr, BidId: 1, OfferId: 11, Leaves: 5},
		{Router: routerAddr, BidId: 2, OfferId: 12, Leaves: 2},
	}, plan)
	require.Equal(t, 3, b.pages, "seven bids in pages of three")
}

// TestPlanIsBoundedAndReportsErrors: at most MaxMatches per plan; a
// query failure other than "no offer" is returned.
func TestPlanIsBoundedAndReportsErrors(t *testing.T) {
	b := &book{best: map[uint64]*dm.QueryBestOfferResponse{}}
	for i := range uint64(10) {
		b.bids = append(b.bids, bid(i+1, 1, 0, 500))
		b.best[i+1] = &dm.QueryBestOfferResponse{Offer: offer(100+i, 1, 0), Crosses: true}
	}
	r, err := router.New(b, routerAddr)
	require.NoError(t, err)
	r.MaxMatches = 4
	plan, err := r.Plan(context.Background(), 1)
	require.NoError(t, err)
	require.Len(t, plan, 4)
	require.Equal(t, uint64(4), plan[3].BidId)

	b.fail = errors.New("node unreachable")
	_, err = r.Plan(context.Background(), 1)
	require.ErrorContains(t, err, "best offer for bid 1: node unreachable")
	_, err = router.New(b, "")
	require.Error(t, err)
}

package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// Offer returns one open offer.
func (q Querier) Offer(ctx context.Context, req *types.QueryOfferRequest) (*types.QueryOfferResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := requireID("order_id", req.OrderId); err != nil {
		return nil, err
	}
	o, err := q.Keeper.Offers.Get(ctx, req.OrderId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "no open offer %d", req.OrderId)
	}
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryOfferResponse{Offer: o}, nil
}

// Offers pages through open offers by id, all or (through the BySeller
// index) one seller's.
func (q Querier) Offers(ctx context.Context, req *types.QueryOffersRequest) (*types.QueryOffersResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	seller, err := q.optionalAddress("seller", req.Seller)
	if err != nil {
		return nil, err
	}
	var offers []types.Offer
	var page *query.PageResponse
	if seller == nil {
		offers, page, err = query.CollectionPaginate(ctx, q.Keeper.Offers, req.Pagination,
			func(_ uint64, o types.Offer) (types.Offer, error) { return o, nil })
	} else {
		offers, page, err = query.CollectionPaginate(ctx, q.Keeper.Offers.Indexes.BySeller, req.Pagination,
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Offer, error) {
				return q.Keeper.Offers.Get(ctx, key.K2())
			},
			query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](seller))
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryOffersResponse{Offers: offers, Pagination: page}, nil
}

// Bid returns one open bid.
func (q Querier) Bid(ctx context.Context, req *types.QueryBidRequest) (*types.QueryBidResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := requireID("order_id", req.OrderId); err != nil {
		return nil, err
	}
	b, err := q.Keeper.Bids.Get(ctx, req.OrderId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "no open bid %d", req.OrderId)
	}
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryBidResponse{Bid: b}, nil
}

// Bids pages through open bids by id, all or (through the ByBuyer index)
// one buyer's.
func (q Querier) Bids(ctx context.Context, req *types.QueryBidsRequest) (*types.QueryBidsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	buyer, err := q.optionalAddress("buyer", req.Buyer)
	if err != nil {
		return nil, err
	}
	var bids []types.Bid
	var page *query.PageResponse
	if buyer == nil {
		bids, page, err = query.CollectionPaginate(ctx, q.Keeper.Bids, req.Pagination,
			func(_ uint64, b types.Bid) (types.Bid, error) { return b, nil })
	} else {
		bids, page, err = query.CollectionPaginate(ctx, q.Keeper.Bids.Indexes.ByBuyer, req.Pagination,
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Bid, error) {
				return q.Keeper.Bids.Get(ctx, key.K2())
			},
			query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](buyer))
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryBidsResponse{Bids: bids, Pagination: page}, nil
}

// OrderBook pages through one book's offers in index order: by reputation
// bucket, then price, then id. Expired offers EndBlock has not closed yet
// are listed too.
func (q Querier) OrderBook(ctx context.Context, req *types.QueryOrderBookRequest) (*types.QueryOrderBookResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := types.ValidateKind(req.Kind); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	if err := types.ValidateSubject("subject_id", req.SubjectId); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	book := types.BookID(req.Kind, req.SubjectId)
	offers, page, err := query.CollectionPaginate(ctx, q.Keeper.Offers.Indexes.ByBook, req.Pagination,
		func(key collections.Pair[BookKey, uint64], _ collections.NoValue) (types.Offer, error) {
			return q.Keeper.Offers.Get(ctx, key.K2())
		},
		func(o *query.CollectionsPaginateOptions[collections.Pair[BookKey, uint64]]) {
			prefix := collections.PairPrefix[BookKey, uint64](collections.TriplePrefix[uint64, uint64, uint64](book))
			o.Prefix = &prefix
		})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryOrderBookResponse{Offers: offers, Pagination: page}, nil
}

// BestOffer returns the offer a router must match the bid with (Keeper.
// BestOffer) and whether its price crosses the bid's maximum; NotFound
// when the bid is unknown or no offer is eligible.
func (q Querier) BestOffer(ctx context.Context, req *types.QueryBestOfferRequest) (*types.QueryBestOfferResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := requireID("bid_id", req.BidId); err != nil {
		return nil, err
	}
	bid, err := q.Keeper.Bids.Get(ctx, req.BidId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "no open bid %d", req.BidId)
	}
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	offer, found, err := q.Keeper.BestOffer(ctx, bid)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if !found {
		return nil, status.Errorf(codes.NotFound, "no eligible offer for bid %d: its book has no unexpired offer of another seller open to the buyer's reputation", req.BidId)
	}
	return &types.QueryBestOfferResponse{Offer: offer, Crosses: offer.PricePerLeaf.LTE(bid.MaxPricePerLeaf)}, nil
}

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

// Deal returns one deal, open or closed.
func (q Querier) Deal(ctx context.Context, req *types.QueryDealRequest) (*types.QueryDealResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := requireID("deal_id", req.DealId); err != nil {
		return nil, err
	}
	d, err := q.Keeper.Deals.Get(ctx, req.DealId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "no deal %d", req.DealId)
	}
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryDealResponse{Deal: d}, nil
}

// Deals pages through deals by id: all, one buyer's (ByBuyer index) or
// one seller's (BySeller index); giving both is InvalidArgument.
func (q Querier) Deals(ctx context.Context, req *types.QueryDealsRequest) (*types.QueryDealsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.Buyer != "" && req.Seller != "" {
		return nil, status.Error(codes.InvalidArgument, "give at most one of buyer and seller")
	}
	buyer, err := q.optionalAddress("buyer", req.Buyer)
	if err != nil {
		return nil, err
	}
	seller, err := q.optionalAddress("seller", req.Seller)
	if err != nil {
		return nil, err
	}
	byParty := func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Deal, error) {
		return q.Keeper.Deals.Get(ctx, key.K2())
	}
	var deals []types.Deal
	var page *query.PageResponse
	switch {
	case buyer != nil:
		deals, page, err = query.CollectionPaginate(ctx, q.Keeper.Deals.Indexes.ByBuyer, req.Pagination,
			byParty,
			query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](buyer))
	case seller != nil:
		deals, page, err = query.CollectionPaginate(ctx, q.Keeper.Deals.Indexes.BySeller, req.Pagination,
			byParty,
			query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](seller))
	default:
		deals, page, err = query.CollectionPaginate(ctx, q.Keeper.Deals, req.Pagination,
			func(_ uint64, d types.Deal) (types.Deal, error) { return d, nil })
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryDealsResponse{Deals: deals, Pagination: page}, nil
}

// LeafUses pages through how often accepted proofs cited each leaf of a
// deal, by leaf; leaves never cited are not listed.
func (q Querier) LeafUses(ctx context.Context, req *types.QueryLeafUsesRequest) (*types.QueryLeafUsesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := requireID("deal_id", req.DealId); err != nil {
		return nil, err
	}
	if has, err := q.Keeper.Deals.Has(ctx, req.DealId); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	} else if !has {
		return nil, status.Errorf(codes.NotFound, "no deal %d", req.DealId)
	}
	uses, page, err := query.CollectionPaginate(ctx, q.Keeper.LeafUses, req.Pagination,
		func(key collections.Pair[uint64, uint64], n uint64) (types.LeafUse, error) {
			return types.LeafUse{DealId: key.K1(), Leaf: key.K2(), Uses: n}, nil
		},
		query.WithCollectionPaginationPairPrefix[uint64, uint64](req.DealId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryLeafUsesResponse{Uses: uses, Pagination: page}, nil
}

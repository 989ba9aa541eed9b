package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/pog/types"
)

// Querier implements the x/pog Query service.
type Querier struct{ Keeper }

var _ types.QueryServer = Querier{}

// NewQuerier returns the Query service of k.
func NewQuerier(k Keeper) Querier { return Querier{Keeper: k} }

// Params returns the parameters.
func (q Querier) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	p, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

// Version returns one version.
func (q Querier) Version(ctx context.Context, req *types.QueryVersionRequest) (*types.QueryVersionResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	v, err := q.lookup(ctx, req.VersionId)
	if err != nil {
		return nil, err
	}
	return &types.QueryVersionResponse{Version: v}, nil
}

// Versions pages through versions by id: all, one model's (ByModel) or
// one learner's (ByLearner).
func (q Querier) Versions(ctx context.Context, req *types.QueryVersionsRequest) (*types.QueryVersionsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.ModelId != 0 && req.Learner != "" {
		return nil, status.Error(codes.InvalidArgument, "give at most one of model_id and learner")
	}
	var (
		versions []types.Version
		page     *query.PageResponse
		err      error
	)
	get := func(id uint64) (types.Version, error) { return q.Keeper.Versions.Get(ctx, id) }
	switch {
	case req.ModelId != 0:
		versions, page, err = query.CollectionPaginate(ctx, q.Keeper.Versions.Indexes.ByModel, req.Pagination,
			func(key collections.Pair[uint64, uint64], _ collections.NoValue) (types.Version, error) {
				return get(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[uint64, uint64](req.ModelId))
	case req.Learner != "":
		learner, perr := q.account.AddressCodec().StringToBytes(req.Learner)
		if perr != nil {
			return nil, status.Errorf(codes.InvalidArgument, "learner %q is not an address: %s", req.Learner, perr)
		}
		versions, page, err = query.CollectionPaginate(ctx, q.Keeper.Versions.Indexes.ByLearner, req.Pagination,
			func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Version, error) {
				return get(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](learner))
	default:
		versions, page, err = query.CollectionPaginate(ctx, q.Keeper.Versions, req.Pagination,
			func(_ uint64, v types.Version) (types.Version, error) { return v, nil })
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryVersionsResponse{Versions: versions, Pagination: page}, nil
}

// Lineage lists a version's ancestors breadth first, nearest first, each
// once, up to params.max_lineage_results.
func (q Querier) Lineage(ctx context.Context, req *types.QueryLineageRequest) (*types.QueryLineageResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	v, err := q.lookup(ctx, req.VersionId)
	if err != nil {
		return nil, err
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	res := &types.QueryLineageResponse{}
	seen := map[uint64]bool{v.Id: true}
	queue := []types.Version{v}
	for len(queue) > 0 {
		for _, p := range queue[0].Parents {
			if p == types.InitialWeights || seen[p] {
				continue
			}
			if len(res.Ancestors) == int(params.MaxLineageResults) {
				res.Truncated = true
				return res, nil
			}
			seen[p] = true
			parent, err := q.Keeper.Versions.Get(ctx, p)
			if err != nil {
				return nil, status.Error(codes.Internal, err.Error())
			}
			res.Ancestors = append(res.Ancestors, parent)
			queue = append(queue, parent)
		}
		queue = queue[1:]
	}
	return res, nil
}

// Children pages through the versions that merged a version.
func (q Querier) Children(ctx context.Context, req *types.QueryChildrenRequest) (*types.QueryChildrenResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, err := q.lookup(ctx, req.VersionId); err != nil {
		return nil, err
	}
	children, page, err := query.CollectionPaginate(ctx, q.Keeper.Children, req.Pagination,
		func(key collections.Pair[uint64, uint64], _ collections.NoValue) (types.Version, error) {
			return q.Keeper.Versions.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[uint64, uint64](req.VersionId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryChildrenResponse{Children: children, Pagination: page}, nil
}

// lookup reads a version for a query: InvalidArgument for id 0, NotFound
// for an unknown one.
func (q Querier) lookup(ctx context.Context, id uint64) (types.Version, error) {
	if id == 0 {
		return types.Version{}, status.Error(codes.InvalidArgument, "version_id must be at least 1")
	}
	v, err := q.Keeper.Versions.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Version{}, status.Errorf(codes.NotFound, "no version %d", id)
	}
	if err != nil {
		return types.Version{}, status.Error(codes.Internal, err.Error())
	}
	return v, nil
}

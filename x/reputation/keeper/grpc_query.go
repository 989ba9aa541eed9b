package keeper

import (
	"context"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/reputation/types"
)

// Querier implements the x/reputation Query service.
type Querier struct{ Keeper }

var _ types.QueryServer = Querier{}

// NewQuerier returns the Query service of k.
func NewQuerier(k Keeper) Querier { return Querier{Keeper: k} }

// Params returns the module parameters.
func (q Querier) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// Score returns one address's decayed score.
func (q Querier) Score(ctx context.Context, req *types.QueryScoreRequest) (*types.QueryScoreResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.parseAddress(req.Address)
	if err != nil {
		return nil, err
	}
	score, stored, err := q.ScoreOf(ctx, addr)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryScoreResponse{Score: types.ScoreView{Address: req.Address, Score: score, Stored: stored}}, nil
}

// Scores pages through addresses ranked by decayed score, highest first.
func (q Querier) Scores(ctx context.Context, req *types.QueryScoresRequest) (*types.QueryScoresResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	height := blockHeight(ctx)
	page := newestFirst(req.Pagination)
	views, pageRes, err := query.CollectionPaginate(ctx, q.ScoresByRank, page,
		func(key collections.Pair[[]byte, sdk.AccAddress], _ collections.NoValue) (types.ScoreView, error) {
			addr := key.K2()
			stored, err := q.Keeper.Scores.Get(ctx, addr)
			if err != nil {
				return types.ScoreView{}, err
			}
			addrStr, err := q.addressCodec.BytesToString(addr)
			if err != nil {
				return types.ScoreView{}, err
			}
			return types.ScoreView{Address: addrStr, Score: decayedAt(stored, height, params.DecayHalfLifeBlocks), Stored: stored}, nil
		})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryScoresResponse{Scores: views, Pagination: pageRes}, nil
}

// History pages through an address's recent outcomes, newest first.
func (q Querier) History(ctx context.Context, req *types.QueryHistoryRequest) (*types.QueryHistoryResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.parseAddress(req.Address)
	if err != nil {
		return nil, err
	}
	records, pageRes, err := query.CollectionPaginate(ctx, q.Keeper.History, newestFirst(req.Pagination),
		func(_ collections.Pair[sdk.AccAddress, uint64], r types.OutcomeRecord) (types.OutcomeRecord, error) {
			return r, nil
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](addr))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryHistoryResponse{Records: records, Pagination: pageRes}, nil
}

func (q Querier) parseAddress(bech32 string) (sdk.AccAddress, error) {
	if bech32 == "" {
		return nil, status.Error(codes.InvalidArgument, "address is required")
	}
	addr, err := q.addressCodec.StringToBytes(bech32)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "address %q is not a valid account address: %s", bech32, err)
	}
	return addr, nil
}

// newestFirst flips the page order so that the default lists the highest
// key (best score, newest outcome) first and reverse lists the lowest first.
func newestFirst(page *query.PageRequest) *query.PageRequest {
	flipped := query.PageRequest{Reverse: true}
	if page != nil {
		flipped = *page
		flipped.Reverse = !page.Reverse
	}
	return &flipped
}

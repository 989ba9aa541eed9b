package keeper

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// Querier implements the x/buildermarket Query service. Nil requests are
// InvalidArgument, unknown ids NotFound; lists are paginated by id.
type Querier struct{ Keeper }

var _ types.QueryServer = Querier{}

// NewQuerier returns the Query service of k.
func NewQuerier(k Keeper) Querier { return Querier{Keeper: k} }

var errEmptyRequest = status.Error(codes.InvalidArgument, "empty request")

// queryError turns a keeper error into a gRPC status: NotFound for the
// module's not-found errors, Internal otherwise.
func queryError(err error) error {
	for _, notFound := range []error{types.ErrTaskNotFound, types.ErrModelNotFound, types.ErrCircuitNotFound, types.ErrBountyNotFound, types.ErrNoModel} {
		if errors.Is(err, notFound) {
			return status.Error(codes.NotFound, err.Error())
		}
	}
	return status.Error(codes.Internal, err.Error())
}

// Params returns the module parameters.
func (q Querier) Params(ctx context.Context, req *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: params}, nil
}

// Task returns one task.
func (q Querier) Task(ctx context.Context, req *types.QueryTaskRequest) (*types.QueryTaskResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	task, err := q.GetTask(ctx, req.TaskId)
	if err != nil {
		return nil, queryError(err)
	}
	return &types.QueryTaskResponse{Task: task}, nil
}

// Tasks pages through the tasks by id.
func (q Querier) Tasks(ctx context.Context, req *types.QueryTasksRequest) (*types.QueryTasksResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	tasks, page, err := query.CollectionPaginate(ctx, q.Keeper.Tasks, req.Pagination,
		func(_ uint64, t types.Task) (types.Task, error) { return t, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryTasksResponse{Tasks: tasks, Pagination: page}, nil
}

// ValidationSlices lists a task's revealed validation slices by index, with
// the current validation epoch and the number of committed slices (at most
// max_validation_slices, so the list is not paginated).
func (q Querier) ValidationSlices(ctx context.Context, req *types.QueryValidationSlicesRequest) (*types.QueryValidationSlicesResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	task, err := q.GetTask(ctx, req.TaskId)
	if err != nil {
		return nil, queryError(err)
	}
	var slices []types.ValidationSlice
	err = q.Keeper.ValidationSlices.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint32](task.Id),
		func(_ collections.Pair[uint64, uint32], s types.ValidationSlice) (bool, error) {
			slices = append(slices, s)
			return false, nil
		})
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryValidationSlicesResponse{
		Slices:       slices,
		CurrentEpoch: task.ValidationEpoch(sdk.UnwrapSDKContext(ctx).BlockHeight()),
		TotalSlices:  uint32(len(task.ValidationCommitments)),
	}, nil
}

// Circuit returns one circuit, approved or revoked.
func (q Querier) Circuit(ctx context.Context, req *types.QueryCircuitRequest) (*types.QueryCircuitResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	if req.Id == "" {
		return nil, status.Error(codes.InvalidArgument, "circuit id is required")
	}
	circuit, err := q.GetCircuit(ctx, req.Id)
	if err != nil {
		return nil, queryError(err)
	}
	return &types.QueryCircuitResponse{Circuit: circuit}, nil
}

// Circuits pages through the circuits by id.
func (q Querier) Circuits(ctx context.Context, req *types.QueryCircuitsRequest) (*types.QueryCircuitsResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	circuits, page, err := query.CollectionPaginate(ctx, q.Keeper.Circuits, req.Pagination,
		func(_ string, c types.Circuit) (types.Circuit, error) { return c, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryCircuitsResponse{Circuits: circuits, Pagination: page}, nil
}

// Model returns one model with its validation and test scores, if any.
func (q Querier) Model(ctx context.Context, req *types.QueryModelRequest) (*types.QueryModelResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	model, err := q.GetModel(ctx, req.ModelId)
	if err != nil {
		return nil, queryError(err)
	}
	res := &types.QueryModelResponse{Model: model}
	for _, s := range []struct {
		scores scoreMap
		into   **types.ModelScore
	}{{q.ValidationScores, &res.ValidationScore}, {q.TestScores, &res.TestScore}} {
		score, found, err := getScore(ctx, s.scores, model.Id)
		if err != nil {
			return nil, status.Error(codes.Internal, err.Error())
		}
		if found {
			*s.into = &score
		}
	}
	return res, nil
}

// ModelsByTask pages through a task's models by id.
func (q Querier) ModelsByTask(ctx context.Context, req *types.QueryModelsByTaskRequest) (*types.QueryModelsByTaskResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	if _, err := q.GetTask(ctx, req.TaskId); err != nil {
		return nil, queryError(err)
	}
	models, page, err := query.CollectionPaginate(ctx, q.Models.Indexes.ByTask, req.Pagination,
		func(key collections.Pair[uint64, uint64], _ collections.NoValue) (types.Model, error) {
			return q.GetModel(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[uint64, uint64](req.TaskId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryModelsByTaskResponse{Models: models, Pagination: page}, nil
}

// BestModel returns the task's active model with the best verified
// validation metric (NotFound when none is scored).
func (q Querier) BestModel(ctx context.Context, req *types.QueryBestModelRequest) (*types.QueryBestModelResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	if _, err := q.GetTask(ctx, req.TaskId); err != nil {
		return nil, queryError(err)
	}
	model, score, err := q.Keeper.BestModel(ctx, req.TaskId)
	if err != nil {
		return nil, queryError(err)
	}
	return &types.QueryBestModelResponse{Model: model, Score: score}, nil
}

// Bounty returns one bounty.
func (q Querier) Bounty(ctx context.Context, req *types.QueryBountyRequest) (*types.QueryBountyResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	bounty, err := q.GetBounty(ctx, req.BountyId)
	if err != nil {
		return nil, queryError(err)
	}
	return &types.QueryBountyResponse{Bounty: bounty}, nil
}

// Bounties pages through all bounties by id, or one task's (task_id > 0).
func (q Querier) Bounties(ctx context.Context, req *types.QueryBountiesRequest) (*types.QueryBountiesResponse, error) {
	if req == nil {
		return nil, errEmptyRequest
	}
	if req.TaskId == 0 {
		bounties, page, err := query.CollectionPaginate(ctx, q.Keeper.Bounties, req.Pagination,
			func(_ uint64, b types.Bounty) (types.Bounty, error) { return b, nil })
		if err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
		return &types.QueryBountiesResponse{Bounties: bounties, Pagination: page}, nil
	}
	if _, err := q.GetTask(ctx, req.TaskId); err != nil {
		return nil, queryError(err)
	}
	bounties, page, err := query.CollectionPaginate(ctx, q.Keeper.Bounties.Indexes.ByTask, req.Pagination,
		func(key collections.Pair[uint64, uint64], _ collections.NoValue) (types.Bounty, error) {
			return q.GetBounty(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[uint64, uint64](req.TaskId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryBountiesResponse{Bounties: bounties, Pagination: page}, nil
}

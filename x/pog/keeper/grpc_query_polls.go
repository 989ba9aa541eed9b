package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/pog/types"
)

// Poll returns a poll and its votes.
func (q Querier) Poll(ctx context.Context, req *types.QueryPollRequest) (*types.QueryPollResponse, error) {
	if req == nil || req.PollId == 0 {
		return nil, status.Error(codes.InvalidArgument, "give a poll_id of at least 1")
	}
	p, err := q.Keeper.Polls.Get(ctx, req.PollId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "no poll %d", req.PollId)
	} else if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	res := &types.QueryPollResponse{Poll: p}
	err = q.Keeper.Votes.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](p.Id),
		func(_ collections.Pair[uint64, sdk.AccAddress], v types.Vote) (bool, error) {
			res.Votes = append(res.Votes, v)
			return false, nil
		})
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return res, nil
}

// PendingPolls pages through the open polls by id.
func (q Querier) PendingPolls(ctx context.Context, req *types.QueryPendingPollsRequest) (*types.QueryPendingPollsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	polls, page, err := query.CollectionFilteredPaginate(ctx, q.Keeper.Polls, req.Pagination,
		func(_ uint64, p types.Poll) (bool, error) { return p.Outcome == types.OutcomeOpen, nil },
		func(_ uint64, p types.Poll) (types.Poll, error) { return p, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryPendingPollsResponse{Polls: polls, Pagination: page}, nil
}

// Beacon returns the clock, the current round's entries and the last
// final round.
func (q Querier) Beacon(ctx context.Context, req *types.QueryBeaconRequest) (*types.QueryBeaconResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	clock, err := q.Keeper.Clock.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	res := &types.QueryBeaconResponse{Clock: clock}
	err = q.Keeper.BeaconEntries.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](clock.Round),
		func(_ collections.Pair[uint64, sdk.AccAddress], e types.BeaconEntry) (bool, error) {
			res.Entries = append(res.Entries, e)
			return false, nil
		})
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if clock.Round > 0 {
		last, err := q.Keeper.BeaconRounds.Get(ctx, clock.Round-1)
		if err == nil {
			res.LastRound = &last
		} else if !errors.Is(err, collections.ErrNotFound) {
			return nil, status.Error(codes.Internal, err.Error())
		}
	}
	return res, nil
}

// Rewards pages through the paid epochs, newest first.
func (q Querier) Rewards(ctx context.Context, req *types.QueryRewardsRequest) (*types.QueryRewardsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	pagination := req.Pagination
	if pagination == nil {
		pagination = &query.PageRequest{}
	}
	pagination.Reverse = true
	epochs, page, err := query.CollectionPaginate(ctx, q.Keeper.EpochRewards, pagination,
		func(_ uint64, r types.EpochRewards) (types.EpochRewards, error) { return r, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryRewardsResponse{Epochs: epochs, Pagination: page}, nil
}

// Emission sums the paid epochs and shows the current epoch's release
// and the pool.
func (q Querier) Emission(ctx context.Context, req *types.QueryEmissionRequest) (*types.QueryEmissionResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	clock, err := q.Keeper.Clock.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	res := &types.QueryEmissionResponse{Epoch: clock.Epoch, Released: math.ZeroInt(), Paid: math.ZeroInt(),
		NextRelease: params.Schedule().Release(clock.Epoch), Pool: math.ZeroInt(), Total: params.RewardsTotal}
	err = q.Keeper.EpochRewards.Walk(ctx, nil, func(_ uint64, r types.EpochRewards) (bool, error) {
		res.Released = res.Released.Add(r.Released)
		res.Paid = res.Paid.Add(r.ToProposers).Add(r.ToLearners)
		return false, nil
	})
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if pool := q.account.GetModuleAddress(types.NetworkRewardsPool); pool != nil {
		res.Pool = q.bank.GetBalance(ctx, pool, types.BondDenom).Amount
	}
	return res, nil
}

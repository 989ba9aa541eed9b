package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/stake/types"
)

// Participant returns one participant and its bonds in role order.
func (q Querier) Participant(ctx context.Context, req *types.QueryParticipantRequest) (*types.QueryParticipantResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.parseAddress(req.Address)
	if err != nil {
		return nil, err
	}
	p, err := q.Participants.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Errorf(codes.NotFound, "%s is not a registered participant", req.Address)
	}
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	bonds, err := q.bondsOf(ctx, addr)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParticipantResponse{Participant: p, Bonds: bonds}, nil
}

// ParticipantsByRole pages through the participants bonded for a role, by
// address, through the Bonds.ByRole index. meets_minimum is false for bonds
// a slash took below the role's minimum.
func (q Querier) ParticipantsByRole(ctx context.Context, req *types.QueryParticipantsByRoleRequest) (*types.QueryParticipantsByRoleResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if err := types.ValidateRole(req.Role); err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	params, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	minimum, err := params.MinBondOf(req.Role)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	members, pageRes, err := query.CollectionPaginate(ctx, q.Bonds.Indexes.ByRole, req.Pagination,
		func(key collections.Pair[int32, sdk.AccAddress], _ collections.NoValue) (types.RoleMember, error) {
			addr := key.K2()
			p, err := q.Participants.Get(ctx, addr)
			if err != nil {
				return types.RoleMember{}, err
			}
			bond, err := q.Bonds.Get(ctx, collections.Join(addr, key.K1()))
			if err != nil {
				return types.RoleMember{}, err
			}
			return types.RoleMember{Participant: p, Bond: types.RoleBond{Role: req.Role, Amount: bond}, MeetsMinimum: bond.GTE(minimum)}, nil
		},
		query.WithCollectionPaginationPairPrefix[int32, sdk.AccAddress](int32(req.Role)))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryParticipantsByRoleResponse{Members: members, Pagination: pageRes}, nil
}

// Unbondings pages through the whole unbonding queue in completion order,
// or, given an address, through that address's entries (also in completion
// order) via the Unbondings.ByOwner index.
func (q Querier) Unbondings(ctx context.Context, req *types.QueryUnbondingsRequest) (*types.QueryUnbondingsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.Address == "" {
		entries, pageRes, err := query.CollectionPaginate(ctx, q.Keeper.Unbondings, req.Pagination,
			func(_ collections.Pair[time.Time, uint64], e types.UnbondingEntry) (types.UnbondingEntry, error) {
				return e, nil
			})
		if err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
		return &types.QueryUnbondingsResponse{Entries: entries, Pagination: pageRes}, nil
	}
	addr, err := q.parseAddress(req.Address)
	if err != nil {
		return nil, err
	}
	entries, pageRes, err := query.CollectionPaginate(ctx, q.Keeper.Unbondings.Indexes.ByOwner, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, collections.Pair[time.Time, uint64]], _ collections.NoValue) (types.UnbondingEntry, error) {
			return q.Keeper.Unbondings.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, collections.Pair[time.Time, uint64]](addr))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryUnbondingsResponse{Entries: entries, Pagination: pageRes}, nil
}

package keeper

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// Querier implements the x/stake Query service: Params here, the
// participant queries in grpc_query_participants.go and PowerTable in
// grpc_query_power.go.
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

// parseAddress reads a required account address of a request.
func (q Querier) parseAddress(bech32 string) (sdk.AccAddress, error) {
	if bech32 == "" {
		return nil, status.Error(codes.InvalidArgument, "address is required")
	}
	addr, err := q.account.AddressCodec().StringToBytes(bech32)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "address %q is not a valid account address: %s", bech32, err)
	}
	return addr, nil
}

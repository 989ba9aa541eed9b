package keeper

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// Querier implements the x/datamarket Query service: Params and Ledger here, the
// order queries in grpc_query_orders.go and the deal queries in
// grpc_query_deals.go. Nil or malformed requests are InvalidArgument,
// unknown ids NotFound.
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

// Ledger returns the escrow's flow accounting and the module's balance.
func (q Querier) Ledger(ctx context.Context, req *types.QueryLedgerRequest) (*types.QueryLedgerResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	l, err := q.GetLedger(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	held := q.bank.GetBalance(ctx, q.moduleAddress(), types.BondDenom).Amount
	return &types.QueryLedgerResponse{Ledger: l, Held: held}, nil
}

// optionalAddress reads an optional account filter of a request ("" for
// none).
func (q Querier) optionalAddress(field, bech32 string) (sdk.AccAddress, error) {
	if bech32 == "" {
		return nil, nil
	}
	addr, err := q.account.AddressCodec().StringToBytes(bech32)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "%s %q is not a valid account address: %s", field, bech32, err)
	}
	return addr, nil
}

// requireID rejects a zero id: ids start at 1.
func requireID(field string, id uint64) error {
	if id == 0 {
		return status.Errorf(codes.InvalidArgument, "%s must be at least 1 (ids start at 1)", field)
	}
	return nil
}

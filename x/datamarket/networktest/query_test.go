package networktest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"

	"github.com/litegpt/litegpt/app"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// escrowAddress is the market's module account, which holds bid and deal
// escrow.
var escrowAddress = authtypes.NewModuleAddress(datamarkettypes.ModuleName)

// balance is addr's ulgpt balance.
func balance(t *testing.T, ctx context.Context, addr sdk.AccAddress) math.Int {
	t.Helper()
	res, err := banktypes.NewQueryClient(net.GRPCConn()).Balance(ctx, &banktypes.QueryBalanceRequest{Address: addr.String(), Denom: app.BondDenom})
	require.NoError(t, err)
	return res.Balance.Amount
}

// communityPool is the community pool's ulgpt, where protocol fees and
// slashed bonds go. It is exact here: fees and slashes are whole coins.
func communityPool(t *testing.T, ctx context.Context) math.LegacyDec {
	t.Helper()
	res, err := distrtypes.NewQueryClient(net.GRPCConn()).CommunityPool(ctx, &distrtypes.QueryCommunityPoolRequest{})
	require.NoError(t, err)
	return res.Pool.AmountOf(app.BondDenom)
}

// balances is a snapshot of the balances a deal moves.
type balances struct {
	seller, buyer, router, escrow math.Int
	pool                          math.LegacyDec
}

// snapshot reads the balances of p, the market escrow and the community
// pool at the latest height.
func snapshot(t *testing.T, ctx context.Context, p parties) balances {
	t.Helper()
	return balances{
		seller: balance(t, ctx, p.seller.addr), buyer: balance(t, ctx, p.buyer.addr), router: balance(t, ctx, p.router.addr),
		escrow: balance(t, ctx, escrowAddress), pool: communityPool(t, ctx),
	}
}

// requireDeltas checks every balance of now against before plus the
// expected change (pool in whole ulgpt).
func requireDeltas(t *testing.T, before, now balances, seller, buyer, router, escrow, pool int64) {
	t.Helper()
	require.Equal(t, before.seller.AddRaw(seller).String(), now.seller.String(), "seller balance")
	require.Equal(t, before.buyer.AddRaw(buyer).String(), now.buyer.String(), "buyer balance")
	require.Equal(t, before.router.AddRaw(router).String(), now.router.String(), "router balance")
	require.Equal(t, before.escrow.AddRaw(escrow).String(), now.escrow.String(), "market escrow")
	require.Equal(t, before.pool.Add(math.LegacyNewDec(pool)).String(), now.pool.String(), "community pool")
}

// deal queries deal id.
func deal(t *testing.T, ctx context.Context, id uint64) datamarkettypes.Deal {
	t.Helper()
	res, err := datamarkettypes.NewQueryClient(net.GRPCConn()).Deal(ctx, &datamarkettypes.QueryDealRequest{DealId: id})
	require.NoError(t, err)
	return res.Deal
}

// score is addr's current reputation score.
func score(t *testing.T, ctx context.Context, addr sdk.AccAddress) uint64 {
	t.Helper()
	res, err := reputationtypes.NewQueryClient(net.GRPCConn()).Score(ctx, &reputationtypes.QueryScoreRequest{Address: addr.String()})
	require.NoError(t, err)
	return res.Score.Score
}

// outcomeWeight is the reputation weight of kind on this network.
func outcomeWeight(t *testing.T, ctx context.Context, kind reputationtypes.OutcomeKind) int64 {
	t.Helper()
	res, err := reputationtypes.NewQueryClient(net.GRPCConn()).Params(ctx, &reputationtypes.QueryParamsRequest{})
	require.NoError(t, err)
	w, err := res.Params.WeightOf(kind)
	require.NoError(t, err)
	return w
}

// moved is score s moved by weight w (scores are far from the bounds in
// these tests, so no clamping).
func moved(s uint64, w int64) uint64 { return uint64(int64(s) + w) }

// participant queries addr's x/stake record and its bond for role.
func participant(t *testing.T, ctx context.Context, addr sdk.AccAddress, role staketypes.Role) (staketypes.Participant, math.Int) {
	t.Helper()
	res, err := staketypes.NewQueryClient(net.GRPCConn()).Participant(ctx, &staketypes.QueryParticipantRequest{Address: addr.String()})
	require.NoError(t, err)
	bond := math.ZeroInt()
	for _, b := range res.Bonds {
		if b.Role == role {
			bond = b.Amount
		}
	}
	return res.Participant, bond
}

package networktest

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/testutil/network"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
)

// TestUnacceptedDeliveryRefundsAtExpiry delivers a deal that the buyer
// never accepts: at the end of the acceptance window EndBlock expires it
// and refunds the buyer in full, reporting nobody (the chain cannot tell a
// bad delivery from a griefing buyer), and a late acceptance fails.
func TestUnacceptedDeliveryRefundsAtExpiry(t *testing.T) {
	ctx := testCtx(t)
	p := newParties(t, ctx)
	ds := newDataset(t, digitBatches(t)[12:16])
	const (
		price, maxPrice = 1_500_000, 1_600_000
		amount          = 4 * price
	)
	before := snapshot(t, ctx, p)
	sellerScore, buyerScore := score(t, ctx, p.seller.addr), score(t, ctx, p.buyer.addr)

	d := trade(t, ctx, p, ds, price, maxPrice)
	deliver(t, ctx, p, ds, d, noCorruption)
	expiresAt := deal(t, ctx, d.Id).DeadlineHeight
	requireDeltas(t, before, snapshot(t, ctx, p), 0, -amount, 0, amount, 0)

	waitPast(t, ctx, expiresAt)
	got := deal(t, ctx, d.Id)
	require.Equal(t, datamarkettypes.DealExpired, got.Status)
	require.Equal(t, datamarkettypes.DealDelivered, got.ExpiredStage)
	require.Equal(t, expiresAt, got.ClosedHeight)
	expired := blockEvent[datamarkettypes.EventDealExpired](t, ctx, expiresAt)
	require.Equal(t, d.Id, expired.DealId)
	require.Equal(t, datamarkettypes.DealDelivered, expired.Stage)
	require.Equal(t, int64(amount), expired.Refunded.Int64())

	// Everyone is where they started, and nobody's reputation moved.
	requireDeltas(t, before, snapshot(t, ctx, p), 0, 0, 0, 0, 0)
	require.Equal(t, sellerScore, score(t, ctx, p.seller.addr))
	require.Equal(t, buyerScore, score(t, ctx, p.buyer.addr))

	// Too late to accept: the deal is closed.
	_, err := network.SendTx(ctx, net.Validators[0].ClientCtx, p.buyer.name,
		[]sdk.Msg{&datamarkettypes.MsgAcceptDelivery{Buyer: p.buyer.addr.String(), DealId: d.Id}}, network.WithGas(500_000))
	var txErr *network.TxError
	require.ErrorAs(t, err, &txErr)
	require.Equal(t, "DeliverTx", txErr.Stage)
	require.Equal(t, datamarkettypes.ModuleName, txErr.Response.Codespace)
	require.Equal(t, datamarkettypes.ErrWrongDealStage.ABCICode(), txErr.Response.Code, txErr.Response.RawLog)
	require.Equal(t, got, deal(t, ctx, d.Id))
	requireDeltas(t, before, snapshot(t, ctx, p), 0, 0, 0, 0, 0)
}

package networktest

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/testutil/network"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// TestDisputedDealSlashesTheSeller runs two deals between the same seller
// and buyer. In the first the seller seals one chunk as garbage: after the
// reveal the buyer proves it with the evidence exchange.OpenDelivery
// returns, gets its escrow back, and the seller is slashed and loses
// reputation. The second is honest: a dispute of a good chunk fails on
// chain and changes nothing, and the deal settles.
func TestDisputedDealSlashesTheSeller(t *testing.T) {
	ctx := testCtx(t)
	p := newParties(t, ctx)
	batches := digitBatches(t)
	badData, goodData := newDataset(t, batches[4:8]), newDataset(t, batches[8:12])

	// Bids at the offer's price: no improvement, so each bid's escrow is
	// its deal's amount. 8,000,000 pays 40,000 to the router and 80,000
	// to the protocol.
	const (
		price        = 2_000_000
		amount       = 4 * price
		routerFee    = 40_000
		protocolFee  = 80_000
		sellerAmount = amount - routerFee - protocolFee
		badChunk     = 2
	)
	slashed := slashFraction.MulInt(sellerBond).TruncateInt().Int64() // 10 % of 2,000,000

	before := snapshot(t, ctx, p)
	sellerScore, buyerScore := score(t, ctx, p.seller.addr), score(t, ctx, p.buyer.addr)
	_, bond := participant(t, ctx, p.seller.addr, staketypes.RoleDataNode)
	require.Equal(t, sellerBond.String(), bond.String())

	badDeal := trade(t, ctx, p, badData, price, price)
	goodDeal := trade(t, ctx, p, goodData, price, price)
	requireDeltas(t, before, snapshot(t, ctx, p), 0, -2*amount, 0, 2*amount, 0)

	// Every chunk is under the seller's ciphertext root, the bad one too:
	// the buyer cannot tell before the key is revealed, and accepts both.
	badKey, badChunks := deliver(t, ctx, p, badData, badDeal, badChunk)
	goodKey, goodChunks := deliver(t, ctx, p, goodData, goodDeal, noCorruption)
	accept(t, ctx, p, badDeal.Id, badChunks)
	accept(t, ctx, p, goodDeal.Id, goodChunks)
	reveal(t, ctx, p, badDeal.Id, badKey)
	goodSettlesAt := reveal(t, ctx, p, goodDeal.Id, goodKey)

	_, evidence := openDelivery(t, deal(t, ctx, badDeal.Id), badChunks)
	require.NotNil(t, evidence, "the garbage chunk fails Judge")
	require.Equal(t, uint64(badChunk), evidence.Index)
	require.Contains(t, evidence.Fault, "is not a batch")
	goodLeaves, none := openDelivery(t, deal(t, ctx, goodDeal.Id), goodChunks)
	require.Nil(t, none)
	require.Equal(t, goodData.batches, goodLeaves)

	// A dispute of a good chunk, with a genuine ciphertext path, is
	// included and fails with ErrDisputeUnfounded (gas given, so that it is
	// not stopped at simulation); nothing changes.
	mid := snapshot(t, ctx, p)
	goodBefore := deal(t, ctx, goodDeal.Id)
	_, paths := exchange.CiphertextPaths(goodChunks)
	_, err := network.SendTx(ctx, net.Validators[0].ClientCtx, p.buyer.name, []sdk.Msg{&datamarkettypes.MsgDispute{
		Buyer: p.buyer.addr.String(), DealId: goodDeal.Id, ChunkIndex: 1, Ciphertext: goodChunks[1], CiphertextPath: paths[1],
	}}, network.WithGas(2_000_000))
	var txErr *network.TxError
	require.ErrorAs(t, err, &txErr)
	require.Equal(t, "DeliverTx", txErr.Stage)
	require.Equal(t, datamarkettypes.ModuleName, txErr.Response.Codespace)
	require.Equal(t, datamarkettypes.ErrDisputeUnfounded.ABCICode(), txErr.Response.Code, txErr.Response.RawLog)
	require.Equal(t, goodBefore, deal(t, ctx, goodDeal.Id))
	requireDeltas(t, mid, snapshot(t, ctx, p), 0, 0, 0, 0, 0)
	_, bond = participant(t, ctx, p.seller.addr, staketypes.RoleDataNode)
	require.Equal(t, sellerBond.String(), bond.String(), "an unfounded dispute slashes nobody")
	require.Equal(t, sellerScore, score(t, ctx, p.seller.addr))

	// The proven dispute: the chain decrypts the one chunk with the
	// revealed key and rules against the seller.
	res := sendTx(t, ctx, p.buyer.name, &datamarkettypes.MsgDispute{
		Buyer: p.buyer.addr.String(), DealId: badDeal.Id, ChunkIndex: evidence.Index,
		Ciphertext: evidence.Ciphertext, CiphertextPath: evidence.Path,
	})
	proven := txEvent[datamarkettypes.EventDisputeProven](t, res)
	require.Equal(t, badDeal.Id, proven.DealId)
	require.Equal(t, evidence.Index, proven.ChunkIndex)
	require.Equal(t, evidence.Fault, proven.Fault, "the chain's Judge finds the fault the buyer found")
	require.Equal(t, int64(amount), proven.Refunded.Int64())
	require.Equal(t, slashed, proven.Slashed.Int64())
	slash := txEvent[staketypes.EventRoleBondSlashed](t, res)
	require.Equal(t, p.seller.addr.String(), slash.Address)
	require.Equal(t, staketypes.RoleDataNode, slash.Role)
	require.Equal(t, slashed, slash.FromBond.Int64())
	require.Equal(t, staketypes.SlashToCommunityPool, slash.Destination)

	got := deal(t, ctx, badDeal.Id)
	require.Equal(t, datamarkettypes.DealDisputed, got.Status)
	require.Equal(t, res.Height, got.ClosedHeight)
	// The buyer has its escrow back exactly; the slash went to the pool.
	requireDeltas(t, mid, snapshot(t, ctx, p), 0, amount, 0, -amount, slashed)
	_, bond = participant(t, ctx, p.seller.addr, staketypes.RoleDataNode)
	require.Equal(t, sellerBond.SubRaw(slashed).String(), bond.String(), "bond slashed by dispute_slash_fraction")
	disputed := moved(sellerScore, outcomeWeight(t, ctx, reputationtypes.OutcomeDealDisputed))
	require.Equal(t, disputed, score(t, ctx, p.seller.addr), "seller disputed")
	require.Less(t, disputed, sellerScore)
	require.Equal(t, buyerScore, score(t, ctx, p.buyer.addr), "a refund is no payment")

	// The honest deal is untouched by the dispute and settles.
	waitPast(t, ctx, goodSettlesAt)
	require.Equal(t, datamarkettypes.DealSettled, deal(t, ctx, goodDeal.Id).Status)
	settled := blockEvent[datamarkettypes.EventDealSettled](t, ctx, goodSettlesAt)
	require.Equal(t, int64(sellerAmount), settled.SellerAmount.Int64())
	requireDeltas(t, before, snapshot(t, ctx, p), sellerAmount, -amount, routerFee, 0, protocolFee+slashed)
	require.Equal(t, moved(disputed, outcomeWeight(t, ctx, reputationtypes.OutcomeDealDelivered)), score(t, ctx, p.seller.addr))
	require.Equal(t, moved(buyerScore, outcomeWeight(t, ctx, reputationtypes.OutcomeDealPaid)), score(t, ctx, p.buyer.addr))
}

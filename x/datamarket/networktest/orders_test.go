package networktest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/testutil/network"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
)

// orderLifetime is how long the tests' orders stay open, in blocks: far
// beyond any test, so no order expires while it runs.
const orderLifetime = 1_000

// orderExpiry is an expiry height orderLifetime blocks ahead.
func orderExpiry(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	h, err := network.LatestHeight(ctx, net.Validators[0].ClientCtx)
	require.NoError(t, err)
	return h + orderLifetime
}

// offerMsg offers all of ds's leaves for the task, open to any buyer.
func offerMsg(t *testing.T, ctx context.Context, seller account, ds dataset, price int64) *datamarkettypes.MsgPostOffer {
	return &datamarkettypes.MsgPostOffer{
		Seller: seller.addr.String(), Kind: datamarkettypes.KindData, TaskId: taskID,
		DataRoot: ds.root[:], LeafCount: uint64(len(ds.batches)), PricePerLeaf: math.NewInt(price),
		GroupCounts:  []datamarkettypes.GroupCount{{Group: "uci-digits", Samples: uint64(len(ds.batches) * len(ds.batches[0].Samples))}},
		ExpiryHeight: orderExpiry(t, ctx),
	}
}

// bidMsg bids for leaves of DATA for the model at up to maxPrice a leaf.
func bidMsg(t *testing.T, ctx context.Context, buyer account, leaves uint64, maxPrice int64) *datamarkettypes.MsgPostBid {
	return &datamarkettypes.MsgPostBid{
		Buyer: buyer.addr.String(), Kind: datamarkettypes.KindData, ModelId: modelID,
		LeafCount: leaves, MaxPricePerLeaf: math.NewInt(maxPrice), ExpiryHeight: orderExpiry(t, ctx),
	}
}

// matchMsg has router fill bid from offer, as many leaves as both allow.
func matchMsg(router account, bid, offer uint64) *datamarkettypes.MsgMatch {
	return &datamarkettypes.MsgMatch{Router: router.addr.String(), BidId: bid, OfferId: offer}
}

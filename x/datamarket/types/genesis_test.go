package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// fullGenesis holds open offer 1 and bid 2, a deal in every status (ids
// 1..9, the settled one is deal 5) and two leaf uses of deal 5.
func fullGenesis() types.GenesisState {
	gs := *types.DefaultGenesis()
	gs.Offers = []types.Offer{validOffer()}
	gs.Bids = []types.Bid{validBid()}
	for i, d := range allDeals() {
		d.Id = uint64(i + 1)
		gs.Deals = append(gs.Deals, d)
	}
	gs.LeafUses = []types.LeafUse{{DealId: 5, Leaf: 4, Uses: 1}, {DealId: 5, Leaf: 6, Uses: 3}}
	gs.NextOrderId, gs.NextDealId = 3, 10
	return gs
}

func TestGenesisValidateAccepts(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate())
	require.Equal(t, uint64(1), types.DefaultGenesis().NextOrderId)
	require.Equal(t, uint64(1), types.DefaultGenesis().NextDealId)
	gs := fullGenesis()
	require.Equal(t, types.DealSettled, gs.Deals[4].Status)
	require.NoError(t, gs.Validate())
}

func TestGenesisValidateRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*types.GenesisState)
		text   string
	}{
		{"bad params", func(g *types.GenesisState) { g.Params.MaxExpiriesPerBlock = 0 }, "params: max_expiries_per_block must be at least 1"},
		{"no next order id", func(g *types.GenesisState) { g.NextOrderId = 0 }, "next_order_id and next_deal_id must be at least 1 (ids start at 1), got 0 and 10"},
		{"no next deal id", func(g *types.GenesisState) { g.NextDealId = 0 }, "got 3 and 0"},
		{"bad offer", func(g *types.GenesisState) { g.Offers[0].Filled = 16 }, "offers[0] (id 1): filled 16 must be below leaf_count 16"},
		{"bad bid", func(g *types.GenesisState) { g.Bids[0].Escrow = math.NewInt(1) }, "bids[0] (id 2): escrow 1 must be"},
		{"offer id at the counter", func(g *types.GenesisState) { g.NextOrderId = 1 }, "offers[0]: id 1 must be below next_order_id 1"},
		{"bid id at the counter", func(g *types.GenesisState) { g.NextOrderId = 2 }, "bids[0]: id 2 must be below next_order_id 2"},
		{"offer listed twice", func(g *types.GenesisState) { g.Offers = append(g.Offers, g.Offers[0]) },
			"offers[1]: order id 1 is used twice (offers and bids share one id space)"},
		{"bid listed twice", func(g *types.GenesisState) { g.Bids = append(g.Bids, g.Bids[0]) }, "bids[1]: order id 2 is used twice"},
		{"offer and bid sharing an id", func(g *types.GenesisState) { g.Bids[0].Id = 1 }, "bids[0]: order id 1 is used twice (offers and bids share one id space)"},
		{"bad deal", func(g *types.GenesisState) { g.Deals[2].Key = testKey[:] }, "deals[2] (id 3): a deal before its reveal has no reveal height or data"},
		{"deal id at the counter", func(g *types.GenesisState) { g.NextDealId = 9 }, "deals[8]: id 9 must be below next_deal_id 9"},
		{"deal of a future offer", func(g *types.GenesisState) { g.Deals[0].OfferId = 3 }, "deals[0]: orders 3 and 2 must be below next_order_id 3"},
		{"deal of a future bid", func(g *types.GenesisState) { g.Deals[1].BidId = 7 }, "deals[1]: orders 1 and 7 must be below next_order_id 3"},
		{"deal listed twice", func(g *types.GenesisState) { g.Deals[3].Id = 2 }, "deals[3]: deal id 2 is used twice"},
		{"use of an unknown deal", func(g *types.GenesisState) { g.LeafUses[1].DealId = 42 }, "leaf_uses[1]: deal 42 is not among the deals"},
		{"use of an open deal", func(g *types.GenesisState) { g.LeafUses[0].DealId = 4 },
			"leaf_uses[0]: deal 4 is DEAL_STATUS_KEY_REVEALED; only settled deals' leaves are used"},
		{"use of a disputed deal", func(g *types.GenesisState) { g.LeafUses[0].DealId = 6 }, "deal 6 is DEAL_STATUS_DISPUTED"},
		{"use of a leaf before the range", func(g *types.GenesisState) { g.LeafUses[0].Leaf = 3 },
			"leaf_uses[0]: leaf 3 is not one deal 5 sold ([4, 7))"},
		{"use of a leaf after the range", func(g *types.GenesisState) { g.LeafUses[1].Leaf = 7 }, "leaf_uses[1]: leaf 7 is not one deal 5 sold ([4, 7))"},
		{"never used", func(g *types.GenesisState) { g.LeafUses[1].Uses = 0 },
			"leaf_uses[1]: uses must be at least 1 (leaves never used are not listed)"},
		{"use listed twice", func(g *types.GenesisState) { g.LeafUses[1].Leaf = 4 }, "leaf_uses[1]: deal 5 leaf 4 is listed twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gs := fullGenesis()
			tc.mutate(&gs)
			err := gs.Validate()
			require.ErrorIs(t, err, types.ErrInvalidGenesis)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

package types_test

import (
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// The fuzz tests decode arbitrary bytes into messages and records and run
// their checks: none may panic, and what a check accepts must satisfy what
// the keeper relies on. Their seeds run in every `go test`; run one with
// `go test ./x/datamarket/types -fuzz FuzzMsgPostOffer`.

// mustMarshal encodes m.
func mustMarshal(f *testing.F, m proto.Message) []byte {
	bz, err := proto.Marshal(m)
	require.NoError(f, err)
	return bz
}

// fuzzParams are the params messages are validated against.
func fuzzParams() types.Params {
	p := types.DefaultParams()
	p.MaxOrderBlocks, p.MaxLeavesPerOrder, p.MaxChunkBytes = 100, 1_000, 128
	return p
}

// An offer message that passes Validate makes a stored offer that passes
// Offer.Validate (the seller is parsed by the Msg service, not here).
func FuzzMsgPostOffer(f *testing.F) {
	f.Add(mustMarshal(f, dataOfferMsg()))
	f.Add(mustMarshal(f, modelUpdateOfferMsg()))
	m := dataOfferMsg()
	m.GroupCounts = groups(types.MaxGroups + 1)
	m.PricePerLeaf = math.NewIntFromUint64(types.MaxPricePerLeaf).AddRaw(1)
	f.Add(mustMarshal(f, m))
	f.Add([]byte{})
	f.Add([]byte{0x4a, 0x02, 0x2d, 0x31}) // price_per_leaf "-1"
	f.Fuzz(func(t *testing.T, bz []byte) {
		var msg types.MsgPostOffer
		if proto.Unmarshal(bz, &msg) != nil {
			return
		}
		if err := msg.Validate(fuzzParams(), testHeight); err != nil {
			require.Error(t, err)
			return
		}
		o := types.Offer{
			Id: 1, Seller: sellerAddr, Kind: msg.Kind, TaskId: msg.TaskId, ModelId: msg.ModelId, VersionId: msg.VersionId,
			WeightsCommitment: msg.WeightsCommitment, DataRoot: msg.DataRoot, LeafCount: msg.LeafCount,
			PricePerLeaf: msg.PricePerLeaf, GroupCounts: msg.GroupCounts, MinBuyerReputation: msg.MinBuyerReputation,
			ExpiryHeight: msg.ExpiryHeight, CreatedHeight: testHeight,
		}
		require.NoError(t, o.Validate())
		require.True(t, o.PricePerLeaf.IsUint64(), "the book key holds the price")
		require.LessOrEqual(t, msg.TaskId, types.MaxSubjectID)
		require.LessOrEqual(t, msg.ModelId, types.MaxSubjectID)
		require.Zero(t, msg.MinBuyerReputation%types.ReputationBucket)
	})
}

// A bid message that passes Validate escrows without overflow and makes a
// stored bid that passes Bid.Validate.
func FuzzMsgPostBid(f *testing.F) {
	f.Add(mustMarshal(f, bidMsg()))
	m := bidMsg()
	m.LeafCount, m.MaxPricePerLeaf = 1_000, math.NewIntFromUint64(types.MaxPricePerLeaf)
	f.Add(mustMarshal(f, m))
	f.Add([]byte{0x10, 0x05})
	f.Fuzz(func(t *testing.T, bz []byte) {
		var msg types.MsgPostBid
		if proto.Unmarshal(bz, &msg) != nil {
			return
		}
		if msg.Validate(fuzzParams(), testHeight) != nil {
			return
		}
		escrow, err := types.BidEscrow(msg.LeafCount, msg.MaxPricePerLeaf)
		require.NoError(t, err)
		b := types.Bid{
			Id: 1, Buyer: buyerAddr, Kind: msg.Kind, ModelId: msg.ModelId, TaskId: 1, LeafCount: msg.LeafCount,
			MaxPricePerLeaf: msg.MaxPricePerLeaf, Escrow: escrow, ExpiryHeight: msg.ExpiryHeight, CreatedHeight: testHeight,
		}
		require.NoError(t, b.Validate())
	})
}

// The deal-step and order messages never panic, and accept only non-zero
// ids and well-sized keys and evidence.
func FuzzDealMsgs(f *testing.F) {
	for i, m := range []proto.Message{
		&types.MsgCancelOrder{Owner: sellerAddr, OrderId: 1},
		&types.MsgMatch{Router: routerAddr, BidId: 2, OfferId: 1, Leaves: 3},
		&types.MsgDeliver{Seller: sellerAddr, DealId: 1, KeyHash: testKeyHash(), CiphertextRoot: make([]byte, 32)},
		&types.MsgAcceptDelivery{Buyer: buyerAddr, DealId: 1},
		&types.MsgRevealKey{Seller: sellerAddr, DealId: 1, Key: testKey[:]},
		&types.MsgDispute{Buyer: buyerAddr, DealId: 1, ChunkIndex: 1, Ciphertext: make([]byte, 80), CiphertextPath: [][]byte{make([]byte, 32)}},
	} {
		f.Add(uint8(i), mustMarshal(f, m))
	}
	f.Add(uint8(5), []byte{0x2a, 0x00})
	f.Fuzz(func(t *testing.T, which uint8, bz []byte) {
		p := fuzzParams()
		switch which % 6 {
		case 0:
			var m types.MsgCancelOrder
			if proto.Unmarshal(bz, &m) == nil && m.Validate() == nil {
				require.NotZero(t, m.OrderId)
			}
		case 1:
			var m types.MsgMatch
			if proto.Unmarshal(bz, &m) == nil && m.Validate() == nil {
				require.True(t, m.BidId != 0 && m.OfferId != 0 && m.BidId != m.OfferId)
			}
		case 2:
			var m types.MsgDeliver
			if proto.Unmarshal(bz, &m) == nil && m.Validate() == nil {
				require.True(t, m.DealId != 0 && len(m.KeyHash) == 32 && len(m.CiphertextRoot) == 32)
			}
		case 3:
			var m types.MsgAcceptDelivery
			if proto.Unmarshal(bz, &m) == nil && m.Validate() == nil {
				require.NotZero(t, m.DealId)
			}
		case 4:
			var m types.MsgRevealKey
			if proto.Unmarshal(bz, &m) == nil && m.Validate() == nil {
				require.True(t, m.DealId != 0 && len(m.Key) == 32)
			}
		case 5:
			var m types.MsgDispute
			if proto.Unmarshal(bz, &m) == nil && m.Validate(p) == nil {
				require.True(t, m.DealId != 0 && len(m.Ciphertext) >= 1 && len(m.Ciphertext) <= int(p.MaxChunkBytes))
				require.LessOrEqual(t, len(m.CiphertextPath), types.MaxCiphertextPathLength)
				for _, h := range m.CiphertextPath {
					require.Len(t, h, 32)
				}
			}
		}
	})
}

// A deal that passes Validate holds its amount exactly, sells leaves of its
// tree and has a closing height exactly when it is closed.
func FuzzDealValidate(f *testing.F) {
	for _, d := range allDeals() {
		f.Add(mustMarshal(f, &d))
	}
	bad := dealAt(types.DealExpired, types.DealKeyRevealed)
	f.Add(mustMarshal(f, &bad))
	f.Fuzz(func(t *testing.T, bz []byte) {
		var d types.Deal
		if proto.Unmarshal(bz, &d) != nil || d.Validate() != nil {
			return
		}
		require.True(t, d.Status.IsValid())
		require.True(t, d.Amount.Equal(math.NewIntFromUint64(d.LeafCount).Mul(d.PricePerLeaf)))
		require.True(t, d.LeafCount >= 1 && d.LeafStart+d.LeafCount <= d.TreeLeaves && d.TreeLeaves <= types.MaxLeafCount)
		require.Equal(t, d.Status.IsTerminal(), d.ClosedHeight != 0)
		require.Equal(t, d.Status == types.DealExpired, d.ExpiredStage != types.DealUnspecified)
		require.Less(t, d.CreatedHeight, d.DeadlineHeight)
		if d.Status >= types.DealKeyRevealed && d.Status != types.DealExpired {
			require.Len(t, d.Key, 32, "a revealed key can be used to judge a dispute")
		}
	})
}

// Genesis validation never panics, on any decoded genesis.
func FuzzGenesisValidate(f *testing.F) {
	gs := fullGenesis()
	f.Add(mustMarshal(f, &gs))
	f.Add(mustMarshal(f, types.DefaultGenesis()))
	gs.LeafUses = append(gs.LeafUses, types.LeafUse{DealId: 5, Leaf: ^uint64(0), Uses: 1})
	f.Add(mustMarshal(f, &gs))
	f.Fuzz(func(t *testing.T, bz []byte) {
		var gs types.GenesisState
		if proto.Unmarshal(bz, &gs) != nil {
			return
		}
		if err := gs.Validate(); err != nil {
			require.ErrorIs(t, err, types.ErrInvalidGenesis)
			return
		}
		require.NotZero(t, gs.NextOrderId)
		require.NotZero(t, gs.NextDealId)
	})
}

// Valid params split any deal amount exactly, with neither fee above its
// share.
func FuzzParamsFees(f *testing.F) {
	p := types.DefaultParams()
	f.Add(mustMarshal(f, &p), uint64(999), uint64(3))
	p.ProtocolFeeBps, p.RouterFeeBps = 10_000, 0
	f.Add(mustMarshal(f, &p), ^uint64(0), ^uint64(0))
	f.Fuzz(func(t *testing.T, bz []byte, leaves, price uint64) {
		var p types.Params
		if proto.Unmarshal(bz, &p) != nil || p.Validate() != nil {
			return
		}
		amount := math.NewIntFromUint64(leaves).Mul(math.NewIntFromUint64(price))
		seller, router, protocol := p.Fees(amount)
		require.True(t, seller.Add(router).Add(protocol).Equal(amount))
		require.False(t, seller.IsNegative() || router.IsNegative() || protocol.IsNegative())
		require.True(t, router.MulRaw(types.BpsDenominator).LTE(amount.MulRaw(int64(p.RouterFeeBps))))
		require.True(t, protocol.MulRaw(types.BpsDenominator).LTE(amount.MulRaw(int64(p.ProtocolFeeBps))))
	})
}

package types_test

import (
	"bytes"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// The fixtures below are valid records and messages the tests of this
// package change one field at a time. Addresses are bech32 in the SDK's
// global prefix, as the record checks read them.

// testHeight is the block height messages are validated at.
const testHeight = 1_000

var (
	sellerAddr = sdk.AccAddress(bytes.Repeat([]byte{1}, 20)).String()
	buyerAddr  = sdk.AccAddress(bytes.Repeat([]byte{2}, 20)).String()
	routerAddr = sdk.AccAddress(bytes.Repeat([]byte{3}, 20)).String()
)

// digest is a canonical 32-byte BN254 digest (pkg/commit): big-endian,
// below the field modulus because its top byte is 0.
func digest(b byte) []byte { return append([]byte{0}, bytes.Repeat([]byte{b}, 31)...) }

// nonCanonical is 32 bytes above the BN254 modulus.
var nonCanonical = bytes.Repeat([]byte{0xff}, 32)

// testKey is the deal key of the deal fixtures.
var testKey = exchange.Key(bytes.Repeat([]byte{9}, exchange.KeySize))

// testKeyHash is H(testKey).
func testKeyHash() []byte {
	h := exchange.KeyHash(testKey)
	return h[:]
}

// dataOfferMsg is a valid DATA offer of 16 leaves for task 1 at 100 ulgpt.
func dataOfferMsg() *types.MsgPostOffer {
	return &types.MsgPostOffer{
		Seller: sellerAddr, Kind: types.KindData, TaskId: 1, DataRoot: digest(1), LeafCount: 16,
		PricePerLeaf: math.NewInt(100), GroupCounts: []types.GroupCount{{Group: "clinic-a", Samples: 40}},
		MinBuyerReputation: 500_000, ExpiryHeight: testHeight + 100,
	}
}

// modelUpdateOfferMsg is a valid MODEL_UPDATE offer of model 2's version 7.
func modelUpdateOfferMsg() *types.MsgPostOffer {
	m := dataOfferMsg()
	m.Kind, m.ModelId, m.VersionId, m.WeightsCommitment = types.KindModelUpdate, 2, 7, digest(2)
	return m
}

// bidMsg is a valid DATA bid for model 2 of 10 leaves at up to 150 ulgpt.
func bidMsg() *types.MsgPostBid {
	return &types.MsgPostBid{
		Buyer: buyerAddr, Kind: types.KindData, ModelId: 2, LeafCount: 10,
		MaxPricePerLeaf: math.NewInt(150), ExpiryHeight: testHeight + 100,
	}
}

// validOffer is a stored open DATA offer, 4 of its 16 leaves sold.
func validOffer() types.Offer {
	return types.Offer{
		Id: 1, Seller: sellerAddr, Kind: types.KindData, TaskId: 1, DataRoot: digest(1), LeafCount: 16, Filled: 4,
		PricePerLeaf: math.NewInt(100), GroupCounts: []types.GroupCount{{Group: "clinic-a", Samples: 40}},
		MinBuyerReputation: 500_000, ExpiryHeight: 600, CreatedHeight: 100,
	}
}

// validBid is a stored open bid, 4 of its 10 leaves bought: 6 * 150
// escrowed.
func validBid() types.Bid {
	return types.Bid{
		Id: 2, Buyer: buyerAddr, Kind: types.KindData, ModelId: 2, TaskId: 1, LeafCount: 10, Filled: 4,
		MaxPricePerLeaf: math.NewInt(150), Escrow: math.NewInt(900), ExpiryHeight: 600, CreatedHeight: 100,
	}
}

// The heights of dealAt's stages.
const (
	createdAt   = 100
	deliveredAt = 102
	acceptedAt  = 103
	revealedAt  = 104
)

// dealAt is deal 1 (offer 1, bid 2: leaves [4, 7) of 16 at 100 ulgpt) as
// it stands in status; expired deals timed out in expiredStage. Every
// field is coherent with the status, so Deal.Validate accepts it.
func dealAt(status types.DealStatus, expiredStage ...types.DealStatus) types.Deal {
	d := types.Deal{
		Id: 1, OfferId: 1, BidId: 2, Seller: sellerAddr, Buyer: buyerAddr, Router: routerAddr,
		Kind: types.KindData, TaskId: 1, ModelId: 2, DataRoot: digest(1), TreeLeaves: 16,
		LeafStart: 4, LeafCount: 3, PricePerLeaf: math.NewInt(100), Amount: math.NewInt(300),
		Status: types.DealAwaitingDelivery, CreatedHeight: createdAt, DeadlineHeight: createdAt + 10,
	}
	stage := status
	switch status {
	case types.DealSettled, types.DealDisputed:
		stage = types.DealKeyRevealed
	case types.DealExpired:
		stage = expiredStage[0]
		d.ExpiredStage = stage
	}
	if stage >= types.DealDelivered {
		d.KeyHash, d.CiphertextRoot, d.DeliveredHeight, d.DeadlineHeight = testKeyHash(), bytes.Repeat([]byte{5}, 32), deliveredAt, deliveredAt+10
	}
	if stage >= types.DealAccepted {
		d.AcceptedHeight, d.DeadlineHeight = acceptedAt, acceptedAt+10
	}
	if stage >= types.DealKeyRevealed {
		d.Key, d.RevealedHeight, d.DeadlineHeight = testKey[:], revealedAt, revealedAt+20
	}
	d.Status = status
	switch status {
	case types.DealSettled, types.DealExpired:
		d.ClosedHeight = d.DeadlineHeight
	case types.DealDisputed:
		d.ClosedHeight = revealedAt + 5
	}
	return d
}

// allDeals is one valid deal in every status (expired ones in each stage
// that can time out).
func allDeals() []types.Deal {
	return []types.Deal{
		dealAt(types.DealAwaitingDelivery), dealAt(types.DealDelivered), dealAt(types.DealAccepted),
		dealAt(types.DealKeyRevealed), dealAt(types.DealSettled), dealAt(types.DealDisputed),
		dealAt(types.DealExpired, types.DealAwaitingDelivery), dealAt(types.DealExpired, types.DealDelivered),
		dealAt(types.DealExpired, types.DealAccepted),
	}
}

package types_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// msgCase is one rejection of a message's Validate: the field changed, the
// registered error and a piece of its text.
type msgCase[M any] struct {
	name   string
	mutate func(M)
	want   error
	text   string
}

// groups returns n distinct group counts of one sample each.
func groups(n int) []types.GroupCount {
	out := make([]types.GroupCount, n)
	for i := range out {
		out[i] = types.GroupCount{Group: fmt.Sprintf("g%d", i), Samples: 1}
	}
	return out
}

func TestMsgPostOfferValidate(t *testing.T) {
	p := types.DefaultParams()
	p.MaxOrderBlocks, p.MaxLeavesPerOrder = 100, 1_000
	require.NoError(t, dataOfferMsg().Validate(p, testHeight))
	require.NoError(t, modelUpdateOfferMsg().Validate(p, testHeight))

	// The boundaries are accepted.
	for name, mutate := range map[string]func(*types.MsgPostOffer){
		"expiry one block ahead":      func(m *types.MsgPostOffer) { m.ExpiryHeight = testHeight + 1 },
		"expiry max_order_blocks out": func(m *types.MsgPostOffer) { m.ExpiryHeight = testHeight + 100 },
		"one leaf":                    func(m *types.MsgPostOffer) { m.LeafCount = 1 },
		"max_leaves_per_order leaves": func(m *types.MsgPostOffer) { m.LeafCount = 1_000 },
		"price of one":                func(m *types.MsgPostOffer) { m.PricePerLeaf = math.OneInt() },
		"largest price":               func(m *types.MsgPostOffer) { m.PricePerLeaf = math.NewIntFromUint64(types.MaxPricePerLeaf) },
		"no groups":                   func(m *types.MsgPostOffer) { m.GroupCounts = nil },
		"64 groups":                   func(m *types.MsgPostOffer) { m.GroupCounts = groups(types.MaxGroups) },
		"64-byte group name":          func(m *types.MsgPostOffer) { m.GroupCounts[0].Group = strings.Repeat("é", 32) },
		"open to any buyer":           func(m *types.MsgPostOffer) { m.MinBuyerReputation = 0 },
		"top reputation only":         func(m *types.MsgPostOffer) { m.MinBuyerReputation = types.MaxReputation },
		"largest task id":             func(m *types.MsgPostOffer) { m.TaskId = types.MaxSubjectID },
	} {
		m := dataOfferMsg()
		mutate(m)
		require.NoError(t, m.Validate(p, testHeight), name)
	}

	for _, tc := range []msgCase[*types.MsgPostOffer]{
		{"unspecified kind", func(m *types.MsgPostOffer) { m.Kind = types.KindUnspecified }, types.ErrInvalidOrder,
			"kind must be OFFER_KIND_DATA or OFFER_KIND_MODEL_UPDATE, got OFFER_KIND_UNSPECIFIED"},
		{"unknown kind", func(m *types.MsgPostOffer) { m.Kind = 9 }, types.ErrInvalidOrder, "got 9"},
		{"no task", func(m *types.MsgPostOffer) { m.TaskId = 0 }, types.ErrInvalidOrder, "task_id must be in 1..72057594037927935, got 0"},
		{"task id too large for a book", func(m *types.MsgPostOffer) { m.TaskId = types.MaxSubjectID + 1 }, types.ErrInvalidOrder, "task_id must be in 1.."},
		{"DATA with a model", func(m *types.MsgPostOffer) { m.ModelId = 2 }, types.ErrInvalidOrder, "a DATA offer has no model_id, version_id or weights_commitment (got model 2, version 0, 0 commitment bytes)"},
		{"DATA with a version", func(m *types.MsgPostOffer) { m.VersionId = 3 }, types.ErrInvalidOrder, "got model 0, version 3"},
		{"DATA with weights", func(m *types.MsgPostOffer) { m.WeightsCommitment = digest(2) }, types.ErrInvalidOrder, "32 commitment bytes"},
		{"short data root", func(m *types.MsgPostOffer) { m.DataRoot = m.DataRoot[:31] }, types.ErrInvalidOrder, "data_root must be a canonical 32-byte BN254 digest (pkg/commit): a digest is 32 bytes, got 31"},
		{"no data root", func(m *types.MsgPostOffer) { m.DataRoot = nil }, types.ErrInvalidOrder, "data_root must be"},
		{"non-canonical data root", func(m *types.MsgPostOffer) { m.DataRoot = nonCanonical }, types.ErrInvalidOrder, "data_root must be a canonical 32-byte BN254 digest (pkg/commit): digest is not a canonical BN254 scalar"},
		{"no leaves", func(m *types.MsgPostOffer) { m.LeafCount = 0 }, types.ErrInvalidOrder, "leaf_count must be in 1..1000 (max_leaves_per_order), got 0"},
		{"too many leaves", func(m *types.MsgPostOffer) { m.LeafCount = 1_001 }, types.ErrInvalidOrder, "got 1001"},
		{"zero price", func(m *types.MsgPostOffer) { m.PricePerLeaf = math.ZeroInt() }, types.ErrInvalidPrice, "price_per_leaf must be a positive amount of ulgpt, got 0"},
		{"negative price", func(m *types.MsgPostOffer) { m.PricePerLeaf = math.NewInt(-1) }, types.ErrInvalidPrice, "got -1"},
		{"no price", func(m *types.MsgPostOffer) { m.PricePerLeaf = math.Int{} }, types.ErrInvalidPrice, "price_per_leaf must be a positive amount"},
		{"price beyond uint64", func(m *types.MsgPostOffer) {
			m.PricePerLeaf = math.NewIntFromUint64(types.MaxPricePerLeaf).AddRaw(1)
		}, types.ErrInvalidPrice, "price_per_leaf must be at most 18446744073709551615 ulgpt (it must fit a uint64), got 18446744073709551616"},
		{"65 groups", func(m *types.MsgPostOffer) { m.GroupCounts = groups(types.MaxGroups + 1) }, types.ErrInvalidOrder, "at most 64 group counts, got 65"},
		{"unnamed group", func(m *types.MsgPostOffer) { m.GroupCounts[0].Group = "" }, types.ErrInvalidOrder, "group_counts[0]: group must be 1..64 bytes of UTF-8, got 0 bytes"},
		{"long group name", func(m *types.MsgPostOffer) { m.GroupCounts[0].Group = strings.Repeat("a", 65) }, types.ErrInvalidOrder, "got 65 bytes"},
		{"group name not UTF-8", func(m *types.MsgPostOffer) { m.GroupCounts[0].Group = "\xff\xfe" }, types.ErrInvalidOrder, "group must be 1..64 bytes of UTF-8, got 2 bytes"},
		{"group listed twice", func(m *types.MsgPostOffer) {
			m.GroupCounts = append(m.GroupCounts, types.GroupCount{Group: "clinic-a", Samples: 1})
		}, types.ErrInvalidOrder, `group_counts[1]: group "clinic-a" is listed twice`},
		{"empty group", func(m *types.MsgPostOffer) { m.GroupCounts[0].Samples = 0 }, types.ErrInvalidOrder, `group "clinic-a" needs at least one sample`},
		{"reputation above the range", func(m *types.MsgPostOffer) { m.MinBuyerReputation = types.MaxReputation + 1 }, types.ErrInvalidOrder, "min_buyer_reputation must be at most 1000000, got 1000001"},
		{"reputation between buckets", func(m *types.MsgPostOffer) { m.MinBuyerReputation = 520_000 }, types.ErrInvalidOrder,
			"min_buyer_reputation must be a multiple of 50000 (the order book's reputation bucket), got 520000; use 500000 or 550000"},
		{"expiry now", func(m *types.MsgPostOffer) { m.ExpiryHeight = testHeight }, types.ErrInvalidOrder,
			"expiry_height must be in 1001..1100 (after the current height 1000, at most max_order_blocks 100 ahead), got 1000"},
		{"expiry in the past", func(m *types.MsgPostOffer) { m.ExpiryHeight = -5 }, types.ErrInvalidOrder, "got -5"},
		{"expiry too far", func(m *types.MsgPostOffer) { m.ExpiryHeight = testHeight + 101 }, types.ErrInvalidOrder, "got 1101"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := dataOfferMsg()
			tc.mutate(m)
			err := m.Validate(p, testHeight)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}

	for _, tc := range []msgCase[*types.MsgPostOffer]{
		{"no model", func(m *types.MsgPostOffer) { m.ModelId = 0 }, types.ErrInvalidOrder, "model_id must be in 1..72057594037927935, got 0"},
		{"model id too large", func(m *types.MsgPostOffer) { m.ModelId = types.MaxSubjectID + 1 }, types.ErrInvalidOrder, "model_id must be in 1.."},
		{"no version", func(m *types.MsgPostOffer) { m.VersionId = 0 }, types.ErrInvalidOrder, "a MODEL_UPDATE offer needs the version_id (>= 1) of the seller's PoG version it sells"},
		{"no weights commitment", func(m *types.MsgPostOffer) { m.WeightsCommitment = nil }, types.ErrInvalidOrder, "weights_commitment must be a canonical 32-byte BN254 digest (pkg/commit): a digest is 32 bytes, got 0"},
		{"non-canonical weights", func(m *types.MsgPostOffer) { m.WeightsCommitment = nonCanonical }, types.ErrInvalidOrder, "weights_commitment must be a canonical"},
		{"MODEL_UPDATE without a task", func(m *types.MsgPostOffer) { m.TaskId = 0 }, types.ErrInvalidOrder, "task_id must be in 1.."},
	} {
		t.Run("MODEL_UPDATE "+tc.name, func(t *testing.T) {
			m := modelUpdateOfferMsg()
			tc.mutate(m)
			err := m.Validate(p, testHeight)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

func TestMsgPostBidValidate(t *testing.T) {
	p := types.DefaultParams()
	p.MaxOrderBlocks, p.MaxLeavesPerOrder = 100, 1_000
	require.NoError(t, bidMsg().Validate(p, testHeight))
	mu := bidMsg()
	mu.Kind = types.KindModelUpdate
	require.NoError(t, mu.Validate(p, testHeight))

	for _, tc := range []msgCase[*types.MsgPostBid]{
		{"unspecified kind", func(m *types.MsgPostBid) { m.Kind = types.KindUnspecified }, types.ErrInvalidOrder, "kind must be OFFER_KIND_DATA or OFFER_KIND_MODEL_UPDATE, got OFFER_KIND_UNSPECIFIED"},
		{"unknown kind", func(m *types.MsgPostBid) { m.Kind = -1 }, types.ErrInvalidOrder, "got -1"},
		{"no model", func(m *types.MsgPostBid) { m.ModelId = 0 }, types.ErrInvalidOrder, "model_id must be in 1..72057594037927935, got 0"},
		{"model id too large", func(m *types.MsgPostBid) { m.ModelId = types.MaxSubjectID + 1 }, types.ErrInvalidOrder, "got 72057594037927936"},
		{"no leaves", func(m *types.MsgPostBid) { m.LeafCount = 0 }, types.ErrInvalidOrder, "leaf_count must be in 1..1000 (max_leaves_per_order), got 0"},
		{"too many leaves", func(m *types.MsgPostBid) { m.LeafCount = 1_001 }, types.ErrInvalidOrder, "got 1001"},
		{"zero price", func(m *types.MsgPostBid) { m.MaxPricePerLeaf = math.ZeroInt() }, types.ErrInvalidPrice, "max_price_per_leaf must be a positive amount of ulgpt, got 0"},
		{"no price", func(m *types.MsgPostBid) { m.MaxPricePerLeaf = math.Int{} }, types.ErrInvalidPrice, "max_price_per_leaf must be a positive amount"},
		{"price beyond uint64", func(m *types.MsgPostBid) {
			m.MaxPricePerLeaf = math.NewIntFromUint64(types.MaxPricePerLeaf).AddRaw(1)
		}, types.ErrInvalidPrice, "max_price_per_leaf must be at most 18446744073709551615"},
		{"expiry now", func(m *types.MsgPostBid) { m.ExpiryHeight = testHeight }, types.ErrInvalidOrder, "expiry_height must be in 1001..1100"},
		{"expiry too far", func(m *types.MsgPostBid) { m.ExpiryHeight = testHeight + 101 }, types.ErrInvalidOrder, "got 1101"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := bidMsg()
			tc.mutate(m)
			err := m.Validate(p, testHeight)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

func TestMsgCancelOrderValidate(t *testing.T) {
	require.NoError(t, (&types.MsgCancelOrder{Owner: sellerAddr, OrderId: 1}).Validate())
	err := (&types.MsgCancelOrder{Owner: sellerAddr}).Validate()
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	require.ErrorContains(t, err, "order_id must be at least 1 (order ids start at 1)")
}

func TestMsgMatchValidate(t *testing.T) {
	require.NoError(t, (&types.MsgMatch{Router: routerAddr, BidId: 2, OfferId: 1}).Validate())
	require.NoError(t, (&types.MsgMatch{Router: routerAddr, BidId: 2, OfferId: 1, Leaves: 5}).Validate())
	for _, tc := range []struct {
		name       string
		bid, offer uint64
		text       string
	}{
		{"no bid", 0, 1, "bid_id and offer_id must be at least 1 (order ids start at 1), got bid 0, offer 1"},
		{"no offer", 2, 0, "got bid 2, offer 0"},
		{"one order twice", 3, 3, "bid_id and offer_id name the same order 3; offers and bids share one id space"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := (&types.MsgMatch{Router: routerAddr, BidId: tc.bid, OfferId: tc.offer}).Validate()
			require.ErrorIs(t, err, types.ErrInvalidRequest)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

func TestMsgDeliverValidate(t *testing.T) {
	valid := func() *types.MsgDeliver {
		return &types.MsgDeliver{Seller: sellerAddr, DealId: 1, KeyHash: testKeyHash(), CiphertextRoot: bytes.Repeat([]byte{5}, 32)}
	}
	require.NoError(t, valid().Validate())
	for _, tc := range []msgCase[*types.MsgDeliver]{
		{"no deal", func(m *types.MsgDeliver) { m.DealId = 0 }, types.ErrInvalidRequest, "deal_id must be at least 1 (deal ids start at 1)"},
		{"no key hash", func(m *types.MsgDeliver) { m.KeyHash = nil }, types.ErrInvalidRequest, "key_hash must be the 32-byte pkg/exchange KeyHash(k), got 0 bytes"},
		{"long key hash", func(m *types.MsgDeliver) { m.KeyHash = make([]byte, 33) }, types.ErrInvalidRequest, "got 33 bytes"},
		{"short ciphertext root", func(m *types.MsgDeliver) { m.CiphertextRoot = make([]byte, 31) }, types.ErrInvalidRequest,
			"ciphertext_root must be the 32-byte pkg/exchange CiphertextRoot of the chunks, got 31 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := valid()
			tc.mutate(m)
			err := m.Validate()
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

func TestMsgAcceptDeliveryValidate(t *testing.T) {
	require.NoError(t, (&types.MsgAcceptDelivery{Buyer: buyerAddr, DealId: 1}).Validate())
	err := (&types.MsgAcceptDelivery{Buyer: buyerAddr}).Validate()
	require.ErrorIs(t, err, types.ErrInvalidRequest)
	require.ErrorContains(t, err, "deal_id must be at least 1 (deal ids start at 1)")
}

func TestMsgRevealKeyValidate(t *testing.T) {
	require.NoError(t, (&types.MsgRevealKey{Seller: sellerAddr, DealId: 1, Key: testKey[:]}).Validate())
	for _, tc := range []msgCase[*types.MsgRevealKey]{
		{"no deal", func(m *types.MsgRevealKey) { m.DealId = 0 }, types.ErrInvalidRequest, "deal_id must be at least 1"},
		{"no key", func(m *types.MsgRevealKey) { m.Key = nil }, types.ErrInvalidRequest, "key: a deal key is 32 bytes, got 0"},
		{"long key", func(m *types.MsgRevealKey) { m.Key = make([]byte, 64) }, types.ErrInvalidRequest, "key: a deal key is 32 bytes, got 64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := &types.MsgRevealKey{Seller: sellerAddr, DealId: 1, Key: testKey[:]}
			tc.mutate(m)
			err := m.Validate()
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

func TestMsgDisputeValidate(t *testing.T) {
	p := types.DefaultParams()
	p.MaxChunkBytes = 128
	path := func(levels int) [][]byte {
		out := make([][]byte, levels)
		for i := range out {
			out[i] = bytes.Repeat([]byte{byte(i)}, 32)
		}
		return out
	}
	valid := func() *types.MsgDispute {
		return &types.MsgDispute{Buyer: buyerAddr, DealId: 1, ChunkIndex: 2, Ciphertext: make([]byte, 100), CiphertextPath: path(4)}
	}
	require.NoError(t, valid().Validate(p))
	edge := valid()
	edge.Ciphertext, edge.CiphertextPath = make([]byte, 128), path(types.MaxCiphertextPathLength)
	require.NoError(t, edge.Validate(p), "max_chunk_bytes and 40 levels are allowed")
	single := valid()
	single.CiphertextPath = nil
	require.NoError(t, single.Validate(p), "a one-chunk delivery has an empty path")

	for _, tc := range []msgCase[*types.MsgDispute]{
		{"no deal", func(m *types.MsgDispute) { m.DealId = 0 }, types.ErrInvalidRequest, "deal_id must be at least 1"},
		{"no ciphertext", func(m *types.MsgDispute) { m.Ciphertext = nil }, types.ErrInvalidEvidence, "ciphertext must be 1..128 bytes (max_chunk_bytes), got 0"},
		{"ciphertext too long", func(m *types.MsgDispute) { m.Ciphertext = make([]byte, 129) }, types.ErrInvalidEvidence, "got 129"},
		{"path too deep", func(m *types.MsgDispute) { m.CiphertextPath = path(41) }, types.ErrInvalidEvidence,
			"ciphertext_path has 41 levels; a delivery's ciphertext tree has at most 40"},
		{"short path node", func(m *types.MsgDispute) { m.CiphertextPath[2] = make([]byte, 31) }, types.ErrInvalidEvidence,
			"ciphertext_path[2] must be a 32-byte SHA-256 digest, got 31 bytes"},
		{"empty path node", func(m *types.MsgDispute) { m.CiphertextPath[0] = nil }, types.ErrInvalidEvidence, "ciphertext_path[0] must be a 32-byte SHA-256 digest, got 0 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := valid()
			tc.mutate(m)
			err := m.Validate(p)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

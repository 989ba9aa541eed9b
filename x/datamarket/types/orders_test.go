package types_test

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

func TestOfferKindIsValid(t *testing.T) {
	require.True(t, types.KindData.IsValid())
	require.True(t, types.KindModelUpdate.IsValid())
	require.False(t, types.KindUnspecified.IsValid())
	require.False(t, types.OfferKind(3).IsValid())
	require.NoError(t, types.ValidateKind(types.KindModelUpdate))
	require.ErrorIs(t, types.ValidateKind(types.KindUnspecified), types.ErrInvalidOrder)
}

// Books: DATA offers of a task and MODEL_UPDATE offers of a model are
// separate books even when the ids are equal; the kind is the top byte.
func TestBooks(t *testing.T) {
	require.Equal(t, uint64(1)<<56|7, types.BookID(types.KindData, 7))
	require.Equal(t, uint64(2)<<56|7, types.BookID(types.KindModelUpdate, 7))
	require.NotEqual(t, types.BookID(types.KindData, types.MaxSubjectID), types.BookID(types.KindModelUpdate, 0),
		"the largest subject stays below the kind byte")
	require.Equal(t, types.BookID(types.KindData, 1), types.BookOf(types.KindData, 1, 2), "a DATA bid buys from its model's task")
	require.Equal(t, types.BookID(types.KindModelUpdate, 2), types.BookOf(types.KindModelUpdate, 1, 2), "a MODEL_UPDATE bid buys updates of its model")

	o, b := validOffer(), validBid()
	require.Equal(t, o.Book(), b.Book(), "the fixtures trade in one book")
	o.Kind, o.ModelId = types.KindModelUpdate, 2
	b.Kind = types.KindModelUpdate
	require.Equal(t, types.BookID(types.KindModelUpdate, 2), o.Book())
	require.Equal(t, o.Book(), b.Book())
}

func TestRemainingAndExpiry(t *testing.T) {
	o, b := validOffer(), validBid()
	require.Equal(t, uint64(12), o.Remaining())
	require.Equal(t, uint64(6), b.Remaining())
	// expiry_height is the first height at which the order is expired.
	require.False(t, o.IsExpired(599))
	require.True(t, o.IsExpired(600))
	require.False(t, b.IsExpired(599))
	require.True(t, b.IsExpired(601))
}

func TestValidatePrice(t *testing.T) {
	require.NoError(t, types.ValidatePrice("p", math.OneInt()))
	require.NoError(t, types.ValidatePrice("p", math.NewIntFromUint64(types.MaxPricePerLeaf)))
	for _, tc := range []struct {
		price math.Int
		text  string
	}{
		{math.Int{}, "p must be a positive amount of ulgpt, got <nil>"},
		{math.ZeroInt(), "got 0"},
		{math.NewInt(-7), "got -7"},
		{math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 64)), "p must be at most 18446744073709551615 ulgpt"},
	} {
		err := types.ValidatePrice("p", tc.price)
		require.ErrorIs(t, err, types.ErrInvalidPrice)
		require.ErrorContains(t, err, tc.text)
	}
}

func TestValidateDigest(t *testing.T) {
	require.NoError(t, types.ValidateDigest("root", digest(3)))
	require.NoError(t, types.ValidateDigest("root", make([]byte, 32)), "zero is a canonical scalar")
	d, err := commit.DigestFromBytes(digest(3))
	require.NoError(t, err)
	require.Equal(t, digest(3), d[:])
	for _, bz := range [][]byte{nil, make([]byte, 31), make([]byte, 33), nonCanonical} {
		err := types.ValidateDigest("root", bz)
		require.ErrorIs(t, err, types.ErrInvalidOrder)
		require.ErrorContains(t, err, "root must be a canonical 32-byte BN254 digest (pkg/commit)")
	}
}

func TestValidateMinReputation(t *testing.T) {
	for m := uint64(0); m <= types.MaxReputation; m += types.ReputationBucket {
		require.NoError(t, types.ValidateMinReputation(m), m)
	}
	require.Equal(t, uint64(20), types.MaxReputationBucket)
	err := types.ValidateMinReputation(49_999)
	require.ErrorIs(t, err, types.ErrInvalidOrder)
	require.ErrorContains(t, err, "got 49999; use 0 or 50000")
	err = types.ValidateMinReputation(999_999)
	require.ErrorContains(t, err, "use 950000 or 1000000")
	err = types.ValidateMinReputation(1_050_000)
	require.ErrorContains(t, err, "min_buyer_reputation must be at most 1000000, got 1050000")
}

func TestValidateLeafCountExpiryAndSubject(t *testing.T) {
	require.NoError(t, types.ValidateLeafCount(1, 1))
	require.ErrorContains(t, types.ValidateLeafCount(0, 5), "leaf_count must be in 1..5 (max_leaves_per_order), got 0")
	require.ErrorContains(t, types.ValidateLeafCount(6, 5), "got 6")

	require.NoError(t, types.ValidateExpiry(11, 10, 1))
	require.NoError(t, types.ValidateExpiry(10+int64(types.MaxWindowBlocks), 10, types.MaxWindowBlocks))
	require.ErrorContains(t, types.ValidateExpiry(10, 10, 5), "expiry_height must be in 11..15 (after the current height 10, at most max_order_blocks 5 ahead), got 10")
	require.ErrorContains(t, types.ValidateExpiry(16, 10, 5), "got 16")

	require.NoError(t, types.ValidateSubject("model_id", 1))
	require.NoError(t, types.ValidateSubject("model_id", types.MaxSubjectID))
	require.ErrorContains(t, types.ValidateSubject("model_id", 0), "model_id must be in 1..72057594037927935, got 0")
	require.ErrorIs(t, types.ValidateSubject("model_id", types.MaxSubjectID+1), types.ErrInvalidOrder)
}

func TestGroupCounts(t *testing.T) {
	require.NoError(t, types.ValidateGroupCounts(nil))
	require.True(t, types.GroupSamples(nil).IsZero())

	// The total is exact beyond uint64.
	big := []types.GroupCount{{Group: "a", Samples: ^uint64(0)}, {Group: "b", Samples: ^uint64(0)}}
	require.NoError(t, types.ValidateGroupCounts(big))
	want := math.NewIntFromUint64(^uint64(0)).MulRaw(2)
	require.True(t, want.Equal(types.GroupSamples(big)), types.GroupSamples(big).String())

	// A DATA offer's groups fit leaf_count * batch_size samples.
	require.NoError(t, types.CheckGroupTotal(math.NewInt(64), 16, 4))
	err := types.CheckGroupTotal(math.NewInt(65), 16, 4)
	require.ErrorIs(t, err, types.ErrInvalidOrder)
	require.ErrorContains(t, err, "group_counts hold 65 samples, more than the 64 that 16 leaves of the task's batch size 4 can hold")
	require.NoError(t, types.CheckGroupTotal(types.GroupSamples(big), types.MaxLeafCount, ^uint32(0)))
	require.ErrorIs(t, types.CheckGroupTotal(math.OneInt(), 1, 0), types.ErrInvalidOrder, "a task without a batch size holds nothing")
}

func TestBidEscrow(t *testing.T) {
	e, err := types.BidEscrow(10, math.NewInt(150))
	require.NoError(t, err)
	require.Equal(t, int64(1_500), e.Int64())
	e, err = types.BidEscrow(types.MaxLeafCount, math.NewIntFromUint64(types.MaxPricePerLeaf))
	require.NoError(t, err, "the largest bid fits")
	require.Equal(t, 104, e.BigInt().BitLen())

	huge := math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(1), 250))
	_, err = types.BidEscrow(1<<20, huge)
	require.ErrorIs(t, err, types.ErrQuantityOverflow)
	require.ErrorContains(t, err, "1048576 leaves at")
}

// DisputeGas charges per 32 bytes of ciphertext (rounded up) and per level
// of both trees plus the root.
func TestDisputeGas(t *testing.T) {
	// 1 element; 0 path levels + 0 tree levels (one leaf) + 1.
	require.Equal(t, uint64(types.DisputeGasPerElement+types.DisputeGasPerLevel), types.DisputeGas(1, 0, 1))
	// 33 bytes are 2 elements; 3 + depth(16) = 4 + 1 levels.
	require.Equal(t, uint64(2*types.DisputeGasPerElement+8*types.DisputeGasPerLevel), types.DisputeGas(33, 3, 16))
	require.Equal(t, uint64(commit.Depth(16)), uint64(4))
	require.Greater(t, types.DisputeGas(4<<20, 40, types.MaxLeafCount), types.DisputeGas(4<<20, 0, 1))
}

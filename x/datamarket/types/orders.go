package types

import (
	"unicode/utf8"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Limits of an order.
const (
	// MaxReputation is the top of x/reputation's score range.
	MaxReputation uint64 = 1_000_000
	// MaxGroups bounds an offer's group counts.
	MaxGroups = 64
	// MaxGroupNameLength bounds a group's name, in bytes.
	MaxGroupNameLength = 64
	// MaxPricePerLeaf is the largest price per leaf: the order book key
	// holds prices as uint64.
	MaxPricePerLeaf = ^uint64(0)
)

// Reasons an order is closed, as EventOrderClosed reports them.
const (
	// ReasonFilled: every leaf was matched.
	ReasonFilled = "filled"
	// ReasonCancelled: its owner cancelled it.
	ReasonCancelled = "cancelled"
	// ReasonExpired: its expiry height passed.
	ReasonExpired = "expired"
)

// IsValid reports whether k is DATA or MODEL_UPDATE.
func (k OfferKind) IsValid() bool { return k == KindData || k == KindModelUpdate }

// ValidateKind checks that kind is DATA or MODEL_UPDATE.
func ValidateKind(kind OfferKind) error {
	if !kind.IsValid() {
		return ErrInvalidOrder.Wrapf("kind must be %s or %s, got %s", KindData, KindModelUpdate, kind)
	}
	return nil
}

// BookOf is the order book a bid of kind for a model of task buys from:
// DATA offers of the task, or MODEL_UPDATE offers of the model.
func BookOf(kind OfferKind, taskID, modelID uint64) uint64 {
	if kind == KindModelUpdate {
		return BookID(kind, modelID)
	}
	return BookID(kind, taskID)
}

// Book is the order book of the offer.
func (o Offer) Book() uint64 { return BookOf(o.Kind, o.TaskId, o.ModelId) }

// Book is the order book the bid buys from.
func (b Bid) Book() uint64 { return BookOf(b.Kind, b.TaskId, b.ModelId) }

// Remaining is the number of leaves still on sale.
func (o Offer) Remaining() uint64 { return o.LeafCount - o.Filled }

// Remaining is the number of leaves still wanted.
func (b Bid) Remaining() uint64 { return b.LeafCount - b.Filled }

// IsExpired reports whether the order is expired at height: expiry_height
// is the first height at which it may no longer be matched.
func (o Offer) IsExpired(height int64) bool { return height >= o.ExpiryHeight }

// IsExpired reports whether the bid is expired at height.
func (b Bid) IsExpired(height int64) bool { return height >= b.ExpiryHeight }

// ValidatePrice checks that a price per leaf is positive and fits a uint64
// (the order book key holds it as one). field names it in the error.
func ValidatePrice(field string, price math.Int) error {
	if price.IsNil() || !price.IsPositive() {
		return ErrInvalidPrice.Wrapf("%s must be a positive amount of %s, got %s", field, BondDenom, price)
	}
	if !price.IsUint64() {
		return ErrInvalidPrice.Wrapf("%s must be at most %d %s (it must fit a uint64), got %s", field, MaxPricePerLeaf, BondDenom, price)
	}
	return nil
}

// ValidateDigest checks that bz is a canonical 32-byte BN254 digest
// (pkg/commit). field names it in the error.
func ValidateDigest(field string, bz []byte) error {
	if _, err := commit.DigestFromBytes(bz); err != nil {
		return ErrInvalidOrder.Wrapf("%s must be a canonical 32-byte BN254 digest (pkg/commit): %s", field, err)
	}
	return nil
}

// ValidateMinReputation checks an offer's minimum buyer reputation: at
// most 1,000,000 and a multiple of ReputationBucket, so that the order
// book's bucket holds exactly the offers a buyer may take.
func ValidateMinReputation(minimum uint64) error {
	if minimum > MaxReputation {
		return ErrInvalidOrder.Wrapf("min_buyer_reputation must be at most %d, got %d", MaxReputation, minimum)
	}
	if minimum%ReputationBucket != 0 {
		return ErrInvalidOrder.Wrapf("min_buyer_reputation must be a multiple of %d (the order book's reputation bucket), got %d; use %d or %d",
			ReputationBucket, minimum, minimum/ReputationBucket*ReputationBucket, (minimum/ReputationBucket+1)*ReputationBucket)
	}
	return nil
}

// ValidateLeafCount checks an order's leaf count against 1..limit.
func ValidateLeafCount(count, limit uint64) error {
	if count == 0 || count > limit {
		return ErrInvalidOrder.Wrapf("leaf_count must be in 1..%d (max_leaves_per_order), got %d", limit, count)
	}
	return nil
}

// ValidateExpiry checks that an order posted at height expires in
// (height, height + maxBlocks].
func ValidateExpiry(expiry, height int64, maxBlocks uint64) error {
	// maxBlocks <= MaxWindowBlocks (Params.Validate), so the sum fits.
	last := height + int64(maxBlocks)
	if expiry <= height || expiry > last {
		return ErrInvalidOrder.Wrapf("expiry_height must be in %d..%d (after the current height %d, at most max_order_blocks %d ahead), got %d",
			height+1, last, height, maxBlocks, expiry)
	}
	return nil
}

// ValidateSubject checks a task or model id of an order: non-zero and
// small enough for the order book key. field names it.
func ValidateSubject(field string, id uint64) error {
	if id == 0 || id > MaxSubjectID {
		return ErrInvalidOrder.Wrapf("%s must be in 1..%d, got %d", field, MaxSubjectID, id)
	}
	return nil
}

// ValidateGroupCounts checks the stateless rules of an offer's group
// counts: at most MaxGroups groups, each named by 1..64 bytes of UTF-8,
// names unique, each with at least one sample. Their total (GroupSamples)
// is checked against the task's batch size by the keeper (CheckGroupTotal).
func ValidateGroupCounts(groups []GroupCount) error {
	if len(groups) > MaxGroups {
		return ErrInvalidOrder.Wrapf("at most %d group counts, got %d", MaxGroups, len(groups))
	}
	seen := make(map[string]struct{}, len(groups))
	for i, g := range groups {
		if len(g.Group) == 0 || len(g.Group) > MaxGroupNameLength || !utf8.ValidString(g.Group) {
			return ErrInvalidOrder.Wrapf("group_counts[%d]: group must be 1..%d bytes of UTF-8, got %d bytes", i, MaxGroupNameLength, len(g.Group))
		}
		if _, dup := seen[g.Group]; dup {
			return ErrInvalidOrder.Wrapf("group_counts[%d]: group %q is listed twice", i, g.Group)
		}
		seen[g.Group] = struct{}{}
		if g.Samples == 0 {
			return ErrInvalidOrder.Wrapf("group_counts[%d]: group %q needs at least one sample (leave out empty groups)", i, g.Group)
		}
	}
	return nil
}

// GroupSamples is the total number of samples of the groups (exact: the
// sum of up to 64 uint64 values is held in a math.Int).
func GroupSamples(groups []GroupCount) math.Int {
	total := math.ZeroInt()
	for _, g := range groups {
		total = total.Add(math.NewIntFromUint64(g.Samples))
	}
	return total
}

// CheckGroupTotal checks that the samples of a DATA offer's groups fit its
// leaves: at most leafCount * batchSize.
func CheckGroupTotal(total math.Int, leafCount uint64, batchSize uint32) error {
	capacity := math.NewIntFromUint64(leafCount).Mul(math.NewIntFromUint64(uint64(batchSize)))
	if total.GT(capacity) {
		return ErrInvalidOrder.Wrapf("group_counts hold %s samples, more than the %s that %d leaves of the task's batch size %d can hold",
			total, capacity, leafCount, batchSize)
	}
	return nil
}

// BidEscrow is what a bid of leaves at maxPrice escrows: leaves * maxPrice,
// or ErrQuantityOverflow when the product does not fit a math.Int.
func BidEscrow(leaves uint64, maxPrice math.Int) (math.Int, error) {
	escrow, err := math.NewIntFromUint64(leaves).SafeMul(maxPrice)
	if err != nil {
		return math.Int{}, ErrQuantityOverflow.Wrapf("%d leaves at %s %s per leaf: %s", leaves, maxPrice, BondDenom, err)
	}
	return escrow, nil
}

package types_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/pkg/exchange"
	"github.com/litegpt/litegpt/x/datamarket/types"
)

// recordCase is one rejection of a stored record's Validate.
type recordCase[R any] struct {
	name   string
	mutate func(*R)
	want   error
	text   string
}

func TestOfferValidate(t *testing.T) {
	require.NoError(t, validOffer().Validate())
	mu := validOffer()
	mu.Kind, mu.ModelId, mu.VersionId, mu.WeightsCommitment = types.KindModelUpdate, 2, 7, digest(2)
	require.NoError(t, mu.Validate())

	for _, tc := range []recordCase[types.Offer]{
		{"no id", func(o *types.Offer) { o.Id = 0 }, types.ErrInvalidOrder, "id must be at least 1 (order ids start at 1)"},
		{"no leaves", func(o *types.Offer) { o.LeafCount, o.Filled = 0, 0 }, types.ErrInvalidOrder, "leaf_count must be in 1..1099511627776, got 0"},
		{"more leaves than a tree", func(o *types.Offer) { o.LeafCount = types.MaxLeafCount + 1 }, types.ErrInvalidOrder, "got 1099511627777"},
		{"filled", func(o *types.Offer) { o.Filled = 16 }, types.ErrInvalidOrder, "filled 16 must be below leaf_count 16: a filled order is closed"},
		{"negative creation height", func(o *types.Offer) { o.CreatedHeight = -1 }, types.ErrInvalidOrder, "created_height must not be negative, got -1"},
		{"expiry at creation", func(o *types.Offer) { o.ExpiryHeight = 100 }, types.ErrInvalidOrder, "expiry_height 100 must be after created_height 100"},
		{"bad seller", func(o *types.Offer) { o.Seller = "lgpt1nope" }, types.ErrInvalidAddress, `seller "lgpt1nope"`},
		{"no kind", func(o *types.Offer) { o.Kind = types.KindUnspecified }, types.ErrInvalidOrder, "kind must be"},
		{"no task", func(o *types.Offer) { o.TaskId = 0 }, types.ErrInvalidOrder, "task_id must be in 1.."},
		{"DATA with a model", func(o *types.Offer) { o.ModelId = 2 }, types.ErrInvalidOrder, "a DATA offer has no model_id, version_id or weights_commitment"},
		{"MODEL_UPDATE without a model", func(o *types.Offer) {
			o.Kind, o.VersionId, o.WeightsCommitment = types.KindModelUpdate, 7, digest(2)
		}, types.ErrInvalidOrder, "model_id must be in 1.."},
		{"MODEL_UPDATE without a version", func(o *types.Offer) {
			o.Kind, o.ModelId, o.WeightsCommitment = types.KindModelUpdate, 2, digest(2)
		}, types.ErrInvalidOrder, "a MODEL_UPDATE offer needs a version_id >= 1"},
		{"MODEL_UPDATE without weights", func(o *types.Offer) {
			o.Kind, o.ModelId, o.VersionId = types.KindModelUpdate, 2, 7
		}, types.ErrInvalidOrder, "weights_commitment must be a canonical"},
		{"bad data root", func(o *types.Offer) { o.DataRoot = nonCanonical }, types.ErrInvalidOrder, "data_root must be a canonical"},
		{"no price", func(o *types.Offer) { o.PricePerLeaf = math.Int{} }, types.ErrInvalidPrice, "price_per_leaf must be a positive amount"},
		{"duplicate group", func(o *types.Offer) { o.GroupCounts = append(o.GroupCounts, o.GroupCounts[0]) }, types.ErrInvalidOrder, "is listed twice"},
		{"reputation between buckets", func(o *types.Offer) { o.MinBuyerReputation = 1 }, types.ErrInvalidOrder, "min_buyer_reputation must be a multiple of 50000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := validOffer()
			tc.mutate(&o)
			err := o.Validate()
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

func TestBidValidate(t *testing.T) {
	require.NoError(t, validBid().Validate())
	for _, tc := range []recordCase[types.Bid]{
		{"no id", func(b *types.Bid) { b.Id = 0 }, types.ErrInvalidOrder, "id must be at least 1"},
		{"filled", func(b *types.Bid) { b.Filled, b.Escrow = 10, math.ZeroInt() }, types.ErrInvalidOrder, "filled 10 must be below leaf_count 10"},
		{"expiry before creation", func(b *types.Bid) { b.ExpiryHeight = 99 }, types.ErrInvalidOrder, "expiry_height 99 must be after created_height 100"},
		{"bad buyer", func(b *types.Bid) { b.Buyer = "" }, types.ErrInvalidAddress, `buyer ""`},
		{"no kind", func(b *types.Bid) { b.Kind = 3 }, types.ErrInvalidOrder, "kind must be OFFER_KIND_DATA or OFFER_KIND_MODEL_UPDATE, got 3"},
		{"no model", func(b *types.Bid) { b.ModelId = 0 }, types.ErrInvalidOrder, "model_id must be in 1.."},
		{"no task", func(b *types.Bid) { b.TaskId = 0 }, types.ErrInvalidOrder, "task_id must be in 1.."},
		{"zero price", func(b *types.Bid) { b.MaxPricePerLeaf = math.ZeroInt() }, types.ErrInvalidPrice, "max_price_per_leaf must be a positive amount"},
		{"escrow short", func(b *types.Bid) { b.Escrow = math.NewInt(899) }, types.ErrInvalidOrder,
			"escrow 899 must be (leaf_count 10 - filled 4) * max_price_per_leaf 150 = 900"},
		{"escrow of the whole bid", func(b *types.Bid) { b.Escrow = math.NewInt(1_500) }, types.ErrInvalidOrder, "escrow 1500 must be"},
		{"no escrow", func(b *types.Bid) { b.Escrow = math.Int{} }, types.ErrInvalidOrder, "must be (leaf_count 10 - filled 4)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := validBid()
			tc.mutate(&b)
			err := b.Validate()
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

func TestDealStatusClasses(t *testing.T) {
	for _, tc := range []struct {
		status                  types.DealStatus
		valid, terminal, isOpen bool
	}{
		{types.DealUnspecified, false, false, false},
		{types.DealAwaitingDelivery, true, false, true},
		{types.DealDelivered, true, false, true},
		{types.DealAccepted, true, false, true},
		{types.DealKeyRevealed, true, false, true},
		{types.DealSettled, true, true, false},
		{types.DealDisputed, true, true, false},
		{types.DealExpired, true, true, false},
		{8, false, false, false},
		{-1, false, false, false},
	} {
		require.Equal(t, tc.valid, tc.status.IsValid(), "%s valid", tc.status)
		require.Equal(t, tc.terminal, tc.status.IsTerminal(), "%s terminal", tc.status)
		require.Equal(t, tc.isOpen, tc.status.IsOpen(), "%s open", tc.status)
	}
}

func TestDealLeafKind(t *testing.T) {
	d := dealAt(types.DealAwaitingDelivery)
	require.Equal(t, exchange.LeafBatch, d.LeafKind())
	d.Kind = types.KindModelUpdate
	require.Equal(t, exchange.LeafWeights, d.LeafKind())
}

func TestDealValidateAcceptsEveryStatus(t *testing.T) {
	for _, d := range allDeals() {
		require.NoError(t, d.Validate(), "%s (%s)", d.Status, d.ExpiredStage)
	}
	// Stages may follow in one block.
	d := dealAt(types.DealKeyRevealed)
	d.DeliveredHeight, d.AcceptedHeight, d.RevealedHeight, d.DeadlineHeight = createdAt, createdAt, createdAt, createdAt+1
	require.NoError(t, d.Validate())
	// A dispute may come in the block of the reveal, and a deal may expire
	// or settle any time after its deadline (EndBlock is bounded).
	d = dealAt(types.DealDisputed)
	d.ClosedHeight = revealedAt
	require.NoError(t, d.Validate())
	d = dealAt(types.DealSettled)
	d.ClosedHeight += 50
	require.NoError(t, d.Validate())
	// A MODEL_UPDATE deal cites a version.
	d = dealAt(types.DealAccepted)
	d.Kind, d.VersionId = types.KindModelUpdate, 7
	require.NoError(t, d.Validate())
	// The deal may sell the tree's last leaves.
	d = dealAt(types.DealAwaitingDelivery)
	d.LeafStart, d.LeafCount, d.Amount = 13, 3, math.NewInt(300)
	require.NoError(t, d.Validate())
}

func TestDealValidateTerms(t *testing.T) {
	for _, tc := range []recordCase[types.Deal]{
		{"no id", func(d *types.Deal) { d.Id = 0 }, types.ErrInvalidRequest, "id, offer_id and bid_id must be at least 1, got 0, 1, 2"},
		{"no offer", func(d *types.Deal) { d.OfferId = 0 }, types.ErrInvalidRequest, "got 1, 0, 2"},
		{"no bid", func(d *types.Deal) { d.BidId = 0 }, types.ErrInvalidRequest, "got 1, 1, 0"},
		{"bad seller", func(d *types.Deal) { d.Seller = "x" }, types.ErrInvalidAddress, `seller "x"`},
		{"bad buyer", func(d *types.Deal) { d.Buyer = "x" }, types.ErrInvalidAddress, `buyer "x"`},
		{"bad router", func(d *types.Deal) { d.Router = "" }, types.ErrInvalidAddress, `router ""`},
		{"self trade", func(d *types.Deal) { d.Buyer = d.Seller }, types.ErrSelfMatch, "seller and buyer are both " + sellerAddr},
		{"no kind", func(d *types.Deal) { d.Kind = types.KindUnspecified }, types.ErrInvalidOrder, "kind must be"},
		{"no task", func(d *types.Deal) { d.TaskId = 0 }, types.ErrInvalidOrder, "task_id must be in 1.."},
		{"no model", func(d *types.Deal) { d.ModelId = 0 }, types.ErrInvalidOrder, "model_id must be in 1.."},
		{"DATA with a version", func(d *types.Deal) { d.VersionId = 7 }, types.ErrInvalidOrder,
			"version_id is 0 exactly for DATA deals; a OFFER_KIND_DATA deal has 7"},
		{"MODEL_UPDATE without a version", func(d *types.Deal) { d.Kind = types.KindModelUpdate }, types.ErrInvalidOrder,
			"a OFFER_KIND_MODEL_UPDATE deal has 0"},
		{"bad data root", func(d *types.Deal) { d.DataRoot = d.DataRoot[:8] }, types.ErrInvalidOrder, "data_root must be a canonical"},
		{"empty tree", func(d *types.Deal) { d.TreeLeaves = 0 }, types.ErrInvalidOrder, "tree_leaves must be in 1..1099511627776, got 0"},
		{"tree too large", func(d *types.Deal) { d.TreeLeaves = types.MaxLeafCount + 1 }, types.ErrInvalidOrder, "tree_leaves must be in"},
		{"no leaves", func(d *types.Deal) { d.LeafCount, d.Amount = 0, math.ZeroInt() }, types.ErrInvalidOrder,
			"leaves [4, 4+0) must be a non-empty range of the tree's 16 leaves"},
		{"start past the tree", func(d *types.Deal) { d.LeafStart = 16 }, types.ErrInvalidOrder, "leaves [16, 16+3)"},
		{"range past the tree", func(d *types.Deal) { d.LeafStart = 14 }, types.ErrInvalidOrder, "leaves [14, 14+3)"},
		{"range wrapping around", func(d *types.Deal) { d.LeafCount = ^uint64(0) }, types.ErrInvalidOrder, "must be a non-empty range"},
		{"no price", func(d *types.Deal) { d.PricePerLeaf = math.Int{} }, types.ErrInvalidPrice, "price_per_leaf must be a positive amount"},
		{"amount off", func(d *types.Deal) { d.Amount = math.NewInt(301) }, types.ErrInvalidOrder,
			"amount 301 must be leaf_count 3 * price_per_leaf 100 = 300"},
		{"no amount", func(d *types.Deal) { d.Amount = math.Int{} }, types.ErrInvalidOrder, "must be leaf_count 3 * price_per_leaf 100 = 300"},
		{"negative creation height", func(d *types.Deal) { d.CreatedHeight = -1 }, types.ErrInvalidRequest, "created_height must not be negative, got -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := dealAt(types.DealAwaitingDelivery)
			tc.mutate(&d)
			err := d.Validate()
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

func TestDealValidateStage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status types.DealStatus
		stage  types.DealStatus // for EXPIRED
		mutate func(*types.Deal)
		text   string
	}{
		{"unspecified status", types.DealAwaitingDelivery, 0, func(d *types.Deal) { d.Status = types.DealUnspecified },
			"status DEAL_STATUS_UNSPECIFIED is not a deal status"},
		{"unknown status", types.DealAwaitingDelivery, 0, func(d *types.Deal) { d.Status = 8 }, "status 8 is not a deal status"},
		{"expired stage on an open deal", types.DealDelivered, 0, func(d *types.Deal) { d.ExpiredStage = types.DealDelivered },
			"expired_stage is set exactly for EXPIRED deals; a DEAL_STATUS_DELIVERED deal has DEAL_STATUS_DELIVERED"},
		{"expired stage on a settled deal", types.DealSettled, 0, func(d *types.Deal) { d.ExpiredStage = types.DealKeyRevealed },
			"a DEAL_STATUS_SETTLED deal has DEAL_STATUS_KEY_REVEALED"},
		{"expired without a stage", types.DealExpired, types.DealAwaitingDelivery, func(d *types.Deal) { d.ExpiredStage = 0 },
			"a DEAL_STATUS_EXPIRED deal has DEAL_STATUS_UNSPECIFIED"},
		{"expired in the dispute window", types.DealSettled, 0, func(d *types.Deal) {
			d.Status, d.ExpiredStage = types.DealExpired, types.DealKeyRevealed
		}, "an expired deal timed out while awaiting delivery, acceptance or the key, not in DEAL_STATUS_KEY_REVEALED"},
		{"expired in a terminal stage", types.DealSettled, 0, func(d *types.Deal) {
			d.Status, d.ExpiredStage = types.DealExpired, types.DealExpired
		}, "not in DEAL_STATUS_EXPIRED"},
		{"delivery fields before delivery", types.DealAwaitingDelivery, 0, func(d *types.Deal) { d.KeyHash = testKeyHash() },
			"a deal before its delivery has no delivery height or data, got height 0"},
		{"delivery height before delivery", types.DealAwaitingDelivery, 0, func(d *types.Deal) { d.DeliveredHeight = 101 },
			"a deal before its delivery has no delivery height or data, got height 101"},
		{"delivered without a key hash", types.DealDelivered, 0, func(d *types.Deal) { d.KeyHash = nil },
			"delivery: key_hash and ciphertext_root must be 32 bytes, got 0 and 32"},
		{"delivered with a short root", types.DealDelivered, 0, func(d *types.Deal) { d.CiphertextRoot = d.CiphertextRoot[:1] },
			"got 32 and 1"},
		{"delivered before the match", types.DealDelivered, 0, func(d *types.Deal) { d.DeliveredHeight = createdAt - 1 },
			"delivery height 99 must be at or after the previous stage's height 100"},
		{"delivered without a height", types.DealExpired, types.DealDelivered, func(d *types.Deal) { d.CreatedHeight, d.DeliveredHeight = 0, 0 },
			"delivery height 0 must be at or after the previous stage's height 0"},
		{"acceptance height before acceptance", types.DealDelivered, 0, func(d *types.Deal) { d.AcceptedHeight = 103 },
			"a deal before its acceptance has no acceptance height or data, got height 103"},
		{"accepted before delivery", types.DealAccepted, 0, func(d *types.Deal) { d.AcceptedHeight = deliveredAt - 1 },
			"acceptance height 101 must be at or after the previous stage's height 102"},
		{"key before the reveal", types.DealAccepted, 0, func(d *types.Deal) { d.Key = testKey[:] },
			"a deal before its reveal has no reveal height or data, got height 0"},
		{"reveal height before the reveal", types.DealExpired, types.DealAccepted, func(d *types.Deal) { d.RevealedHeight = 105 },
			"a deal before its reveal has no reveal height or data, got height 105"},
		{"revealed without a key", types.DealKeyRevealed, 0, func(d *types.Deal) { d.Key = nil },
			"reveal: a deal key is 32 bytes, got 0"},
		{"revealed key not matching H(k)", types.DealSettled, 0, func(d *types.Deal) { d.Key = bytes.Repeat([]byte{8}, 32) },
			"reveal: key does not hash to key_hash"},
		{"revealed before acceptance", types.DealKeyRevealed, 0, func(d *types.Deal) { d.RevealedHeight = acceptedAt - 1 },
			"reveal height 102 must be at or after the previous stage's height 103"},
		{"deadline at the match", types.DealAwaitingDelivery, 0, func(d *types.Deal) { d.DeadlineHeight = createdAt },
			"deadline_height 100 must be after the height 100 of the last stage"},
		{"deadline at the reveal", types.DealKeyRevealed, 0, func(d *types.Deal) { d.DeadlineHeight = revealedAt },
			"deadline_height 104 must be after the height 104 of the last stage"},
		{"open deal closed", types.DealAccepted, 0, func(d *types.Deal) { d.ClosedHeight = 110 },
			"an open DEAL_STATUS_ACCEPTED deal has no closed_height, got 110"},
		{"disputed after the window", types.DealDisputed, 0, func(d *types.Deal) { d.ClosedHeight = d.DeadlineHeight },
			"a disputed deal closed in [104, 124), during its dispute window, got closed_height 124"},
		{"disputed before the reveal", types.DealDisputed, 0, func(d *types.Deal) { d.ClosedHeight = revealedAt - 1 },
			"got closed_height 103"},
		{"disputed never", types.DealDisputed, 0, func(d *types.Deal) { d.ClosedHeight = 0 }, "got closed_height 0"},
		{"settled before the window ended", types.DealSettled, 0, func(d *types.Deal) { d.ClosedHeight = d.DeadlineHeight - 1 },
			"a DEAL_STATUS_SETTLED deal closed at or after its deadline 124, got closed_height 123"},
		{"expired before the deadline", types.DealExpired, types.DealAwaitingDelivery, func(d *types.Deal) { d.ClosedHeight = 109 },
			"a DEAL_STATUS_EXPIRED deal closed at or after its deadline 110, got closed_height 109"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := dealAt(tc.status, tc.stage)
			require.NoError(t, d.Validate(), "the fixture is valid")
			tc.mutate(&d)
			err := d.Validate()
			require.ErrorIs(t, err, types.ErrWrongDealStage)
			require.ErrorContains(t, err, tc.text)
		})
	}
}

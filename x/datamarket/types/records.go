package types

import (
	"bytes"
	"fmt"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/exchange"
)

// The Validate methods of stored records check one record on its own, as
// genesis validation and the invariants need: every field in range and,
// for deals, the status coherent with the heights and keys. Addresses are
// read with the SDK's global bech32 config, which the app sets.

// validateAddress checks a bech32 account address of a record.
func validateAddress(field, bech32 string) (sdk.AccAddress, error) {
	addr, err := sdk.AccAddressFromBech32(bech32)
	if err != nil {
		return nil, ErrInvalidAddress.Wrapf("%s %q: %s", field, bech32, err)
	}
	return addr, nil
}

// validateOrderFields checks what offers and bids share: the id, leaf
// count, fill and heights. An open order always has a leaf left.
func validateOrderFields(id, leafCount, filled uint64, created, expiry int64) error {
	switch {
	case id == 0:
		return ErrInvalidOrder.Wrap("id must be at least 1 (order ids start at 1)")
	case leafCount == 0 || leafCount > MaxLeafCount:
		return ErrInvalidOrder.Wrapf("leaf_count must be in 1..%d, got %d", MaxLeafCount, leafCount)
	case filled >= leafCount:
		return ErrInvalidOrder.Wrapf("filled %d must be below leaf_count %d: a filled order is closed", filled, leafCount)
	case created < 0:
		return ErrInvalidOrder.Wrapf("created_height must not be negative, got %d", created)
	case expiry <= created:
		return ErrInvalidOrder.Wrapf("expiry_height %d must be after created_height %d", expiry, created)
	}
	return nil
}

// Validate checks a stored open offer.
func (o Offer) Validate() error {
	if err := validateOrderFields(o.Id, o.LeafCount, o.Filled, o.CreatedHeight, o.ExpiryHeight); err != nil {
		return err
	}
	if _, err := validateAddress("seller", o.Seller); err != nil {
		return err
	}
	if err := ValidateKind(o.Kind); err != nil {
		return err
	}
	if err := ValidateSubject("task_id", o.TaskId); err != nil {
		return err
	}
	switch o.Kind {
	case KindData:
		if o.ModelId != 0 || o.VersionId != 0 || len(o.WeightsCommitment) != 0 {
			return ErrInvalidOrder.Wrap("a DATA offer has no model_id, version_id or weights_commitment")
		}
	case KindModelUpdate:
		if err := ValidateSubject("model_id", o.ModelId); err != nil {
			return err
		}
		if o.VersionId == 0 {
			return ErrInvalidOrder.Wrap("a MODEL_UPDATE offer needs a version_id >= 1")
		}
		if err := ValidateDigest("weights_commitment", o.WeightsCommitment); err != nil {
			return err
		}
	}
	if err := ValidateDigest("data_root", o.DataRoot); err != nil {
		return err
	}
	if err := ValidatePrice("price_per_leaf", o.PricePerLeaf); err != nil {
		return err
	}
	if err := ValidateGroupCounts(o.GroupCounts); err != nil {
		return err
	}
	return ValidateMinReputation(o.MinBuyerReputation)
}

// Validate checks a stored open bid, including that its escrow is exactly
// (leaf_count - filled) * max_price_per_leaf.
func (b Bid) Validate() error {
	if err := validateOrderFields(b.Id, b.LeafCount, b.Filled, b.CreatedHeight, b.ExpiryHeight); err != nil {
		return err
	}
	if _, err := validateAddress("buyer", b.Buyer); err != nil {
		return err
	}
	if err := ValidateKind(b.Kind); err != nil {
		return err
	}
	if err := ValidateSubject("model_id", b.ModelId); err != nil {
		return err
	}
	if err := ValidateSubject("task_id", b.TaskId); err != nil {
		return err
	}
	if err := ValidatePrice("max_price_per_leaf", b.MaxPricePerLeaf); err != nil {
		return err
	}
	want, err := BidEscrow(b.Remaining(), b.MaxPricePerLeaf)
	if err != nil {
		return err
	}
	if b.Escrow.IsNil() || !b.Escrow.Equal(want) {
		return ErrInvalidOrder.Wrapf("escrow %s must be (leaf_count %d - filled %d) * max_price_per_leaf %s = %s",
			b.Escrow, b.LeafCount, b.Filled, b.MaxPricePerLeaf, want)
	}
	return nil
}

// IsValid reports whether s is a known, specified status.
func (s DealStatus) IsValid() bool { return s >= DealAwaitingDelivery && s <= DealExpired }

// IsTerminal reports whether a deal in status s is closed: settled,
// disputed or expired. Terminal deals stay in state, with no deadline
// entry and no escrow.
func (s DealStatus) IsTerminal() bool {
	return s == DealSettled || s == DealDisputed || s == DealExpired
}

// IsOpen reports whether a deal in status s still holds its amount in
// escrow and has a deadline entry.
func (s DealStatus) IsOpen() bool { return s.IsValid() && !s.IsTerminal() }

// LeafKind is the pkg/exchange leaf kind of the deal's chunks.
func (d Deal) LeafKind() exchange.LeafKind {
	if d.Kind == KindModelUpdate {
		return exchange.LeafWeights
	}
	return exchange.LeafBatch
}

// stage is the last fair-exchange stage the deal entered: its status while
// open, the stage that timed out for an expired deal, and KEY_REVEALED for
// a settled or disputed one.
func (d Deal) stage() DealStatus {
	switch d.Status {
	case DealExpired:
		return d.ExpiredStage
	case DealSettled, DealDisputed:
		return DealKeyRevealed
	}
	return d.Status
}

// Validate checks a stored deal: every field in range, the amount equal to
// price * leaf_count, the leaves inside the offer's tree, and the status
// coherent with the rest: the delivery fields set exactly from DELIVERED
// on, the acceptance from ACCEPTED on, the key (matching key_hash) from
// KEY_REVEALED on, heights in stage order, the deadline after the last
// stage, closed_height set exactly for terminal deals (at or after the
// deadline, or before it for a dispute) and expired_stage exactly for
// expired ones.
func (d Deal) Validate() error {
	if err := d.validateTerms(); err != nil {
		return err
	}
	return d.validateStage()
}

// validateTerms checks what the match fixed.
func (d Deal) validateTerms() error {
	if d.Id == 0 || d.OfferId == 0 || d.BidId == 0 {
		return ErrInvalidRequest.Wrapf("id, offer_id and bid_id must be at least 1, got %d, %d, %d", d.Id, d.OfferId, d.BidId)
	}
	seller, err := validateAddress("seller", d.Seller)
	if err != nil {
		return err
	}
	buyer, err := validateAddress("buyer", d.Buyer)
	if err != nil {
		return err
	}
	if bytes.Equal(seller, buyer) {
		return ErrSelfMatch.Wrapf("seller and buyer are both %s", d.Seller)
	}
	if _, err := validateAddress("router", d.Router); err != nil {
		return err
	}
	if err := ValidateKind(d.Kind); err != nil {
		return err
	}
	if err := ValidateSubject("task_id", d.TaskId); err != nil {
		return err
	}
	if err := ValidateSubject("model_id", d.ModelId); err != nil {
		return err
	}
	if (d.Kind == KindData) != (d.VersionId == 0) {
		return ErrInvalidOrder.Wrapf("version_id is 0 exactly for DATA deals; a %s deal has %d", d.Kind, d.VersionId)
	}
	if err := ValidateDigest("data_root", d.DataRoot); err != nil {
		return err
	}
	switch {
	case d.TreeLeaves == 0 || d.TreeLeaves > MaxLeafCount:
		return ErrInvalidOrder.Wrapf("tree_leaves must be in 1..%d, got %d", MaxLeafCount, d.TreeLeaves)
	case d.LeafCount == 0 || d.LeafStart >= d.TreeLeaves || d.LeafCount > d.TreeLeaves-d.LeafStart:
		return ErrInvalidOrder.Wrapf("leaves [%d, %d+%d) must be a non-empty range of the tree's %d leaves", d.LeafStart, d.LeafStart, d.LeafCount, d.TreeLeaves)
	}
	if err := ValidatePrice("price_per_leaf", d.PricePerLeaf); err != nil {
		return err
	}
	if want := math.NewIntFromUint64(d.LeafCount).Mul(d.PricePerLeaf); d.Amount.IsNil() || !d.Amount.Equal(want) {
		return ErrInvalidOrder.Wrapf("amount %s must be leaf_count %d * price_per_leaf %s = %s", d.Amount, d.LeafCount, d.PricePerLeaf, want)
	}
	if d.CreatedHeight < 0 {
		return ErrInvalidRequest.Wrapf("created_height must not be negative, got %d", d.CreatedHeight)
	}
	return nil
}

// validateStage checks that the status, heights and keys agree.
func (d Deal) validateStage() error {
	if !d.Status.IsValid() {
		return ErrWrongDealStage.Wrapf("status %s is not a deal status", d.Status)
	}
	if (d.Status == DealExpired) != (d.ExpiredStage != DealUnspecified) {
		return ErrWrongDealStage.Wrapf("expired_stage is set exactly for EXPIRED deals; a %s deal has %s", d.Status, d.ExpiredStage)
	}
	stage := d.stage()
	if d.Status == DealExpired && (stage < DealAwaitingDelivery || stage > DealAccepted) {
		return ErrWrongDealStage.Wrapf("an expired deal timed out while awaiting delivery, acceptance or the key, not in %s", stage)
	}
	last := d.CreatedHeight
	if err := stageFields("delivery", stage >= DealDelivered, last, d.DeliveredHeight, func() error {
		if len(d.KeyHash) != exchange.HashSize || len(d.CiphertextRoot) != exchange.HashSize {
			return fmt.Errorf("key_hash and ciphertext_root must be %d bytes, got %d and %d", exchange.HashSize, len(d.KeyHash), len(d.CiphertextRoot))
		}
		return nil
	}, len(d.KeyHash)+len(d.CiphertextRoot) == 0); err != nil {
		return err
	}
	if stage >= DealDelivered {
		last = d.DeliveredHeight
	}
	if err := stageFields("acceptance", stage >= DealAccepted, last, d.AcceptedHeight, func() error { return nil }, true); err != nil {
		return err
	}
	if stage >= DealAccepted {
		last = d.AcceptedHeight
	}
	if err := stageFields("reveal", stage >= DealKeyRevealed, last, d.RevealedHeight, func() error {
		k, err := exchange.KeyFromBytes(d.Key)
		if err != nil {
			return err
		}
		if h := exchange.KeyHash(k); !bytes.Equal(h[:], d.KeyHash) {
			return fmt.Errorf("key does not hash to key_hash %X", d.KeyHash)
		}
		return nil
	}, len(d.Key) == 0); err != nil {
		return err
	}
	if stage >= DealKeyRevealed {
		last = d.RevealedHeight
	}
	if d.DeadlineHeight <= last {
		return ErrWrongDealStage.Wrapf("deadline_height %d must be after the height %d of the last stage", d.DeadlineHeight, last)
	}
	switch {
	case !d.Status.IsTerminal():
		if d.ClosedHeight != 0 {
			return ErrWrongDealStage.Wrapf("an open %s deal has no closed_height, got %d", d.Status, d.ClosedHeight)
		}
	case d.Status == DealDisputed:
		if d.ClosedHeight < last || d.ClosedHeight >= d.DeadlineHeight || d.ClosedHeight < 1 {
			return ErrWrongDealStage.Wrapf("a disputed deal closed in [%d, %d), during its dispute window, got closed_height %d", max(last, 1), d.DeadlineHeight, d.ClosedHeight)
		}
	default:
		if d.ClosedHeight < d.DeadlineHeight {
			return ErrWrongDealStage.Wrapf("a %s deal closed at or after its deadline %d, got closed_height %d", d.Status, d.DeadlineHeight, d.ClosedHeight)
		}
	}
	return nil
}

// stageFields checks one stage's fields: when reached, its height is at or
// after the previous stage's and set() accepts its data; when not, its
// height is 0 and empty reports its data unset.
func stageFields(name string, reached bool, previous, height int64, set func() error, empty bool) error {
	if !reached {
		if height != 0 || !empty {
			return ErrWrongDealStage.Wrapf("a deal before its %s has no %s height or data, got height %d", name, name, height)
		}
		return nil
	}
	if height < previous || height < 1 {
		return ErrWrongDealStage.Wrapf("%s height %d must be at or after the previous stage's height %d", name, height, previous)
	}
	if err := set(); err != nil {
		return ErrWrongDealStage.Wrapf("%s: %s", name, err)
	}
	return nil
}

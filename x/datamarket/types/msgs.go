package types

import (
	"github.com/litegpt/litegpt/pkg/exchange"
)

// MaxCiphertextPathLength bounds a disputed chunk's path in the ciphertext
// tree: a delivery has at most 2^40 chunks, so its tree is at most 40
// levels deep.
const MaxCiphertextPathLength = 40

// The Validate methods below are the stateless checks of each message,
// run by the Msg service before anything is read from the store (the
// module has no ValidateBasic). Signer addresses are parsed by the
// service with the chain's address codec; params and the block height are
// passed in where a bound depends on them.

// Validate checks everything about an offer that needs no store: kind and
// ids, the commitments, leaf count, price, group counts, minimum
// reputation and expiry (in (height, height + max_order_blocks]).
func (m *MsgPostOffer) Validate(p Params, height int64) error {
	if err := ValidateKind(m.Kind); err != nil {
		return err
	}
	if err := ValidateSubject("task_id", m.TaskId); err != nil {
		return err
	}
	switch m.Kind {
	case KindData:
		if m.ModelId != 0 || m.VersionId != 0 || len(m.WeightsCommitment) != 0 {
			return ErrInvalidOrder.Wrapf("a DATA offer has no model_id, version_id or weights_commitment (got model %d, version %d, %d commitment bytes)",
				m.ModelId, m.VersionId, len(m.WeightsCommitment))
		}
	case KindModelUpdate:
		if err := ValidateSubject("model_id", m.ModelId); err != nil {
			return err
		}
		if m.VersionId == 0 {
			return ErrInvalidOrder.Wrap("a MODEL_UPDATE offer needs the version_id (>= 1) of the seller's PoG version it sells")
		}
		if err := ValidateDigest("weights_commitment", m.WeightsCommitment); err != nil {
			return err
		}
	}
	if err := ValidateDigest("data_root", m.DataRoot); err != nil {
		return err
	}
	if err := ValidateLeafCount(m.LeafCount, p.MaxLeavesPerOrder); err != nil {
		return err
	}
	if err := ValidatePrice("price_per_leaf", m.PricePerLeaf); err != nil {
		return err
	}
	if err := ValidateGroupCounts(m.GroupCounts); err != nil {
		return err
	}
	if err := ValidateMinReputation(m.MinBuyerReputation); err != nil {
		return err
	}
	return ValidateExpiry(m.ExpiryHeight, height, p.MaxOrderBlocks)
}

// Validate checks a bid's kind, model id, leaf count, maximum price and
// expiry (in (height, height + max_order_blocks]).
func (m *MsgPostBid) Validate(p Params, height int64) error {
	if err := ValidateKind(m.Kind); err != nil {
		return err
	}
	if err := ValidateSubject("model_id", m.ModelId); err != nil {
		return err
	}
	if err := ValidateLeafCount(m.LeafCount, p.MaxLeavesPerOrder); err != nil {
		return err
	}
	if err := ValidatePrice("max_price_per_leaf", m.MaxPricePerLeaf); err != nil {
		return err
	}
	return ValidateExpiry(m.ExpiryHeight, height, p.MaxOrderBlocks)
}

// Validate checks that an order is named.
func (m *MsgCancelOrder) Validate() error {
	if m.OrderId == 0 {
		return ErrInvalidRequest.Wrap("order_id must be at least 1 (order ids start at 1)")
	}
	return nil
}

// Validate checks that a bid and a different offer are named.
func (m *MsgMatch) Validate() error {
	switch {
	case m.BidId == 0 || m.OfferId == 0:
		return ErrInvalidRequest.Wrapf("bid_id and offer_id must be at least 1 (order ids start at 1), got bid %d, offer %d", m.BidId, m.OfferId)
	case m.BidId == m.OfferId:
		return ErrInvalidRequest.Wrapf("bid_id and offer_id name the same order %d; offers and bids share one id space", m.BidId)
	}
	return nil
}

// validateDealID checks that a deal is named.
func validateDealID(id uint64) error {
	if id == 0 {
		return ErrInvalidRequest.Wrap("deal_id must be at least 1 (deal ids start at 1)")
	}
	return nil
}

// Validate checks the deal id and that key_hash and ciphertext_root are
// 32-byte SHA-256 digests (pkg/exchange KeyHash and CiphertextRoot).
func (m *MsgDeliver) Validate() error {
	if err := validateDealID(m.DealId); err != nil {
		return err
	}
	if len(m.KeyHash) != exchange.HashSize {
		return ErrInvalidRequest.Wrapf("key_hash must be the %d-byte pkg/exchange KeyHash(k), got %d bytes", exchange.HashSize, len(m.KeyHash))
	}
	if len(m.CiphertextRoot) != exchange.HashSize {
		return ErrInvalidRequest.Wrapf("ciphertext_root must be the %d-byte pkg/exchange CiphertextRoot of the chunks, got %d bytes", exchange.HashSize, len(m.CiphertextRoot))
	}
	return nil
}

// Validate checks the deal id.
func (m *MsgAcceptDelivery) Validate() error { return validateDealID(m.DealId) }

// Validate checks the deal id and the key's length.
func (m *MsgRevealKey) Validate() error {
	if err := validateDealID(m.DealId); err != nil {
		return err
	}
	if _, err := exchange.KeyFromBytes(m.Key); err != nil {
		return ErrInvalidRequest.Wrapf("key: %s", err)
	}
	return nil
}

// Validate checks the shape of dispute evidence: a non-empty ciphertext of
// at most max_chunk_bytes and a ciphertext path of at most 40 levels of 32
// bytes each. The chunk index is checked against the deal's leaf count by
// the Msg service.
func (m *MsgDispute) Validate(p Params) error {
	if err := validateDealID(m.DealId); err != nil {
		return err
	}
	if len(m.Ciphertext) == 0 || uint64(len(m.Ciphertext)) > uint64(p.MaxChunkBytes) {
		return ErrInvalidEvidence.Wrapf("ciphertext must be 1..%d bytes (max_chunk_bytes), got %d", p.MaxChunkBytes, len(m.Ciphertext))
	}
	if len(m.CiphertextPath) > MaxCiphertextPathLength {
		return ErrInvalidEvidence.Wrapf("ciphertext_path has %d levels; a delivery's ciphertext tree has at most %d", len(m.CiphertextPath), MaxCiphertextPathLength)
	}
	for i, h := range m.CiphertextPath {
		if len(h) != exchange.HashSize {
			return ErrInvalidEvidence.Wrapf("ciphertext_path[%d] must be a %d-byte SHA-256 digest, got %d bytes", i, exchange.HashSize, len(h))
		}
	}
	return nil
}

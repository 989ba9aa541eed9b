package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key, route and the name of the
	// module account that escrows bids and deals.
	ModuleName = "datamarket"
	// StoreKey is the KV store key of the module.
	StoreKey = ModuleName
)

// ReputationBucket is the step of an offer's minimum buyer reputation
// (5 % of the score range): minimums are multiples of it, so the order book
// index, keyed by minimum / ReputationBucket, separates the offers a buyer
// may take from the ones it may not exactly, without reading them.
const ReputationBucket uint64 = 50_000

// MaxReputationBucket is the bucket of the highest minimum (1,000,000).
const MaxReputationBucket uint64 = 1_000_000 / ReputationBucket

var (
	// ParamsKey holds the module parameters.
	ParamsKey = collections.NewPrefix(0)
	// OffersPrefix holds open offers by order id.
	OffersPrefix = collections.NewPrefix(1)
	// OffersBySellerPrefix indexes open offers by (seller, id).
	OffersBySellerPrefix = collections.NewPrefix(2)
	// OffersByBookPrefix indexes open offers by ((book, reputation bucket,
	// price), id): the order book in priority order.
	OffersByBookPrefix = collections.NewPrefix(3)
	// BidsPrefix holds open bids by order id.
	BidsPrefix = collections.NewPrefix(4)
	// BidsByBuyerPrefix indexes open bids by (buyer, id).
	BidsByBuyerPrefix = collections.NewPrefix(5)
	// NextOrderIDKey is the sequence of order ids, shared by offers and bids.
	NextOrderIDKey = collections.NewPrefix(6)
	// DealsPrefix holds deals by id.
	DealsPrefix = collections.NewPrefix(7)
	// DealsByBuyerPrefix indexes deals by (buyer, id).
	DealsByBuyerPrefix = collections.NewPrefix(8)
	// DealsBySellerPrefix indexes deals by (seller, id).
	DealsBySellerPrefix = collections.NewPrefix(9)
	// NextDealIDKey is the sequence of deal ids.
	NextDealIDKey = collections.NewPrefix(10)
	// OrderExpiriesPrefix queues open orders by (expiry height, order id).
	OrderExpiriesPrefix = collections.NewPrefix(11)
	// DealDeadlinesPrefix queues open deals by (deadline height, deal id).
	DealDeadlinesPrefix = collections.NewPrefix(12)
	// LeafUsesPrefix counts proof citations by (deal id, leaf).
	LeafUsesPrefix = collections.NewPrefix(13)
	// LedgerKey holds the escrow's flow accounting (Ledger).
	LedgerKey = collections.NewPrefix(14)
)

// BookID packs an order book's identity into one key: DATA offers of a
// task, or MODEL_UPDATE offers of a model (kind in the top byte, the task
// or model id below; ids stay below 2^56).
func BookID(kind OfferKind, subject uint64) uint64 { return uint64(kind)<<56 | subject }

// MaxSubjectID is the largest task or model id a book can hold.
const MaxSubjectID = uint64(1)<<56 - 1

// Package keeper implements x/datamarket, the paper's Data Market (Local
// Model Market): offers of DATA or MODEL_UPDATE leaves, bids with escrow,
// router matching under price-time priority, the fair-exchange deal
// lifecycle with on-chain dispute resolution, settlement, and expiries from
// height-keyed queues.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/indexes"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// BookKey is an offer's place in its order book: (book id, reputation
// bucket, price per leaf); the index appends the order id, so iteration is
// by bucket, then price, then age.
type BookKey = collections.Triple[uint64, uint64, uint64]

// OfferIndexes index open offers.
type OfferIndexes struct {
	// BySeller lists a seller's offers.
	BySeller *indexes.Multi[sdk.AccAddress, uint64, types.Offer]
	// ByBook is the order book in priority order.
	ByBook *indexes.Multi[BookKey, uint64, types.Offer]
}

// IndexesList implements collections.Indexes.
func (i OfferIndexes) IndexesList() []collections.Index[uint64, types.Offer] {
	return []collections.Index[uint64, types.Offer]{i.BySeller, i.ByBook}
}

// BidIndexes index open bids.
type BidIndexes struct {
	// ByBuyer lists a buyer's bids.
	ByBuyer *indexes.Multi[sdk.AccAddress, uint64, types.Bid]
}

// IndexesList implements collections.Indexes.
func (i BidIndexes) IndexesList() []collections.Index[uint64, types.Bid] {
	return []collections.Index[uint64, types.Bid]{i.ByBuyer}
}

// DealIndexes index deals by party.
type DealIndexes struct {
	// ByBuyer lists a buyer's deals.
	ByBuyer *indexes.Multi[sdk.AccAddress, uint64, types.Deal]
	// BySeller lists a seller's deals.
	BySeller *indexes.Multi[sdk.AccAddress, uint64, types.Deal]
}

// IndexesList implements collections.Indexes.
func (i DealIndexes) IndexesList() []collections.Index[uint64, types.Deal] {
	return []collections.Index[uint64, types.Deal]{i.ByBuyer, i.BySeller}
}

// Keeper holds the x/datamarket state.
type Keeper struct {
	cdc        codec.BinaryCodec
	authority  string
	account    types.AccountKeeper
	bank       types.BankKeeper
	distr      types.DistributionKeeper
	stake      types.StakeKeeper
	slasher    types.Slasher
	reputation types.ReputationKeeper
	reporter   types.Reporter
	builder    types.BuilderMarketKeeper
	// versions verifies MODEL_UPDATE versions once x/pog exists; nil until
	// then (see SetVersionChecker).
	versions types.VersionChecker

	Schema collections.Schema
	// Params are the module parameters.
	Params collections.Item[types.Params]
	// Offers holds open offers by order id.
	Offers *collections.IndexedMap[uint64, types.Offer, OfferIndexes]
	// Bids holds open bids by order id.
	Bids *collections.IndexedMap[uint64, types.Bid, BidIndexes]
	// NextOrderID numbers offers and bids from one sequence, so a lower id
	// is an older order.
	NextOrderID collections.Sequence
	// Deals by id.
	Deals *collections.IndexedMap[uint64, types.Deal, DealIndexes]
	// NextDealID numbers deals.
	NextDealID collections.Sequence
	// OrderExpiries queues open orders by (expiry height, order id).
	OrderExpiries collections.KeySet[collections.Pair[int64, uint64]]
	// DealDeadlines queues open deals by (deadline height, deal id).
	DealDeadlines collections.KeySet[collections.Pair[int64, uint64]]
	// LeafUses counts proof citations by (deal id, leaf).
	LeafUses collections.Map[collections.Pair[uint64, uint64], uint64]
	// Ledger accounts for every coin in and out of the escrow (see
	// LedgerInvariant); read it with GetLedger.
	EscrowLedger collections.Item[types.Ledger]
}

// NewKeeper builds the keeper. authority is the x/gov module account;
// slasher and reporter are the x/stake Slasher and x/reputation Reporter the
// app made for this module.
func NewKeeper(
	cdc codec.BinaryCodec, storeService storetypes.KVStoreService, authority string,
	account types.AccountKeeper, bank types.BankKeeper, distr types.DistributionKeeper,
	stake types.StakeKeeper, slasher types.Slasher, reputation types.ReputationKeeper, reporter types.Reporter,
	builder types.BuilderMarketKeeper,
) Keeper {
	if _, err := account.AddressCodec().StringToBytes(authority); err != nil {
		panic(fmt.Errorf("datamarket authority %q is not a valid address: %w", authority, err))
	}
	if account.GetModuleAddress(types.ModuleName) == nil {
		panic(fmt.Errorf("the %s module account is not set", types.ModuleName))
	}
	addr := func(bech32 string) (sdk.AccAddress, error) { return account.AddressCodec().StringToBytes(bech32) }
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc: cdc, authority: authority, account: account, bank: bank, distr: distr,
		stake: stake, slasher: slasher, reputation: reputation, reporter: reporter, builder: builder,

		Params: collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Offers: collections.NewIndexedMap(sb, types.OffersPrefix, "offers", collections.Uint64Key, codec.CollValue[types.Offer](cdc), OfferIndexes{
			BySeller: indexes.NewMulti(sb, types.OffersBySellerPrefix, "offers_by_seller", sdk.AccAddressKey, collections.Uint64Key,
				func(_ uint64, o types.Offer) (sdk.AccAddress, error) { return addr(o.Seller) }),
			ByBook: indexes.NewMulti(sb, types.OffersByBookPrefix, "offers_by_book",
				collections.TripleKeyCodec(collections.Uint64Key, collections.Uint64Key, collections.Uint64Key), collections.Uint64Key,
				func(_ uint64, o types.Offer) (BookKey, error) { return OfferBookKey(o) }),
		}),
		Bids: collections.NewIndexedMap(sb, types.BidsPrefix, "bids", collections.Uint64Key, codec.CollValue[types.Bid](cdc), BidIndexes{
			ByBuyer: indexes.NewMulti(sb, types.BidsByBuyerPrefix, "bids_by_buyer", sdk.AccAddressKey, collections.Uint64Key,
				func(_ uint64, b types.Bid) (sdk.AccAddress, error) { return addr(b.Buyer) }),
		}),
		NextOrderID: collections.NewSequence(sb, types.NextOrderIDKey, "next_order_id"),
		Deals: collections.NewIndexedMap(sb, types.DealsPrefix, "deals", collections.Uint64Key, codec.CollValue[types.Deal](cdc), DealIndexes{
			ByBuyer: indexes.NewMulti(sb, types.DealsByBuyerPrefix, "deals_by_buyer", sdk.AccAddressKey, collections.Uint64Key,
				func(_ uint64, d types.Deal) (sdk.AccAddress, error) { return addr(d.Buyer) }),
			BySeller: indexes.NewMulti(sb, types.DealsBySellerPrefix, "deals_by_seller", sdk.AccAddressKey, collections.Uint64Key,
				func(_ uint64, d types.Deal) (sdk.AccAddress, error) { return addr(d.Seller) }),
		}),
		NextDealID: collections.NewSequence(sb, types.NextDealIDKey, "next_deal_id"),
		OrderExpiries: collections.NewKeySet(sb, types.OrderExpiriesPrefix, "order_expiries",
			collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
		DealDeadlines: collections.NewKeySet(sb, types.DealDeadlinesPrefix, "deal_deadlines",
			collections.PairKeyCodec(collections.Int64Key, collections.Uint64Key)),
		LeafUses: collections.NewMap(sb, types.LeafUsesPrefix, "leaf_uses",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key), collections.Uint64Value),
		EscrowLedger: collections.NewItem(sb, types.LedgerKey, "ledger", codec.CollValue[types.Ledger](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// OfferBookKey is o's place in its order book. The price must fit a uint64
// (offers are validated for it before they are stored).
func OfferBookKey(o types.Offer) (BookKey, error) {
	subject := o.TaskId
	if o.Kind == types.KindModelUpdate {
		subject = o.ModelId
	}
	if subject > types.MaxSubjectID || !o.PricePerLeaf.IsUint64() {
		return BookKey{}, types.ErrInvalidOrder.Wrapf("offer %d cannot be indexed: subject %d or price %s out of range", o.Id, subject, o.PricePerLeaf)
	}
	return collections.Join3(types.BookID(o.Kind, subject), o.MinBuyerReputation/types.ReputationBucket, o.PricePerLeaf.Uint64()), nil
}

// GetAuthority returns the address allowed to update params.
func (k Keeper) GetAuthority() string { return k.authority }

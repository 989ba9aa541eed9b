package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// BestOffer returns the offer a router must match bid with: the best
// priced, then oldest (lowest id), eligible offer of the bid's book.
// Eligible means not expired at the block height (even if EndBlock has not
// removed it yet), a minimum buyer reputation at most the buyer's score,
// and a seller other than the buyer. found is false when no offer is
// eligible; the offer's price may still be above the bid's maximum.
//
// It never reads an offer whose minimum exceeds the buyer's score: the
// book index is keyed (book, minimum / ReputationBucket, price, id) and
// minimums are multiples of the bucket, so the buyer may take exactly the
// buckets 0..floor(score / ReputationBucket). It takes the first eligible
// entry of each of those buckets (at most MaxReputationBucket + 1 = 21
// short iterations, skipping only the buyer's own offers and expired ones)
// and returns the least (price, id) among them.
func (k Keeper) BestOffer(ctx context.Context, bid types.Bid) (types.Offer, bool, error) {
	buyer, err := k.parseAddress("buyer", bid.Buyer)
	if err != nil {
		return types.Offer{}, false, err
	}
	score, err := k.reputation.Score(ctx, buyer)
	if err != nil {
		return types.Offer{}, false, err
	}
	return k.bestOffer(ctx, bid, buyer, score)
}

// bestOffer is BestOffer for a buyer whose score is known.
func (k Keeper) bestOffer(ctx context.Context, bid types.Bid, buyer sdk.AccAddress, score uint64) (types.Offer, bool, error) {
	h := height(ctx)
	book := bid.Book()
	top := min(score/types.ReputationBucket, types.MaxReputationBucket)
	var best *types.Offer
	for bucket := uint64(0); bucket <= top; bucket++ {
		o, found, err := k.firstEligible(ctx, book, bucket, buyer, h, best)
		if err != nil {
			return types.Offer{}, false, err
		}
		if found {
			best = &o
		}
	}
	if best == nil {
		return types.Offer{}, false, nil
	}
	return *best, true, nil
}

// firstEligible returns the first offer of a bucket of book, in (price, id)
// order, that is neither expired at height nor the buyer's own, provided it
// is better than bound (when bound is set): entries that are not better
// end the walk, since every later one is worse still.
func (k Keeper) firstEligible(ctx context.Context, book, bucket uint64, buyer sdk.AccAddress, height int64, bound *types.Offer) (types.Offer, bool, error) {
	prefix := collections.PairPrefix[BookKey, uint64](collections.TripleSuperPrefix[uint64, uint64, uint64](book, bucket))
	iter, err := k.Offers.Indexes.ByBook.Iterate(ctx, new(collections.Range[collections.Pair[BookKey, uint64]]).Prefix(prefix))
	if err != nil {
		return types.Offer{}, false, err
	}
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		key, err := iter.FullKey()
		if err != nil {
			return types.Offer{}, false, err
		}
		price, id := key.K1().K3(), key.K2()
		if bound != nil && !better(price, id, bound) {
			return types.Offer{}, false, nil
		}
		o, err := k.Offers.Get(ctx, id)
		if err != nil {
			return types.Offer{}, false, err
		}
		if o.IsExpired(height) || k.sameAccount(buyer, o.Seller) {
			continue
		}
		return o, true, nil
	}
	return types.Offer{}, false, nil
}

// better reports whether an offer at price with id comes before o in
// price-time priority: a lower price, or the same price and an older
// (lower) id.
func better(price, id uint64, o *types.Offer) bool {
	p := o.PricePerLeaf.Uint64()
	return price < p || (price == p && id < o.Id)
}

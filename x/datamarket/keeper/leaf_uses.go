package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// Limits of MarkLeavesUsed.
const (
	// MaxLeavesPerUse bounds the leaves one call marks.
	MaxLeavesPerUse = 1024
	// MaxUseReferenceLength bounds the reference, in bytes.
	MaxUseReferenceLength = 128
)

// SettledDeal returns deal id if it is SETTLED: ErrDealNotFound for an
// unknown id and ErrWrongDealStage for a deal in any other status. x/pog
// reads the data root and leaf range a proof may cite from it.
func (k Keeper) SettledDeal(ctx context.Context, id uint64) (types.Deal, error) {
	d, err := k.getDeal(ctx, id)
	if err != nil {
		return types.Deal{}, err
	}
	if d.Status != types.DealSettled {
		return types.Deal{}, types.ErrWrongDealStage.Wrapf("deal %d is %s, not settled; only settled deals' leaves may be used", id, d.Status)
	}
	return d, nil
}

// MarkLeavesUsed counts one more use of each of leaves of deal dealID by an
// accepted proof named by reference, and emits EventLeavesUsed. The deal
// must be SETTLED and bought by buyer; leaves must be 1..1024 distinct
// leaves the deal sold ([leaf_start, leaf_start + leaf_count)) and the
// reference at most 128 bytes. A buyer may train on its leaves again, so
// uses are counts, not exclusive claims. It writes only on success (it
// runs in a cached context), so a failing call from another module's
// EndBlock or keeper changes nothing.
func (k Keeper) MarkLeavesUsed(ctx context.Context, dealID uint64, buyer sdk.AccAddress, leaves []uint64, reference string) error {
	d, err := k.SettledDeal(ctx, dealID)
	if err != nil {
		return err
	}
	if !k.sameAccount(buyer, d.Buyer) {
		return types.ErrUnauthorized.Wrapf("deal %d was bought by %s; only its buyer's proofs may use its leaves", dealID, d.Buyer)
	}
	if len(leaves) == 0 || len(leaves) > MaxLeavesPerUse {
		return types.ErrInvalidLeafUse.Wrapf("give 1..%d leaves, got %d", MaxLeavesPerUse, len(leaves))
	}
	if len(reference) > MaxUseReferenceLength {
		return types.ErrInvalidLeafUse.Wrapf("reference must be at most %d bytes, got %d", MaxUseReferenceLength, len(reference))
	}
	seen := make(map[uint64]struct{}, len(leaves))
	for i, leaf := range leaves {
		if leaf < d.LeafStart || leaf-d.LeafStart >= d.LeafCount {
			return types.ErrInvalidLeafUse.Wrapf("leaves[%d] = %d is not a leaf deal %d sold ([%d, %d))", i, leaf, dealID, d.LeafStart, d.LeafStart+d.LeafCount)
		}
		if _, dup := seen[leaf]; dup {
			return types.ErrInvalidLeafUse.Wrapf("leaves[%d]: leaf %d is listed twice", i, leaf)
		}
		seen[leaf] = struct{}{}
	}

	cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	for _, leaf := range leaves {
		key := collections.Join(dealID, leaf)
		uses, err := k.LeafUses.Get(cacheCtx, key)
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return err
		}
		if uses == ^uint64(0) {
			return types.ErrInvalidLeafUse.Wrapf("leaf %d of deal %d has been used %d times, the most a count holds", leaf, dealID, uses)
		}
		if err := k.LeafUses.Set(cacheCtx, key, uses+1); err != nil {
			return err
		}
	}
	if err := emit(cacheCtx, &types.EventLeavesUsed{DealId: dealID, Leaves: leaves, Reference: reference}); err != nil {
		return err
	}
	write()
	return nil
}

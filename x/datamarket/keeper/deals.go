package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// party is the side of a deal that takes a step of the fair exchange.
type party int

const (
	sellerParty party = iota
	buyerParty
)

// getDeal returns deal id, or ErrDealNotFound.
func (k Keeper) getDeal(ctx context.Context, id uint64) (types.Deal, error) {
	d, err := k.Deals.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Deal{}, types.ErrDealNotFound.Wrapf("no deal %d", id)
	}
	return d, err
}

// dealStep loads deal id for a step that signer takes as who, at stage
// want: the deal exists (ErrDealNotFound), signer is its seller or buyer
// (ErrUnauthorized), it is at stage want (ErrWrongDealStage) and its
// deadline has not come (ErrDeadlinePassed, even if EndBlock has not
// expired it yet).
func (k Keeper) dealStep(ctx context.Context, id uint64, signer sdk.AccAddress, who party, want types.DealStatus) (types.Deal, error) {
	d, err := k.getDeal(ctx, id)
	if err != nil {
		return types.Deal{}, err
	}
	owner, role := d.Seller, "seller"
	if who == buyerParty {
		owner, role = d.Buyer, "buyer"
	}
	if !k.sameAccount(signer, owner) {
		return types.Deal{}, types.ErrUnauthorized.Wrapf("only deal %d's %s %s may take this step", id, role, owner)
	}
	if d.Status != want {
		return types.Deal{}, types.ErrWrongDealStage.Wrapf("deal %d is %s; this step needs %s", id, d.Status, want)
	}
	if h := height(ctx); h >= d.DeadlineHeight {
		return types.Deal{}, types.ErrDeadlinePassed.Wrapf("deal %d's %s stage ended at height %d (now %d)", id, d.Status, d.DeadlineHeight, h)
	}
	return d, nil
}

// advance moves open deal d to status with a deadline window blocks from
// now, keeping the deadline queue in step, and stores it.
func (k Keeper) advance(ctx context.Context, d *types.Deal, status types.DealStatus, window uint64) error {
	if err := k.DealDeadlines.Remove(ctx, collections.Join(d.DeadlineHeight, d.Id)); err != nil {
		return err
	}
	d.Status = status
	d.DeadlineHeight = height(ctx) + int64(window)
	if err := k.DealDeadlines.Set(ctx, collections.Join(d.DeadlineHeight, d.Id)); err != nil {
		return err
	}
	return k.Deals.Set(ctx, d.Id, *d)
}

// close ends open deal d with status: it leaves the deadline queue and
// records the closing height. It stays in state.
func (k Keeper) close(ctx context.Context, d *types.Deal, status types.DealStatus) error {
	if err := k.DealDeadlines.Remove(ctx, collections.Join(d.DeadlineHeight, d.Id)); err != nil {
		return err
	}
	d.Status = status
	d.ClosedHeight = height(ctx)
	return k.Deals.Set(ctx, d.Id, *d)
}

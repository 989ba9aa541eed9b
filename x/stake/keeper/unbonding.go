package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// queueUnbonding puts amount of owner's role stake in the maturity queue.
func (k Keeper) queueUnbonding(ctx context.Context, owner sdk.AccAddress, role types.Role, amount math.Int) (types.UnbondingEntry, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	params, err := k.Params.Get(ctx)
	if err != nil {
		return types.UnbondingEntry{}, err
	}
	id, err := k.nextUnbondingID(ctx)
	if err != nil {
		return types.UnbondingEntry{}, err
	}
	entry := types.UnbondingEntry{
		Id: id, Address: owner.String(), Role: role, Amount: amount,
		CompletionTime: sdkCtx.BlockTime().Add(params.UnbondingPeriod).UTC(), CreationHeight: sdkCtx.BlockHeight(),
	}
	return entry, k.Unbondings.Set(ctx, unbondingKey(entry), entry)
}

// nextUnbondingID returns the next id; ids start at 1 (the sequence stores
// the id the next unbonding gets, as genesis does).
func (k Keeper) nextUnbondingID(ctx context.Context) (uint64, error) {
	id, err := k.NextUnbondingID.Next(ctx)
	if err != nil {
		return 0, err
	}
	if id == 0 { // a store that never saw genesis
		return k.NextUnbondingID.Next(ctx)
	}
	return id, nil
}

func unbondingKey(e types.UnbondingEntry) collections.Pair[time.Time, uint64] {
	return collections.Join(e.CompletionTime, e.Id)
}

// MatureUnbondings pays back the unbondings whose completion time has come,
// oldest first (then by id), at most max_unbondings_per_block per block; the
// rest wait for the next block. It never scans accounts: the queue is
// ordered by completion time.
func (k Keeper) MatureUnbondings(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	denom, err := k.bondDenom(ctx)
	if err != nil {
		return err
	}
	now := sdkCtx.BlockTime()
	rng := new(collections.Range[collections.Pair[time.Time, uint64]]).
		EndInclusive(collections.Join(now, ^uint64(0)))
	iter, err := k.Unbondings.Iterate(ctx, rng)
	if err != nil {
		return err
	}
	var due []types.UnbondingEntry
	for ; iter.Valid() && len(due) < int(params.MaxUnbondingsPerBlock); iter.Next() {
		entry, err := iter.Value()
		if err != nil {
			iter.Close()
			return err
		}
		due = append(due, entry)
	}
	iter.Close()

	for _, entry := range due {
		owner, err := sdk.AccAddressFromBech32(entry.Address)
		if err != nil {
			return err
		}
		if err := k.Unbondings.Remove(ctx, unbondingKey(entry)); err != nil {
			return err
		}
		if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, owner, sdk.NewCoins(sdk.NewCoin(denom, entry.Amount))); err != nil {
			return err
		}
		if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventUnbondingMatured{Entry: entry}); err != nil {
			return err
		}
	}
	return nil
}

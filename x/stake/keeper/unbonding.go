package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// unbondingKey is an entry's key in the queue: (completion time, id).
func unbondingKey(e types.UnbondingEntry) collections.Pair[time.Time, uint64] {
	return collections.Join(e.CompletionTime, e.Id)
}

// queueUnbonding puts amount of owner's role stake in the maturity queue,
// due unbonding_period after the block time.
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
		Id: id, Address: k.addressString(owner), Role: role, Amount: amount,
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

// MatureUnbondings pays back the unbondings whose completion time is at or
// before the block time, in queue order (completion time, then id), at most
// max_unbondings_per_block per call; the rest wait for the next block. Each
// payment deletes its entry and emits EventUnbondingMatured. It reads only
// the due head of the time-ordered queue and never scans accounts.
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
	due, err := k.dueUnbondings(ctx, sdkCtx.BlockTime(), int(params.MaxUnbondingsPerBlock))
	if err != nil {
		return err
	}
	for _, entry := range due {
		owner, err := k.account.AddressCodec().StringToBytes(entry.Address)
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

// dueUnbondings returns at most limit entries due at now, in queue order.
func (k Keeper) dueUnbondings(ctx context.Context, now time.Time, limit int) ([]types.UnbondingEntry, error) {
	rng := new(collections.Range[collections.Pair[time.Time, uint64]]).
		EndInclusive(collections.Join(now, ^uint64(0)))
	iter, err := k.Unbondings.Iterate(ctx, rng)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var due []types.UnbondingEntry
	for ; iter.Valid() && len(due) < limit; iter.Next() {
		entry, err := iter.Value()
		if err != nil {
			return nil, err
		}
		due = append(due, entry)
	}
	return due, nil
}

// roleUnbondings returns addr's unbonding entries for role in queue order
// (oldest completion first), through the by-owner index.
func (k Keeper) roleUnbondings(ctx context.Context, addr sdk.AccAddress, role types.Role) ([]types.UnbondingEntry, error) {
	iter, err := k.Unbondings.Indexes.ByOwner.MatchExact(ctx, addr)
	if err != nil {
		return nil, err
	}
	keys, err := iter.PrimaryKeys() // closes iter
	if err != nil {
		return nil, err
	}
	var entries []types.UnbondingEntry
	for _, key := range keys {
		e, err := k.Unbondings.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		if e.Role == role {
			entries = append(entries, e)
		}
	}
	return entries, nil
}

package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// BondOf returns addr's bond for role, zero when it has none. A bond may be
// below the role's minimum after a slash; use RequireRole to ask whether
// addr may act in the role.
func (k Keeper) BondOf(ctx context.Context, addr sdk.AccAddress, role types.Role) (math.Int, error) {
	bond, err := k.Bonds.Get(ctx, collections.Join(addr, int32(role)))
	if errors.Is(err, collections.ErrNotFound) {
		return math.ZeroInt(), nil
	}
	return bond, err
}

// bondsOf returns addr's bonds in role order.
func (k Keeper) bondsOf(ctx context.Context, addr sdk.AccAddress) ([]types.RoleBond, error) {
	var bonds []types.RoleBond
	rng := collections.NewPrefixedPairRange[sdk.AccAddress, int32](addr)
	err := k.Bonds.Walk(ctx, rng, func(key collections.Pair[sdk.AccAddress, int32], amount math.Int) (bool, error) {
		bonds = append(bonds, types.RoleBond{Role: types.Role(key.K2()), Amount: amount})
		return false, nil
	})
	return bonds, err
}

// setBond stores addr's bond for role, removing the role when it is zero.
func (k Keeper) setBond(ctx context.Context, addr sdk.AccAddress, role types.Role, amount math.Int) error {
	key := collections.Join(addr, int32(role))
	if amount.IsZero() {
		return k.Bonds.Remove(ctx, key)
	}
	return k.Bonds.Set(ctx, key, amount)
}

// bondDenom is the staking denomination role bonds are paid in.
func (k Keeper) bondDenom(ctx context.Context) (string, error) {
	return k.staking.BondDenom(ctx)
}

// escrow moves amount from owner to the module account.
func (k Keeper) escrow(ctx context.Context, owner sdk.AccAddress, denom string, amount math.Int) error {
	return k.bank.SendCoinsFromAccountToModule(ctx, owner, types.ModuleName, sdk.NewCoins(sdk.NewCoin(denom, amount)))
}

// RoleBond is one account's bond for a role.
type RoleBond struct {
	Address sdk.AccAddress
	Amount  math.Int
}

// BondsOfRole lists every bond for role, by address, meeting the role's
// minimum or not (RequireRole says whether an account may act). x/pog
// samples its verifiers from the VERIFIER bonds.
func (k Keeper) BondsOfRole(ctx context.Context, role types.Role) ([]RoleBond, error) {
	var out []RoleBond
	iter, err := k.Bonds.Indexes.ByRole.MatchExact(ctx, int32(role))
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		pk, err := iter.PrimaryKey()
		if err != nil {
			return nil, err
		}
		amount, err := k.Bonds.Get(ctx, pk)
		if err != nil {
			return nil, err
		}
		out = append(out, RoleBond{Address: pk.K1(), Amount: amount})
	}
	return out, nil
}

package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// getParticipant returns a registered participant or ErrNotRegistered.
func (k Keeper) getParticipant(ctx context.Context, addr sdk.AccAddress) (types.Participant, error) {
	p, err := k.Participants.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrNotRegistered.Wrapf("%s has not registered (use tx stake register)", addr)
	}
	return p, err
}

// BondOf returns addr's bond for role (zero when none).
func (k Keeper) BondOf(ctx context.Context, addr sdk.AccAddress, role types.Role) (math.Int, error) {
	bond, err := k.Bonds.Get(ctx, collections.Join(addr, int32(role)))
	if errors.Is(err, collections.ErrNotFound) {
		return math.ZeroInt(), nil
	}
	return bond, err
}

// RequireRole returns nil when addr is registered and bonded for role at or
// above the role's minimum, and ErrRoleRequired saying why otherwise. Other
// modules call it before letting an account act in a role.
func (k Keeper) RequireRole(ctx context.Context, addr sdk.AccAddress, role types.Role) error {
	if err := types.ValidateRole(role); err != nil {
		return err
	}
	if _, err := k.getParticipant(ctx, addr); err != nil {
		return types.ErrRoleRequired.Wrapf("%s for %s: %v", addr, role, err)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	minimum, err := params.MinBondOf(role)
	if err != nil {
		return err
	}
	bond, err := k.BondOf(ctx, addr, role)
	if err != nil {
		return err
	}
	if bond.LT(minimum) {
		return types.ErrRoleRequired.Wrapf("%s has %s ulgpt bonded for %s, the role needs %s", addr, bond, role, minimum)
	}
	return nil
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

// bondDenom is the staking denomination role bonds are paid in.
func (k Keeper) bondDenom(ctx context.Context) (string, error) {
	return k.staking.BondDenom(ctx)
}

// escrow moves amount from owner to the module account.
func (k Keeper) escrow(ctx context.Context, owner sdk.AccAddress, denom string, amount math.Int) error {
	return k.bank.SendCoinsFromAccountToModule(ctx, owner, types.ModuleName, sdk.NewCoins(sdk.NewCoin(denom, amount)))
}

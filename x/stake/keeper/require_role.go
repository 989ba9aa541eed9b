package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// RequireRole returns nil when addr is registered and bonded for role at or
// above the role's minimum, and otherwise ErrRoleRequired saying why (not a
// role, not registered, not bonded, or bonded below the minimum after a
// slash). Other modules call it before letting an account act in a role.
// Only store failures come back as other errors.
func (k Keeper) RequireRole(ctx context.Context, addr sdk.AccAddress, role types.Role) error {
	if err := types.ValidateRole(role); err != nil {
		return types.ErrRoleRequired.Wrap(err.Error())
	}
	if has, err := k.Participants.Has(ctx, addr); err != nil {
		return err
	} else if !has {
		return types.ErrRoleRequired.Wrapf("%s is not a registered participant, so it cannot act as %s", k.addressString(addr), role)
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
	switch {
	case bond.IsZero():
		return types.ErrRoleRequired.Wrapf("%s has no bond for %s (it needs at least %s)", k.addressString(addr), role, minimum)
	case bond.LT(minimum):
		return types.ErrRoleRequired.Wrapf("%s has %s bonded for %s, below the role's minimum of %s (a slash took it there; top it up with tx stake bond)", k.addressString(addr), bond, role, minimum)
	}
	return nil
}

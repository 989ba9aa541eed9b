package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// SlashRequest says how much of a role's stake to slash: exactly one of
// Amount (in the bond denom, positive) or Fraction (in (0, 1]) is set. A
// fraction is of the role's whole slashable stake, its bond plus its
// unbonding entries, so unbonding just before a slash does not shrink it.
// Build one with SlashAmount or SlashFraction.
type SlashRequest struct {
	Amount   *math.Int
	Fraction *math.LegacyDec
}

// SlashAmount asks for a fixed amount (in the bond denom). More than the
// role's stake takes all of it.
func SlashAmount(amount math.Int) SlashRequest { return SlashRequest{Amount: &amount} }

// SlashFraction asks for a fraction in (0, 1] of the role's stake, rounded
// down.
func SlashFraction(fraction math.LegacyDec) SlashRequest { return SlashRequest{Fraction: &fraction} }

// Validate checks that exactly one of Amount and Fraction is set and in
// range.
func (r SlashRequest) Validate() error {
	switch {
	case (r.Amount == nil) == (r.Fraction == nil):
		return types.ErrInvalidSlash.Wrap("give exactly one of an amount or a fraction (SlashAmount or SlashFraction)")
	case r.Amount != nil:
		if r.Amount.IsNil() || !r.Amount.IsPositive() {
			return types.ErrInvalidSlash.Wrapf("amount must be positive, got %s", *r.Amount)
		}
	default:
		if f := *r.Fraction; f.IsNil() || !f.IsPositive() || f.GT(math.LegacyOneDec()) {
			return types.ErrInvalidSlash.Wrapf("fraction must be in (0, 1], got %s", f)
		}
	}
	return nil
}

// target turns a valid request into an amount, at most total.
func (r SlashRequest) target(total math.Int) math.Int {
	if r.Amount != nil {
		return math.MinInt(*r.Amount, total)
	}
	return r.Fraction.MulInt(total).TruncateInt()
}

// Slash takes stake from addr's role for the Slasher's module: from the
// role's bond first, then from addr's unbonding entries for that role,
// newest first, never more than exists. The slashed coins go to the
// community pool or are burned, per params.slash_destination. It emits
// EventRoleBondSlashed and returns the amount slashed, which is zero when a
// fraction rounds down to nothing.
//
// A bond left below the role's minimum stays, but RequireRole fails until
// it is topped up; a bond slashed to zero is removed. It fails, changing
// nothing, for the zero Slasher (ErrUnknownSlasher), an invalid request or
// empty reason (ErrInvalidSlash), an invalid role, an unregistered address
// (ErrNotRegistered) or one with no stake for role (ErrRoleNotBonded). The
// work runs in a cached context written only on success, so a failure
// leaves no partial slash even when the caller is not a transaction.
func (s Slasher) Slash(ctx context.Context, addr sdk.AccAddress, role types.Role, req SlashRequest, reason string) (math.Int, error) {
	if s.keeper == nil {
		return math.Int{}, types.ErrUnknownSlasher.Wrap("use the Slasher the app built with Keeper.NewSlasher")
	}
	if err := req.Validate(); err != nil {
		return math.Int{}, err
	}
	if reason == "" {
		return math.Int{}, types.ErrInvalidSlash.Wrap("give a reason; it is emitted with the slash")
	}
	if err := types.ValidateRole(role); err != nil {
		return math.Int{}, err
	}
	cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	slashed, err := s.keeper.slash(cacheCtx, s.module, addr, role, req, reason)
	if err != nil {
		return math.Int{}, err
	}
	write()
	return slashed, nil
}

// slash does Slash's work on ctx; the request, reason and role are valid.
func (k Keeper) slash(ctx context.Context, slasher string, addr sdk.AccAddress, role types.Role, req SlashRequest, reason string) (math.Int, error) {
	if _, err := k.getParticipant(ctx, addr); err != nil {
		return math.Int{}, err
	}
	bond, err := k.BondOf(ctx, addr, role)
	if err != nil {
		return math.Int{}, err
	}
	unbonding, err := k.roleUnbondings(ctx, addr, role)
	if err != nil {
		return math.Int{}, err
	}
	total := bond
	for _, e := range unbonding {
		total = total.Add(e.Amount)
	}
	if total.IsZero() {
		return math.Int{}, types.ErrRoleNotBonded.Wrapf("%s has no stake for %s to slash", k.addressString(addr), role)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}
	want := req.target(total)

	fromBond := math.MinInt(want, bond)
	if fromBond.IsPositive() {
		if err := k.setBond(ctx, addr, role, bond.Sub(fromBond)); err != nil {
			return math.Int{}, err
		}
	}
	fromUnbonding := math.ZeroInt()
	for i := len(unbonding) - 1; i >= 0; i-- {
		left := want.Sub(fromBond).Sub(fromUnbonding)
		if !left.IsPositive() {
			break
		}
		e := unbonding[i]
		take := math.MinInt(e.Amount, left)
		fromUnbonding = fromUnbonding.Add(take)
		e.Amount = e.Amount.Sub(take)
		if e.Amount.IsZero() {
			err = k.Unbondings.Remove(ctx, unbondingKey(e))
		} else {
			err = k.Unbondings.Set(ctx, unbondingKey(e), e)
		}
		if err != nil {
			return math.Int{}, err
		}
	}

	slashed := fromBond.Add(fromUnbonding)
	if err := k.sendSlashed(ctx, params.SlashDestination, slashed); err != nil {
		return math.Int{}, err
	}
	return slashed, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRoleBondSlashed{
		Address: k.addressString(addr), Role: role, FromBond: fromBond, FromUnbonding: fromUnbonding,
		Reason: reason, Slasher: slasher, Destination: params.SlashDestination,
	})
}

// sendSlashed moves slashed coins out of the module account: burned, or
// given to the community pool with the module account as the funder.
func (k Keeper) sendSlashed(ctx context.Context, destination types.SlashDestination, amount math.Int) error {
	if !amount.IsPositive() {
		return nil
	}
	denom, err := k.bondDenom(ctx)
	if err != nil {
		return err
	}
	coins := sdk.NewCoins(sdk.NewCoin(denom, amount))
	if destination == types.SlashBurn {
		return k.bank.BurnCoins(ctx, types.ModuleName, coins)
	}
	return k.distr.FundCommunityPool(ctx, coins, k.account.GetModuleAddress(types.ModuleName))
}

package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// SlashRequest says how much of a role bond to slash: exactly one of Amount
// (ulgpt) or Fraction (of the bond plus the role's unbonding stake, in
// (0, 1]) is set.
type SlashRequest struct {
	Amount   *math.Int
	Fraction *math.LegacyDec
}

// SlashAmount asks for a fixed amount of ulgpt.
func SlashAmount(amount math.Int) SlashRequest { return SlashRequest{Amount: &amount} }

// SlashFraction asks for a fraction of the role's stake.
func SlashFraction(fraction math.LegacyDec) SlashRequest { return SlashRequest{Fraction: &fraction} }

// Slash takes stake from addr's role: from its bond first, then from its
// unbonding entries for that role (newest first), never more than exists.
// The slashed coins go to the community pool or are burned, per params. It
// emits EventRoleBondSlashed and returns the amount slashed. A bond left
// below the role's minimum stays, but RequireRole fails until it is topped
// up. On error nothing changes.
func (s Slasher) Slash(ctx context.Context, addr sdk.AccAddress, role types.Role, req SlashRequest, reason string) (math.Int, error) {
	if s.keeper == nil {
		return math.Int{}, types.ErrUnknownSlasher.Wrap("use the Slasher the app built with Keeper.NewSlasher")
	}
	return s.keeper.slash(ctx, s.module, addr, role, req, reason)
}

func (k Keeper) slash(ctx context.Context, slasher string, addr sdk.AccAddress, role types.Role, req SlashRequest, reason string) (math.Int, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if err := types.ValidateRole(role); err != nil {
		return math.Int{}, err
	}
	if _, err := k.getParticipant(ctx, addr); err != nil {
		return math.Int{}, err
	}
	bondKey := collections.Join(addr, int32(role))
	bond, err := k.Bonds.Get(ctx, bondKey)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		bond = math.ZeroInt()
	case err != nil:
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
		return math.Int{}, types.ErrRoleNotBonded.Wrapf("%s has no stake for %s to slash", addr, role)
	}
	want, err := slashTarget(req, total)
	if err != nil {
		return math.Int{}, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return math.Int{}, err
	}

	fromBond := math.MinInt(want, bond)
	if fromBond.IsPositive() {
		if rest := bond.Sub(fromBond); rest.IsZero() {
			err = k.Bonds.Remove(ctx, bondKey)
		} else {
			err = k.Bonds.Set(ctx, bondKey, rest)
		}
		if err != nil {
			return math.Int{}, err
		}
	}
	fromUnbonding := math.ZeroInt()
	for i := len(unbonding) - 1; i >= 0 && fromUnbonding.Add(fromBond).LT(want); i-- {
		e := unbonding[i]
		take := math.MinInt(e.Amount, want.Sub(fromBond).Sub(fromUnbonding))
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
	return slashed, sdkCtx.EventManager().EmitTypedEvent(&types.EventRoleBondSlashed{
		Address: addr.String(), Role: role, FromBond: fromBond, FromUnbonding: fromUnbonding,
		Reason: reason, Slasher: slasher, Destination: params.SlashDestination,
	})
}

// slashTarget turns a request into an amount, at most total.
func slashTarget(req SlashRequest, total math.Int) (math.Int, error) {
	switch {
	case (req.Amount == nil) == (req.Fraction == nil):
		return math.Int{}, types.ErrInvalidSlash.Wrap("give exactly one of an amount or a fraction")
	case req.Amount != nil:
		if req.Amount.IsNil() || !req.Amount.IsPositive() {
			return math.Int{}, types.ErrInvalidSlash.Wrapf("amount must be positive, got %s", *req.Amount)
		}
		return math.MinInt(*req.Amount, total), nil
	default:
		f := *req.Fraction
		if f.IsNil() || !f.IsPositive() || f.GT(math.LegacyOneDec()) {
			return math.Int{}, types.ErrInvalidSlash.Wrapf("fraction must be in (0, 1], got %s", f)
		}
		return f.MulInt(total).TruncateInt(), nil
	}
}

// roleUnbondings returns addr's unbonding entries for role, oldest first.
func (k Keeper) roleUnbondings(ctx context.Context, addr sdk.AccAddress, role types.Role) ([]types.UnbondingEntry, error) {
	iter, err := k.Unbondings.Indexes.ByOwner.MatchExact(ctx, addr)
	if err != nil {
		return nil, err
	}
	keys, err := iter.PrimaryKeys()
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

// sendSlashed moves slashed coins out of the module account.
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

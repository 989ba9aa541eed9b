package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// CheckEscrow verifies that the stake module account holds exactly the sum
// of all role bonds and unbonding entries, in the bond denom: role stake is
// never lost or created. InitGenesis calls it; tests call it after every
// operation (SDK v0.54 has no x/crisis). It walks all bonds and entries, so
// it is not for block execution.
func (k Keeper) CheckEscrow(ctx context.Context) error {
	denom, err := k.bondDenom(ctx)
	if err != nil {
		return err
	}
	bonded := math.ZeroInt()
	err = k.Bonds.Walk(ctx, nil, func(_ collections.Pair[sdk.AccAddress, int32], amount math.Int) (bool, error) {
		bonded = bonded.Add(amount)
		return false, nil
	})
	if err != nil {
		return err
	}
	unbonding := math.ZeroInt()
	err = k.Unbondings.Walk(ctx, nil, func(_ collections.Pair[time.Time, uint64], e types.UnbondingEntry) (bool, error) {
		unbonding = unbonding.Add(e.Amount)
		return false, nil
	})
	if err != nil {
		return err
	}
	held := k.bank.GetBalance(ctx, k.account.GetModuleAddress(types.ModuleName), denom).Amount
	if want := bonded.Add(unbonding); !held.Equal(want) {
		return types.ErrInvalidGenesis.Wrapf("the %s module account holds %s%s, but bonds (%s) and unbonding entries (%s) sum to %s%s",
			types.ModuleName, held, denom, bonded, unbonding, want, denom)
	}
	return nil
}

package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// requireSpendable fails with ErrInsufficientFunds unless addr can spend
// amount; checking first lets a message fail cleanly instead of halfway
// through a transfer. what says what the coins are for.
func (k Keeper) requireSpendable(ctx context.Context, addr sdk.AccAddress, amount sdk.Coin, what string) error {
	if spendable := k.bank.SpendableCoins(ctx, addr).AmountOf(amount.Denom); spendable.LT(amount.Amount) {
		return types.ErrInsufficientFunds.Wrapf("%s needs %s, but %s can spend only %s%s", what, amount, k.addressString(addr), spendable, amount.Denom)
	}
	return nil
}

// escrow moves amount from addr into the module account.
func (k Keeper) escrow(ctx context.Context, addr sdk.AccAddress, amount sdk.Coin, what string) error {
	if err := k.requireSpendable(ctx, addr, amount, what); err != nil {
		return err
	}
	return k.bank.SendCoinsFromAccountToModule(ctx, addr, types.ModuleName, sdk.NewCoins(amount))
}

// release pays amount out of the module account to the bech32 address to.
func (k Keeper) release(ctx context.Context, to string, amount sdk.Coin) error {
	addr, err := k.account.AddressCodec().StringToBytes(to)
	if err != nil {
		return types.ErrInvalidAddress.Wrapf("recipient %q: %s", to, err)
	}
	return k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, sdk.NewCoins(amount))
}

// payFee sends a task creation fee from addr to the community pool (a zero
// fee sends nothing).
func (k Keeper) payFee(ctx context.Context, addr sdk.AccAddress, fee sdk.Coin) error {
	if !fee.IsPositive() {
		return nil
	}
	if err := k.requireSpendable(ctx, addr, fee, "the task creation fee"); err != nil {
		return err
	}
	return k.distr.FundCommunityPool(ctx, sdk.NewCoins(fee), addr)
}

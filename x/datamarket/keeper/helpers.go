package keeper

import (
	"context"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/log/v2"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// SetVersionChecker wires the check that a MODEL_UPDATE offer sells an
// accepted PoG version of the seller. x/pog will provide it; until then
// the app does not call this and versions are recorded as cited, not
// verified. Call it during app construction, before the module and its Msg
// service are built: they hold copies of the keeper.
func (k *Keeper) SetVersionChecker(v types.VersionChecker) { k.versions = v }

// parseAddress reads a message's signer or party address.
func (k Keeper) parseAddress(field, bech32 string) (sdk.AccAddress, error) {
	addr, err := k.account.AddressCodec().StringToBytes(bech32)
	if err != nil {
		return nil, types.ErrInvalidAddress.Wrapf("%s %q: %s", field, bech32, err)
	}
	return addr, nil
}

// addressString is the canonical bech32 form of addr; stored records and
// events hold it.
func (k Keeper) addressString(addr sdk.AccAddress) string {
	s, err := k.account.AddressCodec().BytesToString(addr)
	if err != nil {
		panic(err) // a parsed address always encodes
	}
	return s
}

// sameAccount reports whether addr is the account of a stored bech32
// address.
func (k Keeper) sameAccount(addr sdk.AccAddress, stored string) bool {
	other, err := k.account.AddressCodec().StringToBytes(stored)
	return err == nil && addr.Equals(sdk.AccAddress(other))
}

// moduleAddress is the escrow account.
func (k Keeper) moduleAddress() sdk.AccAddress { return k.account.GetModuleAddress(types.ModuleName) }

// coins is amount of the bond denom.
func coins(amount math.Int) sdk.Coins { return sdk.NewCoins(sdk.NewCoin(types.BondDenom, amount)) }

// pay sends amount (if positive) from the escrow to an account given by
// its stored bech32 address, and records it in the ledger under f.
func (k Keeper) pay(ctx context.Context, to string, amount math.Int, f flow) error {
	if !amount.IsPositive() {
		return nil
	}
	addr, err := k.parseAddress("recipient", to)
	if err != nil {
		return err
	}
	if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, addr, coins(amount)); err != nil {
		return err
	}
	return k.record(ctx, f, amount)
}

// emit emits a typed event on ctx.
func emit(ctx context.Context, event proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(event)
}

// logger is the module's logger.
func (k Keeper) logger(ctx context.Context) log.Logger {
	return sdk.UnwrapSDKContext(ctx).Logger().With("module", "x/"+types.ModuleName)
}

// height is the block height.
func height(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockHeight() }

// nextOrderID draws the next offer or bid id; ids start at 1 (the sequence
// holds the id the next order gets, as genesis does).
func (k Keeper) nextOrderID(ctx context.Context) (uint64, error) {
	id, err := k.NextOrderID.Next(ctx)
	if err == nil && id == 0 { // a store that never saw genesis
		return k.NextOrderID.Next(ctx)
	}
	return id, err
}

// nextDealID draws the next deal id; ids start at 1.
func (k Keeper) nextDealID(ctx context.Context) (uint64, error) {
	id, err := k.NextDealID.Next(ctx)
	if err == nil && id == 0 {
		return k.NextDealID.Next(ctx)
	}
	return id, err
}

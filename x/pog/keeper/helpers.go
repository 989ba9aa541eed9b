package keeper

import (
	"context"
	"errors"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"
	"cosmossdk.io/log/v2"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/types"
)

// GetVersion returns version id, or ErrVersionNotFound.
func (k Keeper) GetVersion(ctx context.Context, id uint64) (types.Version, error) {
	v, err := k.Versions.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Version{}, types.ErrVersionNotFound.Wrapf("no version %d", id)
	}
	return v, err
}

// parseAddress reads a message's signer address.
func (k Keeper) parseAddress(field, bech32 string) (sdk.AccAddress, error) {
	addr, err := k.account.AddressCodec().StringToBytes(bech32)
	if err != nil {
		return nil, types.ErrInvalidSubmission.Wrapf("%s %q is not an address: %s", field, bech32, err)
	}
	return addr, nil
}

// addressString is the canonical bech32 form of addr.
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

// emit emits a typed event.
func emit(ctx context.Context, event proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(event)
}

// height is the block height.
func height(ctx context.Context) int64 { return sdk.UnwrapSDKContext(ctx).BlockHeight() }

// versionReference names a version in x/datamarket's leaf-use events.
func versionReference(id uint64) string { return fmt.Sprintf("pog/version/%d", id) }

// logger is the module's logger.
func (k Keeper) logger(ctx context.Context) log.Logger {
	return sdk.UnwrapSDKContext(ctx).Logger().With("module", "x/"+types.ModuleName)
}

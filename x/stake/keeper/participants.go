package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// getParticipant returns a registered participant or ErrNotRegistered.
func (k Keeper) getParticipant(ctx context.Context, addr sdk.AccAddress) (types.Participant, error) {
	p, err := k.Participants.Get(ctx, addr)
	if errors.Is(err, collections.ErrNotFound) {
		return p, types.ErrNotRegistered.Wrapf("%s has not registered (use tx stake register)", k.addressString(addr))
	}
	return p, err
}

// addressString is addr in the chain's bech32 form, as stored in records
// and events. Messages may spell an owner in upper case; records do not.
func (k Keeper) addressString(addr sdk.AccAddress) string {
	s, err := k.account.AddressCodec().BytesToString(addr)
	if err != nil { // only for an address of invalid length, which the codec refused on the way in
		return addr.String()
	}
	return s
}

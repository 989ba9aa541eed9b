package keeper

import (
	"context"
	"errors"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// parseAddress reads a message's account address; field names it in the
// error.
func (k Keeper) parseAddress(field, bech32 string) (sdk.AccAddress, error) {
	addr, err := k.account.AddressCodec().StringToBytes(bech32)
	if err != nil {
		return nil, types.ErrInvalidAddress.Wrapf("%s %q: %s", field, bech32, err)
	}
	if len(addr) == 0 {
		return nil, types.ErrInvalidAddress.Wrapf("%s is empty", field)
	}
	return addr, nil
}

// addressString is addr's canonical bech32 form, the one records store.
func (k Keeper) addressString(addr sdk.AccAddress) string {
	s, err := k.account.AddressCodec().BytesToString(addr)
	if err != nil {
		panic(err) // addr came from the same codec
	}
	return s
}

// checkAuthority requires got to be the governance authority, for action.
func (k Keeper) checkAuthority(ctx context.Context, got, action string) error {
	if err := sdk.ValidateAuthority(sdk.UnwrapSDKContext(ctx), k.authority, got); err != nil {
		return types.ErrUnauthorized.Wrapf("only governance may %s: %s", action, err)
	}
	return nil
}

// nextID returns the next id of seq; ids start at 1 (the sequence holds the
// id the next record gets, as genesis does).
func nextID(ctx context.Context, seq collections.Sequence) (uint64, error) {
	id, err := seq.Next(ctx)
	if err != nil {
		return 0, err
	}
	if id == 0 { // a store that never saw genesis
		return seq.Next(ctx)
	}
	return id, nil
}

// peekNextID returns the id seq gives next (at least 1).
func peekNextID(ctx context.Context, seq collections.Sequence) (uint64, error) {
	id, err := seq.Peek(ctx)
	return max(id, 1), err
}

// emit emits a typed event on ctx.
func emit(ctx context.Context, event proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(event)
}

// GetTask returns task id, or ErrTaskNotFound.
func (k Keeper) GetTask(ctx context.Context, id uint64) (types.Task, error) {
	t, err := k.Tasks.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Task{}, types.ErrTaskNotFound.Wrapf("no task %d", id)
	}
	return t, err
}

// GetModel returns model id, or ErrModelNotFound.
func (k Keeper) GetModel(ctx context.Context, id uint64) (types.Model, error) {
	m, err := k.Models.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Model{}, types.ErrModelNotFound.Wrapf("no model %d", id)
	}
	return m, err
}

// GetBounty returns bounty id, or ErrBountyNotFound.
func (k Keeper) GetBounty(ctx context.Context, id uint64) (types.Bounty, error) {
	b, err := k.Bounties.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Bounty{}, types.ErrBountyNotFound.Wrapf("no bounty %d", id)
	}
	return b, err
}

// GetCircuit returns circuit id, approved or revoked, or
// ErrCircuitNotFound.
func (k Keeper) GetCircuit(ctx context.Context, id string) (types.Circuit, error) {
	c, err := k.Circuits.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return types.Circuit{}, types.ErrCircuitNotFound.Wrapf("no circuit %q", id)
	}
	return c, err
}

// ApprovedCircuit returns circuit id if governance approved it and has not
// revoked it: ErrCircuitNotFound for an unknown id, ErrCircuitNotApproved
// for a revoked one. x/pog verifies proofs only against these.
func (k Keeper) ApprovedCircuit(ctx context.Context, id string) (types.Circuit, error) {
	c, err := k.GetCircuit(ctx, id)
	if err != nil {
		return types.Circuit{}, err
	}
	if c.Revoked {
		return types.Circuit{}, types.ErrCircuitNotApproved.Wrapf("circuit %q was revoked at height %d", id, c.RevokedHeight)
	}
	return c, nil
}

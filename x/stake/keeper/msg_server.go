package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

type msgServer struct{ Keeper }

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the x/stake Msg service.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

// owner parses a message's owner address.
func (k msgServer) owner(bech32 string) (sdk.AccAddress, error) {
	addr, err := k.account.AddressCodec().StringToBytes(bech32)
	if err != nil {
		return nil, types.ErrInvalidAddress.Wrapf("owner %q: %s", bech32, err)
	}
	return addr, nil
}

// RegisterParticipant registers the owner and bonds its first role.
func (k msgServer) RegisterParticipant(ctx context.Context, msg *types.MsgRegisterParticipant) (*types.MsgRegisterParticipantResponse, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	owner, err := k.owner(msg.Owner)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateEndpoint(msg.Endpoint); err != nil {
		return nil, err
	}
	if err := types.ValidateHPKEKey(msg.HpkePublicKey); err != nil {
		return nil, err
	}
	if err := types.ValidateProfile(msg.Profile); err != nil {
		return nil, err
	}
	if err := types.ValidateRole(msg.Role); err != nil {
		return nil, err
	}
	denom, err := k.bondDenom(ctx)
	if err != nil {
		return nil, err
	}
	amount, err := types.ValidateAmount(msg.Bond, denom)
	if err != nil {
		return nil, err
	}
	if has, err := k.Participants.Has(ctx, owner); err != nil {
		return nil, err
	} else if has {
		return nil, types.ErrAlreadyRegistered.Wrapf("%s is registered; use tx stake bond or update", msg.Owner)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkMinimum(params, msg.Role, amount); err != nil {
		return nil, err
	}

	if err := k.escrow(ctx, owner, denom, amount); err != nil {
		return nil, err
	}
	participant := types.Participant{
		Address: k.addressString(owner), Endpoint: msg.Endpoint, HpkePublicKey: msg.HpkePublicKey,
		Profile: msg.Profile, Tier: params.TierOf(msg.Profile), RegisteredHeight: sdkCtx.BlockHeight(),
	}
	if err := k.Participants.Set(ctx, owner, participant); err != nil {
		return nil, err
	}
	if err := k.Bonds.Set(ctx, collections.Join(owner, int32(msg.Role)), amount); err != nil {
		return nil, err
	}
	if err := sdkCtx.EventManager().EmitTypedEvent(&types.EventParticipantRegistered{Participant: participant}); err != nil {
		return nil, err
	}
	return &types.MsgRegisterParticipantResponse{}, sdkCtx.EventManager().EmitTypedEvent(&types.EventRoleBonded{
		Address: participant.Address, Role: msg.Role, Amount: amount, Bonded: amount,
	})
}

func checkMinimum(params types.Params, role types.Role, amount math.Int) error {
	minimum, err := params.MinBondOf(role)
	if err != nil {
		return err
	}
	if amount.LT(minimum) {
		return types.ErrBondBelowMinimum.Wrapf("%s needs at least %s ulgpt, got %s", role, minimum, amount)
	}
	return nil
}

// roleAmount validates the owner, role and amount of a bond or unbond
// message and returns the owner, the bond denom and the amount.
func (k msgServer) roleAmount(ctx context.Context, ownerBech32 string, role types.Role, coin sdk.Coin) (sdk.AccAddress, string, math.Int, error) {
	owner, err := k.owner(ownerBech32)
	if err != nil {
		return nil, "", math.Int{}, err
	}
	if err := types.ValidateRole(role); err != nil {
		return nil, "", math.Int{}, err
	}
	denom, err := k.bondDenom(ctx)
	if err != nil {
		return nil, "", math.Int{}, err
	}
	amount, err := types.ValidateAmount(coin, denom)
	return owner, denom, amount, err
}

// BondRole adds stake to a role; a new role's total must reach its minimum.
func (k msgServer) BondRole(ctx context.Context, msg *types.MsgBondRole) (*types.MsgBondRoleResponse, error) {
	owner, denom, amount, err := k.roleAmount(ctx, msg.Owner, msg.Role, msg.Amount)
	if err != nil {
		return nil, err
	}
	if _, err := k.getParticipant(ctx, owner); err != nil {
		return nil, err
	}
	key := collections.Join(owner, int32(msg.Role))
	bond, err := k.Bonds.Get(ctx, key)
	newRole := errors.Is(err, collections.ErrNotFound)
	if err != nil && !newRole {
		return nil, err
	}
	if newRole {
		bond = math.ZeroInt()
		params, err := k.Params.Get(ctx)
		if err != nil {
			return nil, err
		}
		if err := checkMinimum(params, msg.Role, amount); err != nil {
			return nil, err
		}
	}
	if err := k.escrow(ctx, owner, denom, amount); err != nil {
		return nil, err
	}
	bond = bond.Add(amount)
	if err := k.Bonds.Set(ctx, key, bond); err != nil {
		return nil, err
	}
	return &types.MsgBondRoleResponse{Bonded: sdk.NewCoin(denom, bond)}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventRoleBonded{Address: k.addressString(owner), Role: msg.Role, Amount: amount, Bonded: bond})
}

// UnbondRole queues part of a role's bond; what stays must meet the minimum.
func (k msgServer) UnbondRole(ctx context.Context, msg *types.MsgUnbondRole) (*types.MsgUnbondRoleResponse, error) {
	owner, _, amount, err := k.roleAmount(ctx, msg.Owner, msg.Role, msg.Amount)
	if err != nil {
		return nil, err
	}
	bond, err := k.roleBond(ctx, owner, msg.Role)
	if err != nil {
		return nil, err
	}
	if amount.GT(bond) {
		return nil, types.ErrInsufficientBond.Wrapf("%s has %s bonded for %s, cannot unbond %s", k.addressString(owner), bond, msg.Role, amount)
	}
	rest := bond.Sub(amount)
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if minimum, err := params.MinBondOf(msg.Role); err != nil {
		return nil, err
	} else if rest.LT(minimum) {
		return nil, types.ErrBondBelowMinimum.Wrapf("unbonding %s would leave %s bonded for %s, below its minimum of %s; unbond less, or use tx stake leave to unbond all of it",
			amount, rest, msg.Role, minimum)
	}
	entry, err := k.unbond(ctx, owner, msg.Role, amount, rest)
	if err != nil {
		return nil, err
	}
	return &types.MsgUnbondRoleResponse{UnbondingId: entry.Id, CompletionTime: entry.CompletionTime}, nil
}

// LeaveRole queues a role's whole bond and drops the role.
func (k msgServer) LeaveRole(ctx context.Context, msg *types.MsgLeaveRole) (*types.MsgLeaveRoleResponse, error) {
	owner, err := k.owner(msg.Owner)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateRole(msg.Role); err != nil {
		return nil, err
	}
	bond, err := k.roleBond(ctx, owner, msg.Role)
	if err != nil {
		return nil, err
	}
	entry, err := k.unbond(ctx, owner, msg.Role, bond, math.ZeroInt())
	if err != nil {
		return nil, err
	}
	return &types.MsgLeaveRoleResponse{UnbondingId: entry.Id, CompletionTime: entry.CompletionTime}, nil
}

// roleBond returns owner's bond for role, or an error when it has none.
func (k msgServer) roleBond(ctx context.Context, owner sdk.AccAddress, role types.Role) (math.Int, error) {
	if _, err := k.getParticipant(ctx, owner); err != nil {
		return math.Int{}, err
	}
	bond, err := k.Bonds.Get(ctx, collections.Join(owner, int32(role)))
	if errors.Is(err, collections.ErrNotFound) {
		return math.Int{}, types.ErrRoleNotBonded.Wrapf("%s has no bond for %s", k.addressString(owner), role)
	}
	return bond, err
}

// unbond moves amount of a role's bond into the queue, leaving rest bonded.
func (k msgServer) unbond(ctx context.Context, owner sdk.AccAddress, role types.Role, amount, rest math.Int) (types.UnbondingEntry, error) {
	if err := k.setBond(ctx, owner, role, rest); err != nil {
		return types.UnbondingEntry{}, err
	}
	entry, err := k.queueUnbonding(ctx, owner, role, amount)
	if err != nil {
		return types.UnbondingEntry{}, err
	}
	return entry, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRoleUnbonding{
		Entry: entry, Bonded: rest, LeftRole: rest.IsZero(),
	})
}

// UpdateParticipant changes the endpoint, key or profile (empty fields keep
// their value) and derives the tier again.
func (k msgServer) UpdateParticipant(ctx context.Context, msg *types.MsgUpdateParticipant) (*types.MsgUpdateParticipantResponse, error) {
	owner, err := k.owner(msg.Owner)
	if err != nil {
		return nil, err
	}
	if msg.Endpoint == "" && len(msg.HpkePublicKey) == 0 && msg.Profile == nil {
		return nil, types.ErrNothingToUpdate.Wrap("give an endpoint, an HPKE key or a profile")
	}
	p, err := k.getParticipant(ctx, owner)
	if err != nil {
		return nil, err
	}
	if msg.Endpoint != "" {
		if err := types.ValidateEndpoint(msg.Endpoint); err != nil {
			return nil, err
		}
		p.Endpoint = msg.Endpoint
	}
	if len(msg.HpkePublicKey) > 0 {
		if err := types.ValidateHPKEKey(msg.HpkePublicKey); err != nil {
			return nil, err
		}
		p.HpkePublicKey = msg.HpkePublicKey
	}
	if msg.Profile != nil {
		if err := types.ValidateProfile(*msg.Profile); err != nil {
			return nil, err
		}
		p.Profile = *msg.Profile
	}
	// Every update derives the tier with the current thresholds, which
	// governance may have moved since the record was written.
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	p.Tier = params.TierOf(p.Profile)
	if err := k.Participants.Set(ctx, owner, p); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParticipantResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(
		&types.EventParticipantUpdated{Participant: p})
}

// UpdateParams replaces the parameters when sent by the governance authority.
func (k msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if err := sdk.ValidateAuthority(sdkCtx, k.authority, msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := k.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, sdkCtx.EventManager().EmitTypedEvent(
		&types.EventParamsUpdated{Authority: msg.Authority, Params: msg.Params})
}

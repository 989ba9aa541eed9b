package keeper

import (
	"context"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// initParticipantsGenesis loads participants, bonds, unbondings and the next
// unbonding id from a validated genesis, then checks that the module
// account holds exactly the bonds plus the unbondings (CheckEscrow).
func (k Keeper) initParticipantsGenesis(ctx context.Context, gs types.GenesisState) error {
	for _, gp := range gs.Participants {
		addr, err := k.account.AddressCodec().StringToBytes(gp.Participant.Address)
		if err != nil {
			return types.ErrInvalidGenesis.Wrapf("participant %q: %s", gp.Participant.Address, err)
		}
		if err := k.Participants.Set(ctx, addr, gp.Participant); err != nil {
			return err
		}
		for _, b := range gp.Bonds {
			if err := k.Bonds.Set(ctx, collections.Join(sdk.AccAddress(addr), int32(b.Role)), b.Amount); err != nil {
				return err
			}
		}
	}
	for _, e := range gs.Unbondings {
		e.CompletionTime = e.CompletionTime.UTC()
		if err := k.Unbondings.Set(ctx, unbondingKey(e), e); err != nil {
			return err
		}
	}
	if err := k.NextUnbondingID.Set(ctx, gs.NextUnbondingId); err != nil {
		return err
	}
	return k.CheckEscrow(ctx)
}

// exportParticipantsGenesis appends participants (by address, bonds in role
// order) and unbondings (in queue order) to gs and sets next_unbonding_id.
func (k Keeper) exportParticipantsGenesis(ctx context.Context, gs *types.GenesisState) error {
	err := k.Participants.Walk(ctx, nil, func(addr sdk.AccAddress, p types.Participant) (bool, error) {
		bonds, err := k.bondsOf(ctx, addr)
		if err != nil {
			return true, err
		}
		gs.Participants = append(gs.Participants, types.GenesisParticipant{Participant: p, Bonds: bonds})
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.Unbondings.Walk(ctx, nil, func(_ collections.Pair[time.Time, uint64], e types.UnbondingEntry) (bool, error) {
		gs.Unbondings = append(gs.Unbondings, e)
		return false, nil
	})
	if err != nil {
		return err
	}
	next, err := k.NextUnbondingID.Peek(ctx)
	if err != nil {
		return err
	}
	gs.NextUnbondingId = max(next, 1)
	return nil
}

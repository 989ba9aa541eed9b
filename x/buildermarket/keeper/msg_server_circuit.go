package keeper

import (
	"context"
	"errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// ApproveCircuit approves a circuit and its verifying key. Only governance
// may: builders cannot register their own keys, since whoever ran a key's
// setup can forge proofs for it. Single-party keys are refused outside
// local chain-ids, and ids are never reused.
func (k msgServer) ApproveCircuit(ctx context.Context, msg *types.MsgApproveCircuit) (*types.MsgApproveCircuitResponse, error) {
	if err := k.checkAuthority(ctx, msg.Authority, "approve circuits"); err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateApproveCircuit(msg, params.MaxVerifyingKeyBytes); err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if err := types.CheckCeremony(msg.Ceremony, sdkCtx.ChainID()); err != nil {
		return nil, err
	}
	if existing, err := k.GetCircuit(ctx, msg.Id); err == nil {
		return nil, types.ErrCircuitExists.Wrapf("circuit %q was approved at height %d (revoked: %v); ids are never reused, pick another", msg.Id, existing.ApprovedHeight, existing.Revoked)
	} else if !errors.Is(err, types.ErrCircuitNotFound) {
		return nil, err
	}
	circuit := types.NewCircuit(msg, sdkCtx.BlockHeight())
	if err := k.Circuits.Set(ctx, circuit.Id, circuit); err != nil {
		return nil, err
	}
	return &types.MsgApproveCircuitResponse{}, emit(ctx, &types.EventCircuitApproved{
		Id: circuit.Id, Shape: circuit.Shape, Ceremony: circuit.Ceremony, TranscriptHash: circuit.TranscriptHash,
		VerifyingKeyBytes: uint32(len(circuit.VerifyingKey)),
	})
}

// RevokeCircuit withdraws an approved circuit; governance only. New models
// cannot cite it, existing ones keep their ids, and x/pog refuses proofs
// against it (ApprovedCircuit).
func (k msgServer) RevokeCircuit(ctx context.Context, msg *types.MsgRevokeCircuit) (*types.MsgRevokeCircuitResponse, error) {
	if err := k.checkAuthority(ctx, msg.Authority, "revoke circuits"); err != nil {
		return nil, err
	}
	if err := types.ValidateRevokeCircuit(msg); err != nil {
		return nil, err
	}
	circuit, err := k.ApprovedCircuit(ctx, msg.Id)
	if err != nil {
		return nil, err
	}
	circuit.Revoked, circuit.RevokedHeight = true, sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := k.Circuits.Set(ctx, circuit.Id, circuit); err != nil {
		return nil, err
	}
	return &types.MsgRevokeCircuitResponse{}, emit(ctx, &types.EventCircuitRevoked{Id: circuit.Id, Reason: msg.Reason})
}

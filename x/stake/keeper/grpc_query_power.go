package keeper

import (
	"context"
	"errors"
	"sort"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// PowerTable lists every validator in x/staking's bonded set or in the set
// last sent to CometBFT, with its staking power, reputation, multipliers and
// the weighted power sent.
func (q Querier) PowerTable(ctx context.Context, req *types.QueryPowerTableRequest) (*types.QueryPowerTableResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	res, err := q.Keeper.BuildPowerTable(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return res, nil
}

// BuildPowerTable computes the power table at the current height.
func (k Keeper) BuildPowerTable(ctx context.Context) (*types.QueryPowerTableResponse, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	entries := map[string]*types.PowerTableEntry{}
	entry := func(operator sdk.ValAddress) (*types.PowerTableEntry, error) {
		key := operator.String()
		if e, ok := entries[key]; ok {
			return e, nil
		}
		e := &types.PowerTableEntry{OperatorAddress: key}
		if v, err := k.staking.GetValidator(ctx, operator); err == nil {
			e.Moniker = v.GetMoniker()
		}
		score, err := k.reputation.Score(ctx, sdk.AccAddress(operator))
		if err != nil {
			return nil, err
		}
		e.Reputation = score
		e.TargetMultiplier = types.TargetMultiplier(score, params)
		weight, err := k.Weights.Get(ctx, operator)
		switch {
		case errors.Is(err, collections.ErrNotFound):
			weight = types.ValidatorWeight{Multiplier: types.MultiplierOne, Eligible: score >= params.MinVotingReputation}
		case err != nil:
			return nil, err
		}
		e.Multiplier, e.Eligible = weight.Multiplier, weight.Eligible
		entries[key] = e
		return e, nil
	}

	bonded, err := k.bondedValidators(ctx)
	if err != nil {
		return nil, err
	}
	for _, v := range bonded {
		e, err := entry(v.operator)
		if err != nil {
			return nil, err
		}
		e.StakingPower = v.stakingPower
	}
	res := &types.QueryPowerTableResponse{}
	err = k.LastSent.Walk(ctx, nil, func(_ sdk.ConsAddress, sent types.SentPower) (bool, error) {
		operator, err := sdk.ValAddressFromBech32(sent.OperatorAddress)
		if err != nil {
			return true, err
		}
		e, err := entry(operator)
		if err != nil {
			return true, err
		}
		e.Power = sent.Power
		res.TotalPower += sent.Power
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		res.Validators = append(res.Validators, *e)
	}
	sort.Slice(res.Validators, func(i, j int) bool { return res.Validators[i].OperatorAddress < res.Validators[j].OperatorAddress })

	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	epoch := int64(params.PowerEpochBlocks)
	res.NextEpochHeight = (height/epoch + 1) * epoch
	return res, nil
}

package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/reputation/types"
)

// InitGenesis loads params, scores (with their rank entries) and histories.
// The genesis must have passed GenesisState.Validate.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if _, err := k.SetParams(ctx, gs.Params); err != nil {
		return err
	}
	for _, s := range gs.Scores {
		addr, err := k.addressCodec.StringToBytes(s.Address)
		if err != nil {
			return types.ErrInvalidGenesis.Wrapf("address %q: %s", s.Address, err)
		}
		if err := k.setScore(ctx, addr, nil, s.Score, gs.Params.DecayHalfLifeBlocks); err != nil {
			return err
		}
		for _, r := range s.History {
			if err := k.History.Set(ctx, collections.Join(sdk.AccAddress(addr), r.Sequence), r); err != nil {
				return err
			}
		}
	}
	return nil
}

// ExportGenesis returns the stored state, scores ordered by address and each
// history oldest first, so that export(import(g)) == g.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	err = k.Scores.Walk(ctx, nil, func(addr sdk.AccAddress, s types.Score) (bool, error) {
		addrStr, err := k.addressCodec.BytesToString(addr)
		if err != nil {
			return true, err
		}
		entry := types.GenesisScore{Address: addrStr, Score: s}
		rng := collections.NewPrefixedPairRange[sdk.AccAddress, uint64](addr)
		err = k.History.Walk(ctx, rng, func(_ collections.Pair[sdk.AccAddress, uint64], r types.OutcomeRecord) (bool, error) {
			entry.History = append(entry.History, r)
			return false, nil
		})
		gs.Scores = append(gs.Scores, entry)
		return err != nil, err
	})
	return gs, err
}

// RebaseForZeroHeight decays every score to the current height and stamps it
// (and its history) with height zero, for an export that restarts the chain
// at height zero: decay then continues from there instead of waiting for the
// old chain's heights.
func (k Keeper) RebaseForZeroHeight(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	halfLife, height := params.DecayHalfLifeBlocks, blockHeight(ctx)
	var addrs []sdk.AccAddress
	var scores []types.Score
	err = k.Scores.Walk(ctx, nil, func(addr sdk.AccAddress, s types.Score) (bool, error) {
		addrs, scores = append(addrs, addr), append(scores, s)
		return false, nil
	})
	if err != nil {
		return err
	}
	for i, addr := range addrs {
		rebased := types.Score{Value: decayedAt(scores[i], height, halfLife), UpdatedHeight: 0, Outcomes: scores[i].Outcomes}
		if err := k.setScore(ctx, addr, &scores[i], rebased, halfLife); err != nil {
			return err
		}
		var records []types.OutcomeRecord
		rng := collections.NewPrefixedPairRange[sdk.AccAddress, uint64](addr)
		if err := k.History.Walk(ctx, rng, func(_ collections.Pair[sdk.AccAddress, uint64], r types.OutcomeRecord) (bool, error) {
			records = append(records, r)
			return false, nil
		}); err != nil {
			return err
		}
		for _, r := range records {
			r.Height = 0
			if err := k.History.Set(ctx, collections.Join(addr, r.Sequence), r); err != nil {
				return err
			}
		}
	}
	return nil
}

// CheckRankIndex verifies that ScoresByRank holds exactly one entry per score,
// under the current half-life. Tests and the randomized drivers call it
// (x/crisis is gone in SDK v0.54, so invariants are plain keeper functions).
func (k Keeper) CheckRankIndex(ctx context.Context) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	scores := 0
	err = k.Scores.Walk(ctx, nil, func(addr sdk.AccAddress, s types.Score) (bool, error) {
		scores++
		has, err := k.ScoresByRank.Has(ctx, rankEntry(addr, s, params.DecayHalfLifeBlocks))
		if err != nil {
			return true, err
		}
		if !has {
			return true, types.ErrInvalidGenesis.Wrapf("rank index misses the score of %s", addr)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	entries := 0
	if err := k.ScoresByRank.Walk(ctx, nil, func(collections.Pair[[]byte, sdk.AccAddress]) (bool, error) {
		entries++
		return false, nil
	}); err != nil {
		return err
	}
	if entries != scores {
		return types.ErrInvalidGenesis.Wrapf("rank index has %d entries for %d scores", entries, scores)
	}
	return nil
}

// Package keeper implements x/reputation: stored scores with lazy decay, the
// decay-invariant ranking, bounded per-address history, genesis, the Msg
// and Query services, and the Reporter through which other modules' keepers
// (and only those wired in app/) report outcomes.
package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/internal/wiring"
	"github.com/litegpt/litegpt/x/reputation/types"
)

// Keeper holds the x/reputation state.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	authority    string
	reporters    *wiring.Registry

	Schema collections.Schema
	// Params are the module parameters.
	Params collections.Item[types.Params]
	// Scores maps an address to its stored (not yet decayed) score.
	Scores collections.Map[sdk.AccAddress, types.Score]
	// ScoresByRank orders addresses by the decay-invariant rank key of their
	// score (see types.RankKey). Its key depends on the decay half-life, a
	// parameter an IndexedMap index function cannot see, so it is written
	// only by setScore and re-keyed by SetParams; CheckRankIndex verifies it.
	ScoresByRank collections.KeySet[collections.Pair[[]byte, sdk.AccAddress]]
	// History keeps each address's most recent outcomes by sequence number.
	History collections.Map[collections.Pair[sdk.AccAddress, uint64], types.OutcomeRecord]
}

// NewKeeper builds the keeper. authority is the address allowed to update
// params (the x/gov module account).
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, addressCodec address.Codec, authority string) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Errorf("reputation authority %q is not a valid address: %w", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	k := Keeper{
		cdc:          cdc,
		addressCodec: addressCodec,
		authority:    authority,
		reporters:    wiring.NewRegistry("reputation reporter"),
		Params:       collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		Scores:       collections.NewMap(sb, types.ScoresPrefix, "scores", sdk.AccAddressKey, codec.CollValue[types.Score](cdc)),
		ScoresByRank: collections.NewKeySet(sb, types.ScoresByRankPrefix, "scores_by_rank",
			collections.PairKeyCodec(collections.BytesKey, sdk.AccAddressKey)),
		History: collections.NewMap(sb, types.HistoryPrefix, "history",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key), codec.CollValue[types.OutcomeRecord](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// GetAuthority returns the address allowed to update params.
func (k Keeper) GetAuthority() string { return k.authority }

// GetParams returns the module parameters.
func (k Keeper) GetParams(ctx context.Context) (types.Params, error) {
	return k.Params.Get(ctx)
}

// SetParams validates and stores params. When the decay half-life changes,
// every score is first decayed to the current height under the old
// half-life and then re-keyed under the new one, so the ranking stays exact.
// When the history length shrinks, every history is cut to the new length
// at once, so no address keeps more records than params allow (an export
// would otherwise fail GenesisState.Validate). It returns how many scores
// were re-keyed.
func (k Keeper) SetParams(ctx context.Context, params types.Params) (uint64, error) {
	if err := params.Validate(); err != nil {
		return 0, err
	}
	old, err := k.Params.Get(ctx)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return 0, k.Params.Set(ctx, params) // genesis: nothing stored yet
	case err != nil:
		return 0, err
	}
	var rescored uint64
	if old.DecayHalfLifeBlocks != params.DecayHalfLifeBlocks {
		if rescored, err = k.rebaseScores(ctx, old.DecayHalfLifeBlocks, params.DecayHalfLifeBlocks, blockHeight(ctx)); err != nil {
			return 0, err
		}
	}
	if params.HistoryLength < old.HistoryLength {
		if err := k.pruneHistories(ctx, params.HistoryLength); err != nil {
			return 0, err
		}
	}
	return rescored, k.Params.Set(ctx, params)
}

// pruneHistories drops, for every address, the records older than its
// newest keep ones.
func (k Keeper) pruneHistories(ctx context.Context, keep uint32) error {
	type entry struct {
		addr   sdk.AccAddress
		newest uint64
	}
	var long []entry
	err := k.Scores.Walk(ctx, nil, func(addr sdk.AccAddress, s types.Score) (bool, error) {
		if s.Outcomes > uint64(keep) {
			long = append(long, entry{addr, s.Outcomes})
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, e := range long {
		if err := k.pruneHistory(ctx, e.addr, e.newest, keep); err != nil {
			return err
		}
	}
	return nil
}

// rebaseScores rewrites every score as its decayed value at height under
// oldHalfLife, stamped with height (or its own later height), and re-keys it
// under newHalfLife.
func (k Keeper) rebaseScores(ctx context.Context, oldHalfLife, newHalfLife uint64, height int64) (uint64, error) {
	type entry struct {
		addr  sdk.AccAddress
		score types.Score
	}
	var all []entry
	err := k.Scores.Walk(ctx, nil, func(addr sdk.AccAddress, s types.Score) (bool, error) {
		all = append(all, entry{addr, s})
		return false, nil
	})
	if err != nil {
		return 0, err
	}
	for _, e := range all {
		if err := k.ScoresByRank.Remove(ctx, rankEntry(e.addr, e.score, oldHalfLife)); err != nil {
			return 0, err
		}
		rebased := e.score
		rebased.Value = decayedAt(e.score, height, oldHalfLife)
		// Never move a score back in time: one stamped above the current
		// height (possible from genesis) has not decayed yet and keeps its
		// height, which its history's heights may reach.
		rebased.UpdatedHeight = max(height, e.score.UpdatedHeight)
		if err := k.setScore(ctx, e.addr, nil, rebased, newHalfLife); err != nil {
			return 0, err
		}
	}
	return uint64(len(all)), nil
}

// setScore stores score for addr and its rank entry, removing the rank entry
// of the previous score when there was one. It is the only writer of
// ScoresByRank besides rebaseScores.
func (k Keeper) setScore(ctx context.Context, addr sdk.AccAddress, previous *types.Score, score types.Score, halfLife uint64) error {
	if previous != nil {
		if err := k.ScoresByRank.Remove(ctx, rankEntry(addr, *previous, halfLife)); err != nil {
			return err
		}
	}
	if err := k.Scores.Set(ctx, addr, score); err != nil {
		return err
	}
	return k.ScoresByRank.Set(ctx, rankEntry(addr, score, halfLife))
}

func rankEntry(addr sdk.AccAddress, s types.Score, halfLife uint64) collections.Pair[[]byte, sdk.AccAddress] {
	return collections.Join(types.RankKey(s.Value, s.UpdatedHeight, halfLife), addr)
}

// decayedAt is the score's value decayed to height; heights before the
// score's own (possible after a zero-height restart) mean no decay yet.
func decayedAt(s types.Score, height int64, halfLife uint64) uint64 {
	if height <= s.UpdatedHeight {
		return s.Value
	}
	return types.DecayedScore(s.Value, uint64(height-s.UpdatedHeight), halfLife)
}

// neutralScore is the stored score of an address that has none.
func neutralScore() types.Score { return types.Score{Value: types.NeutralScore} }

// ScoreOf returns the address's score decayed to the current block height,
// and its stored form. Addresses without a record are neutral.
func (k Keeper) ScoreOf(ctx context.Context, addr sdk.AccAddress) (uint64, types.Score, error) {
	if len(addr) == 0 {
		return 0, types.Score{}, types.ErrInvalidAddress.Wrap("empty address")
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, types.Score{}, err
	}
	stored, err := k.Scores.Get(ctx, addr)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		return types.NeutralScore, neutralScore(), nil
	case err != nil:
		return 0, types.Score{}, err
	}
	return decayedAt(stored, blockHeight(ctx), params.DecayHalfLifeBlocks), stored, nil
}

// Score returns the address's score decayed to the current block height.
// Other modules (x/stake's power multiplier, market eligibility) read it.
func (k Keeper) Score(ctx context.Context, addr sdk.AccAddress) (uint64, error) {
	score, _, err := k.ScoreOf(ctx, addr)
	return score, err
}

func blockHeight(ctx context.Context) int64 {
	return sdk.UnwrapSDKContext(ctx).BlockHeight()
}

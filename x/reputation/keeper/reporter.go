package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/reputation/types"
)

// Reporter reports outcomes about addresses on behalf of one module. Only
// NewReporter makes a working Reporter, and only before Seal, so only keepers
// wired in app/ can change scores; the zero Reporter refuses every report.
type Reporter struct {
	keeper *Keeper
	module string
}

// NewReporter returns the Reporter for module. It must be called while the
// app is being built; it panics after Seal, for an empty module name, or for
// a module that already has one.
func (k *Keeper) NewReporter(module string) Reporter {
	k.reporters.Claim(module)
	return Reporter{keeper: k, module: module}
}

// Seal ends app construction: no Reporter can be created afterwards.
func (k *Keeper) Seal() { k.reporters.Seal() }

// Module returns the name of the module the Reporter reports for.
func (r Reporter) Module() string { return r.module }

// Report records an outcome of kind about addr: the score decays to the
// current height, moves by the kind's weight, is clamped to [0, MaxScore],
// is stored with its rank, and the outcome joins the address's bounded
// history. It emits EventScoreChanged and returns the new score. On error
// nothing is written.
func (r Reporter) Report(ctx context.Context, addr sdk.AccAddress, kind types.OutcomeKind, reference string) (uint64, error) {
	if r.keeper == nil {
		return 0, types.ErrUnknownReporter.Wrap("use the Reporter the app built with Keeper.NewReporter")
	}
	return r.keeper.report(ctx, r.module, addr, kind, reference)
}

func (k Keeper) report(ctx context.Context, module string, addr sdk.AccAddress, kind types.OutcomeKind, reference string) (uint64, error) {
	if err := sdk.VerifyAddressFormat(addr); err != nil {
		return 0, types.ErrInvalidAddress.Wrapf("outcome address: %s", err)
	}
	if len(reference) > types.MaxReferenceLength {
		return 0, types.ErrReferenceTooLong.Wrapf("%d bytes, at most %d", len(reference), types.MaxReferenceLength)
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return 0, err
	}
	weight, err := params.WeightOf(kind)
	if err != nil {
		return 0, err
	}
	addrStr, err := k.addressCodec.BytesToString(addr)
	if err != nil {
		return 0, types.ErrInvalidAddress.Wrapf("outcome address: %s", err)
	}

	height := blockHeight(ctx)
	stored, err := k.Scores.Get(ctx, addr)
	var previous *types.Score
	switch {
	case errors.Is(err, collections.ErrNotFound):
		stored = neutralScore()
	case err != nil:
		return 0, err
	default:
		previous = &stored
	}

	before := decayedAt(stored, height, params.DecayHalfLifeBlocks)
	after := applyWeight(before, weight)
	updated := types.Score{Value: after, UpdatedHeight: height, Outcomes: stored.Outcomes + 1}
	if updated.UpdatedHeight < stored.UpdatedHeight {
		updated.UpdatedHeight = stored.UpdatedHeight // never move a score back in time
	}
	if err := k.setScore(ctx, addr, previous, updated, params.DecayHalfLifeBlocks); err != nil {
		return 0, err
	}

	record := types.OutcomeRecord{
		Sequence: updated.Outcomes, Height: height, Kind: kind, Weight: weight,
		ScoreBefore: before, ScoreAfter: after, Reporter: module, Reference: reference,
	}
	if err := k.appendHistory(ctx, addr, record, params.HistoryLength); err != nil {
		return 0, err
	}
	return after, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventScoreChanged{
		Address: addrStr, Kind: kind, Weight: weight, ScoreBefore: before, ScoreAfter: after,
		Reporter: module, Reference: reference, Sequence: record.Sequence,
	})
}

// applyWeight adds a signed weight to a score, clamped to [0, MaxScore].
func applyWeight(score uint64, weight int64) uint64 {
	next := int64(score) + weight // both bounded by 10^6: no overflow
	switch {
	case next < 0:
		return 0
	case next > int64(types.MaxScore):
		return types.MaxScore
	default:
		return uint64(next)
	}
}

// appendHistory stores record and drops the address's records older than the
// newest keep ones.
func (k Keeper) appendHistory(ctx context.Context, addr sdk.AccAddress, record types.OutcomeRecord, keep uint32) error {
	if err := k.History.Set(ctx, collections.Join(addr, record.Sequence), record); err != nil {
		return err
	}
	return k.pruneHistory(ctx, addr, record.Sequence, keep)
}

// pruneHistory drops addr's records older than the newest keep ones, where
// newest is the sequence number of its newest record.
func (k Keeper) pruneHistory(ctx context.Context, addr sdk.AccAddress, newest uint64, keep uint32) error {
	if newest <= uint64(keep) {
		return nil
	}
	oldest := newest - uint64(keep) // records with sequence <= oldest go
	rng := collections.NewPrefixedPairRange[sdk.AccAddress, uint64](addr).EndInclusive(oldest)
	return k.History.Clear(ctx, rng)
}

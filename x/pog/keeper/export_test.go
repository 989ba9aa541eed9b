package keeper

import "context"

// Reject exposes reject to the tests: re-execution and metric votes,
// which call it on a chain, are not in this package yet.
func (k Keeper) Reject(ctx context.Context, id uint64, reason string) error {
	return k.reject(ctx, id, reason)
}

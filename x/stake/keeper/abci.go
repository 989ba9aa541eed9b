package keeper

import (
	"context"

	abci "github.com/cometbft/cometbft/abci/types"
)

// EndBlocker pays matured role unbondings, then returns the validator
// updates CometBFT gets in place of x/staking's (see PowerUpdates). It runs
// after x/staking's EndBlock, whose bonded set it reads.
func (k Keeper) EndBlocker(ctx context.Context) ([]abci.ValidatorUpdate, error) {
	if err := k.MatureUnbondings(ctx); err != nil {
		return nil, err
	}
	return k.PowerUpdates(ctx)
}

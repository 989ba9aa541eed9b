package app

import (
	"context"
	"encoding/json"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/x/staking"
)

// The module manager accepts validator updates from one module only, and
// CometBFT must hear stake x reputation, not stake alone. So x/staking and
// genutil run unchanged but their validator updates are dropped; x/stake
// reads x/staking's bonded set after it and returns the weighted updates
// (see x/stake/keeper/power.go).

// stakingWithoutValidatorUpdates is x/staking whose EndBlock (which still
// matures its queues and recomputes its bonded set) and InitGenesis return
// no validator updates.
type stakingWithoutValidatorUpdates struct{ staking.AppModule }

// EndBlock runs x/staking's EndBlock and drops its validator updates.
func (m stakingWithoutValidatorUpdates) EndBlock(ctx context.Context) ([]abci.ValidatorUpdate, error) {
	_, err := m.AppModule.EndBlock(ctx)
	return nil, err
}

// InitGenesis runs x/staking's InitGenesis and drops its validator updates.
func (m stakingWithoutValidatorUpdates) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, data json.RawMessage) []abci.ValidatorUpdate {
	m.AppModule.InitGenesis(ctx, cdc, data)
	return nil
}

// genutilWithoutValidatorUpdates is genutil whose InitGenesis (which
// delivers the gentxs) returns no validator updates.
type genutilWithoutValidatorUpdates struct{ module.GenesisOnlyAppModule }

// InitGenesis delivers the gentxs and drops the validator updates.
func (m genutilWithoutValidatorUpdates) InitGenesis(ctx sdk.Context, cdc codec.JSONCodec, data json.RawMessage) []abci.ValidatorUpdate {
	m.GenesisOnlyAppModule.InitGenesis(ctx, cdc, data)
	return nil
}

package types

import (
	"context"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// AccountKeeper is what x/pog needs from x/auth.
type AccountKeeper interface {
	AddressCodec() address.Codec
}

// StakeKeeper checks role bonds.
type StakeKeeper interface {
	RequireRole(ctx context.Context, addr sdk.AccAddress, role staketypes.Role) error
}

// BuilderMarketKeeper looks up models, tasks, approved circuits and the
// models' verified scores.
type BuilderMarketKeeper interface {
	GetTask(ctx context.Context, id uint64) (buildertypes.Task, error)
	GetModel(ctx context.Context, id uint64) (buildertypes.Model, error)
	ApprovedCircuit(ctx context.Context, id string) (buildertypes.Circuit, error)
	ValidationScore(ctx context.Context, modelID uint64) (buildertypes.ModelScore, bool, error)
}

// DataMarketKeeper reads settled deals and marks the leaves accepted
// proofs used.
type DataMarketKeeper interface {
	SettledDeal(ctx context.Context, id uint64) (datamarkettypes.Deal, error)
	MarkLeavesUsed(ctx context.Context, dealID uint64, buyer sdk.AccAddress, leaves []uint64, reference string) error
}

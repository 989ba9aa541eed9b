package types

import (
	"context"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	stakekeeper "github.com/litegpt/litegpt/x/stake/keeper"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// AccountKeeper is what x/pog needs from x/auth.
type AccountKeeper interface {
	AddressCodec() address.Codec
	GetModuleAddress(name string) sdk.AccAddress
}

// BankKeeper pays rewards out of the network_rewards pool.
type BankKeeper interface {
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	SendCoinsFromModuleToAccount(ctx context.Context, module string, recipient sdk.AccAddress, amt sdk.Coins) error
}

// StakeKeeper checks role bonds and lists the verifiers' bonds.
type StakeKeeper interface {
	RequireRole(ctx context.Context, addr sdk.AccAddress, role staketypes.Role) error
	BondsOfRole(ctx context.Context, role staketypes.Role) ([]stakekeeper.RoleBond, error)
}

// StakingKeeper finds the validator that proposed a block.
type StakingKeeper interface {
	GetValidatorByConsAddr(ctx context.Context, consAddr sdk.ConsAddress) (stakingtypes.Validator, error)
	ValidatorAddressCodec() address.Codec
}

// ReputationKeeper reads reputation scores (0..10^6).
type ReputationKeeper interface {
	Score(ctx context.Context, addr sdk.AccAddress) (uint64, error)
}

// Reporter reports outcomes to x/reputation (the Reporter the app made
// for this module).
type Reporter interface {
	Report(ctx context.Context, addr sdk.AccAddress, kind reputationtypes.OutcomeKind, reference string) (uint64, error)
}

// Slasher slashes role bonds (the x/stake Slasher the app made for this
// module).
type Slasher interface {
	Slash(ctx context.Context, addr sdk.AccAddress, role staketypes.Role, req stakekeeper.SlashRequest, reason string) (math.Int, error)
}

// BuilderMarketKeeper looks up models, tasks, approved circuits, the
// models' verified scores and the tasks' validation slices.
type BuilderMarketKeeper interface {
	GetTask(ctx context.Context, id uint64) (buildertypes.Task, error)
	GetModel(ctx context.Context, id uint64) (buildertypes.Model, error)
	ApprovedCircuit(ctx context.Context, id string) (buildertypes.Circuit, error)
	ValidationScore(ctx context.Context, modelID uint64) (buildertypes.ModelScore, bool, error)
	LatestValidationSlice(ctx context.Context, taskID uint64) (buildertypes.ValidationSlice, bool, error)
}

// MetricReporter records verified metrics in x/buildermarket (the
// MetricReporter the app made for this module).
type MetricReporter interface {
	ReportValidationMetric(ctx context.Context, modelID, version uint64, metric int64) error
	ReportTestMetric(ctx context.Context, modelID, version uint64, metric int64) error
}

// DataMarketKeeper reads settled deals and marks the leaves accepted
// proofs used.
type DataMarketKeeper interface {
	SettledDeal(ctx context.Context, id uint64) (datamarkettypes.Deal, error)
	MarkLeavesUsed(ctx context.Context, dealID uint64, buyer sdk.AccAddress, leaves []uint64, reference string) error
}

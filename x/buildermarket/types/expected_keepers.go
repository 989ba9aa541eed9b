package types

import (
	"context"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"

	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// AccountKeeper is what x/buildermarket needs from x/auth.
type AccountKeeper interface {
	AddressCodec() address.Codec
	GetModuleAddress(name string) sdk.AccAddress
}

// BankKeeper moves deposits and rewards in and out of the module account.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, module string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, module string, recipient sdk.AccAddress, amt sdk.Coins) error
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	SpendableCoins(ctx context.Context, addr sdk.AccAddress) sdk.Coins
}

// DistributionKeeper receives task creation fees into the community pool.
type DistributionKeeper interface {
	FundCommunityPool(ctx context.Context, amount sdk.Coins, sender sdk.AccAddress) error
}

// StakeKeeper checks role bonds.
type StakeKeeper interface {
	RequireRole(ctx context.Context, addr sdk.AccAddress, role staketypes.Role) error
}

// MetricReporter is how x/pog reports verified metrics of model versions.
// The app hands x/pog the one made by Keeper.NewMetricReporter.
type MetricReporter interface {
	// ReportValidationMetric records a metric (x10^6) verified on the
	// current validation slice for a version of an active model; the
	// model's best such metric ranks it for BestModel.
	ReportValidationMetric(ctx context.Context, modelID, version uint64, metric int64) error
	// ReportTestMetric records a model's metric on its task's revealed test
	// set, during the scoring window; bounties resolve on these.
	ReportTestMetric(ctx context.Context, modelID, version uint64, metric int64) error
}

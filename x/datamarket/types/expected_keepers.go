package types

import (
	"context"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	stakekeeper "github.com/litegpt/litegpt/x/stake/keeper"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// AccountKeeper is what x/datamarket needs from x/auth.
type AccountKeeper interface {
	AddressCodec() address.Codec
	GetModuleAddress(name string) sdk.AccAddress
}

// BankKeeper moves escrow in and out of the module account.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, sender sdk.AccAddress, module string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, module string, recipient sdk.AccAddress, amt sdk.Coins) error
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	SpendableCoins(ctx context.Context, addr sdk.AccAddress) sdk.Coins
}

// DistributionKeeper receives protocol fees into the community pool.
type DistributionKeeper interface {
	FundCommunityPool(ctx context.Context, amount sdk.Coins, sender sdk.AccAddress) error
}

// StakeKeeper checks role bonds. (A buyer's HPKE key, to which sellers seal
// deliveries, stays in its x/stake record; sellers' sidecars read it there.)
type StakeKeeper interface {
	RequireRole(ctx context.Context, addr sdk.AccAddress, role staketypes.Role) error
}

// Slasher slashes a seller's role bond after a proven dispute (the
// x/stake Slasher the app made for this module).
type Slasher interface {
	Slash(ctx context.Context, addr sdk.AccAddress, role staketypes.Role, req stakekeeper.SlashRequest, reason string) (math.Int, error)
}

// ReputationKeeper reads buyers' scores.
type ReputationKeeper interface {
	Score(ctx context.Context, addr sdk.AccAddress) (uint64, error)
}

// Reporter reports deal outcomes (the x/reputation Reporter the app made for
// this module).
type Reporter interface {
	Report(ctx context.Context, addr sdk.AccAddress, kind reputationtypes.OutcomeKind, reference string) (uint64, error)
}

// BuilderMarketKeeper looks up tasks and models.
type BuilderMarketKeeper interface {
	GetTask(ctx context.Context, id uint64) (buildertypes.Task, error)
	GetModel(ctx context.Context, id uint64) (buildertypes.Model, error)
}

// VersionChecker verifies that a MODEL_UPDATE offer sells an accepted
// Proof-of-Gradient version: that versionID is the seller's accepted
// version of modelID with this weights commitment. x/pog will implement it;
// until then the app wires none (Keeper.SetVersionChecker is not called)
// and the version is recorded as cited by the seller, not verified.
type VersionChecker interface {
	CheckVersion(ctx context.Context, seller sdk.AccAddress, modelID, versionID uint64, weightsCommitment []byte) error
}

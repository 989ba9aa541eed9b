package types

import errorsmod "cosmossdk.io/errors"

// x/buildermarket errors. Codes start at 2 (1 is reserved by the SDK).
var (
	ErrInvalidParams       = errorsmod.Register(ModuleName, 2, "invalid buildermarket params")
	ErrInvalidAddress      = errorsmod.Register(ModuleName, 3, "invalid address")
	ErrInvalidTask         = errorsmod.Register(ModuleName, 4, "invalid task")
	ErrTaskNotFound        = errorsmod.Register(ModuleName, 5, "task not found")
	ErrInvalidReveal       = errorsmod.Register(ModuleName, 6, "invalid reveal")
	ErrRevealOutOfWindow   = errorsmod.Register(ModuleName, 7, "reveal outside its window")
	ErrInvalidCircuit      = errorsmod.Register(ModuleName, 8, "invalid circuit")
	ErrCircuitNotFound     = errorsmod.Register(ModuleName, 9, "circuit not found")
	ErrCircuitNotApproved  = errorsmod.Register(ModuleName, 10, "circuit not approved")
	ErrSinglePartyKey      = errorsmod.Register(ModuleName, 11, "single-party key outside a local chain")
	ErrInvalidModel        = errorsmod.Register(ModuleName, 12, "invalid model")
	ErrModelNotFound       = errorsmod.Register(ModuleName, 13, "model not found")
	ErrModelNotActive      = errorsmod.Register(ModuleName, 14, "model not active")
	ErrUnauthorized        = errorsmod.Register(ModuleName, 15, "not allowed for this signer")
	ErrInvalidBounty       = errorsmod.Register(ModuleName, 16, "invalid bounty")
	ErrBountyNotFound      = errorsmod.Register(ModuleName, 17, "bounty not found")
	ErrInvalidMetric       = errorsmod.Register(ModuleName, 18, "invalid metric report")
	ErrUnknownReporter     = errorsmod.Register(ModuleName, 19, "metric reporter not wired at app construction")
	ErrInvalidGenesis      = errorsmod.Register(ModuleName, 20, "invalid buildermarket genesis")
	ErrInsufficientFunds   = errorsmod.Register(ModuleName, 21, "insufficient funds")
	ErrTestSetRevealed     = errorsmod.Register(ModuleName, 22, "test set already revealed")
	ErrInvalidAmount       = errorsmod.Register(ModuleName, 23, "invalid amount")
	ErrNoModel             = errorsmod.Register(ModuleName, 24, "no scored model")
	ErrInvalidRequest      = errorsmod.Register(ModuleName, 25, "invalid request")
	ErrInvariantViolated   = errorsmod.Register(ModuleName, 26, "invariant violated")
	ErrCircuitExists       = errorsmod.Register(ModuleName, 27, "circuit id already used")
	ErrIncompatibleCircuit = errorsmod.Register(ModuleName, 28, "circuit does not fit the model")
)

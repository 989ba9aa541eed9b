package types

import errorsmod "cosmossdk.io/errors"

// x/reputation errors. Codes start at 2 (1 is reserved by the SDK).
var (
	ErrInvalidParams    = errorsmod.Register(ModuleName, 2, "invalid reputation params")
	ErrUnknownOutcome   = errorsmod.Register(ModuleName, 3, "unknown outcome kind")
	ErrInvalidAddress   = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrInvalidGenesis   = errorsmod.Register(ModuleName, 5, "invalid reputation genesis")
	ErrUnknownReporter  = errorsmod.Register(ModuleName, 6, "reporter not wired at app construction")
	ErrReferenceTooLong = errorsmod.Register(ModuleName, 7, "outcome reference too long")
)

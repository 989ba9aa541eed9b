package types

import errorsmod "cosmossdk.io/errors"

// ModuleName is the module's name and error codespace.
const ModuleName = "pog"

// Errors of x/pog.
var (
	ErrInvalidProof  = errorsmod.Register(ModuleName, 2, "invalid step proof")
	ErrProofRejected = errorsmod.Register(ModuleName, 3, "step proof does not verify")
	ErrInvalidPublic = errorsmod.Register(ModuleName, 4, "invalid step public input")
)

package types

import errorsmod "cosmossdk.io/errors"

// x/stake errors. Codes start at 2 (1 is reserved by the SDK).
var (
	ErrInvalidParams     = errorsmod.Register(ModuleName, 2, "invalid stake params")
	ErrInvalidRole       = errorsmod.Register(ModuleName, 3, "invalid role")
	ErrBondBelowMinimum  = errorsmod.Register(ModuleName, 4, "bond below the role's minimum")
	ErrInvalidEndpoint   = errorsmod.Register(ModuleName, 5, "invalid libp2p endpoint")
	ErrInvalidHPKEKey    = errorsmod.Register(ModuleName, 6, "invalid HPKE public key")
	ErrInvalidProfile    = errorsmod.Register(ModuleName, 7, "device profile out of range")
	ErrAlreadyRegistered = errorsmod.Register(ModuleName, 8, "participant already registered")
	ErrNotRegistered     = errorsmod.Register(ModuleName, 9, "participant not registered")
	ErrRoleNotBonded     = errorsmod.Register(ModuleName, 10, "role not bonded")
	ErrInsufficientBond  = errorsmod.Register(ModuleName, 11, "unbonding more than bonded")
	ErrInvalidAmount     = errorsmod.Register(ModuleName, 12, "invalid amount")
	ErrInvalidAddress    = errorsmod.Register(ModuleName, 13, "invalid address")
	ErrInvalidGenesis    = errorsmod.Register(ModuleName, 14, "invalid stake genesis")
	ErrUnknownSlasher    = errorsmod.Register(ModuleName, 15, "slasher not wired at app construction")
	ErrInvalidSlash      = errorsmod.Register(ModuleName, 16, "invalid slash")
	ErrRoleRequired      = errorsmod.Register(ModuleName, 17, "account lacks a bonded role")
	ErrNothingToUpdate   = errorsmod.Register(ModuleName, 18, "nothing to update")
)

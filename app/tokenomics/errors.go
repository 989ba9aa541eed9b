package tokenomics

import "errors"

// Errors returned by Allocate, WriteGenesis and DecodeAllocationFile. They
// are always wrapped with a message that says what was wrong and what was
// expected; test them with errors.Is.
var (
	ErrInvalidChainID      = errors.New("invalid chain-id")
	ErrInvalidVestingStart = errors.New("invalid vesting start")
	ErrNoRecipients        = errors.New("category has no recipients")
	ErrInvalidAddress      = errors.New("invalid address")
	ErrDuplicateAddress    = errors.New("duplicate address")
	ErrInvalidWeight       = errors.New("invalid weight")
	ErrInvalidAmount       = errors.New("invalid amount")
	ErrShareTooSmall       = errors.New("allocation too small to vest")
	ErrLocalNotAllowed     = errors.New("local accounts not allowed on this chain-id")
	ErrLocalTooLarge       = errors.New("local accounts exceed the ecosystem share")
	ErrInvalidAllocation   = errors.New("invalid allocation")
	ErrGenesisNotEmpty     = errors.New("genesis already holds ulgpt or allocated accounts")
	ErrInvalidGenesis      = errors.New("invalid genesis")
	ErrInvalidFile         = errors.New("invalid allocation file")
)

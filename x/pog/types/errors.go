package types

import errorsmod "cosmossdk.io/errors"

// Errors of x/pog.
var (
	ErrInvalidProof        = errorsmod.Register(ModuleName, 2, "invalid step proof")
	ErrProofRejected       = errorsmod.Register(ModuleName, 3, "step proof does not verify")
	ErrInvalidPublic       = errorsmod.Register(ModuleName, 4, "invalid step public input")
	ErrInvalidSubmission   = errorsmod.Register(ModuleName, 5, "invalid submission")
	ErrVersionNotFound     = errorsmod.Register(ModuleName, 6, "version not found")
	ErrInvalidParent       = errorsmod.Register(ModuleName, 7, "parent not allowed")
	ErrDuplicateCommitment = errorsmod.Register(ModuleName, 8, "weights commitment already submitted")
	ErrInvalidData         = errorsmod.Register(ModuleName, 9, "data citation not allowed")
	ErrNoCircuit           = errorsmod.Register(ModuleName, 10, "model has no usable train-step circuit")
	ErrInvalidParams       = errorsmod.Register(ModuleName, 11, "invalid params")
	ErrInvalidGenesis      = errorsmod.Register(ModuleName, 12, "invalid genesis")
	ErrUnauthorized        = errorsmod.Register(ModuleName, 13, "unauthorized")
	ErrInvalidRequest      = errorsmod.Register(ModuleName, 14, "invalid request")
)

// Errors of the verifier polls and the beacon.
var (
	ErrInvalidVote    = errorsmod.Register(ModuleName, 15, "invalid vote")
	ErrPollNotFound   = errorsmod.Register(ModuleName, 16, "poll not found")
	ErrWrongStage     = errorsmod.Register(ModuleName, 17, "not allowed at this stage")
	ErrNotOnCommittee = errorsmod.Register(ModuleName, 18, "not on the poll's committee")
	ErrInvalidBeacon  = errorsmod.Register(ModuleName, 19, "invalid beacon entry")
)

package types

import errorsmod "cosmossdk.io/errors"

// x/datamarket errors. Codes start at 2 (1 is reserved by the SDK).
var (
	ErrInvalidParams     = errorsmod.Register(ModuleName, 2, "invalid datamarket params")
	ErrInvalidAddress    = errorsmod.Register(ModuleName, 3, "invalid address")
	ErrInvalidOrder      = errorsmod.Register(ModuleName, 4, "invalid order")
	ErrOrderNotFound     = errorsmod.Register(ModuleName, 5, "order not found")
	ErrOrderExpired      = errorsmod.Register(ModuleName, 6, "order expired")
	ErrUnauthorized      = errorsmod.Register(ModuleName, 7, "not allowed for this signer")
	ErrPriceNotCrossing  = errorsmod.Register(ModuleName, 8, "prices do not cross")
	ErrNotBestOffer      = errorsmod.Register(ModuleName, 9, "a better eligible offer exists")
	ErrSelfMatch         = errorsmod.Register(ModuleName, 10, "buyer and seller are the same account")
	ErrQuantityOverflow  = errorsmod.Register(ModuleName, 11, "quantity exceeds what is left")
	ErrIncompatible      = errorsmod.Register(ModuleName, 12, "orders are for different tasks, models or kinds")
	ErrReputationTooLow  = errorsmod.Register(ModuleName, 13, "buyer below the offer's minimum reputation")
	ErrDealNotFound      = errorsmod.Register(ModuleName, 14, "deal not found")
	ErrWrongDealStage    = errorsmod.Register(ModuleName, 15, "deal is not at this stage")
	ErrDeadlinePassed    = errorsmod.Register(ModuleName, 16, "deal deadline passed")
	ErrKeyMismatch       = errorsmod.Register(ModuleName, 17, "key does not match H(k)")
	ErrChunkNotCommitted = errorsmod.Register(ModuleName, 18, "chunk is not in the seller's ciphertext tree")
	ErrDisputeUnfounded  = errorsmod.Register(ModuleName, 19, "disputed chunk is valid")
	ErrInvalidEvidence   = errorsmod.Register(ModuleName, 20, "invalid dispute evidence")
	ErrInsufficientFunds = errorsmod.Register(ModuleName, 21, "insufficient funds")
	ErrInvalidGenesis    = errorsmod.Register(ModuleName, 22, "invalid datamarket genesis")
	ErrInvalidRequest    = errorsmod.Register(ModuleName, 23, "invalid request")
	ErrInvariantViolated = errorsmod.Register(ModuleName, 24, "invariant violated")
	ErrNoEligibleOffer   = errorsmod.Register(ModuleName, 25, "no eligible offer")
	ErrInvalidLeafUse    = errorsmod.Register(ModuleName, 26, "invalid leaf use")
	ErrInvalidPrice      = errorsmod.Register(ModuleName, 27, "invalid price")
)

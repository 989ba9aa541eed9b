package chain

import (
	"errors"
	"fmt"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Stage is where the chain refused a transaction.
type Stage string

// Stages of a TxError.
const (
	// StageCheckTx: the node refused the transaction on broadcast; it is
	// not in the mempool and did not use its sequence.
	StageCheckTx Stage = "CheckTx"
	// StageDeliverTx: the transaction is in a block but failed; it used its
	// sequence (and paid its fee).
	StageDeliverTx Stage = "DeliverTx"
)

// ErrNotIncluded is wrapped by the error of a transaction that was
// broadcast but not found in a block within Config.BroadcastTimeout. It
// may still be included later.
var ErrNotIncluded = errors.New("transaction not included in time")

// TxError is the error of a transaction the chain refused in CheckTx or
// that failed in its block. Use errors.As to read the code, codespace and
// log, or errors.Is against the SDK's registered errors (for example
// sdkerrors.ErrOutOfGas, sdkerrors.ErrInsufficientFunds).
type TxError struct {
	// Stage says whether CheckTx refused the transaction or it failed in
	// a block.
	Stage Stage
	// TxHash is the transaction's hash (hex).
	TxHash string
	// Code and Codespace identify the ABCI error.
	Code      uint32
	Codespace string
	// Log is the node's raw log of the failure.
	Log string
	// Height is the block of a DeliverTx failure (0 for CheckTx).
	Height int64
	// Response is the node's full response.
	Response *sdk.TxResponse
}

func newTxError(stage Stage, r *sdk.TxResponse) *TxError {
	return &TxError{Stage: stage, TxHash: r.TxHash, Code: r.Code, Codespace: r.Codespace, Log: r.RawLog, Height: r.Height, Response: r}
}

// Error reports the stage, hash, code, codespace and log.
func (e *TxError) Error() string {
	return fmt.Sprintf("tx %s failed in %s: code %d (codespace %q): %s", e.TxHash, e.Stage, e.Code, e.Codespace, e.Log)
}

// Unwrap returns the registered SDK error of the code and codespace (with
// the log), so that errors.Is(err, sdkerrors.ErrOutOfGas) works.
func (e *TxError) Unwrap() error { return errorsmod.ABCIError(e.Codespace, e.Code, e.Log) }

// SimulationError is the error of a transaction whose simulation failed;
// it was not broadcast and did not use a sequence. Err is the node's error.
type SimulationError struct {
	Err error
}

// Error reports the node's simulation error.
func (e *SimulationError) Error() string { return "simulating tx: " + e.Err.Error() }

// Unwrap returns the node's error.
func (e *SimulationError) Unwrap() error { return e.Err }

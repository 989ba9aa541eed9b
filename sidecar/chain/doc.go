// Package chain is the sidecar's transaction client: it signs transactions
// with one key, broadcasts them to a LiteGPT node over gRPC and confirms
// that they were included in a block.
//
// A Client owns one signer. Its Submit serialises signing and broadcasting
// behind a mutex and caches the account sequence, so many goroutines may
// submit at once without colliding: each transaction is simulated for gas
// (× Config.GasAdjustment, unless Config.GasLimit fixes it), signed with
// SIGN_MODE_DIRECT at the cached sequence and broadcast in sync mode. When
// the node answers "account sequence mismatch" (sdkerrors.ErrWrongSequence,
// in simulation or in CheckTx) the client takes the expected sequence from
// the error, or re-queries the account, and retries up to
// Config.MaxSequenceRetries times. Inclusion is then confirmed outside the
// mutex by polling the node's GetTx until the transaction is found, the
// context ends or Config.BroadcastTimeout passes.
//
// Failures are typed: a transaction the chain refused in CheckTx or that
// failed in its block returns a *TxError (code, codespace, log; errors.Is
// matches the SDK's registered errors such as sdkerrors.ErrOutOfGas), a
// failed simulation returns a *SimulationError and broadcasts nothing, and
// a transaction not found in time returns an error wrapping ErrNotIncluded.
//
// The design follows celestia-app's pkg/user/tx_client.go.
package chain

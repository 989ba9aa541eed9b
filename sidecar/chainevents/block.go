package chainevents

import (
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
)

// Block is the events of one committed block.
//
// Events holds every event of the block: first the block's FinalizeBlock
// events (those of BeginBlock and EndBlock, tagged by baseapp with a "mode"
// attribute), then the events of each transaction, in transaction order.
// FinalizeBlockEvents and each Txs[i].Events are sub-slices of Events (they
// share its memory), so a consumer can scan Events for everything or walk
// Txs to know which transaction emitted an event.
type Block struct {
	// Height is the block's height.
	Height int64
	// Time is the block's header time.
	Time time.Time
	// Events is all of the block's events: FinalizeBlockEvents, then
	// Txs[0].Events, Txs[1].Events, ...
	Events []abci.Event
	// FinalizeBlockEvents is the prefix of Events emitted by the block
	// itself rather than by a transaction.
	FinalizeBlockEvents []abci.Event
	// Txs is the block's transactions, in block order, with their results.
	Txs []Tx
}

// Tx is the result of one transaction of a Block.
type Tx struct {
	// Index is the transaction's position in its block, from 0.
	Index int
	// Hash is the transaction's hash in upper-case hex, as in
	// sdk.TxResponse.TxHash.
	Hash string
	// Code is the transaction's result code: 0 for success.
	Code uint32
	// Codespace is the module namespace of a non-zero Code.
	Codespace string
	// Events is the transaction's events, a sub-slice of Block.Events. A
	// failed transaction (Code != 0) still has the ante handler's events
	// (fees, sequence) but none of its messages'.
	Events []abci.Event
}

package chainevents

import "fmt"

// PrunedError is returned by Stream.Run when the node no longer has a
// height the stream must deliver next: it pruned the block or its results
// (pruning, state sync, discard_abci_responses), so the stream cannot go on
// without a gap. Height is the first height it could not get; connect to an
// archive node, or accept the gap and resume from a later height.
type PrunedError struct {
	// Height is the first height the stream could not get.
	Height int64
	// Earliest is the node's earliest available block height, as its
	// Status reported it.
	Earliest int64
	// Err is the node's error for Height, if it answered one (nil when
	// Height is below Earliest and was not asked for).
	Err error
}

// Error names the height and the node's earliest height.
func (e *PrunedError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("chainevents: node cannot serve height %d (its earliest block is %d): %v", e.Height, e.Earliest, e.Err)
	}
	return fmt.Sprintf("chainevents: node has pruned height %d (its earliest block is %d)", e.Height, e.Earliest)
}

// Unwrap returns the node's error.
func (e *PrunedError) Unwrap() error { return e.Err }

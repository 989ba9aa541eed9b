// Package chainevents is the sidecar's event stream from a LiteGPT node: the
// events of every block, in height order, read from a CometBFT RPC endpoint.
// Every sidecar role (deliveries, votes, beacon) watches the chain through
// it.
//
// A Stream delivers one Block per height, starting after a last-seen height
// the caller gives (0: from the node's latest block), and never skips or
// repeats a height. The node's state is read over plain RPC calls (Status,
// Block, BlockResults); a websocket subscription to new block headers only
// wakes the reader up early, so blocks arrive as soon as they are committed
// while correctness never depends on the websocket. After any disconnect
// the Stream retries with exponential backoff and, once the node answers
// again, catches up from the last delivered height + 1 to the node's latest
// height before waiting for new blocks.
//
//	s, err := chainevents.New("tcp://127.0.0.1:26657")
//	if err != nil { ... }
//	err = s.Run(ctx, lastSeen, func(b chainevents.Block) error {
//		// handle b.Events; persist b.Height (or s.LastHeight()) afterwards
//		return nil
//	})
//
// Run returns only when ctx ends, when the handler fails, when the node no
// longer has a height the stream needs (*PrunedError), or on bad arguments.
// An unreachable node is not an error by itself: Run keeps retrying until
// ctx ends. See README.md for the guarantees.
package chainevents

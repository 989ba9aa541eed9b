package chainevents

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	jsonrpcclient "github.com/cometbft/cometbft/rpc/jsonrpc/client"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"
)

// Defaults of the Options.
const (
	// DefaultPollInterval is how often a Stream asks the node for new
	// blocks when no websocket wake-up comes.
	DefaultPollInterval = time.Second
	// DefaultMaxBackoff caps the wait between retries after node errors.
	DefaultMaxBackoff = 30 * time.Second
	// DefaultRequestTimeout bounds each RPC request and websocket dial.
	DefaultRequestTimeout = 10 * time.Second
)

const (
	// minBackoff is the first wait after an error; it doubles per failure.
	minBackoff = 100 * time.Millisecond
	// unavailableTries is how many times a height below the node's tip
	// must fail with a node (not transport) error before the stream gives
	// up on it as pruned.
	unavailableTries = 3
)

// Option configures a Stream.
type Option func(*options)

type options struct {
	pollInterval   time.Duration
	maxBackoff     time.Duration
	requestTimeout time.Duration
	logger         *slog.Logger
	websocket      bool
}

// WithPollInterval sets how often the Stream polls the node's latest height
// when no websocket wake-up arrives (DefaultPollInterval). It bounds the
// delay of a block when the websocket is down.
func WithPollInterval(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.pollInterval = d
		}
	}
}

// WithMaxBackoff caps the exponential backoff between retries after node
// or connection errors (DefaultMaxBackoff). The backoff starts at 100 ms.
func WithMaxBackoff(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.maxBackoff = d
		}
	}
}

// WithRequestTimeout bounds every RPC request (DefaultRequestTimeout).
func WithRequestTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.requestTimeout = d
		}
	}
}

// WithLogger logs reconnects, retries and catch-ups to l (default: none).
func WithLogger(l *slog.Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}

// WithoutWebsocket turns the websocket wake-up off: the Stream only polls.
func WithoutWebsocket() Option {
	return func(o *options) { o.websocket = false }
}

// Stream reads the events of a node's blocks in height order. Create it
// with New; a Stream runs one Run at a time and can Run again afterwards
// (for example from LastHeight).
type Stream struct {
	remote string
	wsURL  string // "" when the remote has no websocket form (unix sockets)
	client *rpchttp.HTTP
	opts   options

	last    atomic.Int64
	running atomic.Bool
}

// New returns a Stream reading from the CometBFT RPC endpoint remote, such
// as "tcp://127.0.0.1:26657" or "http://node:26657" (a missing scheme means
// tcp). It does not contact the node; Run does.
func New(remote string, opts ...Option) (*Stream, error) {
	o := options{
		pollInterval:   DefaultPollInterval,
		maxBackoff:     DefaultMaxBackoff,
		requestTimeout: DefaultRequestTimeout,
		logger:         slog.New(slog.DiscardHandler),
		websocket:      true,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if strings.TrimSpace(remote) == "" {
		return nil, errors.New("chainevents: empty RPC endpoint")
	}
	if !strings.Contains(remote, "://") {
		remote = "tcp://" + remote
	}
	httpClient, err := jsonrpcclient.DefaultHTTPClient(remote)
	if err != nil {
		return nil, fmt.Errorf("chainevents: RPC endpoint %q: %w", remote, err)
	}
	httpClient.Timeout = o.requestTimeout
	client, err := rpchttp.NewWithClient(remote, "/websocket", httpClient)
	if err != nil {
		return nil, fmt.Errorf("chainevents: RPC endpoint %q: %w", remote, err)
	}
	s := &Stream{remote: remote, client: client, opts: o}
	if o.websocket {
		s.wsURL = websocketURL(remote)
	}
	return s, nil
}

// websocketURL is the websocket address of an RPC remote, "" if none.
func websocketURL(remote string) string {
	scheme, rest, _ := strings.Cut(remote, "://")
	host, _, _ := strings.Cut(rest, "/")
	switch strings.ToLower(scheme) {
	case "tcp", "http", "ws":
		return "ws://" + host + "/websocket"
	case "https", "wss":
		return "wss://" + host + "/websocket"
	default:
		return ""
	}
}

// LastHeight returns the height of the last block whose handler returned
// nil: until a block is handled, the from of the current or last Run (with
// from 0, the node's latest height − 1 once Run has read it). Persist
// it and pass it as from to resume after a restart. Safe to call while Run
// is running.
func (s *Stream) LastHeight() int64 { return s.last.Load() }

// Run delivers the node's blocks to handle, one at a time and in height
// order, from height from+1 on; from 0 starts at the node's latest block
// (which is delivered). A from above the node's latest height is not an
// error: Run waits for the chain to reach from+1.
//
// handle is called from Run's goroutine; when it returns nil the height
// counts as delivered (LastHeight) and the next height follows; when it
// returns an error Run stops and returns it wrapped, and that height is not
// delivered (a later Run from LastHeight delivers it again).
//
// Connection and node errors are retried with exponential backoff up to the
// maximum backoff, forever: an unreachable node makes Run wait until ctx
// ends. Run then returns an error wrapping ctx.Err() that also names the
// last node error. Run returns a *PrunedError when the node no longer has
// the next height.
func (s *Stream) Run(ctx context.Context, from int64, handle func(Block) error) error {
	if from < 0 {
		return fmt.Errorf("chainevents: negative from height %d", from)
	}
	if handle == nil {
		return errors.New("chainevents: nil handler")
	}
	if !s.running.CompareAndSwap(false, true) {
		return errors.New("chainevents: stream is already running")
	}
	defer s.running.Store(false)
	s.last.Store(from)

	ctx, cancel := context.WithCancel(ctx)
	wake := make(chan struct{}, 1)
	var wg sync.WaitGroup
	if s.wsURL != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.watch(ctx, wake)
		}()
	}
	defer func() {
		cancel()
		wg.Wait()
	}()

	log := s.opts.logger
	bo := backoff{max: s.opts.maxBackoff}
	next := from + 1 // the next height to deliver; 1 when from is 0 and the tip is unknown
	atTip := from == 0
	var lastErr error
	unavailable := 0
	for {
		if err := ctx.Err(); err != nil {
			return stopped(err, s.last.Load(), lastErr)
		}
		st, err := s.client.Status(ctx)
		if err != nil {
			lastErr = err
			d := bo.next()
			log.Warn("chainevents: node status failed; retrying", "remote", s.remote, "err", err, "retry_in", d)
			sleep(ctx, d, wake)
			continue
		}
		tip, earliest := st.SyncInfo.LatestBlockHeight, st.SyncInfo.EarliestBlockHeight
		if atTip {
			if tip < 1 {
				sleep(ctx, s.opts.pollInterval, wake)
				continue
			}
			next, atTip = tip, false
			s.last.Store(tip - 1)
		}
		if next < earliest {
			return &PrunedError{Height: next, Earliest: earliest}
		}
		if bo.failures > 0 {
			log.Info("chainevents: node reachable again; catching up", "remote", s.remote, "from", next, "to", tip)
		}

		failed, notReady := false, false
		for next <= tip {
			b, err := s.fetch(ctx, next)
			if err != nil {
				if ctx.Err() != nil {
					return stopped(ctx.Err(), s.last.Load(), err)
				}
				var rpcErr *rpctypes.RPCError
				if errors.As(err, &rpcErr) {
					if next >= tip {
						// The tip's block is stored before its results
						// are: ask again shortly.
						notReady = true
						break
					}
					// The node answered, and block next+1 is committed, so
					// results for next should exist: pruned or discarded.
					if unavailable++; unavailable >= unavailableTries {
						return &PrunedError{Height: next, Earliest: earliest, Err: err}
					}
				}
				lastErr, failed = err, true
				break
			}
			unavailable = 0
			if err := handle(b); err != nil {
				return fmt.Errorf("chainevents: handling block %d: %w", next, err)
			}
			s.last.Store(next)
			next++
		}
		if failed {
			d := bo.next()
			log.Warn("chainevents: fetching block failed; retrying", "remote", s.remote, "height", next, "err", lastErr, "retry_in", d)
			sleep(ctx, d, wake)
			continue
		}
		bo.reset()
		if notReady {
			sleep(ctx, minBackoff, nil)
			continue
		}
		sleep(ctx, s.opts.pollInterval, wake)
	}
}

// stopped is Run's error when ctx ends.
func stopped(ctxErr error, last int64, lastErr error) error {
	if lastErr != nil {
		return fmt.Errorf("chainevents: stopped after height %d: %w (last node error: %v)", last, ctxErr, lastErr)
	}
	return fmt.Errorf("chainevents: stopped after height %d: %w", last, ctxErr)
}

// fetch reads block h and its results and assembles its Block.
func (s *Stream) fetch(ctx context.Context, h int64) (Block, error) {
	res, err := s.client.BlockResults(ctx, &h)
	if err != nil {
		return Block{}, fmt.Errorf("block results %d: %w", h, err)
	}
	blk, err := s.client.Block(ctx, &h)
	if err != nil {
		return Block{}, fmt.Errorf("block %d: %w", h, err)
	}
	if res.Height != h || blk.Block == nil || blk.Block.Height != h {
		return Block{}, fmt.Errorf("block %d: node answered another height", h)
	}
	txs := blk.Block.Txs
	if len(txs) != len(res.TxsResults) {
		return Block{}, fmt.Errorf("block %d: %d transactions but %d results", h, len(txs), len(res.TxsResults))
	}

	n := len(res.FinalizeBlockEvents)
	for _, r := range res.TxsResults {
		n += len(r.Events)
	}
	events := make([]abci.Event, 0, n)
	events = append(events, res.FinalizeBlockEvents...)
	b := Block{
		Height:              h,
		Time:                blk.Block.Time,
		FinalizeBlockEvents: events[:len(events):len(events)],
		Txs:                 make([]Tx, len(txs)),
	}
	for i, r := range res.TxsResults {
		start := len(events)
		events = append(events, r.Events...)
		b.Txs[i] = Tx{
			Index:     i,
			Hash:      fmt.Sprintf("%X", txs[i].Hash()),
			Code:      r.Code,
			Codespace: r.Codespace,
			Events:    events[start:len(events):len(events)],
		}
	}
	b.Events = events
	return b, nil
}

// backoff is an exponential backoff from minBackoff to max.
type backoff struct {
	max      time.Duration
	failures int
	cur      time.Duration
}

// next returns the wait after one more failure.
func (b *backoff) next() time.Duration {
	b.failures++
	if b.cur == 0 {
		b.cur = minBackoff
	} else {
		b.cur *= 2
	}
	if b.cur > b.max {
		b.cur = b.max
	}
	return b.cur
}

// reset forgets the failures.
func (b *backoff) reset() { b.failures, b.cur = 0, 0 }

// sleep waits d, or until ctx ends or a wake-up arrives.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-wake:
	case <-t.C:
	}
}

package chainevents

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gorilla/websocket"

	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"
)

const (
	// newBlockQuery is the subscription whose events wake Run up.
	newBlockQuery = "tm.event='NewBlockHeader'"
	// wsPingPeriod is how often the websocket is pinged; a connection
	// silent (no message, no pong) for 3 periods is dropped as dead.
	wsPingPeriod = 10 * time.Second
)

// watch keeps a websocket subscription to new block headers open until
// ctx ends, reconnecting with backoff, and signals wake (without blocking)
// on every message. Wake-ups are hints only: Run re-reads the node's state.
func (s *Stream) watch(ctx context.Context, wake chan<- struct{}) {
	bo := backoff{max: s.opts.maxBackoff}
	for ctx.Err() == nil {
		err := s.watchOnce(ctx, wake, bo.reset)
		if ctx.Err() != nil {
			return
		}
		d := bo.next()
		s.opts.logger.Debug("chainevents: websocket down; redialling", "url", s.wsURL, "err", err, "retry_in", d)
		sleep(ctx, d, nil)
	}
}

// watchOnce dials, subscribes and reads one websocket connection until it
// fails or ctx ends. It calls connected once the subscription is
// acknowledged.
func (s *Stream) watchOnce(ctx context.Context, wake chan<- struct{}, connected func()) error {
	dialer := websocket.Dialer{HandshakeTimeout: s.opts.requestTimeout}
	conn, resp, err := dialer.DialContext(ctx, s.wsURL, nil)
	if resp != nil && resp.Body != nil {
		_ = resp.Body.Close()
	}
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()

	req, err := rpctypes.MapToRequest(rpctypes.JSONRPCIntID(1), "subscribe", map[string]any{"query": newBlockQuery})
	if err != nil {
		return err
	}
	_ = conn.SetWriteDeadline(time.Now().Add(s.opts.requestTimeout))
	if err := conn.WriteJSON(req); err != nil {
		return err
	}

	readWait := 3 * wsPingPeriod
	conn.SetPongHandler(func(string) error {
		return conn.SetReadDeadline(time.Now().Add(readWait))
	})
	done := make(chan struct{})
	defer close(done)
	go func() {
		t := time.NewTicker(wsPingPeriod)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(s.opts.requestTimeout)) != nil {
					return
				}
			}
		}
	}()

	acked := false
	for {
		_ = conn.SetReadDeadline(time.Now().Add(readWait))
		_, data, err := conn.ReadMessage()
		if err != nil {
			return err
		}
		var msg struct {
			Error *rpctypes.RPCError `json:"error"`
		}
		if err := json.Unmarshal(data, &msg); err == nil && msg.Error != nil {
			return msg.Error
		}
		if !acked {
			// The acknowledgement after a (re)connect also wakes Run:
			// blocks may have been committed while the socket was down.
			acked = true
			connected()
		}
		select {
		case wake <- struct{}{}:
		default:
		}
	}
}

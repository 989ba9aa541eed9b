package chainevents_test

import (
	"context"
	"crypto/rand"
	"errors"
	stdnet "net"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/sidecar/chainevents"
	"github.com/litegpt/litegpt/testutil/network"
)

// sendTokens sends 1000ulgpt from the validator to a fresh address and
// returns the included transaction and the recipient.
func sendTokens(t *testing.T) (*sdk.TxResponse, sdk.AccAddress) {
	t.Helper()
	val := net.Validators[0]
	to := make([]byte, 20)
	_, _ = rand.Read(to)
	msg := banktypes.NewMsgSend(val.Address, to, sdk.NewCoins(sdk.NewCoin(app.BondDenom, math.NewInt(1000))))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{msg})
	require.NoError(t, err)
	return res, to
}

func latestHeight(t *testing.T) int64 {
	t.Helper()
	h, err := network.LatestHeight(context.Background(), net.Validators[0].ClientCtx)
	require.NoError(t, err)
	return h
}

// findTx returns the block of height h among blocks and its tx of hash.
func findTx(t *testing.T, blocks []chainevents.Block, h int64, hash string) chainevents.Tx {
	t.Helper()
	for _, b := range blocks {
		if b.Height != h {
			continue
		}
		for _, tx := range b.Txs {
			if tx.Hash == hash {
				return tx
			}
		}
		t.Fatalf("block %d has no tx %s (txs: %+v)", h, hash, b.Txs)
	}
	t.Fatalf("stream has no block %d (heights %v)", h, heights(blocks))
	return chainevents.Tx{}
}

// hasAttr reports whether events hold an event typ with attribute key=value.
func hasAttr(events []abci.Event, typ, key, value string) bool {
	for _, e := range events {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key && a.Value == value {
				return true
			}
		}
	}
	return false
}

// TestStreamDeliversBlocksWithTxEvents: from 0 the stream starts at the
// node's latest block, delivers consecutive heights, and the block a bank
// send was included in carries the send's events under its tx hash, also
// inside the block's flat Events.
func TestStreamDeliversBlocksWithTxEvents(t *testing.T) {
	start := latestHeight(t)
	s, err := chainevents.New(net.Validators[0].RPCAddress, chainevents.WithLogger(testLogger(t)))
	require.NoError(t, err)
	c, stop := run(t, s, 0)

	res, to := sendTokens(t)
	waitUntil(t, 15*time.Second, "the tx's block", func() bool { return s.LastHeight() >= res.Height+1 })
	require.ErrorIs(t, stop(), context.Canceled)

	blocks := c.snapshot()
	require.NotEmpty(t, blocks)
	require.GreaterOrEqual(t, blocks[0].Height, start, "from 0 starts at the latest block")
	require.LessOrEqual(t, blocks[0].Height, start+1)
	checkConsecutive(t, blocks, blocks[0].Height)
	require.Equal(t, blocks[len(blocks)-1].Height, s.LastHeight())

	tx := findTx(t, blocks, res.Height, res.TxHash)
	require.Zero(t, tx.Code)
	require.True(t, hasAttr(tx.Events, "transfer", "recipient", to.String()), "tx events: %v", tx.Events)
	require.Equal(t, len(res.Events), len(tx.Events), "the stream's tx events are the tx's events")
	for i := range res.Events {
		require.Equal(t, res.Events[i].Type, tx.Events[i].Type)
	}

	var withBlockEvents bool
	for _, b := range blocks {
		n := len(b.FinalizeBlockEvents)
		for _, x := range b.Txs {
			n += len(x.Events)
		}
		require.Equal(t, len(b.Events), n, "Events is block events plus tx events")
		require.False(t, b.Time.IsZero())
		withBlockEvents = withBlockEvents || n > 0 && len(b.FinalizeBlockEvents) > 0
		if b.Height == res.Height {
			require.True(t, hasAttr(b.Events, "transfer", "recipient", to.String()), "flat Events hold the tx events")
		}
	}
	require.True(t, withBlockEvents, "some block has FinalizeBlock events (mint, distribution)")
}

// TestStreamSurvivesDisconnect: with a proxy between the stream and the
// node, dropping every connection and refusing new ones while blocks and a
// tx land stalls the stream; once the proxy is back the stream catches up
// and has every height exactly once, in order, including the tx's block.
func TestStreamSurvivesDisconnect(t *testing.T) {
	p, err := newProxy(rpcHostPort(t))
	require.NoError(t, err)
	t.Cleanup(p.down)

	from := latestHeight(t)
	s, err := chainevents.New("tcp://"+p.addr,
		chainevents.WithPollInterval(200*time.Millisecond),
		chainevents.WithMaxBackoff(400*time.Millisecond),
		chainevents.WithLogger(testLogger(t)))
	require.NoError(t, err)
	c, stop := run(t, s, from)
	waitUntil(t, 10*time.Second, "two live blocks", func() bool { return s.LastHeight() >= from+2 })
	waitUntil(t, 5*time.Second, "the websocket through the proxy", func() bool { return p.open() >= 2 })

	p.down()
	time.Sleep(300 * time.Millisecond) // in-flight requests fail
	stalled := s.LastHeight()
	res, _ := sendTokens(t) // straight to the validator, not through the proxy
	_, err = network.WaitForBlocks(context.Background(), net.Validators[0].ClientCtx, 3)
	require.NoError(t, err)
	require.Equal(t, stalled, s.LastHeight(), "the stream cannot progress while the proxy is down")
	require.Greater(t, res.Height, stalled, "the tx landed during the outage")

	require.NoError(t, p.up())
	tip := latestHeight(t)
	waitUntil(t, 15*time.Second, "catching up after the outage", func() bool { return s.LastHeight() >= tip+1 })
	require.ErrorIs(t, stop(), context.Canceled)

	blocks := c.snapshot()
	checkConsecutive(t, blocks, from+1)
	findTx(t, blocks, res.Height, res.TxHash)
}

// TestStreamResumes: a new stream started from a past height delivers
// from that height + 1 up to the live tip, in order, with the same blocks
// (a past tx included) and goes on live.
func TestStreamResumes(t *testing.T) {
	res, _ := sendTokens(t)
	from := max(res.Height-3, 1)
	tip := latestHeight(t)

	s, err := chainevents.New(net.Validators[0].RPCAddress, chainevents.WithLogger(testLogger(t)))
	require.NoError(t, err)
	c, stop := run(t, s, from)
	waitUntil(t, 15*time.Second, "the live tip and a block beyond", func() bool { return s.LastHeight() >= tip+1 })
	require.ErrorIs(t, stop(), context.Canceled)

	blocks := c.snapshot()
	checkConsecutive(t, blocks, from+1)
	findTx(t, blocks, res.Height, res.TxHash)

	// Resuming again from where this one stopped continues without a gap.
	last := s.LastHeight()
	c2, stop2 := run(t, s, last)
	waitUntil(t, 10*time.Second, "two more blocks", func() bool { return s.LastHeight() >= last+2 })
	require.ErrorIs(t, stop2(), context.Canceled)
	checkConsecutive(t, c2.snapshot(), last+1)
}

// TestStreamBadInput: an unreachable endpoint keeps Run retrying until its
// context ends, then Run returns the context's error naming the connection
// error, without calling the handler; bad arguments fail at once; a from
// above the node's latest height waits for the chain to get there.
func TestStreamBadInput(t *testing.T) {
	t.Run("unreachable", func(t *testing.T) {
		ln, err := stdnet.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := ln.Addr().String()
		require.NoError(t, ln.Close())

		s, err := chainevents.New("tcp://"+addr, chainevents.WithMaxBackoff(200*time.Millisecond))
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		calls := 0
		err = s.Run(ctx, 0, func(chainevents.Block) error { calls++; return nil })
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Contains(t, err.Error(), "connection refused")
		require.Zero(t, calls)
		require.Zero(t, s.LastHeight())
	})

	t.Run("arguments", func(t *testing.T) {
		_, err := chainevents.New("")
		require.Error(t, err)
		s, err := chainevents.New(net.Validators[0].RPCAddress)
		require.NoError(t, err)
		require.Error(t, s.Run(context.Background(), -1, func(chainevents.Block) error { return nil }))
		require.Error(t, s.Run(context.Background(), 1, nil))
	})

	t.Run("handler error stops", func(t *testing.T) {
		s, err := chainevents.New(net.Validators[0].RPCAddress)
		require.NoError(t, err)
		from := latestHeight(t) - 2
		boom := errors.New("boom")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		n := 0
		err = s.Run(ctx, from, func(chainevents.Block) error {
			if n++; n == 2 {
				return boom
			}
			return nil
		})
		require.ErrorIs(t, err, boom)
		require.Equal(t, from+1, s.LastHeight(), "the failed height is not delivered")
	})

	t.Run("from above the tip waits", func(t *testing.T) {
		from := latestHeight(t) + 3
		s, err := chainevents.New(net.Validators[0].RPCAddress, chainevents.WithLogger(testLogger(t)))
		require.NoError(t, err)
		c, stop := run(t, s, from)
		waitUntil(t, 15*time.Second, "the chain to pass from", func() bool { return len(c.snapshot()) > 0 })
		require.ErrorIs(t, stop(), context.Canceled, "Run waited rather than failed")
		blocks := c.snapshot()
		require.Equal(t, from+1, blocks[0].Height)
		checkConsecutive(t, blocks, from+1)
	})
}

// TestStreamWakesOnWebsocket: with a poll interval far longer than the
// test, blocks still arrive at block pace, so the websocket wake-up works;
// and it works again after the connection drops (redial, resubscribe).
func TestStreamWakesOnWebsocket(t *testing.T) {
	p, err := newProxy(rpcHostPort(t))
	require.NoError(t, err)
	t.Cleanup(p.down)

	from := latestHeight(t)
	s, err := chainevents.New("tcp://"+p.addr,
		chainevents.WithPollInterval(time.Hour),
		chainevents.WithMaxBackoff(300*time.Millisecond),
		chainevents.WithLogger(testLogger(t)))
	require.NoError(t, err)
	c, stop := run(t, s, from)
	waitUntil(t, 5*time.Second, "three blocks woken by the websocket", func() bool { return s.LastHeight() >= from+3 })

	p.down()
	time.Sleep(500 * time.Millisecond)
	require.NoError(t, p.up())
	tip := latestHeight(t)
	waitUntil(t, 5*time.Second, "blocks after the websocket came back", func() bool { return s.LastHeight() >= tip+3 })
	require.ErrorIs(t, stop(), context.Canceled)
	checkConsecutive(t, c.snapshot(), from+1)
}

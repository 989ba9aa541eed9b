package chainevents_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/litegpt/litegpt/sidecar/chainevents"
	"github.com/litegpt/litegpt/testutil/network"
)

// net is the package's one-validator network (blocks about every 300 ms),
// started by TestMain and shared by the tests, which run one after another.
var net *network.Network

func TestMain(m *testing.M) {
	var err error
	net, err = network.New(network.StdLogger{}, network.DefaultConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the test network:", err)
		os.Exit(1)
	}
	code := m.Run()
	net.Cleanup()
	os.Exit(code)
}

// rpcHostPort is the validator's RPC address as host:port on loopback.
func rpcHostPort(t *testing.T) string {
	t.Helper()
	addr := net.Validators[0].RPCAddress
	if _, rest, ok := strings.Cut(addr, "://"); ok {
		addr = rest
	}
	return strings.Replace(addr, "0.0.0.0", "127.0.0.1", 1)
}

// collector records the blocks a Stream delivers.
type collector struct {
	mu     sync.Mutex
	blocks []chainevents.Block
}

func (c *collector) handle(b chainevents.Block) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.blocks = append(c.blocks, b)
	return nil
}

func (c *collector) snapshot() []chainevents.Block {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]chainevents.Block(nil), c.blocks...)
}

// run starts s.Run(from) in the background; stop cancels it and returns
// Run's error. The test's cleanup stops it too.
func run(t *testing.T, s *chainevents.Stream, from int64) (c *collector, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c = &collector{}
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, from, c.handle) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				err = fmt.Errorf("Run did not return 10 s after its context ended")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return c, stop
}

// waitUntil polls cond every 50 ms until it holds or timeout passes.
func waitUntil(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkConsecutive fails unless blocks are heights first, first+1, ...
func checkConsecutive(t *testing.T, blocks []chainevents.Block, first int64) {
	t.Helper()
	for i, b := range blocks {
		if want := first + int64(i); b.Height != want {
			t.Fatalf("block %d of the stream has height %d, want %d (heights: %v)", i, b.Height, want, heights(blocks))
		}
	}
}

func heights(blocks []chainevents.Block) []int64 {
	out := make([]int64, len(blocks))
	for i, b := range blocks {
		out[i] = b.Height
	}
	return out
}

// testLogger logs through t (only until the test ends: stop streams first).
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

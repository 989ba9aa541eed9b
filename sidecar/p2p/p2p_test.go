package p2p

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	"github.com/stretchr/testify/require"
)

func testConfig() Config {
	c := DefaultConfig("litegpt-test-1")
	c.ListenAddrs = []string{"/ip4/127.0.0.1/tcp/0"}
	c.HandshakeTimeout = time.Second
	c.StreamTimeout = 5 * time.Second
	return c
}

type node struct {
	*Host
	key *secp256k1.PrivKey
}

// newNode starts a Host with a fresh node key and the given account key
// (fresh if nil); if register, it records its own endpoint as bonded.
func newNode(t *testing.T, reg *MemRegistry, cfg Config, acct *secp256k1.PrivKey, hooks testHooks, register bool) node {
	t.Helper()
	nk, _, err := crypto.GenerateEd25519Key(rand.Reader)
	require.NoError(t, err)
	if acct == nil {
		acct = secp256k1.GenPrivKey()
	}
	h, err := newHost(cfg, nk, acct, reg, slog.New(slog.NewTextHandler(io.Discard, nil)), hooks)
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Close() })
	if register {
		reg.Set(h.Account(), h.Endpoint(), true)
	}
	return node{Host: h, key: acct}
}

type mapSource map[[32]byte][]byte

func (m mapSource) Model(c [32]byte) ([]byte, bool) { b, ok := m[c]; return b, ok }

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// rawModelStream opens a model stream from h to p below the Host API (no
// authentication check on our side) and reports whether p answered.
func rawModelStream(ctx context.Context, h *Host, p peer.ID) error {
	s, err := h.host.NewStream(ctx, p, ModelProtocol)
	if err != nil {
		return err
	}
	defer s.Close()
	_ = s.SetDeadline(time.Now().Add(3 * time.Second))
	var c [32]byte
	if err := writeFrame(s, c[:]); err != nil {
		return err
	}
	_, err = readFrameHeader(s)
	return err
}

func waitDisconnected(t *testing.T, a, b *Host) {
	t.Helper()
	require.Eventually(t, func() bool {
		return a.host.Network().Connectedness(b.ID()) != network.Connected
	}, 5*time.Second, 20*time.Millisecond)
}

// Test 1: mutual authentication and model fetch.
func TestAuthenticateAndFetchModel(t *testing.T) {
	reg := NewMemRegistry()
	a := newNode(t, reg, testConfig(), nil, testHooks{}, true)
	b := newNode(t, reg, testConfig(), nil, testHooks{}, true)
	model := bytes.Repeat([]byte("weights"), 1000)
	var c [32]byte
	c[0] = 7
	a.ServeModels(mapSource{c: model})

	ctx := ctxT(t)
	pid, err := b.Dial(ctx, a.Account())
	require.NoError(t, err)
	require.Equal(t, a.ID(), pid)
	acct, ok := b.PeerAccount(a.ID())
	require.True(t, ok)
	require.True(t, acct.Equals(a.Account()))
	require.Eventually(t, func() bool {
		acct, ok := a.mutualAccount(b.ID())
		return ok && acct.Equals(b.Account())
	}, 5*time.Second, 10*time.Millisecond)

	got, err := b.FetchModel(ctx, pid, c)
	require.NoError(t, err)
	require.Equal(t, model, got)

	_, err = b.FetchModel(ctx, pid, [32]byte{1, 2, 3})
	require.ErrorIs(t, err, ErrModelNotFound)

	// The fetcher enforces its own size limit.
	small := testConfig()
	small.MaxModelBytes = 100
	d := newNode(t, reg, small, nil, testHooks{}, true)
	_, err = d.Dial(ctx, a.Account())
	require.NoError(t, err)
	_, err = d.FetchModel(ctx, a.ID(), c)
	require.ErrorIs(t, err, ErrMessageTooLarge)
}

// Test 2: a peer that is not bonded (or unknown, or silent) is refused.
func TestUnbondedPeerRefused(t *testing.T) {
	reg := NewMemRegistry()
	a := newNode(t, reg, testConfig(), nil, testHooks{}, true)
	a.ServeModels(mapSource{})
	b := newNode(t, reg, testConfig(), nil, testHooks{}, false)
	reg.Set(b.Account(), b.Endpoint(), false) // registered, not bonded
	ctx := ctxT(t)

	_, err := b.Dial(ctx, a.Account())
	require.ErrorIs(t, err, ErrHandshake)
	require.ErrorContains(t, a.refusal(b.ID()), "is not bonded")
	_, ok := a.PeerAccount(b.ID())
	require.False(t, ok)
	waitDisconnected(t, a.Host, b.Host)
	require.Error(t, rawModelStream(ctx, b.Host, a.ID()), "streams from an unbonded peer must be refused")

	// A bonded dialer refuses an unbonded responder too.
	_, err = a.Dial(ctx, b.Account())
	require.Error(t, err) // registry says not bonded: not even dialled
	reg.Set(b.Account(), b.Endpoint(), true)
	_, err = a.Dial(ctx, b.Account()) // once bonded, it is accepted
	require.NoError(t, err)

	// Unknown account.
	u := newNode(t, reg, testConfig(), nil, testHooks{}, false)
	_, err = u.Dial(ctx, a.Account())
	require.ErrorIs(t, err, ErrHandshake)
	require.ErrorIs(t, a.refusal(u.ID()), ErrUnknownParticipant)

	// A plain libp2p host that never runs the handshake: its streams are
	// refused and the connection is closed after HandshakeTimeout.
	nk, _, err := crypto.GenerateEd25519Key(rand.Reader)
	require.NoError(t, err)
	raw, err := libp2p.New(libp2p.Identity(nk), libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"),
		libp2p.Security(noise.ID, noise.New), libp2p.Transport(tcp.NewTCPTransport), libp2p.DisableRelay())
	require.NoError(t, err)
	defer raw.Close()
	require.NoError(t, raw.Connect(ctx, peer.AddrInfo{ID: a.ID(), Addrs: a.host.Addrs()}))
	s, err := raw.NewStream(ctx, a.ID(), ModelProtocol)
	if err == nil {
		var c [32]byte
		_ = writeFrame(s, c[:])
		_, err = readFrameHeader(s)
	}
	require.Error(t, err)
	require.Eventually(t, func() bool {
		return raw.Network().Connectedness(a.ID()) != network.Connected
	}, 5*time.Second, 20*time.Millisecond)
}

// Test 3: another account's key, or an endpoint naming another peer id.
func TestForeignKeyRefused(t *testing.T) {
	reg := NewMemRegistry()
	a := newNode(t, reg, testConfig(), nil, testHooks{}, true)
	a.ServeModels(mapSource{})
	victim := newNode(t, reg, testConfig(), nil, testHooks{}, true)
	ctx := ctxT(t)

	// (a) Signs with its own key B but claims the victim's address.
	claim := func(_ peer.ID, b []byte) []byte {
		hl, err := decodeHello(b)
		if err != nil {
			panic(err)
		}
		hl.Address = victim.Account()
		return hl.encode()
	}
	m := newNode(t, reg, testConfig(), nil, testHooks{sendHello: claim}, true)
	_, err := m.Dial(ctx, a.Account())
	require.Error(t, err)
	require.ErrorContains(t, a.refusal(m.ID()), "not the claimed address")
	_, ok := a.PeerAccount(m.ID())
	require.False(t, ok)
	waitDisconnected(t, a.Host, m.Host)
	require.Error(t, rawModelStream(ctx, m.Host, a.ID()))

	// (b) Holds the victim's account key but runs under another peer id
	// than the victim's registered endpoint.
	m2 := newNode(t, reg, testConfig(), victim.key, testHooks{}, false)
	_, err = m2.Dial(ctx, a.Account())
	require.Error(t, err)
	require.ErrorContains(t, a.refusal(m2.ID()), "names peer "+victim.ID().String())
	_, ok = a.PeerAccount(m2.ID())
	require.False(t, ok)
	require.Error(t, rawModelStream(ctx, m2.Host, a.ID()))
}

// Test 4: a hello captured on one connection fails on another pair of
// peer ids.
func TestReplayedHelloRefused(t *testing.T) {
	reg := NewMemRegistry()
	var mu sync.Mutex
	captured := map[peer.ID][]byte{}
	rec := func(p peer.ID, b []byte) {
		mu.Lock()
		captured[p] = append([]byte(nil), b...)
		mu.Unlock()
	}
	a := newNode(t, reg, testConfig(), nil, testHooks{}, true)
	b := newNode(t, reg, testConfig(), nil, testHooks{recvHello: rec}, true)
	b.ServeModels(mapSource{})
	ctx := ctxT(t)
	_, err := a.Dial(ctx, b.Account())
	require.NoError(t, err)
	mu.Lock()
	helloA := captured[a.ID()]
	mu.Unlock()
	require.NotEmpty(t, helloA)

	replay := func(peer.ID, []byte) []byte { return helloA }
	// Another peer id replays a's hello to b.
	m := newNode(t, reg, testConfig(), nil, testHooks{sendHello: replay}, true)
	_, err = m.Dial(ctx, b.Account())
	require.Error(t, err)
	require.ErrorContains(t, b.refusal(m.ID()), "does not verify")
	_, ok := b.PeerAccount(m.ID())
	require.False(t, ok)

	// Even with a's node key (so the endpoint check would pass), a hello
	// signed for a->b is refused by c.
	c := newNode(t, reg, testConfig(), nil, testHooks{}, true)
	nk := a.host.Peerstore().PrivKey(a.ID())
	require.NoError(t, a.Close())
	m2, err := newHost(testConfig(), nk, secp256k1.GenPrivKey(), reg, slog.New(slog.NewTextHandler(io.Discard, nil)), testHooks{sendHello: replay})
	require.NoError(t, err)
	defer m2.Close()
	require.Equal(t, a.ID(), m2.ID())
	_, err = m2.Dial(ctx, c.Account())
	require.Error(t, err)
	require.ErrorContains(t, c.refusal(m2.ID()), "does not verify")
}

// Test 5: oversize messages are dropped, the rate limit drops excess.
func TestMessageLimits(t *testing.T) {
	const proto = "/litegpt/test/1.0.0"
	reg := NewMemRegistry()
	rcfg := testConfig()
	rcfg.MaxMessageBytes = 1024
	rcfg.RateLimit = 0.5
	rcfg.RateBurst = 3
	r := newNode(t, reg, rcfg, nil, testHooks{}, true)
	var got atomic.Int64
	var sizes sync.Map
	require.NoError(t, r.Handle(proto, func(_ context.Context, from Remote, msg []byte) error {
		got.Add(1)
		sizes.Store(len(msg), true)
		return nil
	}))
	require.Error(t, r.Handle(AuthProtocol, func(context.Context, Remote, []byte) error { return nil }))

	scfg := testConfig()
	scfg.MaxMessageBytes = 1 << 20
	s := newNode(t, reg, scfg, nil, testHooks{}, true)
	ctx := ctxT(t)
	pid, err := s.Dial(ctx, r.Account())
	require.NoError(t, err)

	err = s.Send(ctx, pid, proto, make([]byte, 2048))
	require.Error(t, err, "the sender must learn that its oversize message was dropped")
	require.Equal(t, int64(0), got.Load())
	require.ErrorIs(t, r.Send(ctx, s.ID(), proto, make([]byte, 2048)), ErrMessageTooLarge) // local check

	require.NoError(t, s.Send(ctx, pid, proto, []byte("hello")))
	require.Equal(t, int64(1), got.Load())
	_, big := sizes.Load(2048)
	require.False(t, big)

	// Burst 3: one token used above, two more pass, then drops.
	var limited int
	for i := 0; i < 5; i++ {
		err := s.Send(ctx, pid, proto, []byte("m"))
		if errors.Is(err, ErrRateLimited) {
			limited++
		} else {
			require.NoError(t, err)
		}
	}
	require.Equal(t, 3, limited)
	require.Equal(t, int64(3), got.Load())
}

// Test 6: validation errors name the field.
func TestConfigValidate(t *testing.T) {
	require.NoError(t, testConfig().Validate())
	cases := map[string]func(*Config){
		"ChainID":          func(c *Config) { c.ChainID = "" },
		"ListenAddrs":      func(c *Config) { c.ListenAddrs = nil },
		"ListenAddrs[0]":   func(c *Config) { c.ListenAddrs = []string{"/ip4/127.0.0.1/udp/1"} },
		"MaxMessageBytes":  func(c *Config) { c.MaxMessageBytes = 0 },
		"MaxModelBytes":    func(c *Config) { c.MaxModelBytes = -1 },
		"RateLimit":        func(c *Config) { c.RateLimit = 0 },
		"RateBurst":        func(c *Config) { c.RateBurst = 0 },
		"HandshakeTimeout": func(c *Config) { c.HandshakeTimeout = 0 },
		"StreamTimeout":    func(c *Config) { c.StreamTimeout = -time.Second },
	}
	for field, mut := range cases {
		c := testConfig()
		mut(&c)
		err := c.Validate()
		require.Error(t, err, field)
		require.True(t, strings.Contains(err.Error(), field), "%s: %v", field, err)
	}
	_, err := New(Config{}, nil, nil, nil, nil)
	require.ErrorContains(t, err, "ChainID")
}

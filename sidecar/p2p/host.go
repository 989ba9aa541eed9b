package p2p

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/libp2p/go-libp2p"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
)

// maxRefusals bounds the remembered handshake refusals (they exist only
// to give Dial a reason); the map is cleared when full.
const maxRefusals = 1024

// Remote identifies an authenticated peer to a handler.
type Remote struct {
	// Peer is the remote libp2p peer id (authenticated by Noise).
	Peer peer.ID
	// Account is the remote's x/stake account (authenticated by the
	// handshake).
	Account sdk.AccAddress
}

// Host is a LiteGPT sidecar's libp2p host. It authenticates every
// connection with the account handshake and refuses application streams
// from peers that have not passed it. It is safe for concurrent use.
type Host struct {
	cfg  Config
	host host.Host
	key  *secp256k1.PrivKey
	acct sdk.AccAddress
	reg  Registry
	log  *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	closed   bool
	conns    map[peer.ID]map[string]struct{} // open connection ids
	peers    map[peer.ID]*peerState          // handshake state
	refusals map[peer.ID]refusal             // last refusal per peer
	refSeq   uint64
	changed  chan struct{} // closed and replaced on every state change
	limiters map[peer.ID]*bucket

	hooks testHooks
}

// peerState is what this host knows about a peer that passed the
// handshake. verified: we checked its hello (we accept its streams).
// mutual: it also accepted ours (we may open streams to it).
type peerState struct {
	account sdk.AccAddress
	mutual  bool
}

type refusal struct {
	err error
	seq uint64
}

// testHooks let tests tamper with handshakes. Nil in production.
type testHooks struct {
	// sendHello replaces the encoded hello this host sends to remote.
	sendHello func(remote peer.ID, hello []byte) []byte
	// recvHello observes the raw hello received from remote.
	recvHello func(remote peer.ID, hello []byte)
}

// New starts a Host listening on cfg.ListenAddrs. nodeKey is the libp2p
// identity (its peer id must be the one in this participant's registered
// endpoint); accountKey is the participant's x/stake account key; reg
// answers who is bonded; logger receives refusal reasons (nil: slog.Default()).
func New(cfg Config, nodeKey crypto.PrivKey, accountKey *secp256k1.PrivKey, reg Registry, logger *slog.Logger) (*Host, error) {
	return newHost(cfg, nodeKey, accountKey, reg, logger, testHooks{})
}

func newHost(cfg Config, nodeKey crypto.PrivKey, accountKey *secp256k1.PrivKey, reg Registry, logger *slog.Logger, hooks testHooks) (*Host, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if nodeKey == nil {
		return nil, errors.New("p2p: nil node key")
	}
	if accountKey == nil || len(accountKey.Key) != secp256k1.PrivKeySize {
		return nil, errors.New("p2p: missing or malformed secp256k1 account key")
	}
	if reg == nil {
		return nil, errors.New("p2p: nil registry")
	}
	if logger == nil {
		logger = slog.Default()
	}
	lh, err := libp2p.New(
		libp2p.Identity(nodeKey),
		libp2p.ListenAddrStrings(cfg.ListenAddrs...),
		libp2p.Security(noise.ID, noise.New),
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.DisableRelay(),
		libp2p.UserAgent("litegpt-sidecar"),
	)
	if err != nil {
		return nil, fmt.Errorf("p2p: starting libp2p host: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &Host{
		cfg:      cfg,
		host:     lh,
		key:      accountKey,
		acct:     sdk.AccAddress(accountKey.PubKey().Address()),
		reg:      reg,
		log:      logger.With("module", "p2p", "self", lh.ID().String()),
		ctx:      ctx,
		cancel:   cancel,
		conns:    map[peer.ID]map[string]struct{}{},
		peers:    map[peer.ID]*peerState{},
		refusals: map[peer.ID]refusal{},
		changed:  make(chan struct{}),
		limiters: map[peer.ID]*bucket{},
		hooks:    hooks,
	}
	lh.SetStreamHandler(AuthProtocol, h.handleAuth)
	lh.Network().Notify(&network.NotifyBundle{
		ConnectedF:    h.connected,
		DisconnectedF: h.disconnected,
	})
	// Connections accepted before Notify (unlikely) get the same treatment.
	for _, c := range lh.Network().Conns() {
		h.connected(lh.Network(), c)
	}
	return h, nil
}

// ID returns this host's libp2p peer id.
func (h *Host) ID() peer.ID { return h.host.ID() }

// Account returns this host's x/stake account address.
func (h *Host) Account() sdk.AccAddress { return h.acct }

// Endpoint returns this host's first listen address with /p2p/<peer id>
// appended: the string to register as the x/stake endpoint.
func (h *Host) Endpoint() string {
	addrs, err := peer.AddrInfoToP2pAddrs(&peer.AddrInfo{ID: h.host.ID(), Addrs: h.host.Addrs()})
	if err != nil || len(addrs) == 0 {
		return ""
	}
	return addrs[0].String()
}

// PeerAccount returns the account of an authenticated peer (one whose
// handshake this host verified).
func (h *Host) PeerAccount(p peer.ID) (sdk.AccAddress, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st, ok := h.peers[p]
	if !ok {
		return nil, false
	}
	return st.account, true
}

// Close shuts the host down and waits for its goroutines.
func (h *Host) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	h.mu.Unlock()
	h.cancel()
	err := h.host.Close()
	h.wg.Wait()
	return err
}

// Dial connects to the participant addr: it reads its endpoint from the
// registry, connects, and waits until both sides have authenticated each
// other. It returns the peer id to use with FetchModel and Send.
func (h *Host) Dial(ctx context.Context, addr sdk.AccAddress) (peer.ID, error) {
	endpoint, bonded, err := h.reg.Participant(ctx, addr)
	if err != nil {
		return "", fmt.Errorf("p2p: dial %s: %w", addr, err)
	}
	if !bonded {
		return "", fmt.Errorf("p2p: dial %s: participant is not bonded", addr)
	}
	info, err := endpointAddrInfo(endpoint)
	if err != nil {
		return "", fmt.Errorf("p2p: dial %s: %w", addr, err)
	}
	if info.ID == h.ID() {
		return "", fmt.Errorf("p2p: dial %s: endpoint is this host", addr)
	}
	h.mu.Lock()
	startSeq := h.refSeq
	h.mu.Unlock()
	if err := h.host.Connect(ctx, *info); err != nil {
		return "", fmt.Errorf("p2p: dial %s at %s: %w", addr, endpoint, err)
	}
	if err := h.waitAuth(ctx, info.ID, addr, startSeq); err != nil {
		return "", fmt.Errorf("p2p: dial %s: %w", addr, err)
	}
	return info.ID, nil
}

// waitAuth waits until p is mutually authenticated as account want, or
// refused after startSeq, or disconnected.
func (h *Host) waitAuth(ctx context.Context, p peer.ID, want sdk.AccAddress, startSeq uint64) error {
	for {
		h.mu.Lock()
		var st peerState // copied: the map's value is mutated under mu
		stp, authed := h.peers[p]
		if authed {
			st = *stp
		}
		ref, refused := h.refusals[p]
		_, connected := h.conns[p]
		ch := h.changed
		h.mu.Unlock()
		switch {
		case authed && st.mutual:
			if !st.account.Equals(want) {
				return fmt.Errorf("%w: peer %s authenticated as %s, not %s", ErrHandshake, p, st.account, want)
			}
			return nil
		case refused && ref.seq > startSeq:
			return ref.err
		case !connected:
			return fmt.Errorf("%w: connection to %s closed before authentication", ErrHandshake, p)
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-h.ctx.Done():
			return ErrClosed
		}
	}
}

// connected is the network notifiee for new connections: the outbound
// side starts the handshake, the inbound side waits for it and closes the
// connection if it does not complete in time.
func (h *Host) connected(_ network.Network, c network.Conn) {
	p := c.RemotePeer()
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	if h.conns[p] == nil {
		h.conns[p] = map[string]struct{}{}
	}
	h.conns[p][c.ID()] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()
	go func() {
		defer h.wg.Done()
		if c.Stat().Direction == network.DirOutbound {
			h.initiate(c)
		} else {
			h.watchdog(c)
		}
	}()
}

// disconnected forgets a peer's authentication when its last connection
// closes.
func (h *Host) disconnected(_ network.Network, c network.Conn) {
	p := c.RemotePeer()
	now := time.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.conns[p], c.ID())
	if len(h.conns[p]) > 0 {
		return
	}
	delete(h.conns, p)
	delete(h.peers, p)
	for q, b := range h.limiters {
		if _, ok := h.conns[q]; !ok && b.full(now) {
			delete(h.limiters, q)
		}
	}
	h.broadcastLocked()
}

func (h *Host) broadcastLocked() {
	close(h.changed)
	h.changed = make(chan struct{})
}

// watchdog closes an inbound connection whose peer has not been verified
// within HandshakeTimeout.
func (h *Host) watchdog(c network.Conn) {
	t := time.NewTimer(h.cfg.HandshakeTimeout)
	defer t.Stop()
	select {
	case <-h.ctx.Done():
		return
	case <-t.C:
	}
	if _, ok := h.PeerAccount(c.RemotePeer()); ok || c.IsClosed() {
		return
	}
	h.log.Warn("closing connection: no handshake in time", "peer", c.RemotePeer().String(), "timeout", h.cfg.HandshakeTimeout)
	_ = c.Close()
}

// hello returns the encoded hello for the connection self -> remote.
func (h *Host) hello(remote peer.ID) ([]byte, error) {
	hl, err := newHello(h.key, h.cfg.ChainID, h.ID(), remote)
	if err != nil {
		return nil, err
	}
	b := hl.encode()
	if h.hooks.sendHello != nil {
		b = h.hooks.sendHello(remote, b)
	}
	return b, nil
}

// checkHello reads and verifies the remote's hello from s.
func (h *Host) checkHello(s network.Stream) (sdk.AccAddress, error) {
	remote := s.Conn().RemotePeer()
	buf, err := readFrame(s, maxHelloBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: reading hello: %w", ErrHandshake, err)
	}
	if h.hooks.recvHello != nil {
		h.hooks.recvHello(remote, buf)
	}
	hl, err := decodeHello(buf)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrHandshake, err)
	}
	ctx, cancel := context.WithTimeout(h.ctx, h.cfg.HandshakeTimeout)
	defer cancel()
	return verifyHello(ctx, h.reg, h.cfg.ChainID, hl, remote, h.ID())
}

// initiate runs the outbound side of the handshake on a new connection:
// send our hello, read and verify theirs, send the ack.
func (h *Host) initiate(c network.Conn) {
	p := c.RemotePeer()
	ctx, cancel := context.WithTimeout(h.ctx, h.cfg.HandshakeTimeout)
	defer cancel()
	s, err := h.host.NewStream(network.WithNoDial(ctx, "handshake"), p, AuthProtocol)
	if err != nil {
		if h.ctx.Err() == nil && !c.IsClosed() {
			h.refuse(p, nil, fmt.Errorf("%w: opening handshake stream: %w", ErrHandshake, err))
		}
		return
	}
	_ = s.SetDeadline(time.Now().Add(h.cfg.HandshakeTimeout))
	mine, err := h.hello(p)
	if err == nil {
		err = writeFrame(s, mine)
	}
	if err != nil {
		h.refuse(p, s, fmt.Errorf("%w: sending hello: %w", ErrHandshake, err))
		return
	}
	acct, err := h.checkHello(s)
	if err != nil {
		h.refuse(p, s, err)
		return
	}
	if _, err := s.Write([]byte{authAck}); err != nil {
		h.refuse(p, s, fmt.Errorf("%w: sending ack: %w", ErrHandshake, err))
		return
	}
	_ = s.Close()
	h.authenticated(p, acct, true)
}

// handleAuth runs the inbound side of the handshake: read and verify the
// initiator's hello, send ours, wait for the ack.
func (h *Host) handleAuth(s network.Stream) {
	p := s.Conn().RemotePeer()
	_ = s.SetDeadline(time.Now().Add(h.cfg.HandshakeTimeout))
	acct, err := h.checkHello(s)
	if err != nil {
		h.refuse(p, s, err)
		return
	}
	h.authenticated(p, acct, false)
	mine, err := h.hello(p)
	if err == nil {
		err = writeFrame(s, mine)
	}
	if err != nil {
		h.refuse(p, s, fmt.Errorf("%w: sending hello: %w", ErrHandshake, err))
		return
	}
	var ack [1]byte
	if _, err := s.Read(ack[:]); err != nil || ack[0] != authAck {
		h.refuse(p, s, fmt.Errorf("%w: remote did not accept our hello: %v", ErrHandshake, err))
		return
	}
	_ = s.Close()
	h.authenticated(p, acct, true)
}

// authenticated records that p proved acct; mutual once p accepted us too.
func (h *Host) authenticated(p peer.ID, acct sdk.AccAddress, mutual bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.conns[p]; !ok {
		return // already disconnected
	}
	st := h.peers[p]
	if st == nil || !st.account.Equals(acct) {
		st = &peerState{account: acct}
		h.peers[p] = st
	}
	st.mutual = st.mutual || mutual
	if mutual {
		h.log.Info("peer authenticated", "peer", p.String(), "account", acct.String())
	}
	h.broadcastLocked()
}

// refuse logs why p is refused, resets s, forgets p's authentication and
// closes every connection to p.
func (h *Host) refuse(p peer.ID, s network.Stream, reason error) {
	h.log.Warn("refusing peer", "peer", p.String(), "reason", reason.Error())
	if s != nil {
		_ = s.Reset()
	}
	h.mu.Lock()
	delete(h.peers, p)
	if len(h.refusals) >= maxRefusals {
		h.refusals = map[peer.ID]refusal{}
	}
	h.refSeq++
	h.refusals[p] = refusal{err: reason, seq: h.refSeq}
	h.broadcastLocked()
	h.mu.Unlock()
	_ = h.host.Network().ClosePeer(p)
}

// refusal returns the last handshake refusal of p, if any.
func (h *Host) refusal(p peer.ID) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.refusals[p].err
}

// mutualAccount returns p's account if both sides accepted each other.
func (h *Host) mutualAccount(p peer.ID) (sdk.AccAddress, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st, ok := h.peers[p]
	if !ok || !st.mutual {
		return nil, false
	}
	return st.account, true
}

// allow takes one token from p's rate-limit bucket.
func (h *Host) allow(p peer.ID) bool {
	now := time.Now()
	h.mu.Lock()
	b := h.limiters[p]
	if b == nil {
		b = newBucket(h.cfg.RateLimit, h.cfg.RateBurst, now)
		h.limiters[p] = b
	}
	h.mu.Unlock()
	return b.allow(now)
}

// guard wraps an application stream handler: it refuses (resets) streams
// from peers that have not passed the handshake and sets the stream
// deadline.
func (h *Host) guard(proto protocol.ID, fn func(s network.Stream, from Remote)) network.StreamHandler {
	return func(s network.Stream) {
		p := s.Conn().RemotePeer()
		acct, ok := h.PeerAccount(p)
		if !ok {
			h.log.Warn("refusing stream from unauthenticated peer", "peer", p.String(), "protocol", string(proto))
			_ = s.Reset()
			return
		}
		_ = s.SetDeadline(time.Now().Add(h.cfg.StreamTimeout))
		fn(s, Remote{Peer: p, Account: acct})
	}
}

// openStream opens an application stream to a mutually authenticated peer.
func (h *Host) openStream(ctx context.Context, p peer.ID, proto protocol.ID) (network.Stream, error) {
	if _, ok := h.mutualAccount(p); !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotAuthenticated, p)
	}
	s, err := h.host.NewStream(network.WithNoDial(ctx, "authenticated peers only"), p, proto)
	if err != nil {
		return nil, fmt.Errorf("p2p: open %s stream to %s: %w", proto, p, err)
	}
	dl := time.Now().Add(h.cfg.StreamTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(dl) {
		dl = d
	}
	_ = s.SetDeadline(dl)
	return s, nil
}

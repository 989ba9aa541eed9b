package p2p

import (
	"fmt"
	"math"
	"time"

	ma "github.com/multiformats/go-multiaddr"
)

// Config configures a Host. Use DefaultConfig and override fields.
type Config struct {
	// ChainID is bound into every handshake signature so that a signature
	// made for one chain is useless on another. Required.
	ChainID string
	// ListenAddrs are the libp2p multiaddrs to listen on, without /p2p/
	// (for example "/ip4/0.0.0.0/tcp/26660"). Only TCP is supported.
	ListenAddrs []string
	// MaxMessageBytes is the largest frame accepted on delivery streams
	// (Send/Handle) and the largest message Send will write.
	MaxMessageBytes int
	// MaxModelBytes is the largest model FetchModel accepts.
	MaxModelBytes int
	// RateLimit is the sustained number of application messages per
	// second accepted from one peer (token-bucket refill rate).
	RateLimit float64
	// RateBurst is the token-bucket capacity: how many messages a peer
	// may send at once after being idle.
	RateBurst int
	// HandshakeTimeout bounds the account handshake; an inbound
	// connection not authenticated within it is closed.
	HandshakeTimeout time.Duration
	// StreamTimeout bounds every application stream (request, handler
	// and response).
	StreamTimeout time.Duration
}

// DefaultConfig returns a configuration for chainID listening on
// 0.0.0.0:26660 with 4 MiB messages, 256 MiB models, 50 msg/s (burst 100),
// a 10 s handshake and 60 s streams.
func DefaultConfig(chainID string) Config {
	return Config{
		ChainID:          chainID,
		ListenAddrs:      []string{"/ip4/0.0.0.0/tcp/26660"},
		MaxMessageBytes:  4 << 20,
		MaxModelBytes:    256 << 20,
		RateLimit:        50,
		RateBurst:        100,
		HandshakeTimeout: 10 * time.Second,
		StreamTimeout:    60 * time.Second,
	}
}

// maxFrame is the largest frame length representable in the 4-byte prefix
// minus the model status byte.
const maxFrame = math.MaxUint32 - 1

// Validate reports the first invalid field, naming it.
func (c Config) Validate() error {
	if c.ChainID == "" {
		return fmt.Errorf("p2p: config: ChainID is empty")
	}
	if len(c.ListenAddrs) == 0 {
		return fmt.Errorf("p2p: config: ListenAddrs is empty")
	}
	for i, a := range c.ListenAddrs {
		m, err := ma.NewMultiaddr(a)
		if err != nil {
			return fmt.Errorf("p2p: config: ListenAddrs[%d] %q: %w", i, a, err)
		}
		if _, err := m.ValueForProtocol(ma.P_TCP); err != nil {
			return fmt.Errorf("p2p: config: ListenAddrs[%d] %q is not a TCP address", i, a)
		}
		if _, err := m.ValueForProtocol(ma.P_P2P); err == nil {
			return fmt.Errorf("p2p: config: ListenAddrs[%d] %q must not contain /p2p/", i, a)
		}
	}
	if c.MaxMessageBytes <= 0 || uint64(c.MaxMessageBytes) > maxFrame {
		return fmt.Errorf("p2p: config: MaxMessageBytes must be in [1, %d], got %d", uint64(maxFrame), c.MaxMessageBytes)
	}
	if c.MaxModelBytes <= 0 || uint64(c.MaxModelBytes) > maxFrame {
		return fmt.Errorf("p2p: config: MaxModelBytes must be in [1, %d], got %d", uint64(maxFrame), c.MaxModelBytes)
	}
	if !(c.RateLimit > 0) || math.IsInf(c.RateLimit, 0) {
		return fmt.Errorf("p2p: config: RateLimit must be a positive finite number of messages per second, got %v", c.RateLimit)
	}
	if c.RateBurst < 1 {
		return fmt.Errorf("p2p: config: RateBurst must be at least 1, got %d", c.RateBurst)
	}
	if c.HandshakeTimeout <= 0 {
		return fmt.Errorf("p2p: config: HandshakeTimeout must be positive, got %v", c.HandshakeTimeout)
	}
	if c.StreamTimeout <= 0 {
		return fmt.Errorf("p2p: config: StreamTimeout must be positive, got %v", c.StreamTimeout)
	}
	return nil
}

package config

import (
	"fmt"
	"time"
)

// Config is sidecar.toml.
type Config struct {
	// Roles are the roles this sidecar plays: data-node, learner,
	// verifier, router. Each needs the matching bond in x/stake.
	Roles []string `toml:"roles"`
	// Chain is the node and the signing key.
	Chain Chain `toml:"chain"`
	// P2P is the peer-to-peer listener and its limits.
	P2P P2P `toml:"p2p"`
	// Store is where state (models, keys, deals, sent transactions) is
	// kept across restarts.
	Store Store `toml:"store"`
	// Metrics is the Prometheus endpoint.
	Metrics Metrics `toml:"metrics"`
	// Log is the logger.
	Log Log `toml:"log"`
}

// Chain is the node the sidecar reads and submits to, and its key.
type Chain struct {
	// ChainID is the chain's id; every signature and proof binds it.
	ChainID string `toml:"chain_id"`
	// GRPC is the node's gRPC address, host:port.
	GRPC string `toml:"grpc"`
	// RPC is the node's CometBFT RPC URL (events), http(s)://host:port.
	RPC string `toml:"rpc"`
	// KeyName is the key in the keyring the sidecar signs with.
	KeyName string `toml:"key_name"`
	// KeyringBackend is "file", "os" or "test" (test keeps keys
	// unencrypted: local networks only).
	KeyringBackend string `toml:"keyring_backend"`
	// KeyringDir is the keyring's directory.
	KeyringDir string `toml:"keyring_dir"`
	// GasAdjustment multiplies simulated gas (at least 1).
	GasAdjustment float64 `toml:"gas_adjustment"`
	// GasPrices are the prices offered, e.g. "0.0025ulgpt".
	GasPrices string `toml:"gas_prices"`
	// BroadcastTimeout bounds the wait for a transaction's inclusion.
	BroadcastTimeout Duration `toml:"broadcast_timeout"`
}

// P2P is the libp2p host.
type P2P struct {
	// Listen are the multiaddrs to listen on.
	Listen []string `toml:"listen"`
	// MaxMessageBytes bounds one message; larger ones are dropped.
	MaxMessageBytes int64 `toml:"max_message_bytes"`
	// MaxMessagesPerSecond bounds what one peer may send.
	MaxMessagesPerSecond int `toml:"max_messages_per_second"`
}

// Store is the embedded state store.
type Store struct {
	// Dir holds the store's files.
	Dir string `toml:"dir"`
}

// Metrics is the Prometheus endpoint.
type Metrics struct {
	// Listen is host:port for /metrics; empty disables it.
	Listen string `toml:"listen"`
}

// Log is the logger.
type Log struct {
	// Level is debug, info, warn or error.
	Level string `toml:"level"`
	// Format is text or json.
	Format string `toml:"format"`
}

// Duration is a time.Duration written as a Go duration string ("30s").
type Duration time.Duration

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("%q is not a duration (write it like \"30s\" or \"2m\")", b)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// Default is the configuration `litegpt-sidecar init` writes: a learner
// on the local network `make localnet` starts.
func Default() Config {
	return Config{
		Roles: []string{"learner"},
		Chain: Chain{
			ChainID: "litegpt-local-1", GRPC: "127.0.0.1:9090", RPC: "http://127.0.0.1:26657",
			KeyName: "sidecar", KeyringBackend: "test", KeyringDir: "keyring",
			GasAdjustment: 1.3, GasPrices: "0.0025ulgpt", BroadcastTimeout: Duration(30 * time.Second),
		},
		P2P:     P2P{Listen: []string{"/ip4/0.0.0.0/tcp/4001"}, MaxMessageBytes: 8 << 20, MaxMessagesPerSecond: 50},
		Store:   Store{Dir: "data"},
		Metrics: Metrics{Listen: "127.0.0.1:9464"},
		Log:     Log{Level: "info", Format: "text"},
	}
}

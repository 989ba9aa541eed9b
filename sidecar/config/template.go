package config

import (
	"fmt"
	"strings"
	"time"
)

// Template is the commented sidecar.toml of the defaults.
func Template() string {
	d := Default()
	quote := func(ss []string) string {
		q := make([]string, len(ss))
		for i, s := range ss {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprintf(`# sidecar.toml: the LiteGPT sidecar's configuration (litegpt-sidecar init).
# Relative directories are relative to this file. Flags override settings.

# The roles this sidecar plays: data-node, learner, verifier, router. Each
# needs its bond in x/stake (litegptd tx stake register-participant).
roles = %s

[chain]
# The chain's id; signatures and proofs are bound to it.
chain_id = %q
# The node's gRPC address (transactions, queries) and CometBFT RPC (events).
grpc = %q
rpc = %q
# The keyring key this sidecar signs with (litegptd keys add <name>), and
# the keyring: "file" (encrypted), "os", or "test" (unencrypted, local
# networks only).
key_name = %q
keyring_backend = %q
keyring_dir = %q
# Simulated gas is multiplied by gas_adjustment (1..10); fees are gas x
# gas_prices.
gas_adjustment = %v
gas_prices = %q
# How long to wait for a transaction to be included (1s..10m).
broadcast_timeout = %q

[p2p]
# Multiaddrs the libp2p host listens on; register the one peers should
# dial as your participant endpoint.
listen = %s
# Messages larger than this are dropped (1 KiB..64 MiB), and a peer may
# send at most this many messages a second.
max_message_bytes = %d
max_messages_per_second = %d

[store]
# Where models, keys, deals and sent transactions are kept across restarts.
dir = %q

[metrics]
# host:port of the Prometheus /metrics endpoint; "" disables it.
listen = %q

[log]
# debug, info, warn or error; text or json.
level = %q
format = %q
`, quote(d.Roles), d.Chain.ChainID, d.Chain.GRPC, d.Chain.RPC, d.Chain.KeyName, d.Chain.KeyringBackend, d.Chain.KeyringDir,
		d.Chain.GasAdjustment, d.Chain.GasPrices, time.Duration(d.Chain.BroadcastTimeout).String(),
		quote(d.P2P.Listen), d.P2P.MaxMessageBytes, d.P2P.MaxMessagesPerSecond, d.Store.Dir, d.Metrics.Listen, d.Log.Level, d.Log.Format)
}

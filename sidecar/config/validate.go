package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/multiformats/go-multiaddr"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Roles a sidecar can play.
var Roles = []string{"data-node", "learner", "verifier", "router"}

// Limits of the configuration.
const (
	// MaxMessageBytes is the largest max_message_bytes (a model of 64 MiB).
	MaxMessageBytes = 64 << 20
	// MinMessageBytes is the smallest max_message_bytes (a small header).
	MinMessageBytes = 1 << 10
	// MaxBroadcastTimeout bounds chain.broadcast_timeout.
	MaxBroadcastTimeout = 10 * time.Minute
)

var chainIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{0,48}$`)

// Validate checks every field and returns the first problem, naming the
// field (as written in sidecar.toml) and what it must be.
func (c Config) Validate() error {
	if err := validateRoles(c.Roles); err != nil {
		return err
	}
	for _, check := range []func() error{c.Chain.validate, c.P2P.validate, c.Store.validate, c.Metrics.validate, c.Log.validate} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// fieldError names a field and says what is wrong with it.
func fieldError(field, format string, args ...any) error {
	return fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...))
}

func validateRoles(roles []string) error {
	if len(roles) == 0 {
		return fieldError("roles", "give at least one of %s", strings.Join(Roles, ", "))
	}
	seen := map[string]bool{}
	for i, r := range roles {
		if !slices.Contains(Roles, r) {
			return fieldError(fmt.Sprintf("roles[%d]", i), "%q is not a role; roles are %s", r, strings.Join(Roles, ", "))
		}
		if seen[r] {
			return fieldError(fmt.Sprintf("roles[%d]", i), "%q is listed twice", r)
		}
		seen[r] = true
	}
	return nil
}

func (c Chain) validate() error {
	switch {
	case !chainIDPattern.MatchString(c.ChainID):
		return fieldError("chain.chain_id", "%q is not a chain-id (1-49 letters, digits, '.', '_', '-')", c.ChainID)
	case c.KeyName == "":
		return fieldError("chain.key_name", "name the keyring key the sidecar signs with")
	case c.KeyringDir == "":
		return fieldError("chain.keyring_dir", "give the keyring's directory")
	case !slices.Contains([]string{"file", "os", "test"}, c.KeyringBackend):
		return fieldError("chain.keyring_backend", "%q is not a keyring backend; use file, os or test", c.KeyringBackend)
	case c.GasAdjustment < 1 || c.GasAdjustment > 10:
		return fieldError("chain.gas_adjustment", "must be in [1, 10] (simulated gas is multiplied by it), got %v", c.GasAdjustment)
	case time.Duration(c.BroadcastTimeout) < time.Second || time.Duration(c.BroadcastTimeout) > MaxBroadcastTimeout:
		return fieldError("chain.broadcast_timeout", "must be between 1s and %s, got %s", MaxBroadcastTimeout, time.Duration(c.BroadcastTimeout))
	}
	if _, _, err := net.SplitHostPort(c.GRPC); err != nil {
		return fieldError("chain.grpc", "%q is not host:port: %s", c.GRPC, err)
	}
	u, err := url.Parse(c.RPC)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tcp") || u.Host == "" {
		return fieldError("chain.rpc", "%q is not a CometBFT RPC URL like http://127.0.0.1:26657", c.RPC)
	}
	if c.GasPrices != "" {
		if _, err := sdk.ParseDecCoins(c.GasPrices); err != nil {
			return fieldError("chain.gas_prices", "%q is not a list of prices like 0.0025ulgpt: %s", c.GasPrices, err)
		}
	}
	return nil
}

func (p P2P) validate() error {
	if len(p.Listen) == 0 {
		return fieldError("p2p.listen", "give at least one multiaddr to listen on, like /ip4/0.0.0.0/tcp/4001")
	}
	for i, a := range p.Listen {
		if _, err := multiaddr.NewMultiaddr(a); err != nil {
			return fieldError(fmt.Sprintf("p2p.listen[%d]", i), "%q is not a multiaddr: %s", a, err)
		}
	}
	switch {
	case p.MaxMessageBytes < MinMessageBytes || p.MaxMessageBytes > MaxMessageBytes:
		return fieldError("p2p.max_message_bytes", "must be in [%d, %d], got %d", MinMessageBytes, MaxMessageBytes, p.MaxMessageBytes)
	case p.MaxMessagesPerSecond < 1 || p.MaxMessagesPerSecond > 100_000:
		return fieldError("p2p.max_messages_per_second", "must be in [1, 100000], got %d", p.MaxMessagesPerSecond)
	}
	return nil
}

func (s Store) validate() error {
	if s.Dir == "" {
		return fieldError("store.dir", "give the directory the sidecar keeps its state in")
	}
	return nil
}

func (m Metrics) validate() error {
	if m.Listen == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(m.Listen); err != nil {
		return fieldError("metrics.listen", "%q is not host:port (or leave it empty to disable metrics): %s", m.Listen, err)
	}
	return nil
}

func (l Log) validate() error {
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, l.Level) {
		return fieldError("log.level", "%q is not a level; use debug, info, warn or error", l.Level)
	}
	if l.Format != "text" && l.Format != "json" {
		return fieldError("log.format", "%q is not a format; use text or json", l.Format)
	}
	return nil
}

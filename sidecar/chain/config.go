package chain

import (
	"fmt"
	"math"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Defaults of DefaultConfig.
const (
	// DefaultGasAdjustment multiplies the simulated gas.
	DefaultGasAdjustment = 1.5
	// DefaultBroadcastTimeout bounds the wait for a transaction's inclusion.
	DefaultBroadcastTimeout = time.Minute
	// DefaultPollInterval is how often the client asks the node for a
	// broadcast transaction.
	DefaultPollInterval = 200 * time.Millisecond
	// DefaultMaxSequenceRetries bounds the retries after an "account
	// sequence mismatch".
	DefaultMaxSequenceRetries = 5
)

// Config configures a Client. Start from DefaultConfig and set ChainID and
// KeyName; GasPrices and Fees are mutually exclusive, and with neither set
// transactions pay no fee.
type Config struct {
	// ChainID is the chain-id every transaction is signed for.
	ChainID string `toml:"chain_id"`
	// KeyName names the signing key in the client's keyring.
	KeyName string `toml:"key_name"`
	// GasAdjustment multiplies the simulated gas to give the gas limit; at
	// least 1. Ignored when GasLimit is set.
	GasAdjustment float64 `toml:"gas_adjustment"`
	// GasLimit, when not zero, is the gas limit of every transaction and
	// skips simulation.
	GasLimit uint64 `toml:"gas_limit"`
	// GasPrices (e.g. "0.0025ulgpt") make the fee ceil(price × gas limit).
	GasPrices string `toml:"gas_prices"`
	// Fees (e.g. "500ulgpt") is a fixed fee of every transaction.
	Fees string `toml:"fees"`
	// Memo is the memo of every transaction.
	Memo string `toml:"memo"`
	// BroadcastTimeout bounds the wait for inclusion after a broadcast.
	BroadcastTimeout time.Duration `toml:"broadcast_timeout"`
	// PollInterval is how often GetTx is asked while waiting; at most
	// BroadcastTimeout.
	PollInterval time.Duration `toml:"poll_interval"`
	// MaxSequenceRetries is how many times one Submit re-signs after an
	// "account sequence mismatch" before giving up; 0 never retries.
	MaxSequenceRetries int `toml:"max_sequence_retries"`
}

// DefaultConfig returns a Config with the package defaults and no chain-id,
// key or fees.
func DefaultConfig() Config {
	return Config{
		GasAdjustment:      DefaultGasAdjustment,
		BroadcastTimeout:   DefaultBroadcastTimeout,
		PollInterval:       DefaultPollInterval,
		MaxSequenceRetries: DefaultMaxSequenceRetries,
	}
}

// ConfigError is the error of Validate: Field is the Go name of the invalid
// Config field.
type ConfigError struct {
	// Field is the Go name of the invalid field, e.g. "GasAdjustment".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error names the field and says what is wrong with it.
func (e *ConfigError) Error() string {
	return fmt.Sprintf("chain client config: %s %s", e.Field, e.Reason)
}

// Validate reports the first invalid field as a *ConfigError.
func (c Config) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &ConfigError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if c.ChainID == "" {
		return bad("ChainID", "is empty: set the chain-id transactions are signed for")
	}
	if c.KeyName == "" {
		return bad("KeyName", "is empty: name the signing key of the keyring")
	}
	if c.GasLimit == 0 && (math.IsNaN(c.GasAdjustment) || math.IsInf(c.GasAdjustment, 0) || c.GasAdjustment < 1) {
		return bad("GasAdjustment", "must be a finite number of at least 1, got %v", c.GasAdjustment)
	}
	if c.GasPrices != "" {
		prices, err := sdk.ParseDecCoins(c.GasPrices)
		if err != nil {
			return bad("GasPrices", "%q is not a list of decimal coins (e.g. 0.0025ulgpt): %v", c.GasPrices, err)
		}
		if prices.IsZero() {
			return bad("GasPrices", "%q has no positive price: leave it empty to pay no fee", c.GasPrices)
		}
	}
	if c.Fees != "" {
		if _, err := sdk.ParseCoinsNormalized(c.Fees); err != nil {
			return bad("Fees", "%q is not a list of coins (e.g. 500ulgpt): %v", c.Fees, err)
		}
		if c.GasPrices != "" {
			return bad("Fees", "and GasPrices are both set: set at most one")
		}
	}
	if c.BroadcastTimeout <= 0 {
		return bad("BroadcastTimeout", "must be positive, got %v", c.BroadcastTimeout)
	}
	if c.PollInterval <= 0 {
		return bad("PollInterval", "must be positive, got %v", c.PollInterval)
	}
	if c.PollInterval > c.BroadcastTimeout {
		return bad("PollInterval", "(%v) must not exceed BroadcastTimeout (%v)", c.PollInterval, c.BroadcastTimeout)
	}
	if c.MaxSequenceRetries < 0 {
		return bad("MaxSequenceRetries", "must not be negative, got %d", c.MaxSequenceRetries)
	}
	return nil
}

package chain_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/sidecar/chain"
)

// TestConfigValidate checks that every invalid field is refused with a
// *ConfigError naming it, and that valid configs pass.
func TestConfigValidate(t *testing.T) {
	valid := func() chain.Config {
		c := chain.DefaultConfig()
		c.ChainID, c.KeyName = "litegpt-local-1", "sidecar"
		return c
	}
	require.NoError(t, valid().Validate())

	for _, tc := range []struct {
		name, field, contains string
		edit                  func(*chain.Config)
	}{
		{"no chain-id", "ChainID", "empty", func(c *chain.Config) { c.ChainID = "" }},
		{"no key", "KeyName", "empty", func(c *chain.Config) { c.KeyName = "" }},
		{"gas adjustment below 1", "GasAdjustment", "at least 1", func(c *chain.Config) { c.GasAdjustment = 0.9 }},
		{"gas adjustment zero", "GasAdjustment", "at least 1", func(c *chain.Config) { c.GasAdjustment = 0 }},
		{"gas adjustment NaN", "GasAdjustment", "finite", func(c *chain.Config) { c.GasAdjustment = math.NaN() }},
		{"gas adjustment Inf", "GasAdjustment", "finite", func(c *chain.Config) { c.GasAdjustment = math.Inf(1) }},
		{"bad gas prices", "GasPrices", "decimal coins", func(c *chain.Config) { c.GasPrices = "cheap" }},
		{"zero gas prices", "GasPrices", "no positive price", func(c *chain.Config) { c.GasPrices = "0ulgpt" }},
		{"bad fees", "Fees", "list of coins", func(c *chain.Config) { c.Fees = "-5ulgpt" }},
		{"fees and gas prices", "Fees", "both set", func(c *chain.Config) { c.Fees, c.GasPrices = "5ulgpt", "0.1ulgpt" }},
		{"zero broadcast timeout", "BroadcastTimeout", "positive", func(c *chain.Config) { c.BroadcastTimeout = 0 }},
		{"negative broadcast timeout", "BroadcastTimeout", "positive", func(c *chain.Config) { c.BroadcastTimeout = -time.Second }},
		{"zero poll interval", "PollInterval", "positive", func(c *chain.Config) { c.PollInterval = 0 }},
		{"poll longer than timeout", "PollInterval", "must not exceed BroadcastTimeout", func(c *chain.Config) { c.PollInterval = 2 * c.BroadcastTimeout }},
		{"negative retries", "MaxSequenceRetries", "negative", func(c *chain.Config) { c.MaxSequenceRetries = -1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid()
			tc.edit(&c)
			err := c.Validate()
			var cerr *chain.ConfigError
			require.True(t, errors.As(err, &cerr), "got %v", err)
			require.Equal(t, tc.field, cerr.Field)
			require.Contains(t, err.Error(), tc.field)
			require.Contains(t, err.Error(), tc.contains)
		})
	}

	t.Run("fixed gas limit needs no adjustment", func(t *testing.T) {
		c := valid()
		c.GasLimit, c.GasAdjustment = 100_000, 0
		require.NoError(t, c.Validate())
	})
	t.Run("fees alone and gas prices alone", func(t *testing.T) {
		c := valid()
		c.Fees = "500ulgpt"
		require.NoError(t, c.Validate())
		c.Fees, c.GasPrices = "", "0.0025ulgpt"
		require.NoError(t, c.Validate())
	})
	t.Run("New validates", func(t *testing.T) {
		c := valid()
		c.ChainID = ""
		_, err := chain.New(nil, nil, nil, c)
		var cerr *chain.ConfigError
		require.ErrorAs(t, err, &cerr)
		require.Equal(t, "ChainID", cerr.Field)
	})
}

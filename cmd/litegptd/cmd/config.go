package cmd

import (
	cmtcfg "github.com/cometbft/cometbft/config"

	serverconfig "github.com/cosmos/cosmos-sdk/server/config"

	"github.com/litegpt/litegpt/app"
)

// DefaultMinGasPrices is written into a new node's app.toml: a node refuses
// transactions that pay less. Operators may raise it.
const DefaultMinGasPrices = "0.0025" + app.BondDenom

// initAppConfig returns the app.toml template and defaults.
func initAppConfig() (string, any) {
	cfg := serverconfig.DefaultConfig()
	cfg.MinGasPrices = DefaultMinGasPrices
	return serverconfig.DefaultConfigTemplate, cfg
}

// initCometConfig returns the config.toml defaults: CometBFT's, with a
// larger mempool transaction limit for proofs (x/pog submissions carry
// Groth16 proofs and commitments).
func initCometConfig() *cmtcfg.Config {
	cfg := cmtcfg.DefaultConfig()
	cfg.Mempool.MaxTxBytes = 2 * 1024 * 1024
	return cfg
}

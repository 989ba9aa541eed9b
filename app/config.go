// Package app wires the LiteGPT application chain: the Cosmos SDK modules it
// runs, IBC, the LiteGPT modules under x/, the ante handler, genesis export
// and upgrade handlers.
package app

import (
	"os"
	"path/filepath"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/app/tokenomics"
)

const (
	// AppName is the name BaseApp reports and the default home directory's base.
	AppName = "litegpt"

	// AccountAddressPrefix is the bech32 human-readable part of account addresses.
	AccountAddressPrefix = "lgpt"

	// BondDenom is the base denomination used for staking, fees and governance.
	BondDenom = tokenomics.Denom

	// DisplayDenom is the denomination shown to people: 1 LGPT = 10^6 ulgpt.
	DisplayDenom = tokenomics.DisplayDenom

	// DisplayExponent is the power of ten between BondDenom and DisplayDenom.
	DisplayExponent = tokenomics.DisplayExponent

	// LocalChainIDPrefix marks chain-ids of throwaway local networks. Several
	// rules (local-only genesis accounts, single-party circuit keys) are
	// accepted only on chain-ids that start with it.
	LocalChainIDPrefix = tokenomics.LocalChainIDPrefix
)

// Bech32 prefixes derived from AccountAddressPrefix, as in every SDK chain.
var (
	Bech32PrefixAccPub   = AccountAddressPrefix + sdk.PrefixPublic
	Bech32PrefixValAddr  = AccountAddressPrefix + sdk.PrefixValidator + sdk.PrefixOperator
	Bech32PrefixValPub   = AccountAddressPrefix + sdk.PrefixValidator + sdk.PrefixOperator + sdk.PrefixPublic
	Bech32PrefixConsAddr = AccountAddressPrefix + sdk.PrefixValidator + sdk.PrefixConsensus
	Bech32PrefixConsPub  = AccountAddressPrefix + sdk.PrefixValidator + sdk.PrefixConsensus + sdk.PrefixPublic
)

// DefaultNodeHome is the default home directory of litegptd (~/.litegpt).
var DefaultNodeHome string

func init() {
	userHomeDir, err := os.UserHomeDir()
	if err != nil {
		userHomeDir = "."
	}
	DefaultNodeHome = filepath.Join(userHomeDir, "."+AppName)

	// The SDK reads its default bond denom when it builds default genesis
	// states (staking, gov, crisis); ours is ulgpt everywhere.
	sdk.DefaultBondDenom = BondDenom
	SetAddressPrefixes()
}

// SetAddressPrefixes installs the lgpt bech32 prefixes in the SDK's global
// configuration. It is idempotent and safe to call before the configuration
// is sealed.
func SetAddressPrefixes() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == AccountAddressPrefix {
		return
	}
	cfg.SetBech32PrefixForAccount(AccountAddressPrefix, Bech32PrefixAccPub)
	cfg.SetBech32PrefixForValidator(Bech32PrefixValAddr, Bech32PrefixValPub)
	cfg.SetBech32PrefixForConsensusNode(Bech32PrefixConsAddr, Bech32PrefixConsPub)
}

// IsLocalChainID reports whether chainID names a throwaway local network.
func IsLocalChainID(chainID string) bool { return tokenomics.IsLocalChainID(chainID) }

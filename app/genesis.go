package app

import (
	"encoding/json"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/types/module"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// GenesisState is the application genesis: each module's genesis as raw
// JSON, keyed by module name.
type GenesisState map[string]json.RawMessage

// NewDefaultGenesisState returns every module's default genesis, in ulgpt
// with its LGPT display metadata (see bankWithDenomMetadata).
func NewDefaultGenesisState(cdc codec.JSONCodec, basics module.BasicManager) GenesisState {
	return basics.DefaultGenesis(cdc)
}

// DenomMetadata describes ulgpt and its display unit LGPT to wallets.
func DenomMetadata() banktypes.Metadata {
	return banktypes.Metadata{
		Description: "The native token of the LiteGPT network, used for staking, fees, market escrow and rewards.",
		DenomUnits: []*banktypes.DenomUnit{
			{Denom: BondDenom, Exponent: 0, Aliases: []string{"microlgpt"}},
			{Denom: "mlgpt", Exponent: 3, Aliases: []string{"millilgpt"}},
			{Denom: DisplayDenom, Exponent: DisplayExponent},
		},
		Base:    BondDenom,
		Display: DisplayDenom,
		Name:    "LiteGPT",
		Symbol:  DisplayDenom,
	}
}

package tokenomics_test

import (
	"bytes"
	"os"
	"testing"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/app/tokenomics"
)

// TestMain installs the lgpt bech32 prefixes, as the app does at init.
func TestMain(m *testing.M) {
	cfg := sdk.GetConfig()
	cfg.SetBech32PrefixForAccount("lgpt", "lgptpub")
	cfg.SetBech32PrefixForValidator("lgptvaloper", "lgptvaloperpub")
	cfg.SetBech32PrefixForConsensusNode("lgptvalcons", "lgptvalconspub")
	os.Exit(m.Run())
}

// addr returns a distinct test address for every n.
func addr(n byte) string {
	return sdk.AccAddress(bytes.Repeat([]byte{n}, 20)).String()
}

// testStart is a vesting start on the 31st, where calendar months are
// least regular.
var testStart = time.Date(2027, time.January, 31, 12, 0, 0, 0, time.UTC)

// productionPlan has one recipient per category on a non-local chain-id.
func productionPlan() tokenomics.Plan {
	return tokenomics.Plan{
		ChainID:          "litegpt-1",
		VestingStart:     testStart,
		Team:             []tokenomics.Recipient{{Address: addr(1), Weight: 1}},
		PartnersAdvisors: []tokenomics.Recipient{{Address: addr(2), Weight: 1}},
		PrivateSale:      []tokenomics.Recipient{{Address: addr(3), Weight: 1}},
		Ecosystem:        []tokenomics.Recipient{{Address: addr(4), Weight: 1}},
	}
}

package tokenomics_test

import (
	"testing"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/app/tokenomics"
)

func TestTable1SharesSumToTotalSupply(t *testing.T) {
	if got, want := tokenomics.TotalSupply().String(), "10000000000000000"; got != want {
		t.Fatalf("TotalSupply = %s, want %s", got, want)
	}
	want := map[tokenomics.Category]int64{
		tokenomics.CategoryNetworkRewards:   20,
		tokenomics.CategoryTeam:             20,
		tokenomics.CategoryPartnersAdvisors: 5,
		tokenomics.CategoryPrivateSale:      20,
		tokenomics.CategoryEcosystem:        35,
	}
	sum := math.ZeroInt()
	for _, c := range tokenomics.Table1() {
		if c.SharePercent() != want[c] {
			t.Errorf("%s share = %d%%, want %d%%", c, c.SharePercent(), want[c])
		}
		sum = sum.Add(c.ShareAmount())
	}
	if !sum.Equal(tokenomics.TotalSupply()) {
		t.Fatalf("Table 1 shares sum to %s, want %s", sum, tokenomics.TotalSupply())
	}
}

func TestFormatLGPT(t *testing.T) {
	for in, want := range map[int64]string{
		0:                 "0",
		1:                 "0.000001",
		1_000_000:         "1",
		1_234_500_000:     "1,234.5",
		999_999_999_999:   "999,999.999999",
		10_000_000_000e6:  "10,000,000,000",
		-2_000_000_000_00: "-200,000",
	} {
		if got := tokenomics.FormatLGPT(math.NewInt(in)); got != want {
			t.Errorf("FormatLGPT(%d) = %q, want %q", in, got, want)
		}
	}
}

func TestIsLocalChainID(t *testing.T) {
	for id, want := range map[string]bool{
		"litegpt-local":   true,
		"litegpt-local-1": true,
		"litegpt-1":       false,
		"litegpt-testnet": false,
		"":                false,
	} {
		if got := tokenomics.IsLocalChainID(id); got != want {
			t.Errorf("IsLocalChainID(%q) = %v, want %v", id, got, want)
		}
	}
}

package tokenomics

import (
	"strings"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/internal/chainid"
)

const (
	// Denom is the base denomination of LGPT: 1 LGPT = 10^6 ulgpt.
	Denom = "ulgpt"

	// DisplayDenom is the denomination shown to people.
	DisplayDenom = "LGPT"

	// DisplayExponent is the power of ten between Denom and DisplayDenom.
	DisplayExponent = 6

	// TotalSupplyLGPT is the fixed supply in whole LGPT.
	TotalSupplyLGPT = 10_000_000_000

	// NetworkRewardsPool is the name of the module account that holds the
	// network rewards (20 % of the supply) until x/pog releases them.
	NetworkRewardsPool = "network_rewards"

	// LocalChainIDPrefix marks chain-ids of throwaway local networks, the
	// only ones on which local-only liquid accounts are accepted. It is
	// internal/chainid.LocalPrefix, shared with the modules.
	LocalChainIDPrefix = chainid.LocalPrefix
)

// ulgptPerLGPT is 10^DisplayExponent.
const ulgptPerLGPT = 1_000_000

// TotalSupply returns the fixed supply in ulgpt: exactly 10^16.
func TotalSupply() math.Int {
	return math.NewInt(TotalSupplyLGPT * ulgptPerLGPT)
}

// IsLocalChainID reports whether chainID names a throwaway local network.
func IsLocalChainID(chainID string) bool {
	return chainid.IsLocal(chainID)
}

// FormatLGPT renders an amount of ulgpt in LGPT with thousands separators
// and only the significant decimals, e.g. 1234500000 -> "1,234.5".
func FormatLGPT(ulgpt math.Int) string {
	if ulgpt.IsNil() {
		return "<nil>"
	}
	sign := ""
	if ulgpt.IsNegative() {
		sign, ulgpt = "-", ulgpt.Neg()
	}
	unit := math.NewInt(ulgptPerLGPT)
	whole := groupThousands(ulgpt.Quo(unit).String())
	frac := strings.TrimRight(leftPad(ulgpt.Mod(unit).String(), DisplayExponent), "0")
	if frac == "" {
		return sign + whole
	}
	return sign + whole + "." + frac
}

// groupThousands inserts a comma every three digits from the right.
func groupThousands(digits string) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// leftPad pads s with zeros on the left to width n.
func leftPad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}

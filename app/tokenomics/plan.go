package tokenomics

import (
	"time"

	"cosmossdk.io/math"
)

// Recipient is one beneficiary of a vesting category. The category amount
// is split between its recipients in proportion to their weights.
type Recipient struct {
	// Address is the bech32 account address (prefix lgpt).
	Address string `json:"address"`
	// Weight is a positive integer.
	Weight int64 `json:"weight"`
}

// LocalAccount is a liquid test-key account of a local network, paid out
// of the ecosystem share.
type LocalAccount struct {
	// Address is the bech32 account address (prefix lgpt).
	Address string `json:"address"`
	// Amount is the balance in ulgpt, positive.
	Amount math.Int `json:"amount_ulgpt"`
}

// Plan is the input of Allocate: who receives the vesting categories of
// Table 1 on which chain, from when, plus local-only accounts. The network
// rewards need no input: they always go to the NetworkRewardsPool module
// account.
type Plan struct {
	// ChainID is the chain-id of the genesis; local accounts are accepted
	// only if it starts with LocalChainIDPrefix.
	ChainID string
	// VestingStart is when every vesting schedule starts. It is used in UTC
	// and truncated to whole seconds, as vesting accounts count in seconds.
	VestingStart time.Time

	Team             []Recipient
	PartnersAdvisors []Recipient
	PrivateSale      []Recipient
	Ecosystem        []Recipient

	// LocalAccounts are liquid accounts for test keys, local chain-ids only.
	LocalAccounts []LocalAccount
}

// Recipients returns the plan's recipients of a vesting category, nil for
// any other category.
func (p Plan) Recipients(c Category) []Recipient {
	switch c {
	case CategoryTeam:
		return p.Team
	case CategoryPartnersAdvisors:
		return p.PartnersAdvisors
	case CategoryPrivateSale:
		return p.PrivateSale
	case CategoryEcosystem:
		return p.Ecosystem
	default:
		return nil
	}
}

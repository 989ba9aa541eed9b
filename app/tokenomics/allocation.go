package tokenomics

import (
	"time"

	"cosmossdk.io/math"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// RecipientAllocation is what one address receives in one category.
type RecipientAllocation struct {
	// Address is the bech32 account address.
	Address string
	// Weight is the recipient's weight in its vesting category; 0 for the
	// module account and for local-only accounts.
	Weight int64
	// Amount is the allocated ulgpt.
	Amount math.Int
}

// CategoryAllocation is one line of the allocation table.
type CategoryAllocation struct {
	// Category names the line.
	Category Category
	// Amount is the category total in ulgpt. For the ecosystem it is the
	// Table 1 share minus the local-only accounts.
	Amount math.Int
	// Recipients lists who receives the amount, in plan order.
	Recipients []RecipientAllocation
}

// Allocation is the genesis content computed by Allocate: accounts and
// balances that together hold exactly TotalSupply ulgpt.
type Allocation struct {
	// ChainID is the chain-id the allocation was made for.
	ChainID string
	// VestingStart is the effective start of every vesting schedule (UTC,
	// whole seconds).
	VestingStart time.Time
	// Categories are the Table 1 categories in order, followed by the
	// local-only accounts if there are any.
	Categories []CategoryAllocation
	// Accounts are the genesis accounts: the network_rewards module
	// account, the PeriodicVestingAccounts and the local-only
	// BaseAccounts. Their account numbers are 0; the genesis import
	// assigns them.
	Accounts authtypes.GenesisAccounts
	// Balances holds one ulgpt balance per account, in the same order.
	Balances []banktypes.Balance
	// Total is the sum of all balances: TotalSupply.
	Total math.Int
}

// Category returns the line of category c, and false if there is none.
func (a Allocation) Category(c Category) (CategoryAllocation, bool) {
	for _, line := range a.Categories {
		if line.Category == c {
			return line, true
		}
	}
	return CategoryAllocation{}, false
}

// HasLocalAccounts reports whether the allocation has local-only accounts.
func (a Allocation) HasLocalAccounts() bool {
	_, ok := a.Category(CategoryLocalOnly)
	return ok
}

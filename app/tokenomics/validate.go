package tokenomics

import (
	"fmt"

	"cosmossdk.io/math"
)

// Validate checks that the allocation is consistent: one ulgpt-only
// balance per account, at the account's address, summing to Total, which
// is exactly TotalSupply. Allocate always returns a valid allocation;
// WriteGenesis calls Validate to refuse hand-made ones that are not.
func (a Allocation) Validate() error {
	if a.Total.IsNil() || !a.Total.Equal(TotalSupply()) {
		return fmt.Errorf("%w: total is %v ulgpt; expected exactly %s ulgpt", ErrInvalidAllocation, a.Total, TotalSupply())
	}
	if len(a.Accounts) != len(a.Balances) {
		return fmt.Errorf("%w: %d accounts but %d balances; expected one balance per account", ErrInvalidAllocation, len(a.Accounts), len(a.Balances))
	}
	sum := math.ZeroInt()
	for i, bal := range a.Balances {
		if addr := a.Accounts[i].GetAddress().String(); bal.Address != addr {
			return fmt.Errorf("%w: balance #%d is for %s but account #%d is %s; expected them in the same order", ErrInvalidAllocation, i+1, bal.Address, i+1, addr)
		}
		if len(bal.Coins) != 1 || bal.Coins[0].Denom != Denom || !bal.Coins[0].Amount.IsPositive() {
			return fmt.Errorf("%w: balance of %s is %q; expected a positive amount of %s only", ErrInvalidAllocation, bal.Address, bal.Coins, Denom)
		}
		sum = sum.Add(bal.Coins[0].Amount)
	}
	if !sum.Equal(a.Total) {
		return fmt.Errorf("%w: balances sum to %s ulgpt but total is %s ulgpt", ErrInvalidAllocation, sum, a.Total)
	}
	return nil
}

package tokenomics

import (
	"fmt"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// builder accumulates an Allocation and remembers which category claimed
// each address.
type builder struct {
	allocation Allocation
	owners     map[string]string
}

func newBuilder(chainID string, start time.Time) *builder {
	return &builder{
		allocation: Allocation{ChainID: chainID, VestingStart: start, Total: math.ZeroInt()},
		owners:     make(map[string]string),
	}
}

// claim records that label owns addr, and fails if another label (or the
// same one) already does.
func (b *builder) claim(addr sdk.AccAddress, label string) error {
	key := addr.String()
	if prev, ok := b.owners[key]; ok {
		if prev == label {
			return fmt.Errorf("%w: %s appears twice in %s; expected every address at most once", ErrDuplicateAddress, key, label)
		}
		return fmt.Errorf("%w: %s appears in both %s and %s; expected every address in one category only", ErrDuplicateAddress, key, prev, label)
	}
	b.owners[key] = label
	return nil
}

// add appends an account with its ulgpt balance to category c.
func (b *builder) add(c Category, acc authtypes.GenesisAccount, weight int64, amount math.Int) {
	a := &b.allocation
	if len(a.Categories) == 0 || a.Categories[len(a.Categories)-1].Category != c {
		a.Categories = append(a.Categories, CategoryAllocation{Category: c, Amount: math.ZeroInt()})
	}
	line := &a.Categories[len(a.Categories)-1]
	address := acc.GetAddress().String()
	line.Amount = line.Amount.Add(amount)
	line.Recipients = append(line.Recipients, RecipientAllocation{Address: address, Weight: weight, Amount: amount})
	a.Accounts = append(a.Accounts, acc)
	a.Balances = append(a.Balances, banktypes.Balance{Address: address, Coins: sdk.NewCoins(sdk.NewCoin(Denom, amount))})
	a.Total = a.Total.Add(amount)
}

// addVestingCategory splits amount between recipients by weight (floor,
// remainder to the first) and adds a PeriodicVestingAccount for each.
func (b *builder) addVestingCategory(c Category, recipients []Recipient, amount math.Int) error {
	if len(recipients) == 0 {
		return fmt.Errorf("%w: %s has no recipients; expected at least one address to receive its %d%% share", ErrNoRecipients, c, c.SharePercent())
	}
	addrs := make([]sdk.AccAddress, len(recipients))
	weightSum := math.ZeroInt()
	for i, r := range recipients {
		addr, err := parseAddress(r.Address, fmt.Sprintf("%s recipient #%d", c, i+1))
		if err != nil {
			return err
		}
		if r.Weight <= 0 {
			return fmt.Errorf("%w: %s recipient %s has weight %d; expected a positive integer", ErrInvalidWeight, c, r.Address, r.Weight)
		}
		if err := b.claim(addr, string(c)); err != nil {
			return err
		}
		addrs[i] = addr
		weightSum = weightSum.Add(math.NewInt(r.Weight))
	}

	shares := make([]math.Int, len(recipients))
	paid := math.ZeroInt()
	for i, r := range recipients {
		shares[i] = amount.MulRaw(r.Weight).Quo(weightSum)
		paid = paid.Add(shares[i])
	}
	shares[0] = shares[0].Add(amount.Sub(paid))

	for i, r := range recipients {
		acc, err := NewVestingAccount(addrs[i], shares[i], b.allocation.VestingStart)
		if err != nil {
			return fmt.Errorf("%s recipient %s (weight %d of %s) would receive %s ulgpt of %s ulgpt: %w; raise its weight or remove it",
				c, r.Address, r.Weight, weightSum, shares[i], amount, err)
		}
		b.add(c, acc, r.Weight, shares[i])
	}
	return nil
}

package keeper_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// fakeAccounts is the account keeper: an address codec and module
// addresses derived as x/auth derives them.
type fakeAccounts struct{ codec address.Codec }

func (a fakeAccounts) AddressCodec() address.Codec { return a.codec }
func (fakeAccounts) GetModuleAddress(name string) sdk.AccAddress {
	return authtypes.NewModuleAddress(name)
}

// fakeBank is the bank and distribution keeper. It really moves coins, so
// tests can assert balances, the escrow invariant and that every coin is
// still an account balance or in the community pool.
type fakeBank struct {
	balances      map[string]sdk.Coins // by address bytes
	locked        map[string]sdk.Coins // not spendable (vesting)
	communityPool sdk.Coins
	// failSendsTo makes every send to these addresses fail.
	failSendsTo map[string]bool
}

var (
	_ types.BankKeeper         = (*fakeBank)(nil)
	_ types.DistributionKeeper = (*fakeBank)(nil)
)

func newFakeBank() *fakeBank {
	return &fakeBank{balances: map[string]sdk.Coins{}, locked: map[string]sdk.Coins{}, failSendsTo: map[string]bool{}}
}

func (b *fakeBank) balance(addr sdk.AccAddress) sdk.Coins { return b.balances[string(addr)] }

func (b *fakeBank) mint(addr sdk.AccAddress, amt sdk.Coins) {
	b.balances[string(addr)] = b.balance(addr).Add(amt...)
}

func (b *fakeBank) take(addr sdk.AccAddress, amt sdk.Coins) error {
	rest, negative := b.balance(addr).SafeSub(amt...)
	if negative {
		return fmt.Errorf("insufficient funds: %s has %s, needs %s", addr, b.balance(addr), amt)
	}
	b.balances[string(addr)] = rest
	return nil
}

func (b *fakeBank) send(from, to sdk.AccAddress, amt sdk.Coins) error {
	if b.failSendsTo[string(to)] {
		return errors.New("recipient refuses coins")
	}
	if err := b.take(from, amt); err != nil {
		return err
	}
	b.mint(to, amt)
	return nil
}

func (b *fakeBank) SendCoinsFromAccountToModule(_ context.Context, from sdk.AccAddress, module string, amt sdk.Coins) error {
	return b.send(from, authtypes.NewModuleAddress(module), amt)
}

func (b *fakeBank) SendCoinsFromModuleToAccount(_ context.Context, module string, to sdk.AccAddress, amt sdk.Coins) error {
	return b.send(authtypes.NewModuleAddress(module), to, amt)
}

func (b *fakeBank) GetBalance(_ context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	return sdk.NewCoin(denom, b.balance(addr).AmountOf(denom))
}

func (b *fakeBank) SpendableCoins(_ context.Context, addr sdk.AccAddress) sdk.Coins {
	spendable, _ := b.balance(addr).SafeSub(b.locked[string(addr)]...)
	return spendable
}

func (b *fakeBank) FundCommunityPool(_ context.Context, amt sdk.Coins, sender sdk.AccAddress) error {
	if err := b.take(sender, amt); err != nil {
		return err
	}
	b.communityPool = b.communityPool.Add(amt...)
	return nil
}

// supply is every coin the fake knows of, wherever it is.
func (b *fakeBank) supply() sdk.Coins {
	total := b.communityPool
	for _, c := range b.balances {
		total = total.Add(c...)
	}
	return total
}

// String lists every balance and the pool in a fixed order, for snapshots.
func (b *fakeBank) String() string {
	keys := make([]string, 0, len(b.balances))
	for k := range b.balances {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var sb strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&sb, "%x=%s;", k, b.balances[k])
	}
	fmt.Fprintf(&sb, "pool=%s", b.communityPool)
	return sb.String()
}

// fakeStake knows which accounts hold the BUILDER role.
type fakeStake struct{ builders map[string]bool }

func (s fakeStake) RequireRole(_ context.Context, addr sdk.AccAddress, role staketypes.Role) error {
	if role == staketypes.RoleBuilder && s.builders[string(addr)] {
		return nil
	}
	return staketypes.ErrRoleRequired.Wrapf("%s has no bond for %s", addr, role)
}

package keeper_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"cosmossdk.io/core/address"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// bondDenom is the staking denom of the fakes.
const bondDenom = "ulgpt"

// fakeAccounts is the account keeper: an address codec and module
// addresses derived as x/auth derives them.
type fakeAccounts struct{ codec address.Codec }

func (a fakeAccounts) AddressCodec() address.Codec { return a.codec }
func (fakeAccounts) GetModuleAddress(name string) sdk.AccAddress {
	return authtypes.NewModuleAddress(name)
}

// fakeBank is the bank and distribution keeper. It really moves coins, so
// tests can assert balances, the escrow invariant and that every coin is
// still an account balance, in the community pool or burned.
type fakeBank struct {
	balances      map[string]sdk.Coins // by address bytes
	communityPool sdk.Coins
	burned        sdk.Coins
	// failCommunityPool makes FundCommunityPool fail after moving the
	// coins out of the sender, as a failing keeper might.
	failCommunityPool bool
}

var (
	_ types.BankKeeper         = (*fakeBank)(nil)
	_ types.DistributionKeeper = (*fakeBank)(nil)
)

func newFakeBank() *fakeBank { return &fakeBank{balances: map[string]sdk.Coins{}} }

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

func (b *fakeBank) BurnCoins(_ context.Context, module string, amt sdk.Coins) error {
	if err := b.take(authtypes.NewModuleAddress(module), amt); err != nil {
		return err
	}
	b.burned = b.burned.Add(amt...)
	return nil
}

func (b *fakeBank) GetBalance(_ context.Context, addr sdk.AccAddress, denom string) sdk.Coin {
	return sdk.NewCoin(denom, b.balance(addr).AmountOf(denom))
}

func (b *fakeBank) FundCommunityPool(_ context.Context, amt sdk.Coins, sender sdk.AccAddress) error {
	if err := b.take(sender, amt); err != nil {
		return err
	}
	if b.failCommunityPool {
		b.mint(sender, amt) // give them back: a real keeper's writes would be discarded too
		return errors.New("community pool unavailable")
	}
	b.communityPool = b.communityPool.Add(amt...)
	return nil
}

// supply is every coin the fake knows of, wherever it is.
func (b *fakeBank) supply() sdk.Coins {
	total := b.communityPool.Add(b.burned...)
	for _, c := range b.balances {
		total = total.Add(c...)
	}
	return total
}

// String lists every balance, the pool and the burned coins in a fixed
// order, for snapshots.
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
	fmt.Fprintf(&sb, "pool=%s;burned=%s", b.communityPool, b.burned)
	return sb.String()
}

// fakeStaking is the part of x/staking the participant half reads: the
// bond denom. It has no validators. Methods the participant half does not
// call are left to the embedded nil interface.
type fakeStaking struct{ types.StakingKeeper }

func (fakeStaking) BondDenom(context.Context) (string, error) { return bondDenom, nil }
func (fakeStaking) PowerReduction(context.Context) math.Int   { return sdk.DefaultPowerReduction }
func (fakeStaking) IterateLastValidatorPowers(context.Context, func(sdk.ValAddress, int64) bool) error {
	return nil
}

// fakeReputation gives everyone the neutral score.
type fakeReputation struct{}

func (fakeReputation) Score(context.Context, sdk.AccAddress) (uint64, error) {
	return types.NeutralReputation, nil
}

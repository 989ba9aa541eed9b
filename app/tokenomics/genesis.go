package tokenomics

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/cosmos/gogoproto/proto"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
)

// WriteGenesis adds the allocation's accounts to the auth genesis and its
// balances to the bank genesis in appState, and sets the bank supply to
// the sum of all balances. Like genutil's AddGenesisAccount, it leaves the
// new accounts' numbers at 0 and lets authtypes.SanitizeGenesisAccounts
// give them the lowest unused numbers.
//
// The allocation is the whole fixed supply, so WriteGenesis refuses a
// genesis that already holds any ulgpt (in a balance or in the supply) or
// any of the allocation's addresses. It also refuses if the result fails
// the auth or bank ValidateGenesis. On error appState is left unchanged.
// The codec must know the vesting account types (x/auth/vesting).
func WriteGenesis(cdc codec.JSONCodec, appState map[string]json.RawMessage, a Allocation) error {
	if err := a.Validate(); err != nil {
		return err
	}
	authGen := authtypes.DefaultGenesisState()
	if raw := appState[authtypes.ModuleName]; raw != nil {
		if err := cdc.UnmarshalJSON(raw, authGen); err != nil {
			return fmt.Errorf("%w: cannot decode the auth genesis state: %s", ErrInvalidGenesis, err)
		}
	}
	bankGen := banktypes.DefaultGenesisState()
	if raw := appState[banktypes.ModuleName]; raw != nil {
		if err := cdc.UnmarshalJSON(raw, bankGen); err != nil {
			return fmt.Errorf("%w: cannot decode the bank genesis state: %s", ErrInvalidGenesis, err)
		}
	}
	existing, err := authtypes.UnpackAccounts(authGen.Accounts)
	if err != nil {
		return fmt.Errorf("%w: cannot read the auth genesis accounts: %s", ErrInvalidGenesis, err)
	}
	if err := checkUnallocated(existing, bankGen, a); err != nil {
		return err
	}

	accounts := make(authtypes.GenesisAccounts, 0, len(existing)+len(a.Accounts))
	accounts = append(accounts, existing...)
	for _, acc := range a.Accounts {
		// Copies: sanitizing sets account numbers, and the caller's
		// allocation must stay as it was.
		clone, err := cloneAccount(acc)
		if err != nil {
			return err
		}
		accounts = append(accounts, clone)
	}
	authGen.Accounts, err = authtypes.PackAccounts(authtypes.SanitizeGenesisAccounts(accounts))
	if err != nil {
		return fmt.Errorf("%w: cannot pack the genesis accounts: %s", ErrInvalidGenesis, err)
	}

	balances := make([]banktypes.Balance, 0, len(bankGen.Balances)+len(a.Balances))
	balances = append(balances, bankGen.Balances...)
	balances = append(balances, a.Balances...)
	bankGen.Balances = banktypes.SanitizeGenesisBalances(balances)
	supply := sdk.NewCoins()
	for _, bal := range bankGen.Balances {
		supply = supply.Add(bal.Coins...)
	}
	bankGen.Supply = supply

	if err := authtypes.ValidateGenesis(*authGen); err != nil {
		return fmt.Errorf("%w: auth genesis after the allocation: %s", ErrInvalidGenesis, err)
	}
	if err := bankGen.Validate(); err != nil {
		return fmt.Errorf("%w: bank genesis after the allocation: %s", ErrInvalidGenesis, err)
	}
	authJSON, err := cdc.MarshalJSON(authGen)
	if err != nil {
		return fmt.Errorf("%w: cannot encode the auth genesis state: %s", ErrInvalidGenesis, err)
	}
	bankJSON, err := cdc.MarshalJSON(bankGen)
	if err != nil {
		return fmt.Errorf("%w: cannot encode the bank genesis state: %s", ErrInvalidGenesis, err)
	}
	appState[authtypes.ModuleName] = authJSON
	appState[banktypes.ModuleName] = bankJSON
	return nil
}

// checkUnallocated fails if the genesis already holds ulgpt or any of the
// allocation's addresses.
func checkUnallocated(existing authtypes.GenesisAccounts, bankGen *banktypes.GenesisState, a Allocation) error {
	const hint = "`genesis allocate` writes the whole fixed supply and must run first, on a genesis without any ulgpt (right after `init`, before add-genesis-account and gentx)"
	if amount := bankGen.Supply.AmountOf(Denom); amount.IsPositive() {
		return fmt.Errorf("%w: the bank supply already has %s%s; %s", ErrGenesisNotEmpty, amount, Denom, hint)
	}
	allocated := make(map[string]bool, len(a.Balances))
	for _, bal := range a.Balances {
		allocated[bal.Address] = true
	}
	for _, bal := range bankGen.Balances {
		if amount := bal.Coins.AmountOf(Denom); amount.IsPositive() {
			return fmt.Errorf("%w: %s already holds %s%s; %s", ErrGenesisNotEmpty, bal.Address, amount, Denom, hint)
		}
		if allocated[bal.Address] {
			return fmt.Errorf("%w: %s already has a balance in the genesis; %s", ErrGenesisNotEmpty, bal.Address, hint)
		}
	}
	for _, acc := range existing {
		if addr := acc.GetAddress().String(); allocated[addr] {
			return fmt.Errorf("%w: account %s already exists in the genesis; %s", ErrGenesisNotEmpty, addr, hint)
		}
	}
	return nil
}

// cloneAccount deep-copies a genesis account through its protobuf
// encoding.
func cloneAccount(acc authtypes.GenesisAccount) (authtypes.GenesisAccount, error) {
	msg, ok := acc.(proto.Message)
	if !ok || reflect.TypeOf(msg).Kind() != reflect.Pointer {
		return nil, fmt.Errorf("%w: account %s of type %T is not a pointer to a protobuf message", ErrInvalidAllocation, acc.GetAddress(), acc)
	}
	bz, err := proto.Marshal(msg)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot encode account %s: %s", ErrInvalidAllocation, acc.GetAddress(), err)
	}
	clone := reflect.New(reflect.TypeOf(msg).Elem()).Interface().(proto.Message)
	if err := proto.Unmarshal(bz, clone); err != nil {
		return nil, fmt.Errorf("%w: cannot decode account %s: %s", ErrInvalidAllocation, acc.GetAddress(), err)
	}
	cloned, ok := clone.(authtypes.GenesisAccount)
	if !ok {
		return nil, fmt.Errorf("%w: copy of account %s is a %T, not a genesis account", ErrInvalidAllocation, acc.GetAddress(), clone)
	}
	return cloned, nil
}

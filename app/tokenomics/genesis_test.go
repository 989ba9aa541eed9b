package tokenomics_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	"github.com/cosmos/cosmos-sdk/x/auth"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/auth/vesting"
	vestingtypes "github.com/cosmos/cosmos-sdk/x/auth/vesting/types"
	"github.com/cosmos/cosmos-sdk/x/bank"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/litegpt/litegpt/app/tokenomics"
)

func testCodec() codec.Codec {
	return moduletestutil.MakeTestEncodingConfig(auth.AppModuleBasic{}, bank.AppModuleBasic{}, vesting.AppModuleBasic{}).Codec
}

// testAppState is a fresh genesis app state with default auth and bank
// states and a module the allocation must not touch.
func testAppState(t *testing.T, cdc codec.Codec) map[string]json.RawMessage {
	t.Helper()
	return map[string]json.RawMessage{
		authtypes.ModuleName: cdc.MustMarshalJSON(authtypes.DefaultGenesisState()),
		banktypes.ModuleName: cdc.MustMarshalJSON(banktypes.DefaultGenesisState()),
		"other":              json.RawMessage(`{"keep":"me"}`),
	}
}

// decodeGenesis returns the auth accounts and the bank state of appState,
// after checking both against their modules' ValidateGenesis.
func decodeGenesis(t *testing.T, cdc codec.Codec, appState map[string]json.RawMessage) (authtypes.GenesisAccounts, *banktypes.GenesisState) {
	t.Helper()
	var authGen authtypes.GenesisState
	cdc.MustUnmarshalJSON(appState[authtypes.ModuleName], &authGen)
	if err := authtypes.ValidateGenesis(authGen); err != nil {
		t.Fatalf("auth ValidateGenesis: %v", err)
	}
	accounts, err := authtypes.UnpackAccounts(authGen.Accounts)
	if err != nil {
		t.Fatal(err)
	}
	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(appState[banktypes.ModuleName], &bankGen)
	if err := bankGen.Validate(); err != nil {
		t.Fatalf("bank ValidateGenesis: %v", err)
	}
	return accounts, &bankGen
}

func TestWriteGenesis(t *testing.T) {
	cdc := testCodec()
	plan := productionPlan()
	plan.ChainID = "litegpt-local-7"
	plan.LocalAccounts = []tokenomics.LocalAccount{{Address: addr(20), Amount: math.NewInt(5_000_000)}}
	a, err := tokenomics.Allocate(plan)
	if err != nil {
		t.Fatal(err)
	}
	appState := testAppState(t, cdc)
	// An existing account with another denom stays, and counts in the supply.
	other := sdk.AccAddress(bytes.Repeat([]byte{99}, 20))
	var authGen authtypes.GenesisState
	cdc.MustUnmarshalJSON(appState[authtypes.ModuleName], &authGen)
	authGen.Accounts, _ = authtypes.PackAccounts(authtypes.GenesisAccounts{authtypes.NewBaseAccount(other, nil, 0, 0)})
	appState[authtypes.ModuleName] = cdc.MustMarshalJSON(&authGen)
	bankGen := banktypes.DefaultGenesisState()
	bankGen.Balances = []banktypes.Balance{{Address: other.String(), Coins: sdk.NewCoins(sdk.NewInt64Coin("uatom", 7))}}
	bankGen.Supply = sdk.NewCoins(sdk.NewInt64Coin("uatom", 7))
	appState[banktypes.ModuleName] = cdc.MustMarshalJSON(bankGen)

	if err := tokenomics.WriteGenesis(cdc, appState, a); err != nil {
		t.Fatal(err)
	}
	accounts, bank := decodeGenesis(t, cdc, appState)

	sum := math.ZeroInt()
	for _, b := range bank.Balances {
		sum = sum.Add(b.Coins.AmountOf(tokenomics.Denom))
	}
	supply := math.NewInt(10_000_000_000_000_000)
	if !sum.Equal(supply) || !bank.Supply.AmountOf(tokenomics.Denom).Equal(supply) {
		t.Fatalf("balances hold %s ulgpt, supply field %s; want both %s", sum, bank.Supply.AmountOf(tokenomics.Denom), supply)
	}
	if !bank.Supply.AmountOf("uatom").Equal(math.NewInt(7)) || len(bank.Balances) != len(a.Balances)+1 {
		t.Fatalf("existing balance lost: supply %s, %d balances", bank.Supply, len(bank.Balances))
	}
	if len(accounts) != len(a.Accounts)+1 {
		t.Fatalf("%d accounts, want %d", len(accounts), len(a.Accounts)+1)
	}
	numbers := make(map[uint64]bool)
	kinds := make(map[string]int)
	for _, acc := range accounts {
		numbers[acc.GetAccountNumber()] = true
		switch acc.(type) {
		case *authtypes.ModuleAccount:
			kinds["module"]++
		case *vestingtypes.PeriodicVestingAccount:
			kinds["vesting"]++
		case *authtypes.BaseAccount:
			kinds["base"]++
		}
	}
	if len(numbers) != len(accounts) {
		t.Errorf("account numbers are not unique: %v", numbers)
	}
	if kinds["module"] != 1 || kinds["vesting"] != 4 || kinds["base"] != 2 {
		t.Errorf("account kinds %v, want 1 module, 4 vesting, 2 base", kinds)
	}
	for _, acc := range a.Accounts {
		if acc.GetAccountNumber() != 0 {
			t.Errorf("WriteGenesis changed the allocation: %s has number %d", acc.GetAddress(), acc.GetAccountNumber())
		}
	}
	if string(appState["other"]) != `{"keep":"me"}` {
		t.Errorf("other module's genesis changed: %s", appState["other"])
	}
}

func TestWriteGenesisWithoutAuthAndBank(t *testing.T) {
	cdc := testCodec()
	a, err := tokenomics.Allocate(productionPlan())
	if err != nil {
		t.Fatal(err)
	}
	appState := map[string]json.RawMessage{}
	if err := tokenomics.WriteGenesis(cdc, appState, a); err != nil {
		t.Fatal(err)
	}
	_, bank := decodeGenesis(t, cdc, appState)
	if !bank.Supply.AmountOf(tokenomics.Denom).Equal(tokenomics.TotalSupply()) {
		t.Fatalf("supply %s", bank.Supply)
	}
}

func TestWriteGenesisRefuses(t *testing.T) {
	cdc := testCodec()
	a, err := tokenomics.Allocate(productionPlan())
	if err != nil {
		t.Fatal(err)
	}
	stranger := sdk.AccAddress(bytes.Repeat([]byte{98}, 20)).String()
	setBank := func(appState map[string]json.RawMessage, f func(*banktypes.GenesisState)) {
		bankGen := banktypes.DefaultGenesisState()
		f(bankGen)
		appState[banktypes.ModuleName] = cdc.MustMarshalJSON(bankGen)
	}
	cases := []struct {
		name     string
		malleate func(map[string]json.RawMessage, *tokenomics.Allocation)
		wantErr  error
	}{
		{"a balance already holds ulgpt", func(s map[string]json.RawMessage, _ *tokenomics.Allocation) {
			setBank(s, func(g *banktypes.GenesisState) {
				g.Balances = []banktypes.Balance{{Address: stranger, Coins: sdk.NewCoins(sdk.NewInt64Coin("ulgpt", 1))}}
			})
		}, tokenomics.ErrGenesisNotEmpty},
		{"the supply already has ulgpt", func(s map[string]json.RawMessage, _ *tokenomics.Allocation) {
			setBank(s, func(g *banktypes.GenesisState) { g.Supply = sdk.NewCoins(sdk.NewInt64Coin("ulgpt", 1)) })
		}, tokenomics.ErrGenesisNotEmpty},
		{"an allocated address already has a balance", func(s map[string]json.RawMessage, _ *tokenomics.Allocation) {
			setBank(s, func(g *banktypes.GenesisState) {
				g.Balances = []banktypes.Balance{{Address: addr(3), Coins: sdk.NewCoins(sdk.NewInt64Coin("uatom", 1))}}
			})
		}, tokenomics.ErrGenesisNotEmpty},
		{"an allocated address is already an account", func(s map[string]json.RawMessage, _ *tokenomics.Allocation) {
			pool := authtypes.NewEmptyModuleAccount(tokenomics.NetworkRewardsPool)
			s[authtypes.ModuleName] = cdc.MustMarshalJSON(authtypes.NewGenesisState(authtypes.DefaultParams(), authtypes.GenesisAccounts{pool}))
		}, tokenomics.ErrGenesisNotEmpty},
		{"undecodable bank genesis", func(s map[string]json.RawMessage, _ *tokenomics.Allocation) {
			s[banktypes.ModuleName] = json.RawMessage(`{"balances":"nope"}`)
		}, tokenomics.ErrInvalidGenesis},
		{"allocation total is not the supply", func(_ map[string]json.RawMessage, a *tokenomics.Allocation) {
			a.Total = a.Total.AddRaw(1)
		}, tokenomics.ErrInvalidAllocation},
		{"allocation balances do not match the total", func(_ map[string]json.RawMessage, a *tokenomics.Allocation) {
			a.Balances = a.Balances[1:]
			a.Accounts = a.Accounts[1:]
		}, tokenomics.ErrInvalidAllocation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			appState := testAppState(t, cdc)
			alloc := a
			tc.malleate(appState, &alloc)
			before, _ := json.Marshal(appState)
			err := tokenomics.WriteGenesis(cdc, appState, alloc)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if after, _ := json.Marshal(appState); !bytes.Equal(before, after) {
				t.Fatal("a refused WriteGenesis changed the app state")
			}
		})
	}
}

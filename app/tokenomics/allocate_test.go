package tokenomics_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/bech32"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	vestingtypes "github.com/cosmos/cosmos-sdk/x/auth/vesting/types"

	"github.com/litegpt/litegpt/app/tokenomics"
)

// balancesTotal sums the ulgpt of all balances.
func balancesTotal(a tokenomics.Allocation) math.Int {
	total := math.ZeroInt()
	for _, b := range a.Balances {
		total = total.Add(b.Coins.AmountOf(tokenomics.Denom))
	}
	return total
}

func TestAllocateProduction(t *testing.T) {
	a, err := tokenomics.Allocate(productionPlan())
	if err != nil {
		t.Fatal(err)
	}
	supply := math.NewInt(10_000_000_000_000_000)
	if !a.Total.Equal(supply) || !balancesTotal(a).Equal(supply) {
		t.Fatalf("total %s, balances %s; want exactly %s", a.Total, balancesTotal(a), supply)
	}
	for c, want := range map[tokenomics.Category]int64{
		tokenomics.CategoryNetworkRewards:   2_000_000_000_000_000,
		tokenomics.CategoryTeam:             2_000_000_000_000_000,
		tokenomics.CategoryPartnersAdvisors: 500_000_000_000_000,
		tokenomics.CategoryPrivateSale:      2_000_000_000_000_000,
		tokenomics.CategoryEcosystem:        3_500_000_000_000_000,
	} {
		line, ok := a.Category(c)
		if !ok || !line.Amount.Equal(math.NewInt(want)) {
			t.Errorf("%s: %v %s, want %d", c, ok, line.Amount, want)
		}
	}
	if a.HasLocalAccounts() {
		t.Error("production allocation has local accounts")
	}
	if len(a.Accounts) != 5 || len(a.Balances) != 5 {
		t.Fatalf("%d accounts, %d balances; want 5 each", len(a.Accounts), len(a.Balances))
	}
	pool, ok := a.Accounts[0].(*authtypes.ModuleAccount)
	if !ok || pool.Name != tokenomics.NetworkRewardsPool || len(pool.Permissions) != 0 ||
		!pool.GetAddress().Equals(authtypes.NewModuleAddress("network_rewards")) {
		t.Fatalf("first account %+v, want the network_rewards module account without permissions", a.Accounts[0])
	}
	for _, acc := range a.Accounts[1:] {
		pva, ok := acc.(*vestingtypes.PeriodicVestingAccount)
		if !ok {
			t.Fatalf("%s is a %T, want a PeriodicVestingAccount", acc.GetAddress(), acc)
		}
		if pva.StartTime != testStart.Unix() || pva.GetAccountNumber() != 0 {
			t.Errorf("%s starts at %d with number %d, want %d and 0", acc.GetAddress(), pva.StartTime, pva.GetAccountNumber(), testStart.Unix())
		}
	}
}

func TestAllocateSplitsByWeight(t *testing.T) {
	plan := productionPlan()
	plan.Team = []tokenomics.Recipient{{Address: addr(10), Weight: 1}, {Address: addr(11), Weight: 1}, {Address: addr(12), Weight: 1}}
	plan.PrivateSale = []tokenomics.Recipient{{Address: addr(13), Weight: 3}, {Address: addr(14), Weight: 1}}
	a, err := tokenomics.Allocate(plan)
	if err != nil {
		t.Fatal(err)
	}
	team, _ := a.Category(tokenomics.CategoryTeam)
	// 2e15 / 3 = 666666666666666 rest 2, the rest to the first recipient.
	for i, want := range []string{"666666666666668", "666666666666666", "666666666666666"} {
		if got := team.Recipients[i].Amount.String(); got != want {
			t.Errorf("team recipient %d gets %s, want %s", i, got, want)
		}
	}
	sale, _ := a.Category(tokenomics.CategoryPrivateSale)
	if sale.Recipients[0].Amount.String() != "1500000000000000" || sale.Recipients[1].Amount.String() != "500000000000000" {
		t.Errorf("private sale 3:1 split is %s / %s", sale.Recipients[0].Amount, sale.Recipients[1].Amount)
	}
	if !a.Total.Equal(tokenomics.TotalSupply()) || !balancesTotal(a).Equal(tokenomics.TotalSupply()) {
		t.Fatalf("total %s, balances %s", a.Total, balancesTotal(a))
	}
}

func TestAllocateLocalProfile(t *testing.T) {
	plan := productionPlan()
	plan.ChainID = "litegpt-local-1"
	plan.LocalAccounts = []tokenomics.LocalAccount{
		{Address: addr(20), Amount: math.NewInt(1_000_000_000_000)},
		{Address: addr(21), Amount: math.NewInt(1_000_000_000_000)},
	}
	a, err := tokenomics.Allocate(plan)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Total.Equal(tokenomics.TotalSupply()) || !balancesTotal(a).Equal(tokenomics.TotalSupply()) {
		t.Fatalf("total %s, balances %s; want %s", a.Total, balancesTotal(a), tokenomics.TotalSupply())
	}
	eco, _ := a.Category(tokenomics.CategoryEcosystem)
	if want := "3498000000000000"; eco.Amount.String() != want {
		t.Errorf("ecosystem vests %s, want %s (35%% minus the local accounts)", eco.Amount, want)
	}
	local, ok := a.Category(tokenomics.CategoryLocalOnly)
	if !ok || !a.HasLocalAccounts() || len(local.Recipients) != 2 || local.Amount.String() != "2000000000000" {
		t.Fatalf("local-only line %+v", local)
	}
	for _, acc := range a.Accounts[len(a.Accounts)-2:] {
		if _, ok := acc.(*authtypes.BaseAccount); !ok {
			t.Errorf("local account %s is a %T, want a liquid BaseAccount", acc.GetAddress(), acc)
		}
	}
}

func TestAllocateLocalBoundaries(t *testing.T) {
	share := tokenomics.CategoryEcosystem.ShareAmount()
	for _, tc := range []struct {
		local   math.Int
		wantErr error
	}{
		{share.SubRaw(tokenomics.MinVestingAmount), nil},
		{share.SubRaw(tokenomics.MinVestingAmount - 1), tokenomics.ErrShareTooSmall},
		{share, tokenomics.ErrShareTooSmall},
		{share.AddRaw(1), tokenomics.ErrLocalTooLarge},
	} {
		plan := productionPlan()
		plan.ChainID = "litegpt-local"
		plan.LocalAccounts = []tokenomics.LocalAccount{{Address: addr(20), Amount: tc.local}}
		a, err := tokenomics.Allocate(plan)
		if !errors.Is(err, tc.wantErr) {
			t.Fatalf("local %s: err = %v, want %v", tc.local, err, tc.wantErr)
		}
		if err == nil && !a.Total.Equal(tokenomics.TotalSupply()) {
			t.Fatalf("local %s: total %s", tc.local, a.Total)
		}
	}
}

func TestAllocateRejects(t *testing.T) {
	local := func(address string, amount math.Int) []tokenomics.LocalAccount {
		return []tokenomics.LocalAccount{{Address: address, Amount: amount}}
	}
	moduleAddr := authtypes.NewModuleAddress(tokenomics.NetworkRewardsPool).String()
	cosmosAddr, err := bech32.ConvertAndEncode("cosmos", bytes.Repeat([]byte{4}, 20))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		malleate func(*tokenomics.Plan)
		wantErr  error
		wantMsg  []string
	}{
		{"empty chain-id", func(p *tokenomics.Plan) { p.ChainID = "" }, tokenomics.ErrInvalidChainID, nil},
		{"no vesting start", func(p *tokenomics.Plan) { p.VestingStart = time.Time{} }, tokenomics.ErrInvalidVestingStart, []string{"RFC 3339"}},
		{"vesting start before 1970", func(p *tokenomics.Plan) { p.VestingStart = time.Unix(-10, 0) }, tokenomics.ErrInvalidVestingStart, []string{"1969-12-31T23:59:50Z"}},
		{"malformed address", func(p *tokenomics.Plan) { p.Team[0].Address = "lgpt1notanaddress" }, tokenomics.ErrInvalidAddress, []string{"team recipient #1", "lgpt1notanaddress", `prefix "lgpt"`}},
		{"foreign prefix", func(p *tokenomics.Plan) { p.Ecosystem[0].Address = cosmosAddr }, tokenomics.ErrInvalidAddress, []string{"ecosystem recipient #1", cosmosAddr}},
		{"empty address", func(p *tokenomics.Plan) { p.PrivateSale[0].Address = "" }, tokenomics.ErrInvalidAddress, nil},
		{"zero weight", func(p *tokenomics.Plan) { p.Team[0].Weight = 0 }, tokenomics.ErrInvalidWeight, []string{"weight 0", "positive"}},
		{"negative weight", func(p *tokenomics.Plan) { p.PartnersAdvisors[0].Weight = -2 }, tokenomics.ErrInvalidWeight, []string{"partners_advisors", "weight -2"}},
		{"no recipients", func(p *tokenomics.Plan) { p.PrivateSale = nil }, tokenomics.ErrNoRecipients, []string{"private_sale"}},
		{"duplicate in a category", func(p *tokenomics.Plan) {
			p.Team = append(p.Team, tokenomics.Recipient{Address: addr(1), Weight: 2})
		}, tokenomics.ErrDuplicateAddress, []string{addr(1), "twice in team"}},
		{"duplicate across categories", func(p *tokenomics.Plan) { p.Ecosystem[0].Address = addr(2) }, tokenomics.ErrDuplicateAddress, []string{addr(2), "partners_advisors", "ecosystem"}},
		{"recipient is the rewards pool", func(p *tokenomics.Plan) { p.Team[0].Address = moduleAddr }, tokenomics.ErrDuplicateAddress, []string{moduleAddr, "network_rewards"}},
		{"share too small", func(p *tokenomics.Plan) {
			p.Team = []tokenomics.Recipient{{Address: addr(1), Weight: 1 << 62}, {Address: addr(9), Weight: 1}}
		}, tokenomics.ErrShareTooSmall, []string{addr(9), "raise its weight"}},
		{"local account on a non-local chain-id", func(p *tokenomics.Plan) {
			p.LocalAccounts = local(addr(20), math.NewInt(1))
		}, tokenomics.ErrLocalNotAllowed, []string{`"litegpt-1"`, "litegpt-local"}},
		{"local accounts above the ecosystem share", func(p *tokenomics.Plan) {
			p.ChainID = "litegpt-local-1"
			p.LocalAccounts = append(local(addr(20), math.NewInt(3_000_000_000_000_000)), local(addr(21), math.NewInt(500_000_000_000_001))...)
		}, tokenomics.ErrLocalTooLarge, []string{"3500000000000001", "3500000000000000"}},
		{"zero local amount", func(p *tokenomics.Plan) {
			p.ChainID = "litegpt-local-1"
			p.LocalAccounts = local(addr(20), math.ZeroInt())
		}, tokenomics.ErrInvalidAmount, []string{addr(20), "positive"}},
		{"negative local amount", func(p *tokenomics.Plan) {
			p.ChainID = "litegpt-local-1"
			p.LocalAccounts = local(addr(20), math.NewInt(-5))
		}, tokenomics.ErrInvalidAmount, []string{"-5"}},
		{"missing local amount", func(p *tokenomics.Plan) {
			p.ChainID = "litegpt-local-1"
			p.LocalAccounts = []tokenomics.LocalAccount{{Address: addr(20)}}
		}, tokenomics.ErrInvalidAmount, nil},
		{"malformed local address", func(p *tokenomics.Plan) {
			p.ChainID = "litegpt-local-1"
			p.LocalAccounts = local("lgpt1xyz", math.NewInt(5))
		}, tokenomics.ErrInvalidAddress, []string{"local_accounts #1"}},
		{"duplicate local accounts", func(p *tokenomics.Plan) {
			p.ChainID = "litegpt-local-1"
			p.LocalAccounts = append(local(addr(20), math.NewInt(5)), local(addr(20), math.NewInt(6))...)
		}, tokenomics.ErrDuplicateAddress, []string{"twice in local_accounts"}},
		{"local account is a vesting recipient", func(p *tokenomics.Plan) {
			p.ChainID = "litegpt-local-1"
			p.LocalAccounts = local(addr(3), math.NewInt(5))
		}, tokenomics.ErrDuplicateAddress, []string{addr(3), "private_sale", "local_accounts"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			plan := productionPlan()
			tc.malleate(&plan)
			_, err := tokenomics.Allocate(plan)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			for _, part := range tc.wantMsg {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("error %q does not mention %q", err, part)
				}
			}
		})
	}
}

package tokenomics_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/litegpt/litegpt/app/tokenomics"
)

func TestDecodeAllocationFile(t *testing.T) {
	in := fmt.Sprintf(`{"vesting_start":"2027-01-01T00:00:00Z",
		"team":[{"address":%q,"weight":3},{"address":%q,"weight":1}],
		"partners_advisors":[{"address":%q,"weight":1}],
		"private_sale":[{"address":%q,"weight":1}],
		"ecosystem":[{"address":%q,"weight":1}],
		"local_accounts":[{"address":%q,"amount_ulgpt":"1000000000000"}]}`,
		addr(1), addr(5), addr(2), addr(3), addr(4), addr(20))
	f, err := tokenomics.DecodeAllocationFile(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	genesisTime := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	plan := f.Plan("litegpt-local-1", genesisTime)
	if want := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC); !plan.VestingStart.Equal(want) {
		t.Errorf("vesting start %s, want %s", plan.VestingStart, want)
	}
	if len(plan.Team) != 2 || plan.Team[0].Weight != 3 || plan.LocalAccounts[0].Amount.Int64() != 1_000_000_000_000 {
		t.Errorf("decoded plan %+v", plan)
	}
	a, err := tokenomics.Allocate(plan)
	if err != nil {
		t.Fatal(err)
	}
	if !a.Total.Equal(tokenomics.TotalSupply()) {
		t.Fatalf("total %s", a.Total)
	}

	f.VestingStart = nil
	if plan := f.Plan("litegpt-1", genesisTime); !plan.VestingStart.Equal(genesisTime) {
		t.Errorf("without vesting_start the plan starts %s, want the genesis time %s", plan.VestingStart, genesisTime)
	}
}

func TestDecodeAllocationFileRejects(t *testing.T) {
	for name, in := range map[string]string{
		"unknown top-level field": `{"team":[],"treasury":[]}`,
		"unknown recipient field": `{"team":[{"address":"x","weight":1,"vesting":"4y"}]}`,
		"misspelt local amount":   `{"local_accounts":[{"address":"x","amount":"1"}]}`,
		"numeric local amount":    `{"local_accounts":[{"address":"x","amount_ulgpt":1}]}`,
		"fractional weight":       `{"team":[{"address":"x","weight":1.5}]}`,
		"bad vesting start":       `{"vesting_start":"2027-01-01"}`,
		"trailing data":           `{"team":[]} {"team":[]}`,
		"not an object":           `[]`,
		"empty":                   ``,
	} {
		if _, err := tokenomics.DecodeAllocationFile(strings.NewReader(in)); !errors.Is(err, tokenomics.ErrInvalidFile) {
			t.Errorf("%s: err = %v, want ErrInvalidFile", name, err)
		}
	}
}

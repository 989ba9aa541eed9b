package tokenomics_test

import (
	"errors"
	"testing"
	"time"

	"cosmossdk.io/math"

	vestingtypes "github.com/cosmos/cosmos-sdk/x/auth/vesting/types"

	"github.com/litegpt/litegpt/app/tokenomics"
)

func TestVestingMonthlyRelease(t *testing.T) {
	// 75 % of both amounts leaves 24 ulgpt after the 36-way split, which
	// must land in the last step.
	for _, tc := range []struct{ amount, cliff, step, last string }{
		{"2000000000000000", "500000000000000", "41666666666666", "41666666666690"},
		{"500000000000000", "125000000000000", "10416666666666", "10416666666690"},
		{"47", "11", "1", "1"},
		{"101", "25", "2", "6"},
	} {
		amount, _ := math.NewIntFromString(tc.amount)
		release := tokenomics.VestingMonthlyRelease(amount)
		if len(release) != 48 {
			t.Fatalf("%s: %d months, want 48", tc.amount, len(release))
		}
		for m := range 11 {
			if !release[m].IsZero() {
				t.Errorf("%s: month %d vests %s before the cliff", tc.amount, m+1, release[m])
			}
		}
		if release[11].String() != tc.cliff {
			t.Errorf("%s: cliff %s, want %s", tc.amount, release[11], tc.cliff)
		}
		for m := 12; m < 47; m++ {
			if release[m].String() != tc.step {
				t.Errorf("%s: month %d vests %s, want %s", tc.amount, m+1, release[m], tc.step)
			}
		}
		if release[47].String() != tc.last {
			t.Errorf("%s: last step %s, want %s", tc.amount, release[47], tc.last)
		}
		if got := sum(release); !got.Equal(amount) {
			t.Errorf("%s: months sum to %s", tc.amount, got)
		}
	}
}

func TestVestingPeriodsFollowCalendarMonths(t *testing.T) {
	periods, err := tokenomics.VestingPeriods(math.NewInt(2_000_000), testStart)
	if err != nil {
		t.Fatal(err)
	}
	if len(periods) != 37 {
		t.Fatalf("%d periods, want the cliff plus 36 steps", len(periods))
	}
	end := testStart.Unix()
	for i, p := range periods {
		end += p.Length
		if want := tokenomics.MonthAfter(testStart, 12+i).Unix(); end != want {
			t.Fatalf("period %d ends at %d, want %d (month %d)", i, end, want, 12+i)
		}
	}
	if want := time.Date(2031, time.January, 31, 12, 0, 0, 0, time.UTC).Unix(); end != want {
		t.Fatalf("schedule ends at %d, want the 4th anniversary %d", end, want)
	}
}

func TestMinVestingAmount(t *testing.T) {
	if _, err := tokenomics.VestingPeriods(math.NewInt(tokenomics.MinVestingAmount), testStart); err != nil {
		t.Fatalf("MinVestingAmount does not vest: %v", err)
	}
	_, err := tokenomics.VestingPeriods(math.NewInt(tokenomics.MinVestingAmount-1), testStart)
	if !errors.Is(err, tokenomics.ErrShareTooSmall) {
		t.Fatalf("MinVestingAmount-1: err = %v, want ErrShareTooSmall", err)
	}
}

// TestVestedCoinsOfAllocatedAccounts checks the SDK's view of the
// allocated vesting accounts around the cliff and the last step.
func TestVestedCoinsOfAllocatedAccounts(t *testing.T) {
	a, err := tokenomics.Allocate(productionPlan())
	if err != nil {
		t.Fatal(err)
	}
	cliff := tokenomics.MonthAfter(testStart, 12)
	last := tokenomics.MonthAfter(testStart, 48)
	day := 24 * time.Hour
	for _, c := range []tokenomics.Category{tokenomics.CategoryTeam, tokenomics.CategoryPartnersAdvisors} {
		line, _ := a.Category(c)
		acc := vestingAccount(t, a, line.Recipients[0].Address)
		total := line.Amount
		quarter := total.QuoRaw(4)
		step := total.Sub(quarter).QuoRaw(36)
		lastStep := total.Sub(quarter).Sub(step.MulRaw(35))
		if lastStep.Equal(step) {
			t.Fatalf("%s: 75%% of %s divides by 36; the case needs a remainder", c, total)
		}
		for _, tc := range []struct {
			name string
			at   time.Time
			want math.Int
		}{
			{"one day before the cliff", cliff.Add(-day), math.ZeroInt()},
			{"one second before the cliff", cliff.Add(-time.Second), math.ZeroInt()},
			{"at the cliff", cliff, quarter},
			{"one day after the cliff", cliff.Add(day), quarter},
			{"month 13 ends", tokenomics.MonthAfter(testStart, 13), quarter.Add(step)},
			{"just before the last step", last.Add(-time.Second), total.Sub(lastStep)},
			{"at the last step", last, total},
			{"a year later", last.Add(365 * day), total},
		} {
			vested := acc.GetVestedCoins(tc.at).AmountOf(tokenomics.Denom)
			vesting := acc.GetVestingCoins(tc.at).AmountOf(tokenomics.Denom)
			if !vested.Equal(tc.want) {
				t.Errorf("%s %s: vested %s, want %s", c, tc.name, vested, tc.want)
			}
			if !vesting.Equal(total.Sub(tc.want)) {
				t.Errorf("%s %s: still vesting %s, want %s", c, tc.name, vesting, total.Sub(tc.want))
			}
		}
	}
}

// vestingAccount finds the periodic vesting account of address.
func vestingAccount(t *testing.T, a tokenomics.Allocation, address string) *vestingtypes.PeriodicVestingAccount {
	t.Helper()
	for _, acc := range a.Accounts {
		if acc.GetAddress().String() == address {
			pva, ok := acc.(*vestingtypes.PeriodicVestingAccount)
			if !ok {
				t.Fatalf("%s is a %T, want a PeriodicVestingAccount", address, acc)
			}
			return pva
		}
	}
	t.Fatalf("no account %s", address)
	return nil
}

package tokenomics_test

import (
	"testing"
	"time"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/app/tokenomics"
)

func sum(xs []math.Int) math.Int {
	total := math.ZeroInt()
	for _, x := range xs {
		total = total.Add(x)
	}
	return total
}

func TestRewardsMonthlyReleaseOfThePool(t *testing.T) {
	pool := tokenomics.CategoryNetworkRewards.ShareAmount()
	release := tokenomics.RewardsMonthlyRelease(pool)
	if len(release) != 84 {
		t.Fatalf("%d months, want 84 (7 years)", len(release))
	}
	for m := range 12 {
		if !release[m].IsZero() {
			t.Errorf("month %d releases %s, want 0 in the first year", m+1, release[m])
		}
	}
	for m := 13; m < 84; m++ {
		if !release[m].LT(release[m-1]) {
			t.Errorf("month %d releases %s, not less than month %d's %s", m+1, release[m], m, release[m-1])
		}
	}
	if !release[83].IsPositive() {
		t.Errorf("last month releases %s, want > 0", release[83])
	}
	if got := sum(release); !got.Equal(pool) {
		t.Fatalf("releases sum to %s, want the pool %s", got, pool)
	}
	// floor(2e15*72/2628) plus the remainder 34, floor(2e15*71/2628),
	// floor(2e15/2628), computed independently.
	for m, want := range map[int]string{12: "54794520547979", 13: "54033485540334", 83: "761035007610"} {
		if got := release[m].String(); got != want {
			t.Errorf("month %d releases %s, want %s", m+1, got, want)
		}
	}
}

func TestRewardsMonthlyReleaseSmallTotals(t *testing.T) {
	for _, total := range []int64{0, 1, 71, 100, 2627, 2628, 2629, 1_000_003} {
		release := tokenomics.RewardsMonthlyRelease(math.NewInt(total))
		if got := sum(release); !got.Equal(math.NewInt(total)) {
			t.Errorf("total %d: releases sum to %s", total, got)
		}
		for m := 13; m < 84; m++ {
			if release[m].GT(release[m-1]) {
				t.Errorf("total %d: month %d releases %s > month %d's %s", total, m+1, release[m], m, release[m-1])
			}
			if total >= 2628 && !release[m].LT(release[m-1]) {
				t.Errorf("total %d: month %d releases %s, not less than %s", total, m+1, release[m], release[m-1])
			}
		}
	}
}

func TestRewardsMonthlyReleaseRejectsNegative(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a negative total did not panic")
		}
	}()
	tokenomics.RewardsMonthlyRelease(math.NewInt(-1))
}

func TestRewardsReleasedBy(t *testing.T) {
	pool := tokenomics.CategoryNetworkRewards.ShareAmount()
	release := tokenomics.RewardsMonthlyRelease(pool)
	// The same start in another zone: the schedule counts months in UTC.
	start := testStart.In(time.FixedZone("UTC+9", 9*3600))
	month := func(m int) time.Time { return tokenomics.MonthAfter(testStart, m) }

	cases := []struct {
		name string
		at   time.Time
		want math.Int
	}{
		{"before start", start.Add(-time.Hour), math.ZeroInt()},
		{"at start", start, math.ZeroInt()},
		{"first anniversary", month(12), math.ZeroInt()},
		{"just before month 13 ends", month(13).Add(-time.Second), math.ZeroInt()},
		{"month 13 ends", month(13), release[12]},
		{"month 14 ends", month(14), release[12].Add(release[13])},
		{"just before the last step", month(84).Add(-time.Second), pool.Sub(release[83])},
		{"7 years", month(84), pool},
		{"10 years", month(120), pool},
	}
	for _, tc := range cases {
		if got := tokenomics.RewardsReleasedBy(pool, start, tc.at); !got.Equal(tc.want) {
			t.Errorf("%s (%s): released %s, want %s", tc.name, tc.at, got, tc.want)
		}
	}
	// AddDate normalizes: Feb 31 2028 is Mar 2 2028, and month 14 is back
	// on the 31st.
	if got, want := month(13), time.Date(2028, time.March, 2, 12, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("month 13 of a Jan 31 start ends %s, want %s (time.AddDate)", got, want)
	}
	if got, want := month(14), time.Date(2028, time.March, 31, 12, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("month 14 of a Jan 31 start ends %s, want %s (time.AddDate)", got, want)
	}
}

package tokenomics

import (
	"fmt"
	"time"

	"cosmossdk.io/math"
)

const (
	// RewardsIdleMonths is the number of months (months 1-12) in which the
	// network rewards pool releases nothing.
	RewardsIdleMonths = 12

	// RewardsStepMonths is the number of monthly release steps (months
	// 13-84) after the idle year.
	RewardsStepMonths = 72

	// RewardsTotalMonths is the length of the rewards schedule: 7 years.
	RewardsTotalMonths = RewardsIdleMonths + RewardsStepMonths
)

// rewardsWeightSum is the sum of the step weights 72, 71, ..., 1.
const rewardsWeightSum = RewardsStepMonths * (RewardsStepMonths + 1) / 2

// RewardsMonthlyRelease returns how much of total the network rewards pool
// releases in each month of its schedule: RewardsTotalMonths entries, entry
// m-1 for month m. Months 1-12 release nothing. Step i = 0..71 (month 13+i)
// has weight 72-i and releases floor(total*(72-i)/2628); the remainder of
// the floor divisions goes to the first step, which keeps the sequence
// non-increasing. The entries sum exactly to total, and they strictly
// decrease whenever total >= 2628 ulgpt (the real pool is 2*10^15).
//
// It panics if total is nil or negative: the pool is a genesis constant.
func RewardsMonthlyRelease(total math.Int) []math.Int {
	if total.IsNil() || total.IsNegative() {
		panic(fmt.Sprintf("tokenomics: rewards total must be a non-negative amount, got %v", total))
	}
	release := make([]math.Int, RewardsTotalMonths)
	for m := range RewardsIdleMonths {
		release[m] = math.ZeroInt()
	}
	paid := math.ZeroInt()
	for i := range RewardsStepMonths {
		step := total.MulRaw(int64(RewardsStepMonths - i)).QuoRaw(rewardsWeightSum)
		release[RewardsIdleMonths+i] = step
		paid = paid.Add(step)
	}
	release[RewardsIdleMonths] = release[RewardsIdleMonths].Add(total.Sub(paid))
	return release
}

// RewardsReleasedBy returns how much of total the network rewards pool has
// released by time t, on a schedule that starts at start: the sum of the
// monthly releases of every month m whose end, MonthAfter(start, m), is not
// after t. It is zero before the first anniversary and total from
// MonthAfter(start, RewardsTotalMonths) on.
func RewardsReleasedBy(total math.Int, start, t time.Time) math.Int {
	released := math.ZeroInt()
	for m, amount := range RewardsMonthlyRelease(total) {
		if t.Before(MonthAfter(start, m+1)) {
			break
		}
		released = released.Add(amount)
	}
	return released
}

package tokenomics

import (
	"fmt"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	vestingtypes "github.com/cosmos/cosmos-sdk/x/auth/vesting/types"
)

const (
	// VestingCliffMonths is the month at whose end the cliff vests.
	VestingCliffMonths = 12

	// VestingCliffPercent is the share of a vesting allocation released at
	// the cliff.
	VestingCliffPercent = 25

	// VestingStepMonths is the number of equal monthly steps after the
	// cliff (months 13-48).
	VestingStepMonths = 36

	// VestingTotalMonths is the length of the vesting schedule: 4 years.
	VestingTotalMonths = VestingCliffMonths + VestingStepMonths

	// MinVestingAmount is the smallest amount, in ulgpt, whose cliff and 36
	// monthly steps are all positive, as PeriodicVestingAccount requires.
	MinVestingAmount = 47
)

// VestingMonthlyRelease returns how much of amount vests in each month of
// the vesting schedule: VestingTotalMonths entries, entry m-1 for month m.
// Months 1-11 vest nothing, month 12 vests the cliff floor(amount*25/100),
// months 13-48 vest equal steps of floor(rest/36) where rest is what the
// cliff left, and the remainder rest mod 36 is added to the last step. The
// entries sum exactly to amount.
//
// It panics if amount is nil or negative.
func VestingMonthlyRelease(amount math.Int) []math.Int {
	if amount.IsNil() || amount.IsNegative() {
		panic(fmt.Sprintf("tokenomics: vesting amount must be a non-negative amount, got %v", amount))
	}
	release := make([]math.Int, VestingTotalMonths)
	for m := range VestingCliffMonths - 1 {
		release[m] = math.ZeroInt()
	}
	cliff := amount.MulRaw(VestingCliffPercent).QuoRaw(100)
	rest := amount.Sub(cliff)
	step := rest.QuoRaw(VestingStepMonths)
	release[VestingCliffMonths-1] = cliff
	for m := VestingCliffMonths; m < VestingTotalMonths; m++ {
		release[m] = step
	}
	release[VestingTotalMonths-1] = step.Add(rest.ModRaw(VestingStepMonths))
	return release
}

// VestingPeriods returns the SDK vesting periods of amount for a schedule
// that starts at start (whole seconds, as the vesting accounts count time):
// one period that ends on the 12-month anniversary with the cliff, then 36
// one-month periods. Period lengths are the seconds between consecutive
// MonthAfter instants, so every step lands on a calendar-month boundary.
// It fails if amount is below MinVestingAmount, because every period of a
// PeriodicVestingAccount must hold a positive amount.
func VestingPeriods(amount math.Int, start time.Time) (vestingtypes.Periods, error) {
	if amount.IsNil() || amount.LT(math.NewInt(MinVestingAmount)) {
		return nil, fmt.Errorf("%w: %v ulgpt cannot vest as a 25%% cliff plus 36 positive monthly steps; expected at least %d ulgpt",
			ErrShareTooSmall, amount, MinVestingAmount)
	}
	release := VestingMonthlyRelease(amount)
	periods := make(vestingtypes.Periods, 0, VestingStepMonths+1)
	prev := MonthAfter(start, 0)
	for m := VestingCliffMonths; m <= VestingTotalMonths; m++ {
		end := MonthAfter(start, m)
		periods = append(periods, vestingtypes.Period{
			Length: end.Unix() - prev.Unix(),
			Amount: sdk.NewCoins(sdk.NewCoin(Denom, release[m-1])),
		})
		prev = end
	}
	return periods, nil
}

// NewVestingAccount returns the PeriodicVestingAccount that vests amount
// ulgpt to addr on the 4-year schedule starting at start. Its account
// number is 0: the genesis import assigns numbers, as genutil does.
func NewVestingAccount(addr sdk.AccAddress, amount math.Int, start time.Time) (*vestingtypes.PeriodicVestingAccount, error) {
	periods, err := VestingPeriods(amount, start)
	if err != nil {
		return nil, err
	}
	base := authtypes.NewBaseAccount(addr, nil, 0, 0)
	original := sdk.NewCoins(sdk.NewCoin(Denom, amount))
	acc, err := vestingtypes.NewPeriodicVestingAccount(base, original, start.Unix(), periods)
	if err != nil {
		return nil, fmt.Errorf("vesting account for %s: %w", addr, err)
	}
	return acc, nil
}

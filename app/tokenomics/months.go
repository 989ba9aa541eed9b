package tokenomics

import "time"

// MonthAfter returns the instant months calendar months after start, in
// UTC: start.UTC().AddDate(0, months, 0). Both schedules count months this
// way, so the 12-month cliff falls exactly on the first anniversary. As
// with AddDate, a start on the 29th-31st rolls over into the next month
// when the target month is shorter (Jan 31 + 1 month = Mar 3 or Mar 2).
func MonthAfter(start time.Time, months int) time.Time {
	return start.UTC().AddDate(0, months, 0)
}

package cli

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/litegpt/litegpt/app/tokenomics"
)

// WriteSummary prints the allocation as two tables: one line per category
// with a TOTAL line, then one line per account. Local-only accounts are
// marked "local-only". genFile names the written genesis file.
func WriteSummary(w io.Writer, a tokenomics.Allocation, genFile string) error {
	start := a.VestingStart
	fmt.Fprintf(w, "Allocated the fixed LGPT supply in %s (chain-id %s).\n", genFile, a.ChainID)
	fmt.Fprintf(w, "Vesting starts %s: cliff on %s, last step on %s.\n\n",
		start.UTC().Format(time.RFC3339),
		day(tokenomics.MonthAfter(start, tokenomics.VestingCliffMonths)),
		day(tokenomics.MonthAfter(start, tokenomics.VestingTotalMonths)))

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tSHARE\tRECIPIENTS\tLGPT\tULGPT\tSCHEDULE")
	var share int64
	accounts := 0
	for _, line := range a.Categories {
		shareText := strconv.FormatInt(line.Category.SharePercent(), 10) + "%"
		if line.Category == tokenomics.CategoryLocalOnly {
			shareText = "in ecosystem"
		}
		share += line.Category.SharePercent()
		accounts += len(line.Recipients)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\n", line.Category, shareText, len(line.Recipients),
			tokenomics.FormatLGPT(line.Amount), line.Amount, line.Category.Schedule())
	}
	fmt.Fprintf(tw, "TOTAL\t%d%%\t%d\t%s\t%s\t\n", share, accounts, tokenomics.FormatLGPT(a.Total), a.Total)
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tADDRESS\tWEIGHT\tLGPT\tULGPT\tACCOUNT")
	for _, line := range a.Categories {
		for _, r := range line.Recipients {
			weight, kind := strconv.FormatInt(r.Weight, 10), "periodic vesting"
			switch line.Category {
			case tokenomics.CategoryNetworkRewards:
				weight, kind = "-", "module account "+tokenomics.NetworkRewardsPool
			case tokenomics.CategoryLocalOnly:
				weight, kind = "-", "base account, liquid, local-only"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", line.Category, r.Address, weight,
				tokenomics.FormatLGPT(r.Amount), r.Amount, kind)
		}
	}
	return tw.Flush()
}

// day formats t as a calendar date in UTC.
func day(t time.Time) string {
	return t.UTC().Format(time.DateOnly)
}

package cli

import (
	"fmt"
	"os"
	"strings"
	"time"

	"cosmossdk.io/math"
	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/app/tokenomics"
)

// recipientFlags maps each single-recipient flag to its category.
var recipientFlags = []struct {
	flag     string
	category tokenomics.Category
}{
	{FlagTeam, tokenomics.CategoryTeam},
	{FlagPartners, tokenomics.CategoryPartnersAdvisors},
	{FlagPrivateSale, tokenomics.CategoryPrivateSale},
	{FlagEcosystem, tokenomics.CategoryEcosystem},
}

// planFromFlags builds the allocation plan from either the recipient flags
// or --file, plus --local-account and --vesting-start. The vesting start
// defaults to genesisTime.
func planFromFlags(cmd *cobra.Command, chainID string, genesisTime time.Time) (tokenomics.Plan, error) {
	fs := cmd.Flags()
	file, err := fs.GetString(FlagFile)
	if err != nil {
		return tokenomics.Plan{}, err
	}
	var given, missing []string
	for _, rf := range recipientFlags {
		if fs.Changed(rf.flag) {
			given = append(given, "--"+rf.flag)
		} else {
			missing = append(missing, "--"+rf.flag)
		}
	}
	startFlag, err := fs.GetString(FlagVestingStart)
	if err != nil {
		return tokenomics.Plan{}, err
	}

	var plan tokenomics.Plan
	switch {
	case file != "" && len(given) > 0:
		return plan, fmt.Errorf("--%s cannot be combined with %s; give the recipients either in the file or with the four flags --%s, --%s, --%s, --%s",
			FlagFile, strings.Join(given, ", "), FlagTeam, FlagPartners, FlagPrivateSale, FlagEcosystem)
	case file != "":
		f, err := readAllocationFile(file)
		if err != nil {
			return plan, err
		}
		if f.VestingStart != nil && startFlag != "" {
			return plan, fmt.Errorf("the vesting start is given twice, by --%s and by vesting_start in %s; expected it in one place only", FlagVestingStart, file)
		}
		plan = f.Plan(chainID, genesisTime)
	case len(missing) > 0:
		return plan, fmt.Errorf("missing %s; expected all of --%s, --%s, --%s and --%s (one address each), or --%s",
			strings.Join(missing, ", "), FlagTeam, FlagPartners, FlagPrivateSale, FlagEcosystem, FlagFile)
	default:
		plan = tokenomics.Plan{ChainID: chainID, VestingStart: genesisTime}
		for _, rf := range recipientFlags {
			addr, err := fs.GetString(rf.flag)
			if err != nil {
				return plan, err
			}
			recipients := []tokenomics.Recipient{{Address: addr, Weight: 1}}
			switch rf.category {
			case tokenomics.CategoryTeam:
				plan.Team = recipients
			case tokenomics.CategoryPartnersAdvisors:
				plan.PartnersAdvisors = recipients
			case tokenomics.CategoryPrivateSale:
				plan.PrivateSale = recipients
			case tokenomics.CategoryEcosystem:
				plan.Ecosystem = recipients
			}
		}
	}

	if startFlag != "" {
		start, err := time.Parse(time.RFC3339, startFlag)
		if err != nil {
			return plan, fmt.Errorf("--%s %q: %w; expected an RFC 3339 time such as 2027-01-01T00:00:00Z", FlagVestingStart, startFlag, err)
		}
		plan.VestingStart = start
	}

	locals, err := fs.GetStringArray(FlagLocalAccount)
	if err != nil {
		return plan, err
	}
	for _, spec := range locals {
		local, err := parseLocalAccount(spec)
		if err != nil {
			return plan, err
		}
		plan.LocalAccounts = append(plan.LocalAccounts, local)
	}
	return plan, nil
}

// readAllocationFile opens and decodes an allocation file.
func readAllocationFile(path string) (tokenomics.AllocationFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return tokenomics.AllocationFile{}, fmt.Errorf("--%s: %w", FlagFile, err)
	}
	defer f.Close()
	decoded, err := tokenomics.DecodeAllocationFile(f)
	if err != nil {
		return tokenomics.AllocationFile{}, fmt.Errorf("%s: %w", path, err)
	}
	return decoded, nil
}

// parseLocalAccount parses ADDR=AMOUNT_ULGPT. The amount's sign and size
// are checked by tokenomics.Allocate.
func parseLocalAccount(spec string) (tokenomics.LocalAccount, error) {
	addr, amountStr, ok := strings.Cut(spec, "=")
	if !ok || addr == "" || amountStr == "" {
		return tokenomics.LocalAccount{}, fmt.Errorf("--%s %q: expected ADDR=AMOUNT_ULGPT, e.g. lgpt1...=1000000000000", FlagLocalAccount, spec)
	}
	amount, ok := math.NewIntFromString(amountStr)
	if !ok {
		return tokenomics.LocalAccount{}, fmt.Errorf("--%s %q: amount %q is not an integer; expected a whole number of ulgpt (1 LGPT = 1000000 ulgpt)", FlagLocalAccount, spec, amountStr)
	}
	return tokenomics.LocalAccount{Address: addr, Amount: amount}, nil
}

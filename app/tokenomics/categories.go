package tokenomics

import "cosmossdk.io/math"

// Category is one line of the allocation table.
type Category string

// The categories of the paper's Table 1, plus the local-only accounts that
// local networks carve out of the ecosystem share.
const (
	CategoryNetworkRewards   Category = "network_rewards"
	CategoryTeam             Category = "team"
	CategoryPartnersAdvisors Category = "partners_advisors"
	CategoryPrivateSale      Category = "private_sale"
	CategoryEcosystem        Category = "ecosystem"
	CategoryLocalOnly        Category = "local-only"
)

// Table1 returns the categories of the paper's Table 1 in order. Their
// shares sum to 100 %.
func Table1() []Category {
	return []Category{
		CategoryNetworkRewards,
		CategoryTeam,
		CategoryPartnersAdvisors,
		CategoryPrivateSale,
		CategoryEcosystem,
	}
}

// VestingCategories returns the categories paid out as vesting accounts.
func VestingCategories() []Category {
	return []Category{
		CategoryTeam,
		CategoryPartnersAdvisors,
		CategoryPrivateSale,
		CategoryEcosystem,
	}
}

// SharePercent returns the category's share of the supply in Table 1, in
// percent. Local-only accounts have no share of their own (they come out
// of the ecosystem share): 0.
func (c Category) SharePercent() int64 {
	switch c {
	case CategoryNetworkRewards, CategoryTeam, CategoryPrivateSale:
		return 20
	case CategoryPartnersAdvisors:
		return 5
	case CategoryEcosystem:
		return 35
	default:
		return 0
	}
}

// ShareAmount returns the category's Table 1 share of TotalSupply in ulgpt.
// It is exact: every share is a whole percentage of 10^16.
func (c Category) ShareAmount() math.Int {
	return TotalSupply().MulRaw(c.SharePercent()).QuoRaw(100)
}

// Schedule describes in words how the category's tokens are released.
func (c Category) Schedule() string {
	switch c {
	case CategoryNetworkRewards:
		return "module account; 7 years: nothing in months 1-12, then 72 linearly decreasing monthly steps (months 13-84), released by x/pog"
	case CategoryTeam, CategoryPartnersAdvisors, CategoryPrivateSale, CategoryEcosystem:
		return "periodic vesting; 4 years: 25% at month 12 (cliff), then 75% in 36 equal monthly steps (months 13-48)"
	case CategoryLocalOnly:
		return "liquid at genesis; local-only test keys, carved out of the ecosystem share"
	default:
		return "unknown category"
	}
}

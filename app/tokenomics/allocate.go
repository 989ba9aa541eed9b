package tokenomics

import (
	"fmt"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// localAccountsLabel names the local accounts in error messages, as the
// allocation file does.
const localAccountsLabel = "local_accounts"

// Allocate validates plan and splits TotalSupply per Table 1: the network
// rewards to the NetworkRewardsPool module account, every vesting category
// to its recipients by weight (floor, remainder to the first recipient) as
// PeriodicVestingAccounts, and, on local chain-ids, the local accounts as
// liquid BaseAccounts carved out of the ecosystem share. Every address may
// appear only once. The result always totals exactly TotalSupply.
func Allocate(plan Plan) (Allocation, error) {
	if plan.ChainID == "" {
		return Allocation{}, fmt.Errorf("%w: chain-id is empty; expected the chain-id of the genesis file", ErrInvalidChainID)
	}
	start, err := vestingStart(plan.VestingStart)
	if err != nil {
		return Allocation{}, err
	}
	localTotal, err := localAccountsTotal(plan)
	if err != nil {
		return Allocation{}, err
	}

	b := newBuilder(plan.ChainID, start)
	pool := authtypes.NewEmptyModuleAccount(NetworkRewardsPool)
	if err := b.claim(pool.GetAddress(), string(CategoryNetworkRewards)+" (module account)"); err != nil {
		return Allocation{}, err
	}
	b.add(CategoryNetworkRewards, pool, 0, CategoryNetworkRewards.ShareAmount())

	for _, c := range VestingCategories() {
		amount := c.ShareAmount()
		if c == CategoryEcosystem {
			amount = amount.Sub(localTotal)
		}
		if err := b.addVestingCategory(c, plan.Recipients(c), amount); err != nil {
			return Allocation{}, err
		}
	}
	for i, local := range plan.LocalAccounts {
		addr, err := parseAddress(local.Address, fmt.Sprintf("%s #%d", localAccountsLabel, i+1))
		if err != nil {
			return Allocation{}, err
		}
		if err := b.claim(addr, localAccountsLabel); err != nil {
			return Allocation{}, err
		}
		b.add(CategoryLocalOnly, authtypes.NewBaseAccount(addr, nil, 0, 0), 0, local.Amount)
	}

	a := b.allocation
	if !a.Total.Equal(TotalSupply()) {
		// Unreachable: the shares are exact. Kept as a guard on the code.
		return Allocation{}, fmt.Errorf("%w: allocated %s ulgpt; expected exactly %s ulgpt", ErrInvalidAllocation, a.Total, TotalSupply())
	}
	return a, nil
}

// vestingStart checks the plan's vesting start and returns it in UTC,
// truncated to whole seconds.
func vestingStart(t time.Time) (time.Time, error) {
	if t.IsZero() {
		return time.Time{}, fmt.Errorf("%w: no vesting start; expected an RFC 3339 time such as 2027-01-01T00:00:00Z (it defaults to the genesis time)", ErrInvalidVestingStart)
	}
	t = t.UTC().Truncate(time.Second)
	if t.Unix() <= 0 {
		return time.Time{}, fmt.Errorf("%w: %s; expected a time after 1970-01-01T00:00:00Z", ErrInvalidVestingStart, t.Format(time.RFC3339))
	}
	return t, nil
}

// localAccountsTotal checks that local accounts are allowed on the plan's
// chain-id and have positive amounts that fit in the ecosystem share, and
// returns their total.
func localAccountsTotal(plan Plan) (math.Int, error) {
	total := math.ZeroInt()
	if len(plan.LocalAccounts) == 0 {
		return total, nil
	}
	if !IsLocalChainID(plan.ChainID) {
		return total, fmt.Errorf("%w: chain-id %q is not local but the plan has %d local accounts; local-only accounts are accepted only on chain-ids starting with %q, the production profile is fully vested per Table 1",
			ErrLocalNotAllowed, plan.ChainID, len(plan.LocalAccounts), LocalChainIDPrefix)
	}
	for i, local := range plan.LocalAccounts {
		if local.Amount.IsNil() || !local.Amount.IsPositive() {
			return total, fmt.Errorf("%w: %s #%d (%s) has amount %v ulgpt; expected a positive integer amount of ulgpt",
				ErrInvalidAmount, localAccountsLabel, i+1, local.Address, local.Amount)
		}
		total = total.Add(local.Amount)
	}
	if share := CategoryEcosystem.ShareAmount(); total.GT(share) {
		return total, fmt.Errorf("%w: local accounts total %s ulgpt (%s LGPT); expected at most the ecosystem share of %s ulgpt (%s LGPT) they are carved out of",
			ErrLocalTooLarge, total, FormatLGPT(total), share, FormatLGPT(share))
	}
	return total, nil
}

// parseAddress decodes a bech32 account address; who names its owner in
// the error.
func parseAddress(address, who string) (sdk.AccAddress, error) {
	addr, err := sdk.AccAddressFromBech32(address)
	if err != nil {
		return nil, fmt.Errorf("%w: %s address %q: %v; expected a bech32 account address with prefix %q",
			ErrInvalidAddress, who, address, err, sdk.GetConfig().GetBech32AccountAddrPrefix())
	}
	return addr, nil
}

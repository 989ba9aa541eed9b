// Package tokenomics computes the genesis allocation of the fixed LGPT
// supply (the paper's Table 1) and the release schedules that go with it.
//
// The supply is exactly 10,000,000,000 LGPT = 10^16 ulgpt and is never
// minted afterwards. Allocate splits it into
//
//   - the network_rewards module account (20 %), released by x/pog on the
//     schedule of RewardsMonthlyRelease: nothing in year one, then 72
//     linearly decreasing monthly steps;
//   - PeriodicVestingAccounts for team (20 %), partners and advisors (5 %),
//     private sale (20 %) and ecosystem (35 %): 25 % at the 12-month cliff,
//     then 36 equal monthly steps (VestingMonthlyRelease);
//   - on local chain-ids only, liquid local-only accounts for test keys,
//     carved out of the ecosystem share.
//
// WriteGenesis adds an Allocation to the auth and bank genesis states. All
// arithmetic is on integers and exact: the parts always sum to TotalSupply.
// The command line front end is package cli (`litegptd genesis allocate`).
package tokenomics

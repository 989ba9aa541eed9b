// Package rewards is the exact integer arithmetic of x/pog's network-rewards
// emission and of the splitting of an epoch's rewards.
//
// Schedule generalizes app/tokenomics' monthly schedule (RewardsMonthlyRelease,
// 12 idle months then 72 linearly decreasing steps) to any number of idle and
// step epochs: Release gives one epoch's amount, ReleasedThrough the running
// total, Remainder the rounding remainder paid with the first step. Each
// costs O(log StepEpochs) big-integer operations, not O(StepEpochs), because
// the sum of the floor divisions is computed with a Euclid-like floor-sum
// (see floorSum).
//
// SplitBps cuts a basis-point share off an amount, and Proportional divides
// an amount among weights by the largest-remainder method, so the shares sum
// exactly to the amount and a zero weight gets exactly zero.
//
// Everything is integer (math.Int at the API, math/big inside so that no
// intermediate product can overflow math.Int's 256 bits), deterministic, and
// free of floats and map iteration. The results always fit math.Int: no
// share or release exceeds the amount it is taken from.
package rewards

package types

import (
	"math/big"
)

// TargetMultiplier maps an operator's reputation score (micro-units) to the
// multiplier its validator's staking power moves toward (micro-units):
// piecewise linear with m(neutral) = 1, m(max reputation) = max_multiplier
// and m(0) = min_multiplier, rounded down. Integer arithmetic only.
func TargetMultiplier(score uint64, p Params) uint64 {
	if score > MaxReputation {
		score = MaxReputation
	}
	if score >= NeutralReputation {
		above := score - NeutralReputation
		return MultiplierOne + above*(p.MaxMultiplier-MultiplierOne)/(MaxReputation-NeutralReputation)
	}
	below := NeutralReputation - score
	// Round the reduction up so the multiplier itself is rounded down.
	return MultiplierOne - (below*(MultiplierOne-p.MinMultiplier)+NeutralReputation-1)/NeutralReputation
}

// StepToward moves current toward target by at most maxChange.
func StepToward(current, target, maxChange uint64) uint64 {
	switch {
	case target > current && target-current > maxChange:
		return current + maxChange
	case target < current && current-target > maxChange:
		return current - maxChange
	default:
		return target
	}
}

// WeightedPower is floor(stakingPower * multiplier / 10^6), but at least 1
// for a positive staking power, so that weighting alone never removes a
// validator (only the reputation threshold does). It is exact for every
// int64 staking power.
func WeightedPower(stakingPower int64, multiplier uint64) int64 {
	if stakingPower <= 0 {
		return 0
	}
	product := new(big.Int).Mul(big.NewInt(stakingPower), new(big.Int).SetUint64(multiplier))
	weighted := product.Quo(product, new(big.Int).SetUint64(MultiplierOne))
	if !weighted.IsInt64() {
		panic("stake: weighted power overflows int64; max_multiplier bounds prevent this")
	}
	if w := weighted.Int64(); w > 0 {
		return w
	}
	return 1
}

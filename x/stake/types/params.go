package types

import (
	"time"

	"cosmossdk.io/math"
)

const (
	// MultiplierOne is a multiplier of 1.0 in micro-units.
	MultiplierOne uint64 = 1_000_000
	// MaxMultiplierBound caps max_multiplier at 4.0 so weighted power stays
	// far below CometBFT's total-power limit.
	MaxMultiplierBound uint64 = 4 * MultiplierOne
	// MaxReputation mirrors x/reputation's score range.
	MaxReputation uint64 = 1_000_000
	// NeutralReputation mirrors x/reputation's neutral score.
	NeutralReputation uint64 = 500_000
)

// AllRoles lists every valid role in enum order.
func AllRoles() []Role {
	roles := make([]Role, 0, len(Role_name)-1)
	for r := Role(1); int(r) < len(Role_name); r++ {
		roles = append(roles, r)
	}
	return roles
}

// IsValid reports whether r is a known, specified role.
func (r Role) IsValid() bool {
	_, known := Role_name[int32(r)]
	return known && r != RoleUnspecified
}

// DefaultParams returns the parameters a new chain starts with.
func DefaultParams() Params {
	lgpt := func(n int64) math.Int { return math.NewInt(n).MulRaw(1_000_000) }
	return Params{
		RoleMinimums: []RoleMinimum{
			{Role: RoleDataNode, MinBond: lgpt(1_000)},
			{Role: RoleLearner, MinBond: lgpt(10_000)},
			{Role: RoleVerifier, MinBond: lgpt(10_000)},
			{Role: RoleRouter, MinBond: lgpt(5_000)},
			{Role: RoleBuilder, MinBond: lgpt(5_000)},
			{Role: RoleInferenceNode, MinBond: lgpt(2_000)},
		},
		UnbondingPeriod:       21 * 24 * time.Hour,
		MaxUnbondingsPerBlock: 200,
		SlashDestination:      SlashToCommunityPool,
		TierAMinMilliTflops:   20_000,
		TierBMinMilliTflops:   5_000,
		PowerEpochBlocks:      100,
		MinMultiplier:         800_000,
		MaxMultiplier:         1_250_000,
		MaxMultiplierChange:   50_000,
		MinVotingReputation:   200_000,
	}
}

// Validate checks every parameter.
func (p Params) Validate() error {
	seen := make([]bool, len(Role_name))
	for _, m := range p.RoleMinimums {
		if !m.Role.IsValid() {
			return ErrInvalidParams.Wrapf("role_minimums names role %d; expected one of %v", int32(m.Role), AllRoles())
		}
		if seen[m.Role] {
			return ErrInvalidParams.Wrapf("role %s has more than one minimum", m.Role)
		}
		seen[m.Role] = true
		if m.MinBond.IsNil() || !m.MinBond.IsPositive() {
			return ErrInvalidParams.Wrapf("minimum bond of %s must be positive", m.Role)
		}
	}
	for _, r := range AllRoles() {
		if !seen[r] {
			return ErrInvalidParams.Wrapf("role %s has no minimum bond; every role needs one", r)
		}
	}
	switch {
	case p.UnbondingPeriod <= 0:
		return ErrInvalidParams.Wrapf("unbonding_period must be positive, got %s", p.UnbondingPeriod)
	case p.MaxUnbondingsPerBlock == 0:
		return ErrInvalidParams.Wrap("max_unbondings_per_block must be positive")
	case p.SlashDestination != SlashToCommunityPool && p.SlashDestination != SlashBurn:
		return ErrInvalidParams.Wrapf("slash_destination must be %s or %s, got %s", SlashToCommunityPool, SlashBurn, p.SlashDestination)
	case p.TierBMinMilliTflops == 0 || p.TierAMinMilliTflops <= p.TierBMinMilliTflops:
		return ErrInvalidParams.Wrapf("tier thresholds must satisfy 0 < tier_b (%d) < tier_a (%d)", p.TierBMinMilliTflops, p.TierAMinMilliTflops)
	case p.PowerEpochBlocks == 0:
		return ErrInvalidParams.Wrap("power_epoch_blocks must be positive")
	case p.MinMultiplier == 0 || p.MinMultiplier > MultiplierOne:
		return ErrInvalidParams.Wrapf("min_multiplier must be in 1..%d (at most 1.0), got %d", MultiplierOne, p.MinMultiplier)
	case p.MaxMultiplier < MultiplierOne || p.MaxMultiplier > MaxMultiplierBound:
		return ErrInvalidParams.Wrapf("max_multiplier must be in %d..%d (1.0 to 4.0), got %d", MultiplierOne, MaxMultiplierBound, p.MaxMultiplier)
	case p.MaxMultiplierChange == 0:
		return ErrInvalidParams.Wrap("max_multiplier_change must be positive")
	case p.MinVotingReputation > MaxReputation:
		return ErrInvalidParams.Wrapf("min_voting_reputation must be at most %d, got %d", MaxReputation, p.MinVotingReputation)
	}
	return nil
}

// MinBondOf returns the minimum bond of role.
func (p Params) MinBondOf(role Role) (math.Int, error) {
	for _, m := range p.RoleMinimums {
		if m.Role == role {
			return m.MinBond, nil
		}
	}
	return math.Int{}, ErrInvalidRole.Wrapf("role %d is not one of %v", int32(role), AllRoles())
}

// TierOf derives the tier of a device profile.
func (p Params) TierOf(profile DeviceProfile) Tier {
	switch {
	case profile.MilliTflops >= p.TierAMinMilliTflops:
		return TierA
	case profile.MilliTflops >= p.TierBMinMilliTflops:
		return TierB
	default:
		return TierC
	}
}

package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidateParticipantsGenesis checks the participant half of a genesis:
// unique participants with valid addresses, endpoints, keys, profiles and
// tiers, at most one positive bond per valid role, and unbonding entries of
// registered participants with positive amounts, valid roles and unique ids
// in 1..next_unbonding_id-1. Addresses are read with the SDK's global
// bech32 config, which the app sets.
func ValidateParticipantsGenesis(gs GenesisState) error {
	if gs.NextUnbondingId == 0 {
		return ErrInvalidGenesis.Wrap("next_unbonding_id must be at least 1 (unbonding ids start at 1)")
	}
	registered := map[string]bool{}
	for i, gp := range gs.Participants {
		p := gp.Participant
		addr, err := sdk.AccAddressFromBech32(p.Address)
		if err != nil {
			return ErrInvalidGenesis.Wrapf("participants[%d]: address %q: %s", i, p.Address, err)
		}
		if registered[string(addr)] {
			return ErrInvalidGenesis.Wrapf("participants[%d]: %s appears more than once", i, p.Address)
		}
		registered[string(addr)] = true
		if err := validateParticipant(p); err != nil {
			return ErrInvalidGenesis.Wrapf("participants[%d] (%s): %s", i, p.Address, err)
		}
		roles := map[Role]bool{}
		for j, b := range gp.Bonds {
			if err := ValidateRole(b.Role); err != nil {
				return ErrInvalidGenesis.Wrapf("participants[%d].bonds[%d]: %s", i, j, err)
			}
			if roles[b.Role] {
				return ErrInvalidGenesis.Wrapf("participants[%d].bonds[%d]: role %s bonded twice; give one bond per role", i, j, b.Role)
			}
			roles[b.Role] = true
			if b.Amount.IsNil() || !b.Amount.IsPositive() {
				return ErrInvalidGenesis.Wrapf("participants[%d].bonds[%d]: bond of %s must be positive, got %s", i, j, b.Role, b.Amount)
			}
		}
	}

	ids := map[uint64]bool{}
	for i, e := range gs.Unbondings {
		addr, err := sdk.AccAddressFromBech32(e.Address)
		if err != nil {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: address %q: %s", i, e.Address, err)
		}
		if !registered[string(addr)] {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: %s is not among the participants", i, e.Address)
		}
		if e.Id == 0 || e.Id >= gs.NextUnbondingId {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: id %d must be in 1..%d (below next_unbonding_id)", i, e.Id, gs.NextUnbondingId-1)
		}
		if ids[e.Id] {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: id %d is used twice", i, e.Id)
		}
		ids[e.Id] = true
		if err := ValidateRole(e.Role); err != nil {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: %s", i, err)
		}
		if e.Amount.IsNil() || !e.Amount.IsPositive() {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: amount must be positive, got %s", i, e.Amount)
		}
	}
	return nil
}

// validateParticipant checks a stored participant record.
func validateParticipant(p Participant) error {
	if err := ValidateEndpoint(p.Endpoint); err != nil {
		return err
	}
	if err := ValidateHPKEKey(p.HpkePublicKey); err != nil {
		return err
	}
	if err := ValidateProfile(p.Profile); err != nil {
		return err
	}
	// The tier is derived with the params in force when the record was
	// written; governance may have moved the thresholds since, so only its
	// range is checked.
	if _, known := Tier_name[int32(p.Tier)]; !known || p.Tier == TierUnspecified {
		return ErrInvalidProfile.Wrapf("tier must be %s, %s or %s, got %s", TierA, TierB, TierC, p.Tier)
	}
	if p.RegisteredHeight < 0 {
		return ErrInvalidGenesis.Wrapf("registered_height must not be negative, got %d", p.RegisteredHeight)
	}
	return nil
}

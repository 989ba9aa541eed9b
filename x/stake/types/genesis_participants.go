package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidateParticipantsGenesis checks the participant half of a genesis:
// unique, valid participants with valid records and one positive bond per
// role, and unbondings with unique ids below next_unbonding_id.
func ValidateParticipantsGenesis(gs GenesisState) error {
	seen := map[string]bool{}
	for i, gp := range gs.Participants {
		p := gp.Participant
		addr, err := sdk.AccAddressFromBech32(p.Address)
		if err != nil {
			return ErrInvalidGenesis.Wrapf("participants[%d]: address %q: %v", i, p.Address, err)
		}
		if seen[string(addr)] {
			return ErrInvalidGenesis.Wrapf("participants[%d]: %s appears more than once", i, p.Address)
		}
		seen[string(addr)] = true
		if err := ValidateEndpoint(p.Endpoint); err != nil {
			return ErrInvalidGenesis.Wrapf("participants[%d]: %v", i, err)
		}
		if err := ValidateHPKEKey(p.HpkePublicKey); err != nil {
			return ErrInvalidGenesis.Wrapf("participants[%d]: %v", i, err)
		}
		if err := ValidateProfile(p.Profile); err != nil {
			return ErrInvalidGenesis.Wrapf("participants[%d]: %v", i, err)
		}
		if p.Tier != gs.Params.TierOf(p.Profile) {
			return ErrInvalidGenesis.Wrapf("participants[%d]: tier %s does not match its profile (%s)", i, p.Tier, gs.Params.TierOf(p.Profile))
		}
		roles := map[Role]bool{}
		for j, b := range gp.Bonds {
			if err := ValidateRole(b.Role); err != nil {
				return ErrInvalidGenesis.Wrapf("participants[%d].bonds[%d]: %v", i, j, err)
			}
			if roles[b.Role] {
				return ErrInvalidGenesis.Wrapf("participants[%d]: role %s bonded twice", i, b.Role)
			}
			roles[b.Role] = true
			if b.Amount.IsNil() || !b.Amount.IsPositive() {
				return ErrInvalidGenesis.Wrapf("participants[%d]: bond of %s must be positive", i, b.Role)
			}
		}
	}

	ids := map[uint64]bool{}
	for i, e := range gs.Unbondings {
		if _, err := sdk.AccAddressFromBech32(e.Address); err != nil {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: address %q: %v", i, e.Address, err)
		}
		if e.Id == 0 || e.Id >= gs.NextUnbondingId || ids[e.Id] {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: id %d must be unique and in 1..%d", i, e.Id, gs.NextUnbondingId-1)
		}
		ids[e.Id] = true
		if err := ValidateRole(e.Role); err != nil {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: %v", i, err)
		}
		if e.Amount.IsNil() || !e.Amount.IsPositive() {
			return ErrInvalidGenesis.Wrapf("unbondings[%d]: amount must be positive", i)
		}
	}
	if gs.NextUnbondingId == 0 {
		return ErrInvalidGenesis.Wrap("next_unbonding_id must be at least 1")
	}
	return nil
}

package types

import (
	"fmt"

	cryptocodec "github.com/cosmos/cosmos-sdk/crypto/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidatePowerGenesis checks the consensus-power half of a genesis: weights
// by valid, unique operators with multipliers in range; a last-sent set of
// unique, decodable consensus keys with positive powers; power records with
// valid addresses, unique (address, height) keys and non-negative powers.
func ValidatePowerGenesis(gs GenesisState) error {
	operators := map[string]bool{}
	for i, w := range gs.Weights {
		if _, err := sdk.ValAddressFromBech32(w.OperatorAddress); err != nil {
			return ErrInvalidGenesis.Wrapf("weights[%d]: operator %q: %s", i, w.OperatorAddress, err)
		}
		if operators[w.OperatorAddress] {
			return ErrInvalidGenesis.Wrapf("weights[%d]: operator %s appears more than once", i, w.OperatorAddress)
		}
		operators[w.OperatorAddress] = true
		if w.Weight.Multiplier == 0 || w.Weight.Multiplier > MaxMultiplierBound {
			return ErrInvalidGenesis.Wrapf("weights[%d]: multiplier %d must be in 1..%d", i, w.Weight.Multiplier, MaxMultiplierBound)
		}
	}

	sent := map[string]bool{}
	for i, s := range gs.LastSent {
		if _, err := sdk.ValAddressFromBech32(s.OperatorAddress); err != nil {
			return ErrInvalidGenesis.Wrapf("last_sent[%d]: operator %q: %s", i, s.OperatorAddress, err)
		}
		pk, err := cryptocodec.FromCmtProtoPublicKey(s.PubKey)
		if err != nil {
			return ErrInvalidGenesis.Wrapf("last_sent[%d]: consensus key: %s", i, err)
		}
		key := string(pk.Address())
		if sent[key] {
			return ErrInvalidGenesis.Wrapf("last_sent[%d]: consensus key of %s appears more than once", i, s.OperatorAddress)
		}
		sent[key] = true
		if s.Power <= 0 || s.StakingPower <= 0 {
			return ErrInvalidGenesis.Wrapf("last_sent[%d]: powers must be positive (staking %d, weighted %d)", i, s.StakingPower, s.Power)
		}
	}

	records := map[string]bool{}
	for i, r := range gs.PowerRecords {
		addr, err := sdk.ConsAddressFromBech32(r.ConsAddress)
		if err != nil {
			return ErrInvalidGenesis.Wrapf("power_records[%d]: address %q: %s", i, r.ConsAddress, err)
		}
		key := fmt.Sprintf("%x/%d", addr, r.Height)
		if records[key] {
			return ErrInvalidGenesis.Wrapf("power_records[%d]: %s at height %d appears more than once", i, r.ConsAddress, r.Height)
		}
		records[key] = true
		if r.Record.Power < 0 || r.Record.StakingPower < 0 {
			return ErrInvalidGenesis.Wrapf("power_records[%d]: powers must not be negative", i)
		}
	}
	return nil
}

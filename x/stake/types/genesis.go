package types

// DefaultGenesis returns the default genesis: default params and no
// participants; the validator set starts as x/staking's at multiplier 1.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextUnbondingId: 1}
}

// Validate checks params and both halves of the genesis.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if err := ValidateParticipantsGenesis(gs); err != nil {
		return err
	}
	return ValidatePowerGenesis(gs)
}

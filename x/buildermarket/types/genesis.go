package types

// DefaultGenesis returns the default genesis.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextTaskId: 1, NextModelId: 1, NextBountyId: 1}
}

// Validate checks the genesis.
func (gs GenesisState) Validate() error { return nil }

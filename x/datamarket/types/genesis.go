package types

// DefaultGenesis returns the default genesis.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextOrderId: 1, NextDealId: 1}
}

// Validate checks the genesis.
func (gs GenesisState) Validate() error { return nil }

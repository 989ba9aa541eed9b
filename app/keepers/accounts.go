package keepers

import (
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"

	"github.com/litegpt/litegpt/app/tokenomics"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// ModuleAccountPermissions lists every module account and what it may do.
// No account may mint ulgpt: the supply is fixed at genesis. The transfer
// module mints and burns IBC vouchers of other chains' denoms only.
func ModuleAccountPermissions() map[string][]string {
	return map[string][]string{
		authtypes.FeeCollectorName:     nil,
		distrtypes.ModuleName:          nil,
		stakingtypes.BondedPoolName:    {authtypes.Burner, authtypes.Staking},
		stakingtypes.NotBondedPoolName: {authtypes.Burner, authtypes.Staking},
		govtypes.ModuleName:            {authtypes.Burner},
		ibctransfertypes.ModuleName:    {authtypes.Minter, authtypes.Burner},
		tokenomics.NetworkRewardsPool:  nil,
		staketypes.ModuleName:          {authtypes.Burner}, // escrows role bonds; burns slashed ones when params say so
		buildertypes.ModuleName:        nil,                // escrows model deposits and bounty rewards
		datamarkettypes.ModuleName:     nil,                // escrows bids and deals
	}
}

// BlockedAddresses are the module accounts that may not receive funds by a
// plain bank send. The gov account is allowed (deposits refunds, community
// spends).
func BlockedAddresses() map[string]bool {
	blocked := make(map[string]bool)
	for name := range ModuleAccountPermissions() {
		blocked[authtypes.NewModuleAddress(name).String()] = true
	}
	delete(blocked, authtypes.NewModuleAddress(govtypes.ModuleName).String())
	return blocked
}

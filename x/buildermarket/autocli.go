package buildermarket

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// AutoCLIOptions describes the module's CLI.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{Service: types.Query_serviceDesc.ServiceName},
		Tx:    &autocliv1.ServiceCommandDescriptor{Service: types.Msg_serviceDesc.ServiceName},
	}
}

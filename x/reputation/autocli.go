package reputation

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/litegpt/litegpt/x/reputation/types"
)

// AutoCLIOptions describes the module's CLI: `litegptd query reputation ...`
// and `litegptd tx reputation ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the reputation parameters (decay half-life, history length, outcome weights)",
					Example:   "litegptd query reputation params",
				},
				{
					RpcMethod:      "Score",
					Use:            "score [address]",
					Short:          "Show an address's reputation score, decayed to the latest height (micro-units, neutral 500000)",
					Example:        "litegptd query reputation score lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod: "Scores",
					Use:       "ranking",
					Alias:     []string{"scores"},
					Short:     "List addresses ranked by decayed reputation, highest first",
					Example:   "litegptd query reputation ranking --page-limit 20\nlitegptd query reputation ranking --page-reverse --page-limit 5",
				},
				{
					RpcMethod:      "History",
					Use:            "history [address]",
					Short:          "List an address's recent outcomes (what moved its score), newest first",
					Example:        "litegptd query reputation history lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s --page-limit 10",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod:      "UpdateParams",
					Use:            "update-params-proposal [params-json]",
					Short:          "Submit a governance proposal that replaces the reputation parameters",
					Long:           "Only x/gov may change parameters, so this command wraps MsgUpdateParams in a governance proposal signed by --from. params-json is the full Params object (every field, one weight for each of the ten outcome kinds), inline or as the path of a .json file.",
					Example:        `litegptd tx reputation update-params-proposal params.json --from alice --deposit 10000000ulgpt --title "Faster decay" --summary "Halve reputation every 1000 blocks"`,
					GovProposal:    true,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				},
			},
		},
	}
}

package pog

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/litegpt/litegpt/x/pog/types"
)

// AutoCLIOptions describes the module's CLI: `litegptd query pog ...` and
// `litegptd tx pog ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service:           types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: queryCommands(),
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service:           types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: txCommands(),
		},
	}
}

func queryCommands() []*autocliv1.RpcCommandOptions {
	versionID := []*autocliv1.PositionalArgDescriptor{{ProtoField: "version_id"}}
	return []*autocliv1.RpcCommandOptions{
		{
			RpcMethod: "Params",
			Use:       "params",
			Short:     "Show the pog parameters (proof verification gas, lineage query limit)",
			Example:   "litegptd query pog params",
		},
		{
			RpcMethod:      "Version",
			Use:            "version [version-id]",
			Short:          "Show a model version: learner, parents, weights commitment, the leaf it trained on, status",
			Example:        "litegptd query pog version 1",
			PositionalArgs: versionID,
		},
		{
			RpcMethod: "Versions",
			Use:       "versions",
			Short:     "List versions by id: all, one model's (--model-id) or one learner's (--learner)",
			Example:   "litegptd query pog versions --model-id 1\nlitegptd query pog versions --learner lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s",
		},
		{
			RpcMethod:      "Lineage",
			Use:            "lineage [version-id]",
			Short:          "List a version's ancestors, nearest first (the model's initial weights are not listed)",
			Example:        "litegptd query pog lineage 3",
			PositionalArgs: versionID,
		},
		{
			RpcMethod:      "Children",
			Use:            "children [version-id]",
			Short:          "List the versions that merged a version",
			Example:        "litegptd query pog children 1",
			PositionalArgs: versionID,
		},
	}
}

func txCommands() []*autocliv1.RpcCommandOptions {
	return []*autocliv1.RpcCommandOptions{
		{
			RpcMethod: "SubmitUpdate",
			Use:       "submit-update [model-id] [weights-commitment] [proof]",
			Short:     "Submit a model version with its step proof (needs the LEARNER or DATA_NODE role)",
			Long: "weights-commitment is the new weights' 32-byte commitment and proof the step proof in gnark's compressed " +
				"Groth16 encoding (196 bytes): base64, hex, or the path of a file holding the raw bytes, such as the one " +
				"`litegpt-sidecar prove --raw-proof` writes. --parents lists 1..16 version ids merged (0 is the model's initial " +
				"weights) and --merge-weights one weight each; --parent-deals cites, per parent, the settled MODEL_UPDATE deal " +
				"that bought another account's version (0 for your own versions, the initial weights and the model's best " +
				"accepted version). --data names the leaf trained on: {\"deal_id\":D,\"leaf\":L} for a leaf bought in your " +
				"settled DATA deal D, or {\"data_root\":\"<base64>\",\"leaf\":L} for your own data. --learning-rate is the " +
				"step's fixed-point rate, as proven. The proof is verified in the transaction against the model's approved " +
				"train-step circuit, with your address and the chain-id bound in; the gas for it is charged even when it fails.",
			Example: "litegptd tx pog submit-update 1 HLTHRMmPVW92lGp9IA60j1DI8E+UimecjsLTJgC1Nk4= step.bin --mode zk " +
				`--parents 0 --merge-weights 1 --data '{"deal_id":1,"leaf":3}' --learning-rate 16 --samples 32 ` +
				"--claimed-metric 912000 --weights-uri /ip4/127.0.0.1/tcp/4001 --from bob",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "model_id"}, {ProtoField: "weights_commitment"}, {ProtoField: "proof"},
			},
		},
		{
			RpcMethod: "UpdateParams",
			Use:       "update-params-proposal [params-json-file]",
			Short:     "Submit a governance proposal that replaces the pog parameters",
			Long: "Only x/gov may change parameters, so this wraps MsgUpdateParams in a proposal signed by --from. The argument " +
				"is a JSON file (ending in .json) holding the full Params object.",
			Example: "litegptd tx pog update-params-proposal params.json --from alice --deposit 10000000ulgpt " +
				`--title "Cheaper proofs" --summary "Validators verify faster than the default assumes"`,
			GovProposal:    true,
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
		},
	}
}

package stake

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/litegpt/litegpt/x/stake/types"
)

const exampleAddress = "lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s"

// AutoCLIOptions describes the module's CLI: `litegptd query stake ...` and
// `litegptd tx stake ...`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the stake parameters (role minimums, unbonding period, power weighting)",
					Example:   "litegptd query stake params",
				},
				{
					RpcMethod:      "Participant",
					Use:            "participant [address]",
					Short:          "Show a participant: endpoint, HPKE key, device profile and tier, role bonds",
					Example:        "litegptd query stake participant " + exampleAddress,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}},
				},
				{
					RpcMethod:      "ParticipantsByRole",
					Use:            "role [role]",
					Short:          "List the participants bonded for a role (data-node, learner, verifier, router, builder, inference-node)",
					Example:        "litegptd query stake role learner --page-limit 20",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}},
				},
				{
					RpcMethod: "PowerTable",
					Use:       "power-table",
					Short:     "Show each validator's staking power, reputation, multiplier and the weighted power sent to CometBFT",
					Example:   "litegptd query stake power-table",
				},
				{
					RpcMethod: "Unbondings",
					Use:       "unbondings",
					Short:     "List role stake waiting to be paid back, in completion order (--address for one account)",
					Example:   "litegptd query stake unbondings\nlitegptd query stake unbondings --address " + exampleAddress,
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "RegisterParticipant",
					Use:       "register [endpoint] [hpke-public-key-base64] [role] [bond]",
					Short:     "Register as a participant and bond stake for a first role",
					Long: "endpoint is your sidecar's libp2p multiaddr ending in /p2p/<peer id>; the HPKE key is the 32-byte X25519 public key, " +
						"base64; the device profile is given with --profile as JSON (memory_bytes, milli_tflops, bandwidth_bps).",
					Example: `litegptd tx stake register /ip4/127.0.0.1/tcp/4001/p2p/12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X ` +
						`AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= learner 10000000000ulgpt ` +
						`--profile '{"memory_bytes":"17179869184","milli_tflops":"8000","bandwidth_bps":"1000000000"}' --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "endpoint"}, {ProtoField: "hpke_public_key"}, {ProtoField: "role"}, {ProtoField: "bond"},
					},
				},
				{
					RpcMethod:      "BondRole",
					Use:            "bond [role] [amount]",
					Short:          "Bond more stake for a role (a new role must reach its minimum)",
					Example:        "litegptd tx stake bond verifier 10000000000ulgpt --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}, {ProtoField: "amount"}},
				},
				{
					RpcMethod:      "UnbondRole",
					Use:            "unbond [role] [amount]",
					Short:          "Start unbonding part of a role's bond; it is paid back after the unbonding period",
					Example:        "litegptd tx stake unbond learner 1000000000ulgpt --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}, {ProtoField: "amount"}},
				},
				{
					RpcMethod:      "LeaveRole",
					Use:            "leave [role]",
					Short:          "Unbond all of a role's bond and drop the role",
					Example:        "litegptd tx stake leave verifier --from alice",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}},
				},
				{
					RpcMethod: "UpdateParticipant",
					Use:       "update",
					Short:     "Change your endpoint (--endpoint), HPKE key (--hpke-public-key) or device profile (--profile JSON)",
					Example:   `litegptd tx stake update --endpoint /dns4/node.example.org/tcp/4001/p2p/12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X --from alice`,
				},
				{
					RpcMethod:      "UpdateParams",
					Use:            "update-params-proposal [params-json-file]",
					Short:          "Submit a governance proposal that replaces the stake parameters",
					Long:           "Only x/gov may change parameters, so this wraps MsgUpdateParams in a proposal signed by --from. The argument is a JSON file holding the full Params object.",
					Example:        `litegptd tx stake update-params-proposal params.json --from alice --deposit 10000000ulgpt --title "Shorter epochs" --summary "Re-weight validators every 50 blocks"`,
					GovProposal:    true,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
				},
			},
		},
	}
}

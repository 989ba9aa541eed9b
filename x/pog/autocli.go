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
		{
			RpcMethod:      "Poll",
			Use:            "poll [poll-id]",
			Short:          "Show a verifier poll: its version, beacon round, committee, windows, outcome, and the votes while it is open",
			Example:        "litegptd query pog poll 1",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "poll_id"}},
		},
		{
			RpcMethod: "PendingPolls",
			Use:       "pending-polls",
			Short:     "List the open polls: waiting for their committee, committing or revealing",
			Example:   "litegptd query pog pending-polls",
		},
		{
			RpcMethod: "Beacon",
			Use:       "beacon",
			Short:     "Show the beacon round and reward epoch, the round's commitments and reveals, and the last final round's seed",
			Example:   "litegptd query pog beacon",
		},
		{
			RpcMethod: "Rewards",
			Use:       "rewards",
			Short:     "List the paid epochs, newest first: released, to proposers, to learners, unspent",
			Example:   "litegptd query pog rewards --page-limit 10",
		},
		{
			RpcMethod: "Emission",
			Use:       "emission",
			Short:     "Show the emission: released and paid so far, the current epoch's release, the pool and the schedule's total",
			Example:   "litegptd query pog emission",
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
				"weights) and --merge-weights one weight each; --merge-rule is weighted-average (ZK: what the circuits prove), " +
				"median or trimmed-mean (re-execution); --parent-deals cites, per parent, the settled MODEL_UPDATE deal " +
				"that bought another account's version (0 for your own versions, the initial weights and the model's best " +
				"accepted version). --data names the leaf trained on: {\"deal_id\":D,\"leaf\":L} for a leaf bought in your " +
				"settled DATA deal D, or {\"data_root\":\"<base64>\",\"leaf\":L} for your own data. --learning-rate is the " +
				"step's fixed-point rate, as proven. The proof is verified in the transaction against the model's approved " +
				"train-step circuit, with your address and the chain-id bound in; the gas for it is charged even when it fails. " +
				"--mode reexecution (give '' as the proof) is for public data: {\"data_root\":\"<base64>\",\"leaf\":L,\"uri\":\"<where>\"} " +
				"or {\"none\":true} for a pure merge; sampled verifiers re-execute it and vote. Either way a poll on the task's " +
				"latest validation slice settles --claimed-metric; a false claim is slashed.",
			Example: "litegptd tx pog submit-update 1 HLTHRMmPVW92lGp9IA60j1DI8E+UimecjsLTJgC1Nk4= step.bin --mode zk " +
				`--merge-rule weighted-average --parents 0 --merge-weights 1 --data '{"deal_id":1,"leaf":3}' --learning-rate 16384 ` +
				"--samples 32 --claimed-metric 912000 --weights-uri /ip4/127.0.0.1/tcp/4001 --from bob\n" +
				"litegptd tx pog submit-update 1 AEJ0HCpLLqN3zk2Avd1ueRlyuNxpHHZYTFjrmEtfDvw= '' --mode reexecution --merge-rule median " +
				`--parents 4,7 --merge-weights 1,1 --data '{"none":true}' --learning-rate 16384 --samples 64 ` +
				"--claimed-metric 915000 --weights-uri /ip4/127.0.0.1/tcp/4001 --from bob",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "model_id"}, {ProtoField: "weights_commitment"}, {ProtoField: "proof"},
			},
		},
		{
			RpcMethod: "CommitBeacon",
			Use:       "commit-beacon [round] [commitment]",
			Short:     "Commit a beacon secret for the current round (VERIFIER role; the round's first half)",
			Long: "commitment is sortition.CommitHash(chain-id, round, your address, secret) of a 32-byte secret you keep; " +
				"`litegptd query pog beacon` shows the round and its windows. Reveal it in the round's second half; a commitment " +
				"left unrevealed costs reputation.",
			Example:        "litegptd tx pog commit-beacon 12 8JcVlOE2mQ7b1y3u7qkS1x0oJ1c2Q0m7lYVYt5h2f3Q= --from verifier1",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "round"}, {ProtoField: "commitment"}},
		},
		{
			RpcMethod:      "RevealBeacon",
			Use:            "reveal-beacon [round] [secret]",
			Short:          "Reveal the beacon secret you committed this round (the round's second half)",
			Example:        "litegptd tx pog reveal-beacon 12 q2Ck8jTqXq4o5dGq9Yq7E0X2zH5rWmQ1vY0bB8cJ3kE= --from verifier1",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "round"}, {ProtoField: "secret"}},
		},
		{
			RpcMethod: "CommitVote",
			Use:       "commit-vote [poll-id] [commitment]",
			Short:     "Commit your vote on a poll you were drawn for (before its commit_end_height)",
			Long: "commitment is types.VoteCommitment(chain-id, poll, your address, result, salt); `litegpt-sidecar vote prepare` " +
				"re-executes the version, computes the result and prints the commitment, keeping the salt for the reveal.",
			Example:        "litegptd tx pog commit-vote 3 xWjDtts4x8FNmZGdL7IpNK4xv8xc7QjUlk2SztzwyTQ= --from verifier1",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "poll_id"}, {ProtoField: "commitment"}},
		},
		{
			RpcMethod: "RevealVote",
			Use:       "reveal-vote [poll-id] [result] [salt]",
			Short:     "Reveal your vote on a poll (from its commit_end_height until its reveal_end_height)",
			Long: "result is the JSON VoteResult you committed: verdict VERDICT_VALID with the metrics you computed (x10^6), or " +
				"VERDICT_INVALID / VERDICT_WITHHELD with none; salt is the 32 bytes you committed with (`litegpt-sidecar vote reveal` " +
				"prints both).",
			Example: "litegptd tx pog reveal-vote 3 " + `'{"verdict":"VERDICT_VALID","metric":"912000","parent_metric":"880000"}' ` +
				"NtAoQ4FgVevxAnoMUFqwZmzpoKbIr1Sjk6B1F+AQAx8= --from verifier1",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "poll_id"}, {ProtoField: "result"}, {ProtoField: "salt"}},
		},
		{
			RpcMethod: "RequestTestScore",
			Use:       "request-test-score [version-id]",
			Short:     "Open a poll scoring an accepted version on its task's revealed test set (the model's builder or the version's learner)",
			Long: "The task's bounties are paid on the test scores these polls record in x/buildermarket, once their scoring " +
				"window ends; one open poll per version.",
			Example:        "litegptd tx pog request-test-score 7 --from builder",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "version_id"}},
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

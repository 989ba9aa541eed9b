package buildermarket

import (
	"fmt"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// The examples walk through one task, the UCI digits: three validation
// slices and a test set of 14 leaves each, committed with `litegptd market
// dataset-commitment` (the reveal examples open the create-task example's
// commitments), a logistic regression on approved circuits and a bounty.
// Bytes are base64, as that tool prints them.
const (
	exampleTaskFlags = `--description "8x8 handwritten digits, 10 classes" ` +
		`--input '{"features":64,"min_raw":"0","max_raw":"4096","description":"pixel intensities 0..16 in Q8.8"}' ` +
		`--label '{"kind":"LABEL_KIND_CLASSIFICATION","classes":10,"description":"the digit"}' ` +
		`--batch-size 32 --metric accuracy --direction higher-is-better --format '{"bits":16,"frac":8}' ` +
		`--rounding nearest-even --epoch-blocks 17280`
	exampleTestSetCommitment     = "eRPP6u+D3Q7s9PW6r2SV150cPILmhq+uwAc8MZMiIH4="
	exampleValidationCommitments = "AUQqBiu5RVXwRxC8WssHHKPBCggn1Hi2GbuG0aPis3g= " +
		"95LaZMOa1d4rBd9H7wDg5mJMeYcpPlt8b8rbMOJjMIU= BodZy75KAol6mvIDF1HTNwXzCaSGbGOr7YtA14isYZE="
	// exampleSlice0 is slice 0's task id, index, data root, leaf count and salt.
	exampleSlice0 = "1 0 AB/PEN0TaV2Nw1J/SXMQl/OOJHU5FdzUwA9+Sf6IXDg= 14 GXZTUV/AWcLoROjx1QHZRABVaoyDryD+eWrW+h3v1Dw="
	// exampleTestSet is the test set's task id, data root, leaf count and salt.
	exampleTestSet = "1 AOAf2nf6TQ1ag6DkO51yp62rV7VC9roPKra0zw62S+g= 14 AkM6bPsvbK82DwJ0GTvSFhYbJNYSUGKfD80/KlGYkF4="

	exampleTrainCircuit = "logreg-train-b32-f64-c10-q8.8"
	exampleEvalCircuit  = "logreg-eval-b32-f64-c10-q8.8"
	exampleShape        = `'{"family":"MODEL_FAMILY_LOGISTIC_REGRESSION","purpose":"%s","batch_size":32,"features":64,"classes":10,` +
		`"format":{"bits":16,"frac":8}%s}'`
	exampleProposal = `--from alice --deposit 10000000ulgpt --title %q --summary %q`
)

// AutoCLIOptions describes the module's CLI: `litegptd query buildermarket
// ...` and `litegptd tx buildermarket ...`.
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
	taskID := []*autocliv1.PositionalArgDescriptor{{ProtoField: "task_id"}}
	return []*autocliv1.RpcCommandOptions{
		{
			RpcMethod: "Params",
			Use:       "params",
			Short:     "Show the buildermarket parameters (fees, deposits, bounty and reveal windows, limits)",
			Example:   "litegptd query buildermarket params",
		},
		{
			RpcMethod:      "Task",
			Use:            "task [task-id]",
			Short:          "Show a task: schemas, metric, encoding, commitments, revealed test set, latest bounty deadline",
			Example:        "litegptd query buildermarket task 1",
			PositionalArgs: taskID,
		},
		{
			RpcMethod: "Tasks",
			Use:       "tasks",
			Short:     "List tasks by id",
			Example:   "litegptd query buildermarket tasks --page-limit 20",
		},
		{
			RpcMethod:      "ValidationSlices",
			Use:            "validation-slices [task-id]",
			Short:          "List a task's revealed validation slices, with the current validation epoch and the number of committed slices",
			Example:        "litegptd query buildermarket validation-slices 1",
			PositionalArgs: taskID,
		},
		{
			RpcMethod:      "Circuit",
			Use:            "circuit [id]",
			Short:          "Show a circuit: shape, verifying key, ceremony, transcript hash, approval and revocation",
			Example:        "litegptd query buildermarket circuit " + exampleTrainCircuit,
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
		},
		{
			RpcMethod: "Circuits",
			Use:       "circuits",
			Short:     "List circuits, approved and revoked, by id",
			Example:   "litegptd query buildermarket circuits --page-limit 50",
		},
		{
			RpcMethod:      "Model",
			Use:            "model [model-id]",
			Short:          "Show a model with its verified validation and test scores",
			Example:        "litegptd query buildermarket model 1",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "model_id"}},
		},
		{
			RpcMethod:      "ModelsByTask",
			Use:            "models [task-id]",
			Short:          "List a task's models by id",
			Example:        "litegptd query buildermarket models 1 --page-limit 10",
			PositionalArgs: taskID,
		},
		{
			RpcMethod:      "BestModel",
			Use:            "best-model [task-id]",
			Short:          "Show the task's active model with the best verified validation metric (the one validators serve)",
			Example:        "litegptd query buildermarket best-model 1",
			PositionalArgs: taskID,
		},
		{
			RpcMethod:      "Bounty",
			Use:            "bounty [bounty-id]",
			Short:          "Show a bounty: reward, deadline, threshold, status and winner",
			Example:        "litegptd query buildermarket bounty 1",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "bounty_id"}},
		},
		{
			RpcMethod: "Bounties",
			Use:       "bounties",
			Short:     "List bounties by id, all of them or one task's (--task-id)",
			Example:   "litegptd query buildermarket bounties\nlitegptd query buildermarket bounties --task-id 1 --page-limit 10",
		},
	}
}

func txCommands() []*autocliv1.RpcCommandOptions {
	return []*autocliv1.RpcCommandOptions{
		{
			RpcMethod: "CreateTask",
			Use:       "create-task [name] [test-set-commitment] [validation-commitment]...",
			Short:     "Create a task with committed validation slices and a hidden test set; pays the task creation fee",
			Long: "The commitments are 32 bytes each (base64 or hex), made by `litegptd market dataset-commitment`: the test set's, then one per " +
				"validation slice in reveal order. Slice i is revealed during epoch i ([created + i*epoch_blocks, created + (i+1)*epoch_blocks)); " +
				"the test set after the task's latest bounty deadline. --input, --label and --format are JSON; --metric must agree with " +
				"--direction (accuracy: higher-is-better; cross-entropy, mean-squared-error: lower-is-better).",
			Example: "litegptd tx buildermarket create-task \"UCI digits\" " + exampleTestSetCommitment + " " + exampleValidationCommitments + " " +
				exampleTaskFlags + " --from alice",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "name"}, {ProtoField: "test_set_commitment"}, {ProtoField: "validation_commitments", Varargs: true},
			},
		},
		{
			RpcMethod: "RevealValidationSlice",
			Use:       "reveal-validation-slice [task-id] [index] [data-root] [leaf-count] [salt]",
			Short:     "Open validation slice index of your task during its epoch (--uri says where to fetch it)",
			Example:   "litegptd tx buildermarket reveal-validation-slice " + exampleSlice0 + " --uri ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/validation-0.leaves --from alice",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "task_id"}, {ProtoField: "index"}, {ProtoField: "data_root"}, {ProtoField: "leaf_count"}, {ProtoField: "salt"},
			},
		},
		{
			RpcMethod: "RevealTestSet",
			Use:       "reveal-test-set [task-id] [data-root] [leaf-count] [salt]",
			Short:     "Open your task's hidden test set, from its latest bounty deadline for test_reveal_window_blocks (--uri says where to fetch it)",
			Example:   "litegptd tx buildermarket reveal-test-set " + exampleTestSet + " --uri ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/test.leaves --from alice",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "task_id"}, {ProtoField: "data_root"}, {ProtoField: "leaf_count"}, {ProtoField: "salt"},
			},
		},
		{
			RpcMethod: "ApproveCircuit",
			Use:       "approve-circuit-proposal [id] [shape-json] [verifying-key-file] [ceremony] [transcript-hash]",
			Short:     "Submit a governance proposal that approves a circuit and its Groth16 verifying key",
			Long: "Only x/gov may approve circuits (whoever ran a key's setup can forge proofs for it), so this wraps MsgApproveCircuit in a " +
				"proposal signed by --from. The verifying key file holds gnark's binary (WriteTo) encoding of a Groth16 BN254 key, at most " +
				"max_verifying_key_bytes. The ceremony is multi-party or single-party; single-party keys are accepted only on litegpt-local* " +
				"chain-ids (`go run ./x/buildermarket/testutil/devkey vk.bin` writes one). The transcript hash is the 32-byte hash of the " +
				"setup transcript, base64 or hex.",
			Example: "litegptd tx buildermarket approve-circuit-proposal " + exampleTrainCircuit + " " +
				fmt.Sprintf(exampleShape, "CIRCUIT_PURPOSE_TRAIN_STEP", `,"max_parents":2,"tree_depth":20,"steps":1`) +
				" vk.bin multi-party satylVKQgyoCdIcg9IEjByYZhyN8kOasSTwdYcvf2ag= --description \"logistic regression train step, 32x64 -> 10, Q8.8\" " +
				fmt.Sprintf(exampleProposal, "Approve "+exampleTrainCircuit, "Keys from a multi-party ceremony; replay its transcript to check them") + "\n" +
				"litegptd tx buildermarket approve-circuit-proposal " + exampleEvalCircuit + " " +
				fmt.Sprintf(exampleShape, "CIRCUIT_PURPOSE_EVALUATION", `,"tree_depth":20`) +
				" vk.bin single-party Y6mEwiMmBHXHd0RX63EbkSY/9pYvNZn9r7NaYTZkDCQ= " +
				fmt.Sprintf(exampleProposal, "Dev evaluation key", "Single-party key for a litegpt-local chain"),
			GovProposal: true,
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "id"}, {ProtoField: "shape"}, {ProtoField: "verifying_key"}, {ProtoField: "ceremony"}, {ProtoField: "transcript_hash"},
			},
		},
		{
			RpcMethod: "RevokeCircuit",
			Use:       "revoke-circuit-proposal [id] [reason]",
			Short:     "Submit a governance proposal that revokes a circuit: new models cannot cite it and x/pog refuses proofs against it",
			Example: "litegptd tx buildermarket revoke-circuit-proposal " + exampleTrainCircuit + " \"the setup transcript does not verify\" " +
				fmt.Sprintf(exampleProposal, "Revoke "+exampleTrainCircuit, "Its transcript does not replay"),
			GovProposal:    true,
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}, {ProtoField: "reason"}},
		},
		{
			RpcMethod: "RegisterModel",
			Use:       "register-model [task-id] [name] [architecture-json] [initial-weights]",
			Short:     "Register a model for a task (needs the BUILDER role); escrows the model deposit until you deprecate it",
			Long: "The architecture is JSON: a logistic regression (family only), an MLP (hidden widths) or a TT-MLP (hidden widths and one TT " +
				"layer per weight matrix, modes multiplying to the layer widths). initial-weights is the 32-byte commitment of the seeded " +
				"initial weights (base64 or hex). --format is the weights' fixed-point format (JSON); --train-circuit-id, --eval-circuit-id " +
				"and --inference-circuit-id name approved circuits of the model's shape; --royalty-bps is at most max_royalty_bps.",
			Example: "litegptd tx buildermarket register-model 1 logreg '{\"family\":\"MODEL_FAMILY_LOGISTIC_REGRESSION\"}' " +
				"AOufNV+Mcadx518l7gXQSeCb7YCnQQhKd9xvcNGG9Ro= --format '{\"bits\":16,\"frac\":8}' --weights-uri ipfs://bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly/init.bin " +
				"--train-circuit-id " + exampleTrainCircuit + " --eval-circuit-id " + exampleEvalCircuit + " --royalty-bps 250 --from bob\n" +
				"litegptd tx buildermarket register-model 1 \"tt-mlp 64-64-10\" " +
				`'{"family":"MODEL_FAMILY_TT_MLP","hidden":[64],"tt_layers":[{"input_modes":[8,8],"output_modes":[8,8],"ranks":[4]},{"input_modes":[8,8],"output_modes":[2,5],"ranks":[4]}]}' ` +
				"AB2pzi7c58xnQ3nFaxTBwyXist6SPUdHDc2pKckDmEQ= --format '{\"bits\":16,\"frac\":8}' --royalty-bps 500 --from bob",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{
				{ProtoField: "task_id"}, {ProtoField: "name"}, {ProtoField: "architecture"}, {ProtoField: "initial_weights"},
			},
		},
		{
			RpcMethod:      "DeprecateModel",
			Use:            "deprecate-model [model-id]",
			Short:          "Withdraw your model: its deposit comes back and it leaves the validation ranking (its test score stays)",
			Example:        "litegptd tx buildermarket deprecate-model 2 --from bob",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "model_id"}},
		},
		{
			RpcMethod: "PostBounty",
			Use:       "post-bounty [task-id] [reward] [deadline-height]",
			Short:     "Escrow a reward for the best model of a task whose test set is still hidden",
			Long: "The deadline is min_bounty_blocks..max_bounty_blocks ahead; the task's test set may be revealed only after it. After the " +
				"scoring window the model with the best verified test metric that was registered before the deadline wins the reward " +
				"(with --has-threshold only if its metric, x10^6, reaches --threshold); otherwise the reward comes back.",
			Example: "litegptd tx buildermarket post-bounty 1 500000000ulgpt 120000 --from carol\n" +
				"litegptd tx buildermarket post-bounty 1 1000000000ulgpt 200000 --has-threshold --threshold 950000 --from carol",
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "task_id"}, {ProtoField: "reward"}, {ProtoField: "deadline_height"}},
		},
		{
			RpcMethod:      "UpdateParams",
			Use:            "update-params-proposal [params-json-file]",
			Short:          "Submit a governance proposal that replaces the buildermarket parameters",
			Long:           "Only x/gov may change parameters, so this wraps MsgUpdateParams in a proposal signed by --from. The argument is a JSON file (ending in .json) holding the full Params object.",
			Example:        "litegptd tx buildermarket update-params-proposal params.json " + fmt.Sprintf(exampleProposal, "Longer scoring window", "Give x/pog two days to score test sets"),
			GovProposal:    true,
			PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
		},
	}
}

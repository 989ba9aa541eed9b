package buildermarket_test

import (
	"os"
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"

	"github.com/litegpt/litegpt/testutil/autoclitest"
	"github.com/litegpt/litegpt/x/buildermarket"
	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// signer stands in for --from: the CLI fills the signer field from it.
const signer = "lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s"

// The example circuits, as the query, approve, revoke and register
// examples name them.
const (
	trainCircuit = "logreg-train-b32-f64-c10-q8.8"
	evalCircuit  = "logreg-eval-b32-f64-c10-q8.8"
)

// Every CLI example in AutoCLIOptions must run (queries) or parse (txs),
// and build the request it means: queries are checked on the request the
// CLI sent, txs on the message the CLI builds from the example's flags and
// arguments, which must pass the module's stateless checks with the
// default params and fit together (the reveals open the create-task
// example's commitments, the model cites circuits of its shape).
func TestAutoCLIExamples(t *testing.T) {
	// The examples name params.json and vk.bin in the working directory.
	t.Chdir(t.TempDir())
	params := types.DefaultParams()
	params.ScoringWindowBlocks = 34_560
	paramsJSON, err := moduletestutil.MakeTestEncodingConfig().Codec.MarshalJSON(&params)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile("params.json", paramsJSON, 0o600))
	require.NoError(t, os.WriteFile("vk.bin", bmtestutil.VerifyingKey(), 0o600))

	opts := buildermarket.AppModule{}.AutoCLIOptions()
	res := autoclitest.Run(t, types.ModuleName, opts, map[string]gogoproto.Message{
		"Params":           &types.QueryParamsResponse{Params: types.DefaultParams()},
		"Task":             &types.QueryTaskResponse{},
		"Tasks":            &types.QueryTasksResponse{},
		"ValidationSlices": &types.QueryValidationSlicesResponse{},
		"Circuit":          &types.QueryCircuitResponse{},
		"Circuits":         &types.QueryCircuitsResponse{},
		"Model":            &types.QueryModelResponse{},
		"ModelsByTask":     &types.QueryModelsByTaskResponse{},
		"BestModel":        &types.QueryBestModelResponse{},
		"Bounty":           &types.QueryBountyResponse{},
		"Bounties":         &types.QueryBountiesResponse{},
	})
	checked := map[string]bool{}
	for _, q := range res.Queries {
		checkQuery(t, q)
		checked[q.Method] = true
	}

	msgs := map[string][]gogoproto.Message{}
	for _, tx := range res.Txs {
		msgs[tx.Method] = append(msgs[tx.Method], autoclitest.BuildTx(t, opts.Tx, tx, signer))
		checked[tx.Method] = true
	}
	checkTxs(t, msgs, params)
	autoclitest.RequireEveryMethod(t, opts, checked)
}

// checkQuery checks the request a query example sent.
func checkQuery(t *testing.T, q autoclitest.QueryCall) {
	t.Helper()
	decode := func(req gogoproto.Message) {
		require.NoError(t, gogoproto.Unmarshal(q.Request, req), "example %v", q.Args)
	}
	switch q.Method {
	case "Task":
		var req types.QueryTaskRequest
		decode(&req)
		require.Equal(t, uint64(1), req.TaskId)
	case "Tasks":
		var req types.QueryTasksRequest
		decode(&req)
		require.Equal(t, uint64(20), req.Pagination.Limit)
	case "ValidationSlices":
		var req types.QueryValidationSlicesRequest
		decode(&req)
		require.Equal(t, uint64(1), req.TaskId)
	case "Circuit":
		var req types.QueryCircuitRequest
		decode(&req)
		require.Equal(t, trainCircuit, req.Id)
		require.NoError(t, types.ValidateCircuitID(req.Id))
	case "Circuits":
		var req types.QueryCircuitsRequest
		decode(&req)
		require.Equal(t, uint64(50), req.Pagination.Limit)
	case "Model":
		var req types.QueryModelRequest
		decode(&req)
		require.Equal(t, uint64(1), req.ModelId)
	case "ModelsByTask":
		var req types.QueryModelsByTaskRequest
		decode(&req)
		require.Equal(t, uint64(1), req.TaskId)
		require.Equal(t, uint64(10), req.Pagination.Limit)
	case "BestModel":
		var req types.QueryBestModelRequest
		decode(&req)
		require.Equal(t, uint64(1), req.TaskId)
	case "Bounty":
		var req types.QueryBountyRequest
		decode(&req)
		require.Equal(t, uint64(1), req.BountyId)
	case "Bounties":
		var req types.QueryBountiesRequest
		decode(&req)
		if len(q.Args) == 0 {
			require.Zero(t, req.TaskId, "all tasks")
		} else {
			require.Equal(t, uint64(1), req.TaskId)
			require.Equal(t, uint64(10), req.Pagination.Limit)
		}
	}
}

// checkTxs checks the messages the tx examples build, on their own and
// against each other.
func checkTxs(t *testing.T, msgs map[string][]gogoproto.Message, params types.Params) {
	t.Helper()
	defaults := types.DefaultParams()
	one := func(method string) gogoproto.Message {
		require.Len(t, msgs[method], 1, "examples of %s", method)
		return msgs[method][0]
	}

	createTask := one("CreateTask").(*types.MsgCreateTask)
	require.NoError(t, types.ValidateCreateTask(createTask, defaults))
	require.Equal(t, "UCI digits", createTask.Name)
	require.Equal(t, types.InputSchema{Features: 64, MinRaw: 0, MaxRaw: 4096, Description: "pixel intensities 0..16 in Q8.8"}, createTask.Input)
	require.Equal(t, types.LabelSchema{Kind: types.LabelClassification, Classes: 10, Description: "the digit"}, createTask.Label)
	require.Equal(t, types.FixedPointFormat{Bits: 16, Frac: 8}, createTask.Format)
	require.Equal(t, []any{uint32(32), types.MetricAccuracy, types.HigherIsBetter, types.RoundNearestEven, uint64(17_280)},
		[]any{createTask.BatchSize, createTask.Metric, createTask.Direction, createTask.Rounding, createTask.EpochBlocks})
	require.Len(t, createTask.ValidationCommitments, 3)
	task := types.NewTask(createTask, 1, signer, 1)

	slice := one("RevealValidationSlice").(*types.MsgRevealValidationSlice)
	require.NoError(t, types.ValidateRevealValidationSlice(slice))
	require.Equal(t, []any{uint64(1), uint32(0), uint64(14)}, []any{slice.TaskId, slice.Index, slice.LeafCount})
	require.Equal(t, task.ValidationCommitments[slice.Index],
		types.DatasetCommitment(types.DatasetValidation, slice.Index, slice.DataRoot, slice.LeafCount, slice.Salt),
		"the reveal example opens the create-task example's slice commitment")
	require.Contains(t, slice.Uri, "validation-0.leaves")

	testSet := one("RevealTestSet").(*types.MsgRevealTestSet)
	require.NoError(t, types.ValidateRevealTestSet(testSet))
	require.Equal(t, task.TestSetCommitment, types.DatasetCommitment(types.DatasetTest, 0, testSet.DataRoot, testSet.LeafCount, testSet.Salt),
		"the reveal example opens the create-task example's test-set commitment")

	circuits := map[string]types.Circuit{}
	for _, m := range msgs["ApproveCircuit"] {
		msg := m.(*types.MsgApproveCircuit)
		require.NoError(t, types.ValidateApproveCircuit(msg, defaults.MaxVerifyingKeyBytes), "circuit %s", msg.Id)
		require.Equal(t, bmtestutil.VerifyingKey(), msg.VerifyingKey, "read from vk.bin")
		require.NoError(t, types.CheckCeremony(msg.Ceremony, "litegpt-local-1"))
		circuits[msg.Id] = types.NewCircuit(msg, 1)
	}
	require.Len(t, circuits, 2)
	require.Equal(t, types.CeremonyMultiParty, circuits[trainCircuit].Ceremony)
	require.Equal(t, types.PurposeTrainStep, circuits[trainCircuit].Shape.Purpose)
	require.Equal(t, types.CeremonySingleParty, circuits[evalCircuit].Ceremony, "the local-chain example")
	require.ErrorIs(t, types.CheckCeremony(circuits[evalCircuit].Ceremony, "litegpt-1"), types.ErrSinglePartyKey)
	require.Equal(t, types.PurposeEvaluation, circuits[evalCircuit].Shape.Purpose)

	revoke := one("RevokeCircuit").(*types.MsgRevokeCircuit)
	require.NoError(t, types.ValidateRevokeCircuit(revoke))
	require.Equal(t, trainCircuit, revoke.Id)
	require.Equal(t, "the setup transcript does not verify", revoke.Reason)

	require.Len(t, msgs["RegisterModel"], 2)
	families := map[types.ModelFamily]bool{}
	for _, m := range msgs["RegisterModel"] {
		msg := m.(*types.MsgRegisterModel)
		require.NoError(t, types.ValidateRegisterModel(msg, defaults))
		require.Equal(t, uint64(1), msg.TaskId)
		require.NoError(t, types.ValidateArchitecture(msg.Architecture, task.Input.Features, task.OutputWidth()), "model %q fits the task", msg.Name)
		model := types.NewModel(msg, 1, signer, defaults.ModelDeposit, 1)
		for _, ref := range model.CircuitRefs() {
			c, ok := circuits[ref.ID]
			require.True(t, ok, "model %q cites %s, which no approve example approves", msg.Name, ref.ID)
			require.NoError(t, types.CheckCircuitFits(c, ref, model, task))
		}
		families[msg.Architecture.Family] = true
	}
	require.Equal(t, map[types.ModelFamily]bool{types.FamilyLogisticRegression: true, types.FamilyTTMLP: true}, families)
	logreg := msgs["RegisterModel"][0].(*types.MsgRegisterModel)
	require.Equal(t, []string{trainCircuit, evalCircuit, ""}, []string{logreg.TrainCircuitId, logreg.EvalCircuitId, logreg.InferenceCircuitId})
	require.Equal(t, uint32(250), logreg.RoyaltyBps)

	require.Equal(t, uint64(2), one("DeprecateModel").(*types.MsgDeprecateModel).ModelId)

	require.Len(t, msgs["PostBounty"], 2)
	thresholds := 0
	for _, m := range msgs["PostBounty"] {
		msg := m.(*types.MsgPostBounty)
		require.NoError(t, types.ValidatePostBounty(msg, defaults))
		require.Equal(t, uint64(1), msg.TaskId)
		if msg.HasThreshold {
			require.NoError(t, types.ValidateMetricValue(task.Metric, msg.Threshold))
			require.Equal(t, int64(950_000), msg.Threshold)
			thresholds++
		}
	}
	require.Equal(t, 1, thresholds)

	update := one("UpdateParams").(*types.MsgUpdateParams)
	require.NoError(t, update.Params.Validate())
	require.Equal(t, params, update.Params, "read from params.json")
}

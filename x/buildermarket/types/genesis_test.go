package types_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func genesisAddr(i byte) string { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)).String() }

// populatedGenesis has two tasks (the first with a revealed test set), a
// revealed slice, an approved and a revoked circuit, three models (one
// deprecated), scores, and an open, a paid and a refunded bounty.
func populatedGenesis() types.GenesisState {
	p := types.DefaultParams()
	task1 := types.NewTask(testutil.CreateTaskMsg(genesisAddr(1), 2, 100), 1, genesisAddr(1), 10)
	task1.LatestBountyDeadline = 500
	test := testutil.TestSetOpening()
	task1.TestSet = &types.RevealedDataset{DataRoot: test.DataRoot, LeafCount: test.LeafCount, Uri: "ipfs://test", RevealedHeight: 510}
	task2 := types.NewTask(testutil.RegressionTaskMsg(genesisAddr(2), 1, 100), 2, genesisAddr(2), 50)
	task2.LatestBountyDeadline = 300

	v0 := testutil.ValidationOpening(0)
	train := types.NewCircuit(testutil.ApproveCircuitMsg(genesisAddr(9), "logreg-train", testutil.Shape(types.FamilyLogisticRegression, types.PurposeTrainStep)), 5)
	eval := types.NewCircuit(testutil.ApproveCircuitMsg(genesisAddr(9), "logreg-eval", testutil.Shape(types.FamilyLogisticRegression, types.PurposeEvaluation)), 6)
	eval.Revoked, eval.RevokedHeight = true, 8

	model := func(id uint64, task uint64, builder byte, height int64) types.Model {
		return types.NewModel(testutil.RegisterModelMsg(genesisAddr(builder), task), id, genesisAddr(builder), p.ModelDeposit, height)
	}
	m1 := model(1, 1, 3, 20)
	m1.TrainCircuitId = "logreg-train"
	m2 := model(2, 1, 4, 30)
	m2.EvalCircuitId = "logreg-eval"
	m2.Status, m2.DeprecatedHeight = types.ModelDeprecated, 600
	m3 := model(3, 2, 3, 60)

	bounty := func(id, task uint64, deadline, created int64) types.Bounty {
		return types.Bounty{Id: id, TaskId: task, Poster: genesisAddr(5), Reward: p.MinBountyReward, DeadlineHeight: deadline, CreatedHeight: created, Status: types.BountyOpen}
	}
	paid := bounty(1, 1, 400, 100)
	paid.Status, paid.ResolvedHeight, paid.WinnerModelId, paid.WinningMetric = types.BountyPaid, 600, 1, 910_000
	refunded := bounty(3, 2, 300, 60)
	refunded.Status, refunded.ResolvedHeight = types.BountyRefunded, 400

	return types.GenesisState{
		Params:           p,
		Tasks:            []types.Task{task1, task2},
		ValidationSlices: []types.ValidationSlice{{TaskId: 1, Index: 0, Dataset: types.RevealedDataset{DataRoot: v0.DataRoot, LeafCount: v0.LeafCount, Uri: "ipfs://v0", RevealedHeight: 20}}},
		Circuits:         []types.Circuit{eval, train},
		Models:           []types.Model{m1, m2, m3},
		ValidationScores: []types.ModelScore{
			{ModelId: 1, TaskId: 1, Version: 4, Metric: 850_000, Height: 40, Direction: types.HigherIsBetter},
			{ModelId: 3, TaskId: 2, Version: 1, Metric: 12_000, Height: 70, Direction: types.LowerIsBetter},
		},
		TestScores: []types.ModelScore{
			{ModelId: 1, TaskId: 1, Version: 5, Metric: 910_000, Height: 520, Direction: types.HigherIsBetter},
			{ModelId: 2, TaskId: 1, Version: 2, Metric: 700_000, Height: 530, Direction: types.HigherIsBetter},
		},
		Bounties:   []types.Bounty{paid, bounty(2, 1, 500, 110), refunded},
		NextTaskId: 3, NextModelId: 4, NextBountyId: 4,
	}
}

func TestGenesisValidate(t *testing.T) {
	require.NoError(t, types.DefaultGenesis().Validate())
	require.NoError(t, populatedGenesis().Validate())

	for _, tc := range []struct {
		name     string
		malleate func(gs *types.GenesisState)
		contains string
	}{
		{"bad params", func(gs *types.GenesisState) { gs.Params.MaxBountyResolutionsPerBlock = 0 }, "max_bounty_resolutions_per_block"},
		{"next id zero", func(gs *types.GenesisState) { gs.NextBountyId = 0 }, "next ids start at 1"},
		{"duplicate task", func(gs *types.GenesisState) { gs.Tasks = append(gs.Tasks, gs.Tasks[0]) }, "task 1 appears twice"},
		{"task at next id", func(gs *types.GenesisState) { gs.NextTaskId = 2 }, "task 2 is not below next_task_id 2"},
		{"bad task", func(gs *types.GenesisState) { gs.Tasks[1].Name = "" }, "task 2: name"},
		{"bad creator", func(gs *types.GenesisState) { gs.Tasks[1].Creator = "lgpt1x" }, "creator"},
		{"test set before deadline", func(gs *types.GenesisState) { gs.Tasks[0].TestSet.RevealedHeight = 499 }, "before the task's creation (10) or its latest bounty deadline (500)"},
		{"duplicate slice", func(gs *types.GenesisState) {
			gs.ValidationSlices = append(gs.ValidationSlices, gs.ValidationSlices[0])
		}, "validation slice 0 of task 1 appears twice"},
		{"slice of unknown task", func(gs *types.GenesisState) { gs.ValidationSlices[0].TaskId = 7 }, "names unknown task 7"},
		{"slice index out of range", func(gs *types.GenesisState) { gs.ValidationSlices[0].Index = 2 }, "the task commits 2 slices"},
		{"slice revealed outside its epoch", func(gs *types.GenesisState) { gs.ValidationSlices[0].Dataset.RevealedHeight = 110 }, "outside its window [10, 110)"},
		{"duplicate circuit", func(gs *types.GenesisState) { gs.Circuits = append(gs.Circuits, gs.Circuits[1]) }, `circuit "logreg-train" appears twice`},
		{"bad circuit key", func(gs *types.GenesisState) { gs.Circuits[1].VerifyingKey = []byte{1} }, `circuit "logreg-train"`},
		{"duplicate model", func(gs *types.GenesisState) { gs.Models = append(gs.Models, gs.Models[0]) }, "model 1 appears twice"},
		{"model at next id", func(gs *types.GenesisState) { gs.NextModelId = 3 }, "model 3 is not below next_model_id 3"},
		{"model of unknown task", func(gs *types.GenesisState) { gs.Models[2].TaskId = 9 }, "model 3 names unknown task 9"},
		{"model of unknown circuit", func(gs *types.GenesisState) { gs.Models[0].TrainCircuitId = "nope-1" }, `train_circuit_id names unknown circuit "nope-1"`},
		{"model with misfit circuit", func(gs *types.GenesisState) { gs.Models[0].TrainCircuitId = "logreg-eval" }, "circuit purpose is CIRCUIT_PURPOSE_EVALUATION"},
		{"model architecture misfits", func(gs *types.GenesisState) {
			gs.Models[2].Architecture = types.Architecture{Family: types.FamilyLogisticRegression, Hidden: []uint32{2}}
		}, "model 3: logistic regression has no hidden"},
		{"two validation scores", func(gs *types.GenesisState) {
			gs.ValidationScores = append(gs.ValidationScores, gs.ValidationScores[0])
		}, "model 1 has two validation scores"},
		{"validation score of unknown model", func(gs *types.GenesisState) { gs.ValidationScores[0].ModelId = 9 }, "names unknown model 9"},
		{"validation score of deprecated model", func(gs *types.GenesisState) {
			gs.ValidationScores[0].ModelId = 2
		}, "validation score of model 2, which is not active"},
		{"score with the wrong task", func(gs *types.GenesisState) { gs.ValidationScores[1].TaskId = 1 }, "names task 1, the model's task is 2"},
		{"score with the wrong direction", func(gs *types.GenesisState) { gs.ValidationScores[1].Direction = types.HigherIsBetter }, "has direction METRIC_DIRECTION_HIGHER_IS_BETTER, task 2 has METRIC_DIRECTION_LOWER_IS_BETTER"},
		{"impossible accuracy", func(gs *types.GenesisState) { gs.TestScores[0].Metric = 1_000_001 }, "accuracy must be in"},
		{"test score without reveal", func(gs *types.GenesisState) {
			gs.TestScores[1] = types.ModelScore{ModelId: 3, TaskId: 2, Version: 1, Metric: 5, Height: 80, Direction: types.LowerIsBetter}
		}, "task 2 has not revealed its test set"},
		{"duplicate bounty", func(gs *types.GenesisState) { gs.Bounties = append(gs.Bounties, gs.Bounties[1]) }, "bounty 2 appears twice"},
		{"bounty at next id", func(gs *types.GenesisState) { gs.NextBountyId = 3 }, "bounty 3 is not below next_bounty_id 3"},
		{"bounty of unknown task", func(gs *types.GenesisState) { gs.Bounties[2].TaskId = 8 }, "bounty 3 names unknown task 8"},
		{"bounty after reveal", func(gs *types.GenesisState) { gs.Bounties[1].CreatedHeight, gs.Bounties[1].DeadlineHeight = 511, 600 }, "after task 1 revealed its test set at 510"},
		{"paid to a late model", func(gs *types.GenesisState) { gs.Bounties[0].WinnerModelId = 3 }, "not a model of task 1 registered before the deadline"},
		{"latest deadline out of step", func(gs *types.GenesisState) { gs.Tasks[1].LatestBountyDeadline = 301 }, "task 2 has latest_bounty_deadline 301, but its bounties' latest deadline is 300"},
		{"reveal without bounty", func(gs *types.GenesisState) {
			gs.Bounties = gs.Bounties[2:]
		}, "task 1 has latest_bounty_deadline 500, but its bounties' latest deadline is 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gs := populatedGenesis()
			tc.malleate(&gs)
			err := gs.Validate()
			require.Error(t, err)
			require.ErrorContains(t, err, tc.contains)
		})
	}
}

package keeper_test

import (
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"

	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// approveLogreg approves a train, an evaluation and an inference circuit
// for logistic regressions of the fixtures' task.
func (s *KeeperTestSuite) approveLogreg() {
	s.approve("logreg-train", bmtestutil.Shape(types.FamilyLogisticRegression, types.PurposeTrainStep))
	s.approve("logreg-eval", bmtestutil.Shape(types.FamilyLogisticRegression, types.PurposeEvaluation))
	s.approve("logreg-infer", bmtestutil.Shape(types.FamilyLogisticRegression, types.PurposeInference))
}

func (s *KeeperTestSuite) TestRegisterModel() {
	task := s.createTask(s.taskMsg())
	s.approveLogreg()
	msg := s.modelMsg(carol, task)
	msg.TrainCircuitId, msg.EvalCircuitId, msg.InferenceCircuitId = "logreg-train", "logreg-eval", "logreg-infer"
	s.fresh()
	id := s.registerModel(msg)
	s.Require().Equal(uint64(1), id)

	want := types.NewModel(msg, 1, s.bech32(carol), coin(deposit), startHeight)
	s.Require().Equal(want, s.model(1))
	s.Require().Equal(int64(startBalance-deposit), s.balance(carol))
	s.Require().Equal(int64(deposit), s.escrowed())
	requireEvents(s, &types.EventModelRegistered{Model: want})
	s.requireConserved()

	// A TT-MLP needs circuits of its own family; without circuits it needs none.
	tt := s.modelMsg(dave, task)
	tt.Architecture = types.Architecture{Family: types.FamilyTTMLP, Hidden: []uint32{64}, TtLayers: []types.TTLayer{
		{InputModes: []uint32{8, 8}, OutputModes: []uint32{8, 8}, Ranks: []uint32{4}},
		{InputModes: []uint32{8, 8}, OutputModes: []uint32{2, 5}, Ranks: []uint32{4}},
	}}
	s.Require().Equal(uint64(2), s.registerModel(tt))
	s.Require().Equal(int64(2*deposit), s.escrowed())
	s.requireConserved()
}

func (s *KeeperTestSuite) TestRegisterModelRejected() {
	incompatible := func(field string, mutate func(*types.CircuitShape)) func(m *types.MsgRegisterModel) {
		return func(m *types.MsgRegisterModel) {
			shape := bmtestutil.Shape(types.FamilyLogisticRegression, types.PurposeTrainStep)
			mutate(&shape)
			s.approve("odd-"+field, shape)
			m.TrainCircuitId = "odd-" + field
		}
	}
	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgRegisterModel)
		err      error
		contains string
	}{
		{"not a builder", func(m *types.MsgRegisterModel) { m.Builder = s.bech32(mallet) }, staketypes.ErrRoleRequired, "has no bond for ROLE_BUILDER"},
		{"bad builder", func(m *types.MsgRegisterModel) { m.Builder = "nope" }, types.ErrInvalidAddress, "builder"},
		{"unknown task", func(m *types.MsgRegisterModel) { m.TaskId = 7 }, types.ErrTaskNotFound, "no task 7"},
		{"bad name", func(m *types.MsgRegisterModel) { m.Name = "" }, types.ErrInvalidModel, "name must be 1..64"},
		{"royalty above the param", func(m *types.MsgRegisterModel) { m.RoyaltyBps = 5_001 }, types.ErrInvalidModel, "max_royalty_bps"},
		{"weights not a digest", func(m *types.MsgRegisterModel) { m.InitialWeights = []byte{1} }, types.ErrInvalidModel, "initial_weights"},
		{"architecture misfits the task", func(m *types.MsgRegisterModel) {
			m.Architecture = types.Architecture{Family: types.FamilyTTMLP, Hidden: []uint32{64}, TtLayers: []types.TTLayer{
				{InputModes: []uint32{8, 8}, OutputModes: []uint32{8, 8}, Ranks: []uint32{4}},
				{InputModes: []uint32{8, 8}, OutputModes: []uint32{4, 4}, Ranks: []uint32{4}},
			}}
		}, types.ErrInvalidModel, "TT layer 1 output modes [4 4] multiply past the layer width 10"},
		{"unknown circuit", func(m *types.MsgRegisterModel) { m.TrainCircuitId = "never-approved" }, types.ErrCircuitNotFound, `train_circuit_id: no circuit "never-approved"`},
		{"revoked circuit", func(m *types.MsgRegisterModel) {
			_, err := s.msgServer.RevokeCircuit(s.ctx, &types.MsgRevokeCircuit{Authority: s.authority, Id: "logreg-eval", Reason: "bug"})
			s.Require().NoError(err)
			m.EvalCircuitId = "logreg-eval"
		}, types.ErrCircuitNotApproved, `eval_circuit_id: circuit "logreg-eval" was revoked`},
		{"circuit of another purpose", func(m *types.MsgRegisterModel) { m.InferenceCircuitId = "logreg-train" }, types.ErrIncompatibleCircuit,
			"inference_circuit_id logreg-train: circuit purpose is CIRCUIT_PURPOSE_TRAIN_STEP, the model needs CIRCUIT_PURPOSE_INFERENCE"},
		{"circuit of another family", incompatible("family", func(s *types.CircuitShape) { s.Family = types.FamilyMLP }), types.ErrIncompatibleCircuit,
			"circuit family is MODEL_FAMILY_MLP, the model needs MODEL_FAMILY_LOGISTIC_REGRESSION"},
		{"circuit of another batch size", incompatible("batch", func(s *types.CircuitShape) { s.BatchSize = 16 }), types.ErrIncompatibleCircuit,
			"circuit batch_size is 16, the model needs 32"},
		{"circuit of other features", incompatible("features", func(s *types.CircuitShape) { s.Features = 65 }), types.ErrIncompatibleCircuit,
			"circuit features is 65, the model needs 64"},
		{"circuit of other classes", incompatible("classes", func(s *types.CircuitShape) { s.Classes = 9 }), types.ErrIncompatibleCircuit,
			"circuit classes is 9, the model needs 10"},
		{"circuit of another format", incompatible("format", func(s *types.CircuitShape) { s.Format = types.FixedPointFormat{Bits: 32, Frac: 16} }), types.ErrIncompatibleCircuit,
			"circuit format is bits 32 frac 16, the model needs bits 16 frac 8"},
		{"deposit not spendable", func(m *types.MsgRegisterModel) {
			s.bank.locked[string(carol)] = sdk.NewCoins(coin(startBalance - deposit + 1))
		}, types.ErrInsufficientFunds, fmt.Sprintf("the model deposit needs 1000ulgpt, but %s can spend only 999ulgpt", s.bech32(carol))},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.createTask(s.taskMsg())
			s.approveLogreg()
			msg := s.modelMsg(carol, 1)
			tc.malleate(msg)
			s.requireRejected(func() error { _, err := s.msgServer.RegisterModel(s.ctx, msg); return err }, tc.err, tc.contains)
		})
	}
}

func (s *KeeperTestSuite) TestModelKeepsARevokedCircuit() {
	task := s.createTask(s.taskMsg())
	s.approveLogreg()
	msg := s.modelMsg(carol, task)
	msg.TrainCircuitId = "logreg-train"
	id := s.registerModel(msg)
	_, err := s.msgServer.RevokeCircuit(s.ctx, &types.MsgRevokeCircuit{Authority: s.authority, Id: "logreg-train", Reason: "bug"})
	s.Require().NoError(err)
	s.Require().Equal("logreg-train", s.model(id).TrainCircuitId, "existing models keep their ids")
	_, err = s.keeper.ApprovedCircuit(s.ctx, s.model(id).TrainCircuitId)
	s.Require().ErrorIs(err, types.ErrCircuitNotApproved, "but x/pog sees the circuit is revoked")
	s.requireRejected(func() error { _, err := s.msgServer.RegisterModel(s.ctx, msg); return err }, types.ErrCircuitNotApproved, "revoked")
}

func (s *KeeperTestSuite) TestDeprecateModel() {
	task := s.createTask(s.taskMsg())
	first := s.registerModel(s.modelMsg(carol, task))
	second := s.registerModel(s.modelMsg(dave, task))
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, first, 1, 900_000))
	s.Require().NoError(s.reporter.ReportValidationMetric(s.ctx, second, 1, 800_000))

	s.setHeight(130)
	res, err := s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(carol), ModelId: first})
	s.Require().NoError(err)
	s.Require().Equal(coin(deposit), res.Refunded)
	m := s.model(first)
	s.Require().Equal(types.ModelDeprecated, m.Status)
	s.Require().Equal(int64(130), m.DeprecatedHeight)
	s.Require().Equal(int64(startBalance), s.balance(carol), "the deposit came back")
	s.Require().Equal(int64(deposit), s.escrowed(), "only dave's deposit is left")
	s.Require().Equal([]*types.EventModelDeprecated{{ModelId: first, Builder: s.bech32(carol), Refunded: coin(deposit)}}, typedEvents[*types.EventModelDeprecated](s))
	s.Require().Equal([]*types.EventBestModelChanged{{TaskId: task, ModelId: second, Metric: 800_000}}, typedEvents[*types.EventBestModelChanged](s))
	has, err := s.keeper.ValidationScores.Has(s.ctx, first)
	s.Require().NoError(err)
	s.Require().False(has, "its validation score is gone")
	best, _, err := s.keeper.BestModel(s.ctx, task)
	s.Require().NoError(err)
	s.Require().Equal(second, best.Id)
	s.requireConserved()

	s.setHeight(131)
	_, err = s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(dave), ModelId: second})
	s.Require().NoError(err)
	s.Require().Equal([]*types.EventBestModelChanged{{TaskId: task, ModelId: 0}}, typedEvents[*types.EventBestModelChanged](s), "no model left")
	_, _, err = s.keeper.BestModel(s.ctx, task)
	s.Require().ErrorIs(err, types.ErrNoModel)
	s.Require().Zero(s.escrowed())
	s.requireConserved()
}

func (s *KeeperTestSuite) TestDeprecateModelRejected() {
	for _, tc := range []struct {
		name     string
		msg      func() *types.MsgDeprecateModel
		err      error
		contains string
	}{
		{"not the builder", func() *types.MsgDeprecateModel { return &types.MsgDeprecateModel{Builder: s.bech32(dave), ModelId: 1} },
			types.ErrUnauthorized, "model 1 belongs to " + s.bech32(carol) + "; only its builder may deprecate it"},
		{"unknown model", func() *types.MsgDeprecateModel { return &types.MsgDeprecateModel{Builder: s.bech32(carol), ModelId: 5} },
			types.ErrModelNotFound, "no model 5"},
		{"twice", func() *types.MsgDeprecateModel {
			_, err := s.msgServer.DeprecateModel(s.ctx, &types.MsgDeprecateModel{Builder: s.bech32(carol), ModelId: 1})
			s.Require().NoError(err)
			return &types.MsgDeprecateModel{Builder: s.bech32(carol), ModelId: 1}
		}, types.ErrModelNotActive, "model 1 was deprecated at height 100"},
		{"bad address", func() *types.MsgDeprecateModel { return &types.MsgDeprecateModel{Builder: "", ModelId: 1} }, types.ErrInvalidAddress, "builder"},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.registerModel(s.modelMsg(carol, s.createTask(s.taskMsg())))
			msg := tc.msg()
			s.requireRejected(func() error { _, err := s.msgServer.DeprecateModel(s.ctx, msg); return err }, tc.err, tc.contains)
		})
	}
}

package keeper_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/litegpt/litegpt/sidecar/learn"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	"github.com/litegpt/litegpt/x/pog/keeper"
	pogtestutil "github.com/litegpt/litegpt/x/pog/testutil"
	"github.com/litegpt/litegpt/x/pog/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// prover proves the tests' steps; its keys are made once, in TestMain.
var prover *pogtestutil.Prover

func TestMain(m *testing.M) {
	var err error
	if prover, err = pogtestutil.NewProver(pogtestutil.SmallShape); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// The test accounts.
var (
	learnerA = testAddr(1) // LEARNER
	learnerB = testAddr(2) // LEARNER
	dataNode = testAddr(3) // DATA_NODE only
	outsider = testAddr(4) // no role
)

// The fixtures of newEnv.
const (
	testChainID     = "litegpt-local-1"
	startHeight     = 100
	taskID          = 1 // accuracy, batches of the small circuit
	modelID         = 1 // active, trained with circuitID
	otherModelID    = 2 // active, same circuit, another model
	deprecatedModel = 3
	noCircuitModel  = 4 // active, no train circuit
	revokedModel    = 5 // active, its circuit was revoked
	otherTaskID     = 6
	circuitID       = "small.step"
	revokedID       = "small.revoked"

	// Deals: dealA sells leaves [2, 6) of dataset to learner A; dealOpen
	// is the same but not settled; dealB sells to learner B; dealOther is
	// of another task.
	dealA     = 10
	dealOpen  = 11
	dealB     = 12
	dealOther = 13
)

// testParams are the default params with a fast clock: beacon rounds of 4
// blocks needing 2 reveals, committees of 3 voting over 2 + 2 blocks, and
// epochs of 40 blocks releasing 1,000,000 ulgpt over 10 epochs after 1
// idle one, 20 % to proposers.
func testParams() types.Params {
	p := types.DefaultParams()
	p.BeaconBlocks, p.BeaconMinReveals, p.CommitteeSize = 4, 2, 3
	p.VoteCommitBlocks, p.VoteRevealBlocks = 2, 2
	p.EpochBlocks, p.RewardsTotal, p.RewardsIdleEpochs, p.RewardsStepEpochs = 40, math.NewInt(1_000_000), 1, 10
	p.ProposerShareBps = 2_000
	return p
}

func testAddr(i int) sdk.AccAddress { return sdk.AccAddress(fmt.Sprintf("pog-test-account-%03d", i)) }

// env is a pog keeper over an in-memory store with fakes for x/stake,
// x/buildermarket and x/datamarket, and the models of every stored
// version (so tests can build on them).
type env struct {
	t        testing.TB
	ctx      sdk.Context
	key      *storetypes.KVStoreKey
	stake    *fakeStake
	builder  *fakeBuilder
	data     *fakeDataMarket
	bank     *fakeBank
	rep      *fakeReputation
	slasher  *fakeSlasher
	metrics  *fakeMetrics
	staking  *fakeStaking
	keeper   keeper.Keeper
	msgs     types.MsgServer
	querier  keeper.Querier
	dataset  pogtestutil.Data
	initial  *learn.Model
	versions map[uint64]*learn.Model // version id -> its weights; 0 is the initial model
}

func newEnv(t testing.TB) *env {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tctx := testutil.DefaultContextWithDB(t, key, storetypes.NewTransientStoreKey("transient_test"))
	codec := addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	authority, err := codec.BytesToString(authtypes.NewModuleAddress(govtypes.ModuleName))
	require.NoError(t, err)
	e := &env{
		t: t, ctx: tctx.Ctx.WithBlockHeight(startHeight).WithChainID(testChainID), key: key,
		stake:   &fakeStake{roles: map[string]map[staketypes.Role]bool{}, verifiers: map[string]math.Int{}},
		bank:    &fakeBank{balances: map[string]math.Int{}, modules: map[string]sdk.AccAddress{types.NetworkRewardsPool: authtypes.NewModuleAddress(types.NetworkRewardsPool)}},
		rep:     &fakeReputation{scores: map[string]uint64{}},
		metrics: &fakeMetrics{},
		builder: &fakeBuilder{tasks: map[uint64]buildertypes.Task{}, models: map[uint64]buildertypes.Model{}, circuits: map[string]buildertypes.Circuit{}, scores: map[uint64]buildertypes.ModelScore{}},
		data:    &fakeDataMarket{deals: map[uint64]dm.Deal{}},
	}
	e.slasher = &fakeSlasher{stake: e.stake}
	e.staking = &fakeStaking{validators: map[string]stakingtypes.Validator{},
		codec: addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32ValidatorAddrPrefix())}
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	e.keeper = keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), authority, keeper.Deps{
		Account: fakeAccounts{codec}, Bank: e.bank, Stake: e.stake, Reputation: e.rep, Reporter: e.rep,
		Slasher: e.slasher, Builder: e.builder, Metrics: e.metrics, DataMarket: e.data, Staking: e.staking,
	})
	e.msgs = keeper.NewMsgServerImpl(e.keeper)
	e.querier = keeper.NewQuerier(e.keeper)
	gs := types.DefaultGenesis()
	gs.Params = testParams()
	gs.Clock = types.StartClock(startHeight, gs.Params)
	require.NoError(t, e.keeper.InitGenesis(e.ctx, *gs))

	e.stake.bond(learnerA, staketypes.RoleLearner)
	e.stake.bond(learnerB, staketypes.RoleLearner)
	e.stake.bond(dataNode, staketypes.RoleDataNode)

	initial, initialCommitment, err := prover.Initial(1)
	require.NoError(t, err)
	e.initial, e.versions = initial, map[uint64]*learn.Model{0: initial}
	e.dataset, err = prover.Dataset(1, 8)
	require.NoError(t, err)

	shape := prover.CircuitShape()
	e.builder.tasks[taskID] = buildertypes.Task{Id: taskID, BatchSize: shape.BatchSize, Metric: buildertypes.MetricAccuracy, Direction: buildertypes.HigherIsBetter}
	e.builder.tasks[otherTaskID] = buildertypes.Task{Id: otherTaskID, BatchSize: shape.BatchSize, Metric: buildertypes.MetricAccuracy, Direction: buildertypes.HigherIsBetter}
	e.builder.circuits[circuitID] = buildertypes.Circuit{Id: circuitID, Shape: shape, VerifyingKey: prover.VerifyingKey, Ceremony: buildertypes.CeremonySingleParty}
	e.builder.circuits[revokedID] = buildertypes.Circuit{Id: revokedID, Shape: shape, VerifyingKey: prover.VerifyingKey, Revoked: true}
	model := func(id uint64, circuit string, status buildertypes.ModelStatus) {
		e.builder.models[id] = buildertypes.Model{Id: id, TaskId: taskID, InitialWeights: initialCommitment[:], TrainCircuitId: circuit, Status: status}
	}
	e.builder.slices = append(e.builder.slices, buildertypes.ValidationSlice{TaskId: taskID, Index: 0},
		buildertypes.ValidationSlice{TaskId: otherTaskID, Index: 0})
	model(modelID, circuitID, buildertypes.ModelActive)
	model(otherModelID, circuitID, buildertypes.ModelActive)
	model(deprecatedModel, circuitID, buildertypes.ModelDeprecated)
	model(noCircuitModel, "", buildertypes.ModelActive)
	model(revokedModel, revokedID, buildertypes.ModelActive)

	deal := func(id uint64, buyer sdk.AccAddress, task uint64, status dm.DealStatus) {
		e.data.deals[id] = dm.Deal{
			Id: id, Seller: dataNode.String(), Buyer: buyer.String(), Kind: dm.KindData, TaskId: task,
			DataRoot: e.dataset.Root[:], TreeLeaves: uint64(len(e.dataset.Batches)), LeafStart: 2, LeafCount: 4, Status: status,
		}
	}
	deal(dealA, learnerA, taskID, dm.DealSettled)
	deal(dealOpen, learnerA, taskID, dm.DealKeyRevealed)
	deal(dealB, learnerB, taskID, dm.DealSettled)
	deal(dealOther, learnerA, otherTaskID, dm.DealSettled)
	return e
}

// step describes a submission and the step its proof proves; the zero
// values are filled in by prove: learner A on model 1 from the initial
// weights at merge weight 1, leaf 3 of deal A, bound to learner A on
// testChainID.
type step struct {
	learner   sdk.AccAddress
	model     uint64
	parents   []uint64
	weights   []uint64
	deals     []uint64
	data      *types.DataCitation // what the message cites; default deal A, leaf 3
	leaf      *uint64             // the leaf proven; default the cited one
	submitter sdk.AccAddress      // bound in the proof; default learner
	chainID   string              // bound in the proof; default testChainID
}

// prove fills in s's defaults, proves the step and returns the message
// submitting it with the proof's new weights commitment, and the step.
func (e *env) prove(s step) (*types.MsgSubmitUpdate, pogtestutil.Step) {
	e.t.Helper()
	if s.learner == nil {
		s.learner = learnerA
	}
	if s.model == 0 {
		s.model = modelID
	}
	if s.parents == nil {
		s.parents = []uint64{0}
	}
	if s.weights == nil {
		s.weights = make([]uint64, len(s.parents))
		for i := range s.weights {
			s.weights[i] = uint64(i + 1)
		}
	}
	if s.data == nil {
		s.data = &types.DataCitation{DealId: dealA, Leaf: 3}
	}
	leaf := s.data.Leaf
	if s.leaf != nil {
		leaf = *s.leaf
	}
	if s.submitter == nil {
		s.submitter = s.learner
	}
	if s.chainID == "" {
		s.chainID = testChainID
	}
	parents := make([]*learn.Model, len(s.parents))
	for i, id := range s.parents {
		m, ok := e.versions[id]
		require.True(e.t, ok, "no weights of version %d", id)
		parents[i] = m
	}
	proven, err := prover.Prove(pogtestutil.StepInput{
		Parents: parents, Weights: s.weights, Data: e.dataset, Leaf: leaf, LearningRate: prover.LearningRate(),
		Submitter: s.submitter, ChainID: s.chainID,
	})
	require.NoError(e.t, err)
	return &types.MsgSubmitUpdate{
		Learner: s.learner.String(), ModelId: s.model, Parents: s.parents, MergeWeights: s.weights, ParentDeals: s.deals,
		WeightsCommitment: proven.NewCommitment[:], Mode: types.ModeZK, MergeRule: types.MergeWeightedAverage, Data: *s.data,
		LearningRate: prover.LearningRate(), Samples: uint64(prover.Shape.Batch), ClaimedMetric: 600_000,
		WeightsUri: "/ip4/127.0.0.1/tcp/4001", Proof: proven.Proof,
	}, proven
}

// submit submits msg in a fresh event manager and, on success, keeps the
// new version's weights for later steps.
func (e *env) submit(msg *types.MsgSubmitUpdate, proven pogtestutil.Step) (*types.MsgSubmitUpdateResponse, error) {
	e.ctx = e.ctx.WithEventManager(sdk.NewEventManager())
	res, err := e.msgs.SubmitUpdate(e.ctx, msg)
	if err == nil {
		e.versions[res.VersionId] = proven.New
	}
	return res, err
}

// accept proves and submits s, which must succeed, and returns the new
// version's id.
func (e *env) accept(s step) uint64 {
	e.t.Helper()
	msg, proven := e.prove(s)
	res, err := e.submit(msg, proven)
	require.NoError(e.t, err)
	return res.VersionId
}

// dump is every key and value of the module store.
func (e *env) dump() map[string]string {
	out := map[string]string{}
	it := e.ctx.KVStore(e.key).Iterator(nil, nil)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		out[string(it.Key())] = string(it.Value())
	}
	return out
}

// requireRefused submits msg and requires it to fail with want, leaving
// the store, the leaf uses and the events as they were.
func (e *env) requireRefused(msg *types.MsgSubmitUpdate, want error) error {
	e.t.Helper()
	before, uses := e.dump(), len(e.data.uses)
	_, err := e.submit(msg, pogtestutil.Step{})
	require.ErrorIs(e.t, err, want)
	require.Equal(e.t, before, e.dump(), "store changed")
	require.Len(e.t, e.data.uses, uses, "leaves marked")
	require.Empty(e.t, e.ctx.EventManager().Events(), "events emitted")
	return err
}

// bind makes e report to t (a subtest) until the returned func runs.
func (e *env) bind(t *testing.T) func() {
	saved := e.t
	e.t = t
	return func() { e.t = saved }
}

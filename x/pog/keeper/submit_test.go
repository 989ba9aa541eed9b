package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/commit"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	pogtestutil "github.com/litegpt/litegpt/x/pog/testutil"
	"github.com/litegpt/litegpt/x/pog/types"
)

// TestValidProofIsAccepted: a step from the initial weights on a bought
// leaf, then a merge of it with the initial weights on the learner's own
// data, are stored VERIFIED with everything they cited, the bought leaf is
// marked used, the events say so and the verification's gas is charged.
func TestValidProofIsAccepted(t *testing.T) {
	e := newEnv(t)
	msg, proven := e.prove(step{})
	gasBefore := e.ctx.GasMeter().GasConsumed()
	res, err := e.submit(msg, proven)
	require.NoError(t, err)
	require.Equal(t, &types.MsgSubmitUpdateResponse{VersionId: 1, Status: types.StatusVerified, PollId: 1}, res)
	require.GreaterOrEqual(t, e.ctx.GasMeter().GasConsumed()-gasBefore, types.DefaultParams().ProofGas(6), "the proof's gas is charged")

	v, err := e.keeper.GetVersion(e.ctx, 1)
	require.NoError(t, err)
	require.Equal(t, types.Version{
		Id: 1, ModelId: modelID, Learner: learnerA.String(), Parents: []uint64{0}, MergeWeights: []uint64{1},
		WeightsCommitment: proven.NewCommitment[:], Mode: types.ModeZK, MergeRule: types.MergeWeightedAverage,
		Data:         types.DataCitation{DealId: dealA, DataRoot: e.dataset.Root[:], Leaf: 3},
		LearningRate: prover.LearningRate(), Samples: 4, ClaimedMetric: 600_000, WeightsUri: "/ip4/127.0.0.1/tcp/4001",
		Status: types.StatusVerified, SubmittedHeight: startHeight, VerifiedHeight: startHeight,
		PollId: 1,
	}, v)
	require.Equal(t, []leafUse{{deal: dealA, buyer: learnerA.String(), leaves: []uint64{3}, reference: "pog/version/1"}}, e.data.uses)
	events := e.ctx.EventManager().Events()
	require.Len(t, events, 3)
	require.Equal(t, "litegpt.pog.v1.EventPollOpened", events[0].Type)
	require.Equal(t, "litegpt.pog.v1.EventVersionSubmitted", events[1].Type)
	require.Equal(t, "litegpt.pog.v1.EventVersionVerified", events[2].Type)
	poll, err := e.keeper.Polls.Get(e.ctx, 1)
	require.NoError(t, err)
	require.Equal(t, types.PollVersion, poll.Kind)
	require.Equal(t, int64(600_000), poll.ClaimedMetric)

	own := &types.DataCitation{DataRoot: e.dataset.Root[:], Leaf: 6}
	second := e.accept(step{parents: []uint64{1, 0}, weights: []uint64{3, 1}, data: own})
	require.Equal(t, uint64(2), second)
	v2, err := e.keeper.GetVersion(e.ctx, 2)
	require.NoError(t, err)
	require.Equal(t, []uint64{1, 0}, v2.Parents)
	require.Equal(t, types.DataCitation{DataRoot: e.dataset.Root[:], Leaf: 6}, v2.Data)
	require.Len(t, e.data.uses, 1, "own data is not a deal's: nothing to mark")
	children, err := e.querier.Children(e.ctx, &types.QueryChildrenRequest{VersionId: 1})
	require.NoError(t, err)
	require.Equal(t, []types.Version{v2}, children.Children)
	require.NoError(t, e.keeper.Invariants(e.ctx))
}

// TestProofOfAnotherStatementIsRejected: a valid proof submitted for a
// statement it does not prove fails the pairing check, changing nothing.
func TestProofOfAnotherStatementIsRejected(t *testing.T) {
	e := newEnv(t)
	e.accept(step{})
	msg, _ := e.prove(step{parents: []uint64{1}})
	_, other := e.prove(step{parents: []uint64{1}, leaf: ptr(uint64(4))})
	for name, tc := range map[string]struct {
		msg func() *types.MsgSubmitUpdate
		ctx func(sdk.Context) sdk.Context
	}{
		"other weights": {msg: func() *types.MsgSubmitUpdate { m := *msg; m.WeightsCommitment = other.NewCommitment[:]; return &m }},
		"another data set's batch": {msg: func() *types.MsgSubmitUpdate {
			otherData, err := prover.Dataset(2, 8)
			require.NoError(t, err)
			m := *msg
			m.Data = types.DataCitation{DataRoot: otherData.Root[:], Leaf: 3}
			return &m
		}},
		"another leaf of the same deal": {msg: func() *types.MsgSubmitUpdate { m := *msg; m.Data.Leaf = 4; return &m }},
		"other parents": {msg: func() *types.MsgSubmitUpdate {
			m, _ := e.prove(step{parents: []uint64{0}, data: &types.DataCitation{DealId: dealA, Leaf: 4}})
			m.Parents = []uint64{1}
			return m
		}},
		"other merge weights": {msg: func() *types.MsgSubmitUpdate {
			m, _ := e.prove(step{parents: []uint64{1, 0}, weights: []uint64{2, 1}})
			m.MergeWeights = []uint64{3, 1}
			return m
		}},
		"another learning rate": {msg: func() *types.MsgSubmitUpdate { m := *msg; m.LearningRate++; return &m }},
		"a proof copied by another submitter": {msg: func() *types.MsgSubmitUpdate {
			// learner A's proof, seen in the mempool before it landed
			m, _ := e.prove(step{learner: learnerB, parents: []uint64{0}, data: &types.DataCitation{DealId: dealB, Leaf: 5}, submitter: learnerA})
			return m
		}},
		"another chain-id": {msg: func() *types.MsgSubmitUpdate {
			m, _ := e.prove(step{parents: []uint64{1}, chainID: "litegpt-1"})
			return m
		}},
		"a proof for this chain replayed on another": {
			msg: func() *types.MsgSubmitUpdate { return msg },
			ctx: func(c sdk.Context) sdk.Context { return c.WithChainID("litegpt-local-2") },
		},
	} {
		t.Run(name, func(t *testing.T) {
			defer e.bind(t)()
			m := tc.msg()
			if tc.ctx != nil {
				saved := e.ctx
				e.ctx = tc.ctx(e.ctx)
				defer func() { e.ctx = saved }()
			}
			e.requireRefused(m, types.ErrProofRejected)
		})
	}
	_, err := e.submit(msg, other) // the untouched message still verifies
	require.NoError(t, err)
}

// TestTamperedProofIsRejected: flipping a byte of a valid proof fails it
// as malformed or as not verifying, with no state change.
func TestTamperedProofIsRejected(t *testing.T) {
	e := newEnv(t)
	msg, _ := e.prove(step{})
	for _, i := range []int{0, 40, 100, 131, 150, 195} {
		m := *msg
		m.Proof = append([]byte(nil), msg.Proof...)
		m.Proof[i] ^= 0x04
		before := e.dump()
		_, err := e.submit(&m, noStep)
		require.Error(t, err, "byte %d", i)
		require.True(t, types.ErrInvalidProof.Is(err) || types.ErrProofRejected.Is(err), "byte %d: %v", i, err)
		require.Equal(t, before, e.dump())
	}
	m := *msg
	m.Proof = msg.Proof[:195]
	e.requireRefused(&m, types.ErrInvalidProof)
}

// TestGasIsChargedForAFailingProof: the verification's gas is charged
// before the pairing check, so a bad proof pays for it.
func TestGasIsChargedForAFailingProof(t *testing.T) {
	e := newEnv(t)
	msg, _ := e.prove(step{})
	msg.LearningRate++
	before := e.ctx.GasMeter().GasConsumed()
	_, err := e.submit(msg, noStep)
	require.ErrorIs(t, err, types.ErrProofRejected)
	require.GreaterOrEqual(t, e.ctx.GasMeter().GasConsumed()-before, types.DefaultParams().ProofGas(6))
}

// TestUnusableCircuitIsRejected: a model without a train circuit, with a
// revoked or unknown one, or whose circuit does not fit the task or the
// submission, takes no ZK submission. (A key of another setup of the same
// circuit fails the pairing check: x/pog/types' TestProofOfAnotherStatementIsRejected.)
func TestUnusableCircuitIsRejected(t *testing.T) {
	for name, tc := range map[string]struct {
		malleate func(*env, *types.MsgSubmitUpdate)
		want     error
	}{
		"no train circuit":  {func(e *env, m *types.MsgSubmitUpdate) { m.ModelId = noCircuitModel }, types.ErrNoCircuit},
		"a revoked circuit": {func(e *env, m *types.MsgSubmitUpdate) { m.ModelId = revokedModel }, types.ErrNoCircuit},
		"an unknown circuit": {func(e *env, m *types.MsgSubmitUpdate) {
			e.builder.models[otherModelID] = withCircuit(e.builder.models[otherModelID], "never.approved")
			m.ModelId = otherModelID
		}, types.ErrNoCircuit},
		"a circuit of another batch size": {func(e *env, m *types.MsgSubmitUpdate) {
			task := e.builder.tasks[otherTaskID]
			task.BatchSize = 8
			e.builder.tasks[otherTaskID] = task
			model := e.builder.models[otherModelID]
			model.TaskId, model.TrainCircuitId = otherTaskID, circuitID
			e.builder.models[otherModelID] = model
			m.ModelId = otherModelID
			m.Data = types.DataCitation{DataRoot: e.dataset.Root[:], Leaf: 3}
		}, types.ErrNoCircuit},
		"a deprecated model": {func(e *env, m *types.MsgSubmitUpdate) { m.ModelId = deprecatedModel }, types.ErrInvalidSubmission},
		"an unknown model":   {func(e *env, m *types.MsgSubmitUpdate) { m.ModelId = 99 }, buildertypes.ErrModelNotFound},
		"a leaf beyond the circuit's tree": {func(e *env, m *types.MsgSubmitUpdate) {
			m.Data = types.DataCitation{DataRoot: e.dataset.Root[:], Leaf: 8}
		}, types.ErrInvalidData},
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t) // the cases change the fixtures
			msg, _ := e.prove(step{})
			tc.malleate(e, msg)
			e.requireRefused(msg, tc.want)
		})
	}
}

// TestMalformedSubmissionIsRejected: every stateless check says what is
// wrong, before anything is read.
func TestMalformedSubmissionIsRejected(t *testing.T) {
	e := newEnv(t)
	for name, tc := range map[string]struct {
		malleate func(*types.MsgSubmitUpdate)
		want     error
	}{
		"no model":                       {func(m *types.MsgSubmitUpdate) { m.ModelId = 0 }, types.ErrInvalidSubmission},
		"no parents":                     {func(m *types.MsgSubmitUpdate) { m.Parents, m.MergeWeights = nil, nil }, types.ErrInvalidSubmission},
		"17 parents":                     {func(m *types.MsgSubmitUpdate) { m.Parents, m.MergeWeights = seq(17), ones(17) }, types.ErrInvalidSubmission},
		"a parent twice":                 {func(m *types.MsgSubmitUpdate) { m.Parents, m.MergeWeights = []uint64{0, 0}, ones(2) }, types.ErrInvalidSubmission},
		"a weight missing":               {func(m *types.MsgSubmitUpdate) { m.MergeWeights = nil }, types.ErrInvalidSubmission},
		"a zero weight":                  {func(m *types.MsgSubmitUpdate) { m.MergeWeights = []uint64{0} }, types.ErrInvalidSubmission},
		"a weight above 2^32":            {func(m *types.MsgSubmitUpdate) { m.MergeWeights = []uint64{1 << 32} }, types.ErrInvalidSubmission},
		"deals of another size":          {func(m *types.MsgSubmitUpdate) { m.ParentDeals = []uint64{0, 0} }, types.ErrInvalidSubmission},
		"a deal for the initial weights": {func(m *types.MsgSubmitUpdate) { m.ParentDeals = []uint64{4} }, types.ErrInvalidSubmission},
		"a short commitment":             {func(m *types.MsgSubmitUpdate) { m.WeightsCommitment = m.WeightsCommitment[:31] }, types.ErrInvalidSubmission},
		"a commitment not in the field": {func(m *types.MsgSubmitUpdate) {
			m.WeightsCommitment = []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")
		}, types.ErrInvalidSubmission},
		"no mode":                {func(m *types.MsgSubmitUpdate) { m.Mode = types.ModeUnspecified }, types.ErrInvalidSubmission},
		"own data without root":  {func(m *types.MsgSubmitUpdate) { m.Data = types.DataCitation{Leaf: 1} }, types.ErrInvalidData},
		"a short data root":      {func(m *types.MsgSubmitUpdate) { m.Data.DataRoot = []byte{1, 2} }, types.ErrInvalidData},
		"a leaf beyond 2^40":     {func(m *types.MsgSubmitUpdate) { m.Data.Leaf = commit.MaxLeaves }, types.ErrInvalidData},
		"no learning rate":       {func(m *types.MsgSubmitUpdate) { m.LearningRate = 0 }, types.ErrInvalidSubmission},
		"a rate above 2^30":      {func(m *types.MsgSubmitUpdate) { m.LearningRate = 1<<30 + 1 }, types.ErrInvalidSubmission},
		"no samples":             {func(m *types.MsgSubmitUpdate) { m.Samples = 0 }, types.ErrInvalidSubmission},
		"a long URI":             {func(m *types.MsgSubmitUpdate) { m.WeightsUri = string(make([]byte, 257)) }, types.ErrInvalidSubmission},
		"no proof":               {func(m *types.MsgSubmitUpdate) { m.Proof = nil }, types.ErrInvalidProof},
		"a proof too long":       {func(m *types.MsgSubmitUpdate) { m.Proof = make([]byte, types.MaxProofBytes+1) }, types.ErrInvalidProof},
		"a bad learner":          {func(m *types.MsgSubmitUpdate) { m.Learner = "lgpt1nope" }, types.ErrInvalidSubmission},
		"an accuracy above 100%": {func(m *types.MsgSubmitUpdate) { m.ClaimedMetric = 1_000_001 }, types.ErrInvalidSubmission},
	} {
		t.Run(name, func(t *testing.T) {
			defer e.bind(t)()
			msg, _ := e.prove(step{})
			tc.malleate(msg)
			e.requireRefused(msg, tc.want)
		})
	}
}

// TestNoValidationSliceNoVersion: before its task opens a validation
// slice, a model takes no version, since none could be settled.
func TestNoValidationSliceNoVersion(t *testing.T) {
	e := newEnv(t)
	e.builder.slices = nil
	msg, _ := e.prove(step{})
	gas := e.ctx.GasMeter().GasConsumed()
	err := e.requireRefused(msg, types.ErrInvalidSubmission)
	require.ErrorContains(t, err, "no validation slice open yet")
	require.Less(t, e.ctx.GasMeter().GasConsumed()-gas, types.DefaultParams().ProofGas(6), "refused before the proof is verified")
}

// TestSubmitterNeedsARole: LEARNER or DATA_NODE may submit, nobody else.
func TestSubmitterNeedsARole(t *testing.T) {
	e := newEnv(t)
	own := &types.DataCitation{DataRoot: e.dataset.Root[:], Leaf: 1}
	msg, _ := e.prove(step{learner: outsider, data: own})
	e.requireRefused(msg, types.ErrUnauthorized)
	e.accept(step{learner: dataNode, data: own})
}

// TestDuplicateCommitmentIsRejected: the same weights are stored once, and
// the model's initial weights are never new weights.
func TestDuplicateCommitmentIsRejected(t *testing.T) {
	e := newEnv(t)
	msg, proven := e.prove(step{})
	_, err := e.submit(msg, proven)
	require.NoError(t, err)
	again := *msg
	e.requireRefused(&again, types.ErrDuplicateCommitment)
	initial := *msg
	initial.WeightsCommitment = e.builder.models[modelID].InitialWeights
	e.requireRefused(&initial, types.ErrDuplicateCommitment)
}

// TestLeafMustBeTheLearners: a bought leaf must come from the learner's
// own settled DATA deal of the model's task, inside the range it sold.
func TestLeafMustBeTheLearners(t *testing.T) {
	e := newEnv(t)
	e.data.deals[20] = dm.Deal{Id: 20, Kind: dm.KindModelUpdate, Buyer: learnerA.String(), TaskId: taskID, Status: dm.DealSettled, LeafCount: 1}
	for name, data := range map[string]types.DataCitation{
		"a deal not settled":          {DealId: dealOpen, Leaf: 3},
		"another learner's deal":      {DealId: dealB, Leaf: 3},
		"a deal of another task":      {DealId: dealOther, Leaf: 3},
		"a leaf before the deal's":    {DealId: dealA, Leaf: 1},
		"a leaf after the deal's":     {DealId: dealA, Leaf: 6},
		"another data root":           {DealId: dealA, Leaf: 3, DataRoot: e.builder.models[modelID].InitialWeights},
		"a MODEL_UPDATE deal as data": {DealId: 20, Leaf: 0},
		"an unknown deal":             {DealId: 99, Leaf: 3},
	} {
		t.Run(name, func(t *testing.T) {
			defer e.bind(t)()
			leaf := data.Leaf
			msg, _ := e.prove(step{data: &data, leaf: &leaf})
			e.requireRefused(msg, types.ErrInvalidData)
		})
	}
	withRoot := types.DataCitation{DealId: dealA, Leaf: 5, DataRoot: e.dataset.Root[:]}
	e.accept(step{data: &withRoot}) // citing the deal's own root is fine
}

// noStep is what submit keeps for a submission that must fail.
var noStep = pogtestutil.Step{}

func ptr[T any](v T) *T { return &v }

func seq(n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i)
	}
	return out
}

func ones(n int) []uint64 {
	out := make([]uint64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

func withCircuit(m buildertypes.Model, id string) buildertypes.Model {
	m.TrainCircuitId = id
	return m
}

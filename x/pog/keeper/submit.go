package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/commit"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// SubmitUpdate stores a model version. In order, and changing nothing
// until every check passed:
//   - the message's stateless checks (types.MsgSubmitUpdate.Validate);
//   - the learner is bonded for LEARNER or DATA_NODE;
//   - the model is active and the claimed metric is one its task's metric
//     can take;
//   - every parent is allowed (checkParents) and the weights commitment is
//     new (not a stored version's, not the model's initial weights);
//   - ZK: the leaf is the learner's to train on (checkData), the model's
//     train-step circuit is approved and fits the submission (stepKey),
//     the gas of the verification is charged, then the proof is verified
//     against the public input rebuilt here, with the binding hash of the
//     signer and this chain-id;
//   - the task has a validation slice open: the poll that settles the
//     claimed metric (and, for re-execution, the step) computes it there.
//
// Then the version is stored, VERIFIED (ZK) or PENDING (re-execution),
// with its DAG edges; a bought leaf is marked used in x/datamarket; and a
// poll is opened on the task's latest validation slice to settle the step
// (re-execution) and the claimed metric. It emits
// EventVersionSubmitted, EventVersionVerified (ZK) and EventPollOpened.
func (k msgServer) SubmitUpdate(ctx context.Context, msg *types.MsgSubmitUpdate) (*types.MsgSubmitUpdateResponse, error) {
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	learner, err := k.parseAddress("learner", msg.Learner)
	if err != nil {
		return nil, err
	}
	if err := k.requireSubmitter(ctx, learner); err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	model, task, err := k.trainableModel(ctx, msg.ModelId)
	if err != nil {
		return nil, err
	}
	if err := buildertypes.ValidateMetricValue(task.Metric, msg.ClaimedMetric); err != nil {
		return nil, types.ErrInvalidSubmission.Wrapf("claimed_metric: %s", err)
	}
	parents, err := k.checkParents(ctx, learner, model, msg.Parents, msg.ParentDeals)
	if err != nil {
		return nil, err
	}
	newWeights, err := k.checkNewCommitment(ctx, model, msg.WeightsCommitment)
	if err != nil {
		return nil, err
	}
	slice, hasSlice, err := k.builder.LatestValidationSlice(ctx, task.Id)
	if err != nil {
		return nil, err
	}
	if !hasSlice {
		return nil, types.ErrInvalidSubmission.Wrapf("task %d has no validation slice open yet; a version's claimed metric is settled on one, so versions are taken from the first reveal on", task.Id)
	}
	v := types.Version{
		ModelId: model.Id, Learner: k.addressString(learner),
		Parents: msg.Parents, MergeWeights: msg.MergeWeights, ParentDeals: msg.ParentDeals, MergeRule: msg.MergeRule,
		WeightsCommitment: msg.WeightsCommitment, Mode: msg.Mode, Data: msg.Data,
		LearningRate: msg.LearningRate, Samples: msg.Samples, ClaimedMetric: msg.ClaimedMetric,
		WeightsUri: msg.WeightsUri, Status: types.StatusPending, SubmittedHeight: height(ctx), ValidationSlice: slice.Index,
	}
	var gas uint64
	if msg.Mode == types.ModeZK {
		if v.Data, gas, err = k.verifyStep(ctx, learner, model, task, params, msg, parents, newWeights); err != nil {
			return nil, err
		}
		v.Status, v.VerifiedHeight = types.StatusVerified, height(ctx)
	}
	if v.Id, err = k.storeVersion(ctx, v); err != nil {
		return nil, err
	}
	if v.Data.DealId != 0 {
		if err := k.datamarket.MarkLeavesUsed(ctx, v.Data.DealId, learner, []uint64{v.Data.Leaf}, versionReference(v.Id)); err != nil {
			return nil, err
		}
	}
	p, err := k.openPoll(ctx, types.PollVersion, v)
	if err != nil {
		return nil, err
	}
	v.PollId = p.Id
	if err := k.Versions.Set(ctx, v.Id, v); err != nil {
		return nil, err
	}
	if err := emit(ctx, &types.EventVersionSubmitted{Version: v}); err != nil {
		return nil, err
	}
	if v.Status == types.StatusVerified {
		if err := emit(ctx, &types.EventVersionVerified{VersionId: v.Id, ModelId: v.ModelId, ProofMode: v.Mode, Gas: gas}); err != nil {
			return nil, err
		}
	}
	return &types.MsgSubmitUpdateResponse{VersionId: v.Id, Status: v.Status, PollId: v.PollId}, nil
}

// verifyStep checks a ZK submission's leaf and circuit, charges the
// verification's gas and verifies the proof. It returns the data citation
// with its root filled in and the gas charged.
func (k Keeper) verifyStep(ctx context.Context, learner sdk.AccAddress, model buildertypes.Model, task buildertypes.Task,
	params types.Params, msg *types.MsgSubmitUpdate, parents []commit.Digest, newWeights commit.Digest,
) (types.DataCitation, uint64, error) {
	data, err := k.checkData(ctx, learner, model, msg.Data)
	if err != nil {
		return data, 0, err
	}
	key, err := k.stepKey(ctx, model, task, len(parents), data.Leaf)
	if err != nil {
		return data, 0, err
	}
	pub, err := stepPublic(ctx, learner, key.parents, parents, msg.MergeWeights, newWeights, data, msg.LearningRate)
	if err != nil {
		return data, 0, err
	}
	gas := params.ProofGas(key.nbPublic)
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(gas, "pog: verify step proof")
	return data, gas, types.VerifyStep(key.vk, msg.Proof, pub)
}

// requireSubmitter checks that addr is bonded for LEARNER or DATA_NODE
// (data nodes train at home and sell the versions as MODEL_UPDATEs).
func (k Keeper) requireSubmitter(ctx context.Context, addr sdk.AccAddress) error {
	learnerErr := k.stake.RequireRole(ctx, addr, staketypes.RoleLearner)
	if learnerErr == nil {
		return nil
	}
	if k.stake.RequireRole(ctx, addr, staketypes.RoleDataNode) == nil {
		return nil
	}
	return types.ErrUnauthorized.Wrapf("submitting versions needs a LEARNER or DATA_NODE bond: %s", learnerErr)
}

// trainableModel returns an active model and its task.
func (k Keeper) trainableModel(ctx context.Context, id uint64) (buildertypes.Model, buildertypes.Task, error) {
	model, err := k.builder.GetModel(ctx, id)
	if err != nil {
		return buildertypes.Model{}, buildertypes.Task{}, err
	}
	if model.Status != buildertypes.ModelActive {
		return buildertypes.Model{}, buildertypes.Task{}, types.ErrInvalidSubmission.Wrapf("model %d was deprecated at height %d; it takes no new versions", id, model.DeprecatedHeight)
	}
	task, err := k.builder.GetTask(ctx, model.TaskId)
	return model, task, err
}

// checkNewCommitment returns the new weights commitment after checking
// that no version has it and that it is not the model's initial weights.
func (k Keeper) checkNewCommitment(ctx context.Context, model buildertypes.Model, c []byte) (commit.Digest, error) {
	d, err := commit.DigestFromBytes(c)
	if err != nil {
		return commit.Digest{}, types.ErrInvalidSubmission.Wrapf("weights_commitment: %s", err)
	}
	other, err := k.Versions.Indexes.ByCommitment.MatchExact(ctx, c)
	switch {
	case err == nil:
		return commit.Digest{}, types.ErrDuplicateCommitment.Wrapf("version %d already has weights commitment %s", other, d)
	case !errors.Is(err, collections.ErrNotFound):
		return commit.Digest{}, err
	}
	if string(c) == string(model.InitialWeights) {
		return commit.Digest{}, types.ErrDuplicateCommitment.Wrapf("%s is model %d's initial weights commitment, not new weights", d, model.Id)
	}
	return d, nil
}

// storeVersion numbers v, stores it and its DAG edges, and returns its id.
func (k Keeper) storeVersion(ctx context.Context, v types.Version) (uint64, error) {
	id, err := k.NextVersionID.Next(ctx)
	if err == nil && id == 0 { // a store that never saw genesis
		id, err = k.NextVersionID.Next(ctx)
	}
	if err != nil {
		return 0, err
	}
	v.Id = id
	if err := k.Versions.Set(ctx, id, v); err != nil {
		return 0, err
	}
	return id, k.setEdges(ctx, v)
}

// setEdges writes v's (parent, child) edges; the initial weights are not a
// version and have none.
func (k Keeper) setEdges(ctx context.Context, v types.Version) error {
	for _, p := range v.Parents {
		if p == types.InitialWeights {
			continue
		}
		if err := k.Children.Set(ctx, collections.Join(p, v.Id)); err != nil {
			return err
		}
	}
	return nil
}

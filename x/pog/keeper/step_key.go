package keeper

import (
	"context"

	"github.com/consensys/gnark/backend/groth16"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/commit"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// stepCircuit is a model's approved train-step circuit, decoded.
type stepCircuit struct {
	vk       groth16.VerifyingKey
	nbPublic int
	parents  int // parent slots of the circuit
}

// stepKey returns the model's governance-approved train-step circuit
// after checking that it fits a submission of nbParents parents training
// on leaf: the circuit is approved (not revoked), proves one train step
// of the task's batch size, has at least nbParents parent slots, and its
// data tree holds the leaf. The parent slots come from the key itself and
// must agree with the circuit's recorded shape.
func (k Keeper) stepKey(ctx context.Context, model buildertypes.Model, task buildertypes.Task, nbParents int, leaf uint64) (stepCircuit, error) {
	if model.TrainCircuitId == "" {
		return stepCircuit{}, types.ErrNoCircuit.Wrapf("model %d has no train-step circuit; ZK submissions need one", model.Id)
	}
	c, err := k.builder.ApprovedCircuit(ctx, model.TrainCircuitId)
	if err != nil {
		return stepCircuit{}, types.ErrNoCircuit.Wrapf("model %d's circuit %q: %s", model.Id, model.TrainCircuitId, err)
	}
	shape := c.Shape
	switch {
	case shape.Purpose != buildertypes.PurposeTrainStep:
		return stepCircuit{}, types.ErrNoCircuit.Wrapf("circuit %q proves %s, not a train step", c.Id, shape.Purpose)
	case shape.Steps != 1:
		return stepCircuit{}, types.ErrNoCircuit.Wrapf("circuit %q proves %d steps per proof; this chain verifies one step per proof", c.Id, shape.Steps)
	case shape.BatchSize != task.BatchSize:
		return stepCircuit{}, types.ErrNoCircuit.Wrapf("circuit %q proves batches of %d, task %d's leaves hold %d", c.Id, shape.BatchSize, task.Id, task.BatchSize)
	case nbParents > int(shape.MaxParents):
		return stepCircuit{}, types.ErrInvalidSubmission.Wrapf("circuit %q merges at most %d parents, got %d", c.Id, shape.MaxParents, nbParents)
	case shape.TreeDepth < 64 && leaf >= uint64(1)<<shape.TreeDepth:
		return stepCircuit{}, types.ErrInvalidData.Wrapf("leaf %d is outside circuit %q's data trees of depth %d (at most %d leaves)", leaf, c.Id, shape.TreeDepth, uint64(1)<<shape.TreeDepth)
	}
	vk, err := buildertypes.DecodeVerifyingKey(c.VerifyingKey)
	if err != nil {
		return stepCircuit{}, types.ErrNoCircuit.Wrapf("circuit %q: %s", c.Id, err)
	}
	nbPublic, err := types.PublicInputs(vk)
	if err != nil {
		return stepCircuit{}, err
	}
	slots, err := types.ParentsOf(nbPublic)
	if err != nil {
		return stepCircuit{}, err
	}
	if slots != int(shape.MaxParents) {
		return stepCircuit{}, types.ErrNoCircuit.Wrapf("circuit %q's key has %d parent slots, its shape says %d", c.Id, slots, shape.MaxParents)
	}
	return stepCircuit{vk: vk, nbPublic: nbPublic, parents: slots}, nil
}

// stepPublic rebuilds the public input a proof must verify against: the
// parents padded to the circuit's slots, the new weights, the data root
// and leaf, the learning rate, and the binding hash of the signer and this
// chain's id, so a proof made for another account or chain fails.
func stepPublic(ctx context.Context, learner sdk.AccAddress, slots int, parents []commit.Digest, weights []uint64,
	newWeights commit.Digest, data types.DataCitation, lr uint64,
) (commit.StepPublic, error) {
	padded, paddedWeights, err := commit.PadParents(parents, weights, slots)
	if err != nil {
		return commit.StepPublic{}, types.ErrInvalidSubmission.Wrap(err.Error())
	}
	root, err := commit.DigestFromBytes(data.DataRoot)
	if err != nil {
		return commit.StepPublic{}, types.ErrInvalidData.Wrapf("data root: %s", err)
	}
	binding, err := commit.BindingHash(learner, sdk.UnwrapSDKContext(ctx).ChainID())
	if err != nil {
		return commit.StepPublic{}, types.ErrInvalidSubmission.Wrapf("binding hash: %s", err)
	}
	return commit.StepPublic{
		Parents: padded, ParentWeights: paddedWeights, New: newWeights,
		DataRoot: root, LeafIndex: data.Leaf, LearningRate: lr, Binding: binding,
	}, nil
}

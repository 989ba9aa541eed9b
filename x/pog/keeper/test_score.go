package keeper

import (
	"context"

	"github.com/litegpt/litegpt/x/pog/types"
)

// RequestTestScore opens a poll that scores an accepted version on its
// task's revealed test set: the bounties of the task pay on the scores
// x/buildermarket records from these polls. The requester is the model's
// builder or the version's learner; a version has one open test poll at a
// time.
func (k msgServer) RequestTestScore(ctx context.Context, msg *types.MsgRequestTestScore) (*types.MsgRequestTestScoreResponse, error) {
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	requester, err := k.parseAddress("requester", msg.Requester)
	if err != nil {
		return nil, err
	}
	v, err := k.GetVersion(ctx, msg.VersionId)
	if err != nil {
		return nil, err
	}
	if v.Status != types.StatusAccepted {
		return nil, types.ErrWrongStage.Wrapf("version %d is %s; only accepted versions are scored on the test set", v.Id, v.Status)
	}
	model, task, err := k.trainableModel(ctx, v.ModelId)
	if err != nil {
		return nil, err
	}
	if !k.sameAccount(requester, model.Builder) && !k.sameAccount(requester, v.Learner) {
		return nil, types.ErrUnauthorized.Wrapf("only model %d's builder %s or version %d's learner %s may request its test score", model.Id, model.Builder, v.Id, v.Learner)
	}
	if task.TestSet == nil {
		return nil, types.ErrWrongStage.Wrapf("task %d has not revealed its test set yet", task.Id)
	}
	if open, err := k.OpenTestPolls.Has(ctx, v.Id); err != nil || open {
		if err == nil {
			err = types.ErrWrongStage.Wrapf("version %d already has an open test-score poll", v.Id)
		}
		return nil, err
	}
	p, err := k.openPoll(ctx, types.PollTestScore, v)
	if err != nil {
		return nil, err
	}
	if err := k.OpenTestPolls.Set(ctx, v.Id, p.Id); err != nil {
		return nil, err
	}
	return &types.MsgRequestTestScoreResponse{PollId: p.Id}, nil
}

package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/commit"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// checkParents returns the weights commitments of a submission's parents
// after checking that the learner may build on each (ARCHITECTURE.md §5):
//   - 0 is the model's initial weights, public to all;
//   - a version of the learner's own, in any state but rejected (a learner
//     may build on its pending versions);
//   - another account's version that is verified or accepted and is
//     either the model's best accepted version (public) or covered by a
//     settled MODEL_UPDATE deal the learner bought it in, cited in
//     parent_deals.
//
// Every parent must be a version of the same model; a rejected version is
// never a parent (its descendants are rejected).
func (k Keeper) checkParents(ctx context.Context, learner sdk.AccAddress, model buildertypes.Model, parents, deals []uint64) ([]commit.Digest, error) {
	out := make([]commit.Digest, len(parents))
	for i, id := range parents {
		deal := types.DealOf(deals, i)
		if id == types.InitialWeights {
			d, err := commit.DigestFromBytes(model.InitialWeights)
			if err != nil {
				return nil, types.ErrInvalidParent.Wrapf("model %d's initial weights: %s", model.Id, err)
			}
			out[i] = d
			continue
		}
		v, err := k.GetVersion(ctx, id)
		if err != nil {
			return nil, types.ErrInvalidParent.Wrapf("parents[%d]: %s", i, err)
		}
		if err := k.mayBuildOn(ctx, learner, model, v, deal); err != nil {
			return nil, types.ErrInvalidParent.Wrapf("parents[%d]: %s", i, err)
		}
		d, err := commit.DigestFromBytes(v.WeightsCommitment)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

// mayBuildOn says why learner may not build on version v (nil if it may).
func (k Keeper) mayBuildOn(ctx context.Context, learner sdk.AccAddress, model buildertypes.Model, v types.Version, deal uint64) error {
	if v.ModelId != model.Id {
		return types.ErrInvalidParent.Wrapf("version %d is a version of model %d, not of model %d", v.Id, v.ModelId, model.Id)
	}
	if v.Status == types.StatusRejected {
		return types.ErrInvalidParent.Wrapf("version %d was rejected (%s); nothing may build on it", v.Id, v.RejectReason)
	}
	if k.sameAccount(learner, v.Learner) {
		if deal != 0 {
			return types.ErrInvalidParent.Wrapf("version %d is your own; its parent_deals entry must be 0, got deal %d", v.Id, deal)
		}
		return nil
	}
	if v.Status == types.StatusPending {
		return types.ErrInvalidParent.Wrapf("version %d of %s is still pending; only its owner may build on it before it is verified", v.Id, v.Learner)
	}
	if deal == 0 {
		best, ok, err := k.builder.ValidationScore(ctx, model.Id)
		if err != nil {
			return err
		}
		if ok && best.Version == v.Id {
			return nil
		}
		return types.ErrInvalidParent.Wrapf("version %d belongs to %s: cite the settled MODEL_UPDATE deal you bought it in (parent_deals), or build on the model's initial weights (0) or its best accepted version",
			v.Id, v.Learner)
	}
	return k.coveringDeal(ctx, learner, v, deal)
}

// coveringDeal checks that deal is a settled MODEL_UPDATE deal in which
// learner bought version v from its owner.
func (k Keeper) coveringDeal(ctx context.Context, learner sdk.AccAddress, v types.Version, dealID uint64) error {
	d, err := k.datamarket.SettledDeal(ctx, dealID)
	if err != nil {
		return types.ErrInvalidParent.Wrapf("parent_deals cites deal %d: %s", dealID, err)
	}
	switch {
	case d.Kind != datamarkettypes.KindModelUpdate:
		return types.ErrInvalidParent.Wrapf("deal %d sold %s, not a MODEL_UPDATE of version %d", dealID, d.Kind, v.Id)
	case !k.sameAccount(learner, d.Buyer):
		return types.ErrInvalidParent.Wrapf("deal %d was bought by %s, not by the submitter", dealID, d.Buyer)
	case d.ModelId != v.ModelId || d.VersionId != v.Id:
		return types.ErrInvalidParent.Wrapf("deal %d sold version %d of model %d, not version %d of model %d", dealID, d.VersionId, d.ModelId, v.Id, v.ModelId)
	case d.Seller != v.Learner:
		return types.ErrInvalidParent.Wrapf("deal %d was sold by %s, not by version %d's owner %s", dealID, d.Seller, v.Id, v.Learner)
	}
	return nil
}

// checkData returns the citation with the data root filled in, after
// checking that the learner may train on the leaf: a leaf of a settled
// DATA deal the learner bought for the model's task (inside the range it
// sold), or a leaf of the learner's own data commitment.
func (k Keeper) checkData(ctx context.Context, learner sdk.AccAddress, model buildertypes.Model, c types.DataCitation) (types.DataCitation, error) {
	if c.DealId == 0 {
		return c, nil // own data: the root is the learner's commitment, validated by msg.Validate
	}
	d, err := k.datamarket.SettledDeal(ctx, c.DealId)
	if err != nil {
		return types.DataCitation{}, types.ErrInvalidData.Wrapf("data.deal_id %d: %s", c.DealId, err)
	}
	switch {
	case d.Kind != datamarkettypes.KindData:
		return types.DataCitation{}, types.ErrInvalidData.Wrapf("deal %d sold a %s, not DATA leaves", c.DealId, d.Kind)
	case !k.sameAccount(learner, d.Buyer):
		return types.DataCitation{}, types.ErrInvalidData.Wrapf("deal %d was bought by %s; only its buyer may train on its leaves", c.DealId, d.Buyer)
	case d.TaskId != model.TaskId:
		return types.DataCitation{}, types.ErrInvalidData.Wrapf("deal %d sold data of task %d; model %d is for task %d", c.DealId, d.TaskId, model.Id, model.TaskId)
	case c.Leaf < d.LeafStart || c.Leaf-d.LeafStart >= d.LeafCount:
		return types.DataCitation{}, types.ErrInvalidData.Wrapf("leaf %d is not one deal %d sold ([%d, %d))", c.Leaf, c.DealId, d.LeafStart, d.LeafStart+d.LeafCount)
	case len(c.DataRoot) != 0 && string(c.DataRoot) != string(d.DataRoot):
		return types.DataCitation{}, types.ErrInvalidData.Wrapf("data.data_root is not deal %d's data root; leave it empty or give the deal's", c.DealId)
	}
	c.DataRoot = d.DataRoot
	return c, nil
}

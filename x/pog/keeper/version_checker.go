package keeper

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/types"
)

// VersionChecker is x/datamarket's check that a MODEL_UPDATE offer sells
// one of the seller's verified versions.
type VersionChecker struct{ k Keeper }

// NewVersionChecker returns the VersionChecker of k, for
// x/datamarket's Keeper.SetVersionChecker.
func (k Keeper) NewVersionChecker() VersionChecker { return VersionChecker{k: k} }

// CheckVersion returns nil when versionID is a VERIFIED or ACCEPTED
// version of modelID owned by seller with this weights commitment, and
// says which of these fails otherwise.
func (c VersionChecker) CheckVersion(ctx context.Context, seller sdk.AccAddress, modelID, versionID uint64, weightsCommitment []byte) error {
	v, err := c.k.GetVersion(ctx, versionID)
	if err != nil {
		return err
	}
	switch {
	case v.ModelId != modelID:
		return types.ErrInvalidRequest.Wrapf("version %d is a version of model %d, not of model %d", versionID, v.ModelId, modelID)
	case !c.k.sameAccount(seller, v.Learner):
		return types.ErrUnauthorized.Wrapf("version %d belongs to %s; only its owner may sell it", versionID, v.Learner)
	case string(v.WeightsCommitment) != string(weightsCommitment):
		return types.ErrInvalidRequest.Wrapf("version %d's weights commitment is %X, the offer gives %X", versionID, v.WeightsCommitment, weightsCommitment)
	case v.Status != types.StatusVerified && v.Status != types.StatusAccepted:
		return types.ErrInvalidRequest.Wrapf("version %d is %s; only verified or accepted versions may be sold", versionID, v.Status)
	}
	return nil
}

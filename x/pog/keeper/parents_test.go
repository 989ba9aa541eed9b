package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// bDeal is learner B's leaf 4 of deal B.
var bDeal = &types.DataCitation{DealId: dealB, Leaf: 4}

// TestOwnPendingAndInitialParents: a learner builds on the initial weights
// and on its own versions without any deal.
func TestOwnPendingAndInitialParents(t *testing.T) {
	e := newEnv(t)
	v1 := e.accept(step{})
	v2 := e.accept(step{parents: []uint64{v1}, data: &types.DataCitation{DealId: dealA, Leaf: 2}})
	v3 := e.accept(step{parents: []uint64{v2, 0}, data: &types.DataCitation{DealId: dealA, Leaf: 4}})
	lineage, err := e.querier.Lineage(e.ctx, &types.QueryLineageRequest{VersionId: v3})
	require.NoError(t, err)
	require.Equal(t, []uint64{v2, v1}, ids(lineage.Ancestors))
	require.False(t, lineage.Truncated)

	// A pending own version is a parent too (re-execution versions wait for
	// their vote; set one here by hand).
	v, err := e.keeper.GetVersion(e.ctx, v3)
	require.NoError(t, err)
	v.Status, v.VerifiedHeight = types.StatusPending, 0
	require.NoError(t, e.keeper.Versions.Set(e.ctx, v3, v))
	e.accept(step{parents: []uint64{v3}, data: &types.DataCitation{DealId: dealA, Leaf: 5}})
}

// TestForeignParentNeedsADeal: another account's version is a parent only
// when the learner bought it in a settled MODEL_UPDATE deal it cites, or
// when it is the model's best accepted version.
func TestForeignParentNeedsADeal(t *testing.T) {
	e := newEnv(t)
	theirs := e.accept(step{learner: learnerB, data: bDeal})
	msg, _ := e.prove(step{parents: []uint64{theirs}})
	err := e.requireRefused(msg, types.ErrInvalidParent)
	require.ErrorContains(t, err, "cite the settled MODEL_UPDATE deal")

	modelUpdate := func(id uint64, buyer, seller string, version uint64, status dm.DealStatus) {
		e.data.deals[id] = dm.Deal{Id: id, Kind: dm.KindModelUpdate, Buyer: buyer, Seller: seller, TaskId: taskID,
			ModelId: modelID, VersionId: version, LeafCount: 1, Status: status}
	}
	modelUpdate(30, learnerA.String(), learnerB.String(), theirs, dm.DealSettled)
	modelUpdate(31, learnerA.String(), learnerB.String(), theirs, dm.DealKeyRevealed)
	modelUpdate(32, learnerA.String(), learnerB.String(), theirs+1, dm.DealSettled)
	modelUpdate(33, outsider.String(), learnerB.String(), theirs, dm.DealSettled)
	modelUpdate(34, learnerA.String(), dataNode.String(), theirs, dm.DealSettled)
	e.data.deals[35] = dm.Deal{Id: 35, Kind: dm.KindData, Buyer: learnerA.String(), TaskId: taskID, Status: dm.DealSettled, LeafCount: 1}
	for name, deal := range map[string]uint64{
		"a deal not settled":         31,
		"a deal of another version":  32,
		"someone else's deal":        33,
		"a deal from another seller": 34,
		"a DATA deal":                35,
		"an unknown deal":            99,
	} {
		t.Run(name, func(t *testing.T) {
			defer e.bind(t)()
			msg, _ := e.prove(step{parents: []uint64{theirs}, deals: []uint64{deal}})
			e.requireRefused(msg, types.ErrInvalidParent)
		})
	}
	bought := e.accept(step{parents: []uint64{theirs}, deals: []uint64{30}})
	v, err := e.keeper.GetVersion(e.ctx, bought)
	require.NoError(t, err)
	require.Equal(t, []uint64{30}, v.ParentDeals)

	// The model's best accepted version is public.
	best := e.accept(step{learner: learnerB, data: &types.DataCitation{DealId: dealB, Leaf: 5}})
	e.builder.scores[modelID] = buildertypes.ModelScore{ModelId: modelID, Version: best, Metric: 700_000}
	e.accept(step{parents: []uint64{best}, data: &types.DataCitation{DealId: dealA, Leaf: 2}})

	// Citing a deal for one's own version is a mistake worth refusing.
	msg, _ = e.prove(step{parents: []uint64{bought}, deals: []uint64{30}, data: &types.DataCitation{DealId: dealA, Leaf: 4}})
	e.requireRefused(msg, types.ErrInvalidParent)
}

// TestForbiddenParents: unknown versions, versions of another model,
// rejected versions and another account's pending versions are never
// parents.
func TestForbiddenParents(t *testing.T) {
	e := newEnv(t)
	mine := e.accept(step{})
	otherModel := e.accept(step{model: otherModelID, data: &types.DataCitation{DealId: dealA, Leaf: 2}})
	pendingTheirs := e.accept(step{learner: learnerB, data: bDeal})
	setStatus(t, e, pendingTheirs, types.StatusPending)
	rejected := e.accept(step{data: &types.DataCitation{DealId: dealA, Leaf: 5}})
	require.NoError(t, e.keeper.Reject(e.ctx, rejected, "forged"))
	for name, parents := range map[string][]uint64{
		"an unknown version":                {99},
		"a version of another model":        {otherModel},
		"a rejected version":                {rejected},
		"another account's pending version": {pendingTheirs},
		"a good and a rejected version":     {mine, rejected},
	} {
		t.Run(name, func(t *testing.T) {
			defer e.bind(t)()
			e.versions[99] = e.initial
			msg, _ := e.prove(step{parents: parents, data: &types.DataCitation{DealId: dealA, Leaf: 5}})
			e.requireRefused(msg, types.ErrInvalidParent)
		})
	}
}

func setStatus(t *testing.T, e *env, id uint64, status types.VersionStatus) {
	t.Helper()
	v, err := e.keeper.GetVersion(e.ctx, id)
	require.NoError(t, err)
	v.Status = status
	if status == types.StatusPending {
		v.VerifiedHeight = 0
	}
	if status == types.StatusAccepted {
		v.DecidedHeight = v.VerifiedHeight
	}
	require.NoError(t, e.keeper.Versions.Set(e.ctx, id, v))
}

func ids(vs []types.Version) []uint64 {
	out := make([]uint64, len(vs))
	for i, v := range vs {
		out[i] = v.Id
	}
	return out
}

package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/pog/types"
)

// TestGenesisRoundTrip: a state of versions, edges and a rejection
// exports, imports into a fresh store and exports the same; the imported
// store has the indexes (queries by model, learner, commitment, children)
// and the sequence continues.
func TestGenesisRoundTrip(t *testing.T) {
	e := newEnv(t)
	v1 := e.accept(step{})
	v2 := e.accept(step{parents: []uint64{v1}, data: &types.DataCitation{DealId: dealA, Leaf: 2}})
	e.accept(step{learner: learnerB, data: bDeal})
	require.NoError(t, e.keeper.Reject(e.ctx, v2, "forged"))
	exported, err := e.keeper.ExportGenesis(e.ctx)
	require.NoError(t, err)
	require.Len(t, exported.Versions, 3)
	require.Equal(t, uint64(4), exported.NextVersionId)
	require.NoError(t, exported.Validate())

	fresh := newEnv(t)
	require.NoError(t, fresh.keeper.InitGenesis(fresh.ctx, *exported))
	again, err := fresh.keeper.ExportGenesis(fresh.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
	require.Equal(t, e.dump(), fresh.dump(), "import rebuilds every index and edge")
	require.NoError(t, fresh.keeper.Invariants(fresh.ctx))

	fresh.versions = e.versions
	require.Equal(t, uint64(4), fresh.accept(step{parents: []uint64{v1}, data: &types.DataCitation{DealId: dealA, Leaf: 5}}))
}

func TestInitGenesisRefusesBadState(t *testing.T) {
	e := newEnv(t)
	bad := *types.DefaultGenesis()
	bad.NextVersionId = 0
	require.ErrorIs(t, e.keeper.InitGenesis(e.ctx, bad), types.ErrInvalidGenesis)
}

// TestDAGInvariantCatchesCorruption: a missing edge, a stray edge and a
// live child of a rejected parent are each reported.
func TestDAGInvariantCatchesCorruption(t *testing.T) {
	e := newEnv(t)
	v1 := e.accept(step{})
	v2 := e.accept(step{parents: []uint64{v1}, data: &types.DataCitation{DealId: dealA, Leaf: 2}})
	require.NoError(t, e.keeper.Invariants(e.ctx))

	edge := edgeKey(v1, v2)
	require.NoError(t, e.keeper.Children.Remove(e.ctx, edge))
	require.ErrorContains(t, e.keeper.Invariants(e.ctx), "missing")
	require.NoError(t, e.keeper.Children.Set(e.ctx, edge))

	require.NoError(t, e.keeper.Children.Set(e.ctx, edgeKey(v2, 9)))
	require.ErrorContains(t, e.keeper.Invariants(e.ctx), "edges stored")
	require.NoError(t, e.keeper.Children.Remove(e.ctx, edgeKey(v2, 9)))

	v, err := e.keeper.GetVersion(e.ctx, v1)
	require.NoError(t, err)
	v.Status, v.DecidedHeight, v.RejectReason = types.StatusRejected, startHeight, "forged"
	require.NoError(t, e.keeper.Versions.Set(e.ctx, v1, v))
	require.ErrorContains(t, e.keeper.Invariants(e.ctx), "is rejected")
}

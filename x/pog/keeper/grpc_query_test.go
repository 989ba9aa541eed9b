package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/pog/types"
)

func edgeKey(parent, child uint64) collections.Pair[uint64, uint64] {
	return collections.Join(parent, child)
}

// TestQueries: every query answers from the stored versions, and bad
// requests get InvalidArgument or NotFound.
func TestQueries(t *testing.T) {
	e := newEnv(t)
	leaf := func(l uint64) *types.DataCitation { return &types.DataCitation{DealId: dealA, Leaf: l} }
	v1 := e.accept(step{})
	v2 := e.accept(step{learner: learnerB, data: bDeal})
	v3 := e.accept(step{parents: []uint64{v1}, data: leaf(2)})
	v4 := e.accept(step{model: otherModelID, data: leaf(5)})
	v5 := e.accept(step{parents: []uint64{v3, v1}, data: leaf(5)})

	p, err := e.querier.Params(e.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, testParams(), p.Params)

	one, err := e.querier.Version(e.ctx, &types.QueryVersionRequest{VersionId: v3})
	require.NoError(t, err)
	require.Equal(t, []uint64{v1}, one.Version.Parents)

	list := func(req *types.QueryVersionsRequest) []uint64 {
		t.Helper()
		res, err := e.querier.Versions(e.ctx, req)
		require.NoError(t, err)
		return ids(res.Versions)
	}
	require.Equal(t, []uint64{v1, v2, v3, v4, v5}, list(&types.QueryVersionsRequest{}))
	require.Equal(t, []uint64{v1, v2, v3, v5}, list(&types.QueryVersionsRequest{ModelId: modelID}))
	require.Equal(t, []uint64{v4}, list(&types.QueryVersionsRequest{ModelId: otherModelID}))
	require.Equal(t, []uint64{v2}, list(&types.QueryVersionsRequest{Learner: learnerB.String()}))
	require.Equal(t, []uint64{v1, v2}, list(&types.QueryVersionsRequest{ModelId: modelID, Pagination: &query.PageRequest{Limit: 2}}))

	lineage, err := e.querier.Lineage(e.ctx, &types.QueryLineageRequest{VersionId: v5})
	require.NoError(t, err)
	require.Equal(t, []uint64{v3, v1}, ids(lineage.Ancestors), "nearest first, each once")
	root, err := e.querier.Lineage(e.ctx, &types.QueryLineageRequest{VersionId: v1})
	require.NoError(t, err)
	require.Empty(t, root.Ancestors)

	params := testParams()
	params.MaxLineageResults = 1
	require.NoError(t, e.keeper.Params.Set(e.ctx, params))
	cut, err := e.querier.Lineage(e.ctx, &types.QueryLineageRequest{VersionId: v5})
	require.NoError(t, err)
	require.Equal(t, []uint64{v3}, ids(cut.Ancestors))
	require.True(t, cut.Truncated)

	children, err := e.querier.Children(e.ctx, &types.QueryChildrenRequest{VersionId: v1})
	require.NoError(t, err)
	require.Equal(t, []uint64{v3, v5}, ids(children.Children))

	code := func(err error) codes.Code { return status.Code(err) }
	_, err = e.querier.Version(e.ctx, &types.QueryVersionRequest{})
	require.Equal(t, codes.InvalidArgument, code(err))
	_, err = e.querier.Version(e.ctx, &types.QueryVersionRequest{VersionId: 99})
	require.Equal(t, codes.NotFound, code(err))
	_, err = e.querier.Version(e.ctx, nil)
	require.Equal(t, codes.InvalidArgument, code(err))
	_, err = e.querier.Versions(e.ctx, &types.QueryVersionsRequest{ModelId: 1, Learner: learnerA.String()})
	require.Equal(t, codes.InvalidArgument, code(err))
	_, err = e.querier.Versions(e.ctx, &types.QueryVersionsRequest{Learner: "nope"})
	require.Equal(t, codes.InvalidArgument, code(err))
	_, err = e.querier.Lineage(e.ctx, &types.QueryLineageRequest{VersionId: 99})
	require.Equal(t, codes.NotFound, code(err))
	_, err = e.querier.Children(e.ctx, &types.QueryChildrenRequest{VersionId: 99})
	require.Equal(t, codes.NotFound, code(err))
}

// TestVersionChecker: x/datamarket's check of a MODEL_UPDATE offer passes
// only for the seller's own verified or accepted version of the model with
// its commitment.
func TestVersionChecker(t *testing.T) {
	e := newEnv(t)
	v1 := e.accept(step{})
	v, err := e.keeper.GetVersion(e.ctx, v1)
	require.NoError(t, err)
	check := e.keeper.NewVersionChecker()
	require.NoError(t, check.CheckVersion(e.ctx, learnerA, modelID, v1, v.WeightsCommitment))
	require.ErrorIs(t, check.CheckVersion(e.ctx, learnerA, modelID, 99, v.WeightsCommitment), types.ErrVersionNotFound)
	require.ErrorIs(t, check.CheckVersion(e.ctx, learnerA, otherModelID, v1, v.WeightsCommitment), types.ErrInvalidRequest)
	require.ErrorIs(t, check.CheckVersion(e.ctx, learnerB, modelID, v1, v.WeightsCommitment), types.ErrUnauthorized)
	require.ErrorIs(t, check.CheckVersion(e.ctx, learnerA, modelID, v1, e.dataset.Root[:]), types.ErrInvalidRequest)
	setStatus(t, e, v1, types.StatusAccepted)
	require.NoError(t, check.CheckVersion(e.ctx, learnerA, modelID, v1, v.WeightsCommitment))
	setStatus(t, e, v1, types.StatusPending)
	require.ErrorIs(t, check.CheckVersion(e.ctx, learnerA, modelID, v1, v.WeightsCommitment), types.ErrInvalidRequest)
}

// TestUpdateParams: only governance replaces the params, and only with
// valid ones.
func TestUpdateParams(t *testing.T) {
	e := newEnv(t)
	p := types.DefaultParams()
	p.VerifyGasBase = 80_000
	_, err := e.msgs.UpdateParams(e.ctx, &types.MsgUpdateParams{Authority: learnerA.String(), Params: p})
	require.Error(t, err)
	bad := p
	bad.MaxLineageResults = 0
	_, err = e.msgs.UpdateParams(e.ctx, &types.MsgUpdateParams{Authority: e.keeper.GetAuthority(), Params: bad})
	require.ErrorIs(t, err, types.ErrInvalidParams)
	_, err = e.msgs.UpdateParams(e.ctx, &types.MsgUpdateParams{Authority: e.keeper.GetAuthority(), Params: p})
	require.NoError(t, err)
	got, err := e.keeper.Params.Get(e.ctx)
	require.NoError(t, err)
	require.Equal(t, p, got)
}

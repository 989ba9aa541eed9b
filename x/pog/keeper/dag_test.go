package keeper_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/types"
)

// TestRejectionCascades: rejecting a version rejects its pending and
// verified descendants, naming it, and leaves accepted ones (and theirs)
// alone; a rejected version cannot be rejected again.
//
//	1 ─┬─ 2 ── 3
//	   ├─ 4 (accepted) ── 5
//	   └─ 6 (merges 1 and 5)
func TestRejectionCascades(t *testing.T) {
	e := newEnv(t)
	leaf := func(l uint64) *types.DataCitation { return &types.DataCitation{DealId: dealA, Leaf: l} }
	v1 := e.accept(step{})
	v2 := e.accept(step{parents: []uint64{v1}, data: leaf(2)})
	v3 := e.accept(step{parents: []uint64{v2}, data: leaf(4)})
	v4 := e.accept(step{parents: []uint64{v1}, data: leaf(5)})
	setStatus(t, e, v4, types.StatusAccepted)
	v5 := e.accept(step{parents: []uint64{v4}, data: leaf(2)})
	v6 := e.accept(step{parents: []uint64{v1, v5}, data: leaf(4)})

	e.ctx = e.ctx.WithBlockHeight(startHeight + 5).WithEventManager(sdk.NewEventManager())
	require.NoError(t, e.keeper.Reject(e.ctx, v1, "forged step"))
	status := map[uint64]types.VersionStatus{}
	for _, id := range []uint64{v1, v2, v3, v4, v5, v6} {
		v, err := e.keeper.GetVersion(e.ctx, id)
		require.NoError(t, err)
		status[id] = v.Status
		if v.Status == types.StatusRejected {
			require.Equal(t, int64(startHeight+5), v.DecidedHeight)
			if id == v1 {
				require.Equal(t, "forged step", v.RejectReason)
				require.Zero(t, v.RejectedAncestor)
			} else {
				require.Equal(t, v1, v.RejectedAncestor)
			}
		}
	}
	require.Equal(t, map[uint64]types.VersionStatus{
		v1: types.StatusRejected, v2: types.StatusRejected, v3: types.StatusRejected,
		v4: types.StatusAccepted, v5: types.StatusVerified, v6: types.StatusRejected,
	}, status)
	var rejected []uint64
	for _, ev := range e.ctx.EventManager().Events() {
		require.Equal(t, "litegpt.pog.v1.EventVersionRejected", ev.Type)
		for _, a := range ev.Attributes {
			if a.Key == "version_id" {
				rejected = append(rejected, parseQuoted(t, a.Value))
			}
		}
	}
	require.Equal(t, []uint64{v1, v2, v6, v3}, rejected, "breadth first, in id order: 1, then its children 2 and 6, then 3")
	require.NoError(t, e.keeper.Invariants(e.ctx))

	require.ErrorIs(t, e.keeper.Reject(e.ctx, v1, "again"), types.ErrInvalidRequest)
	require.ErrorIs(t, e.keeper.Reject(e.ctx, v4, "accepted is final"), types.ErrInvalidRequest)
	require.ErrorIs(t, e.keeper.Reject(e.ctx, 99, "unknown"), types.ErrVersionNotFound)
}

// parseQuoted reads a typed event's uint64 attribute ("\"7\"").
func parseQuoted(t *testing.T, s string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(strings.Trim(s, `"`), 10, 64)
	require.NoError(t, err)
	return n
}

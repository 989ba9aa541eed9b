package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

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

// TestGenesisRoundTripMidPoll: exported while a poll is committing, a
// beacon round is under way and an epoch has proposer counts and paid
// epochs behind it, the state imports into a fresh store identically
// (every queue and index rebuilt) and the poll then finishes there.
func TestGenesisRoundTripMidPoll(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	pool := authModule(types.NetworkRewardsPool)
	e.bank.balances[string(pool)] = mathInt(1_000_000)
	accepted, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	p := e.drawn(accepted.PollId)
	e.vote(p, everyone(p, honest), nil)
	for e.clock(t).Epoch < 2 { // a paid epoch with a paid version
		e.beaconStep(allVerifiers)
	}
	open, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	p = e.drawn(open.PollId)
	e.commitAll(p, honest)
	for { // until the current round holds commitments
		b, err := e.querier.Beacon(e.ctx, &types.QueryBeaconRequest{})
		require.NoError(t, err)
		if len(b.Entries) > 0 {
			break
		}
		e.beaconStep(allVerifiers)
	}
	exported, err := e.keeper.ExportGenesis(e.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.NotEmpty(t, exported.Votes)
	require.NotEmpty(t, exported.EpochRewards)
	require.NotEmpty(t, exported.BeaconRounds)

	fresh := newEnv(t)
	fresh.withVerifiers()
	fresh.bank = e.bank
	fresh.ctx = fresh.ctx.WithBlockHeight(e.ctx.BlockHeight())
	require.NoError(t, fresh.keeper.InitGenesis(fresh.ctx, *exported))
	again, err := fresh.keeper.ExportGenesis(fresh.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)
	require.Equal(t, e.dump(), fresh.dump(), "import rebuilds every queue and index")

	for fresh.ctx.BlockHeight() < p.CommitEndHeight {
		fresh.beaconStep(allVerifiers)
	}
	fresh.revealAll(p, honest)
	for fresh.ctx.BlockHeight() < p.RevealEndHeight {
		fresh.beaconStep(allVerifiers)
	}
	done, err := fresh.keeper.Polls.Get(fresh.ctx, p.Id)
	require.NoError(t, err)
	require.Equal(t, types.OutcomeAccepted, done.Outcome)
	require.NoError(t, fresh.keeper.Invariants(fresh.ctx))
}

// TestPollAndEmissionInvariantsCatchCorruption: a poll dropped from its
// queue, a stray vote, and an epoch whose learners' share disagrees with
// its versions are each reported; the state the tests leave passes.
func TestPollAndEmissionInvariantsCatchCorruption(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	e.bank.balances[string(authModule(types.NetworkRewardsPool))] = mathInt(1_000_000)
	res, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	p := e.drawn(res.PollId)
	e.vote(p, everyone(p, honest), nil)
	for e.clock(t).Epoch < 3 {
		e.beaconStep(allVerifiers)
	}
	open, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	require.NoError(t, e.keeper.Invariants(e.ctx))

	q, err := e.keeper.Polls.Get(e.ctx, open.PollId)
	require.NoError(t, err)
	key := collections.Join(q.BeaconRound, q.Id)
	require.NoError(t, e.keeper.PollsByRound.Remove(e.ctx, key))
	require.ErrorContains(t, e.keeper.Invariants(e.ctx), "queued 0 times")
	require.NoError(t, e.keeper.PollsByRound.Set(e.ctx, key))

	stray := collections.Join(p.Id, verifiers[0])
	require.NoError(t, e.keeper.Votes.Set(e.ctx, stray, types.Vote{PollId: p.Id, Voter: verifiers[0].String()}))
	require.ErrorContains(t, e.keeper.Invariants(e.ctx), "not open")
	require.NoError(t, e.keeper.Votes.Remove(e.ctx, stray))

	v, err := e.keeper.GetVersion(e.ctx, res.VersionId)
	require.NoError(t, err)
	require.True(t, v.Settlement.Paid)
	v.Settlement.Reward = v.Settlement.Reward.AddRaw(1)
	require.NoError(t, e.keeper.Versions.Set(e.ctx, v.Id, v))
	require.ErrorContains(t, e.keeper.Invariants(e.ctx), "its versions record")
}

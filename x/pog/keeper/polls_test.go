package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/keeper"
	"github.com/litegpt/litegpt/x/pog/sortition"
	"github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
)

var honest = types.VoteResult{Verdict: types.VerdictValid, Metric: 600_000, ParentMetric: 450_000}

// TestReexecutionHonestUpdateIsAccepted: a re-executed step waits for the
// next beacon round, gets a committee recomputable from the chain, and
// is accepted when the committee agrees with its claim: settled with its
// gain, reported to x/buildermarket, the learner and the agreeing jurors
// credited.
func TestReexecutionHonestUpdateIsAccepted(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	res, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	require.Equal(t, types.StatusPending, res.Status)
	require.Equal(t, uint64(1), res.PollId)
	clock, err := e.keeper.Clock.Get(e.ctx)
	require.NoError(t, err)

	p := e.drawn(res.PollId)
	require.Equal(t, clock.Round+1, p.BeaconRound, "the committee comes from the round after the submission's")
	require.Len(t, p.Committee, 3)
	round, err := e.keeper.BeaconRounds.Get(e.ctx, p.BeaconRound)
	require.NoError(t, err)
	require.False(t, round.Failed)
	require.Equal(t, uint32(5), round.Reveals)
	var candidates []sortition.Candidate
	for i, v := range verifiers {
		w := int64(500)
		if i == 4 {
			w = 900
		}
		candidates = append(candidates, sortition.Candidate{Address: v, Weight: mathInt(w)})
	}
	want, err := sortition.Sample(keeper.CommitteeSeed(round.Seed, p.Id), candidates, 3)
	require.NoError(t, err)
	for i, j := range p.Committee {
		require.Equal(t, sdk.AccAddress(want[i].Address).String(), j.Address, "the committee is recomputable from the round's seed and weights")
		require.Equal(t, want[i].Weight, j.Weight)
	}

	tallied := e.vote(p, everyone(p, honest), nil)
	require.Equal(t, types.OutcomeAccepted, tallied.Outcome)
	require.Equal(t, honest, tallied.Result)
	v, err := e.keeper.GetVersion(e.ctx, res.VersionId)
	require.NoError(t, err)
	require.Equal(t, types.StatusAccepted, v.Status)
	require.Equal(t, int64(150_000), v.Settlement.Gain)
	require.Equal(t, []metricReport{{modelID, v.Id, 600_000}}, e.metrics.validation)
	require.Equal(t, []reputationtypes.OutcomeKind{reputationtypes.OutcomeUpdateAccepted, reputationtypes.OutcomeMetricConfirmed}, e.rep.kinds(learnerA))
	for _, j := range p.Committee {
		require.Equal(t, []reputationtypes.OutcomeKind{reputationtypes.OutcomeVoteWithOutcome}, e.rep.kinds(sdk.MustAccAddressFromBech32(j.Address)))
	}
	require.Empty(t, e.slasher.slashs)
	votes, err := e.querier.Poll(e.ctx, &types.QueryPollRequest{PollId: p.Id})
	require.NoError(t, err)
	require.Empty(t, votes.Votes, "votes are removed at the tally")
}

// TestForgedUpdateIsRejectedAndSlashed: jurors that find the step does
// not give the committed weights reject it; the learner is slashed and
// reported, its pending descendant is rejected with it, the juror on the
// losing side loses reputation.
func TestForgedUpdateIsRejectedAndSlashed(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	res, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	child, err := e.submit(e.reexec(res.VersionId), noStep)
	require.NoError(t, err)
	p := e.drawn(res.PollId)
	results := everyone(p, types.VoteResult{Verdict: types.VerdictInvalid})
	loser := lightest(p)
	results[loser] = honest // the other two hold at least two thirds of the weight
	tallied := e.vote(p, results, nil)
	require.Equal(t, types.OutcomeForged, tallied.Outcome)
	require.Equal(t, types.VoteResult{Verdict: types.VerdictInvalid}, tallied.Result)
	v, err := e.keeper.GetVersion(e.ctx, res.VersionId)
	require.NoError(t, err)
	require.Equal(t, types.StatusRejected, v.Status)
	c, err := e.keeper.GetVersion(e.ctx, child.VersionId)
	require.NoError(t, err)
	require.Equal(t, types.StatusRejected, c.Status)
	require.Equal(t, res.VersionId, c.RejectedAncestor)
	require.Len(t, e.slasher.slashs, 1)
	require.True(t, e.slasher.slashs[0].addr.Equals(learnerA))
	require.Contains(t, e.rep.kinds(learnerA), reputationtypes.OutcomeUpdateRejected)
	require.Equal(t, []reputationtypes.OutcomeKind{reputationtypes.OutcomeVoteAgainstOutcome}, e.rep.kinds(sdk.MustAccAddressFromBech32(loser)))
	require.Empty(t, e.metrics.validation)

	// The child's poll, tallied in the same block after its parent's, is
	// cancelled: its jurors are not judged.
	cp, err := e.keeper.Polls.Get(e.ctx, child.PollId)
	require.NoError(t, err)
	require.Equal(t, types.OutcomeCancelled, cp.Outcome)
	for _, j := range cp.Committee {
		for _, r := range e.rep.reports {
			require.NotEqual(t, "pog/poll/2", r.ref, "juror %s judged on a cancelled poll", j.Address)
		}
	}
}

// lightest is the address of p's juror of least weight (the first of
// them).
func lightest(p types.Poll) string {
	min := p.Committee[0]
	for _, j := range p.Committee[1:] {
		if j.Weight.LT(min.Weight) {
			min = j
		}
	}
	return min.Address
}

func mathInt(v int64) math.Int { return math.NewInt(v) }

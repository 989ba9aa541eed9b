package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
)

// TestFalseMetricClaimIsPenalized: a proven (ZK) step whose claimed
// metric the jurors do not find is rejected and its learner slashed, and
// its own descendant goes with it.
func TestFalseMetricClaimIsPenalized(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	id := e.accept(step{})
	v, err := e.keeper.GetVersion(e.ctx, id)
	require.NoError(t, err)
	require.Equal(t, types.StatusVerified, v.Status)
	require.NotZero(t, v.PollId, "a ZK version's metric is settled by a poll")
	child := e.accept(step{parents: []uint64{id}, data: &types.DataCitation{DealId: dealA, Leaf: 2}})

	p := e.drawn(v.PollId)
	tallied := e.vote(p, everyone(p, types.VoteResult{Verdict: types.VerdictValid, Metric: 550_000, ParentMetric: 450_000}), nil)
	require.Equal(t, types.OutcomeFalseMetric, tallied.Outcome)
	v, err = e.keeper.GetVersion(e.ctx, id)
	require.NoError(t, err)
	require.Equal(t, types.StatusRejected, v.Status)
	require.Contains(t, v.RejectReason, "false metric claim: claimed 600000, verifiers found 550000")
	c, err := e.keeper.GetVersion(e.ctx, child)
	require.NoError(t, err)
	require.Equal(t, types.StatusRejected, c.Status)
	require.Len(t, e.slasher.slashs, 1)
	require.Contains(t, e.rep.kinds(learnerA), reputationtypes.OutcomeMetricFalse)
	require.Empty(t, e.metrics.validation)
}

// TestNoQuorumSlashesNobody: when too little of the committee's weight
// reveals, a re-executed step is not accepted (rejected, no slash) and a
// proven step stays verified with its metric unsettled; no reputation
// moves.
func TestNoQuorumSlashesNobody(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	re, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	zk := e.accept(step{})
	zkVersion, err := e.keeper.GetVersion(e.ctx, zk)
	require.NoError(t, err)

	for _, pollID := range []uint64{re.PollId, zkVersion.PollId} {
		p := e.drawn(pollID)
		if p.CommitEndHeight <= e.ctx.BlockHeight() {
			continue // drawn together with the first and tallied with it
		}
		one := lightest(p)
		tallied := e.vote(p, map[string]types.VoteResult{one: honest}, nil)
		require.Equal(t, types.OutcomeNoQuorum, tallied.Outcome)
	}
	for _, pollID := range []uint64{re.PollId, zkVersion.PollId} {
		p, err := e.keeper.Polls.Get(e.ctx, pollID)
		require.NoError(t, err)
		require.Equal(t, types.OutcomeNoQuorum, p.Outcome)
	}
	v, err := e.keeper.GetVersion(e.ctx, re.VersionId)
	require.NoError(t, err)
	require.Equal(t, types.StatusRejected, v.Status)
	require.Contains(t, v.RejectReason, "no quorum")
	zkVersion, err = e.keeper.GetVersion(e.ctx, zk)
	require.NoError(t, err)
	require.Equal(t, types.StatusVerified, zkVersion.Status)
	require.Nil(t, zkVersion.Settlement)
	require.Empty(t, e.slasher.slashs)
	for _, r := range e.rep.reports {
		require.NotContains(t, []string{"pog/poll/1", "pog/poll/2", "pog/version/1", "pog/version/2"}, r.ref)
	}
}

// TestWithheldWeightsAreRejected: jurors that cannot fetch the weights
// reject the version, and the learner is slashed.
func TestWithheldWeightsAreRejected(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	res, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	p := e.drawn(res.PollId)
	tallied := e.vote(p, everyone(p, types.VoteResult{Verdict: types.VerdictWithheld}), nil)
	require.Equal(t, types.OutcomeForged, tallied.Outcome)
	v, err := e.keeper.GetVersion(e.ctx, res.VersionId)
	require.NoError(t, err)
	require.Equal(t, types.StatusRejected, v.Status)
	require.Len(t, e.slasher.slashs, 1)
}

// TestUnrevealedVoteCountsAgainst: a juror that commits and does not
// reveal loses reputation, the others decide.
func TestUnrevealedVoteCountsAgainst(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	res, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	p := e.drawn(res.PollId)
	silent := lightest(p)
	reveal := map[string]bool{}
	for _, j := range p.Committee {
		reveal[j.Address] = j.Address != silent
	}
	tallied := e.vote(p, everyone(p, honest), reveal)
	require.Equal(t, types.OutcomeAccepted, tallied.Outcome)
	require.Equal(t, []reputationtypes.OutcomeKind{reputationtypes.OutcomeVoteAgainstOutcome}, e.rep.kinds(sdk.MustAccAddressFromBech32(silent)))
}

// TestVoteMessagesAreChecked: commitments only from the committee, in the
// commit window, once; reveals only in the reveal window, opening the
// commitment, once; malformed messages are refused.
func TestVoteMessagesAreChecked(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	res, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	c := types.VoteCommitment(testChainID, res.PollId, verifiers[0], honest, salt(res.PollId, verifiers[0]))
	_, err = e.msgs.CommitVote(e.ctx, &types.MsgCommitVote{Verifier: verifiers[0].String(), PollId: res.PollId, Commitment: c[:]})
	require.ErrorIs(t, err, types.ErrWrongStage, "no committee yet")
	p := e.drawn(res.PollId)
	var outsiderJuror sdk.AccAddress
	for _, v := range verifiers {
		on := false
		for _, j := range p.Committee {
			on = on || j.Address == v.String()
		}
		if !on {
			outsiderJuror = v
		}
	}
	require.NotNil(t, outsiderJuror)
	commit := func(voter sdk.AccAddress, r types.VoteResult) error {
		c := types.VoteCommitment(testChainID, p.Id, voter, r, salt(p.Id, voter))
		_, err := e.msgs.CommitVote(e.ctx, &types.MsgCommitVote{Verifier: voter.String(), PollId: p.Id, Commitment: c[:]})
		return err
	}
	juror := sdk.MustAccAddressFromBech32(p.Committee[0].Address)
	require.ErrorIs(t, commit(outsiderJuror, honest), types.ErrNotOnCommittee)
	require.NoError(t, commit(juror, honest))
	require.ErrorIs(t, commit(juror, honest), types.ErrInvalidVote, "once")
	_, err = e.msgs.CommitVote(e.ctx, &types.MsgCommitVote{Verifier: juror.String(), PollId: p.Id, Commitment: []byte{1}})
	require.ErrorIs(t, err, types.ErrInvalidVote)
	_, err = e.msgs.CommitVote(e.ctx, &types.MsgCommitVote{Verifier: juror.String(), PollId: 99, Commitment: c[:]})
	require.ErrorIs(t, err, types.ErrPollNotFound)

	s := salt(p.Id, juror)
	reveal := func(r types.VoteResult, salt []byte) error {
		_, err := e.msgs.RevealVote(e.ctx, &types.MsgRevealVote{Verifier: juror.String(), PollId: p.Id, Result: r, Salt: salt})
		return err
	}
	require.ErrorIs(t, reveal(honest, s[:]), types.ErrWrongStage, "still committing")
	for e.ctx.BlockHeight() < p.CommitEndHeight {
		e.beaconStep(allVerifiers)
	}
	require.ErrorIs(t, commit(sdk.MustAccAddressFromBech32(p.Committee[1].Address), honest), types.ErrWrongStage, "committing is over")
	other := honest
	other.Metric++
	require.ErrorIs(t, reveal(other, s[:]), types.ErrInvalidVote, "another result")
	require.ErrorIs(t, reveal(honest, make([]byte, 32)), types.ErrInvalidVote, "another salt")
	require.ErrorIs(t, reveal(types.VoteResult{Verdict: types.VerdictInvalid, Metric: 5}, s[:]), types.ErrInvalidVote, "metrics on an invalid verdict")
	require.ErrorIs(t, reveal(types.VoteResult{}, s[:]), types.ErrInvalidVote, "no verdict")
	require.NoError(t, reveal(honest, s[:]))
	require.ErrorIs(t, reveal(honest, s[:]), types.ErrInvalidVote, "once")
}

// TestBeaconRoundWithoutRevealsFails: a round with fewer reveals than
// beacon_min_reveals has no seed, and its polls wait for the next round.
func TestBeaconRoundWithoutRevealsFails(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	res, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	p, err := e.keeper.Polls.Get(e.ctx, res.PollId)
	require.NoError(t, err)
	for range 8 { // the current round and the poll's round, with one verifier only
		e.beaconStep([]int{0})
	}
	round, err := e.keeper.BeaconRounds.Get(e.ctx, p.BeaconRound)
	require.NoError(t, err)
	require.True(t, round.Failed)
	require.Equal(t, uint32(1), round.Reveals)
	require.Empty(t, round.Seed)
	moved, err := e.keeper.Polls.Get(e.ctx, res.PollId)
	require.NoError(t, err)
	require.Equal(t, p.BeaconRound+1, moved.BeaconRound)
	require.Empty(t, moved.Committee)
	drawn := e.drawn(res.PollId)
	require.Len(t, drawn.Committee, 3)

	// Beacon messages are checked too.
	clock, err := e.keeper.Clock.Get(e.ctx)
	require.NoError(t, err)
	_, err = e.msgs.CommitBeacon(e.ctx, &types.MsgCommitBeacon{Verifier: learnerA.String(), Round: clock.Round, Commitment: make([]byte, 32)})
	require.ErrorIs(t, err, types.ErrUnauthorized, "a learner is not a verifier")
	_, err = e.msgs.CommitBeacon(e.ctx, &types.MsgCommitBeacon{Verifier: verifiers[0].String(), Round: clock.Round + 1, Commitment: make([]byte, 32)})
	require.ErrorIs(t, err, types.ErrWrongStage)
	_, err = e.msgs.CommitBeacon(e.ctx, &types.MsgCommitBeacon{Verifier: verifiers[0].String(), Round: clock.Round, Commitment: make([]byte, 31)})
	require.ErrorIs(t, err, types.ErrInvalidBeacon)
}

// TestTestScorePaysTheBountyOnTheVote: an accepted version's builder asks
// for its test score once the test set is revealed; the jurors' metric is
// reported to x/buildermarket.
func TestTestScorePaysTheBountyOnTheVote(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	res, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	p := e.drawn(res.PollId)
	require.Equal(t, types.OutcomeAccepted, e.vote(p, everyone(p, honest), nil).Outcome)

	builder := testAddr(50)
	model := e.builder.models[modelID]
	model.Builder = builder.String()
	e.builder.models[modelID] = model
	req := &types.MsgRequestTestScore{Requester: builder.String(), VersionId: res.VersionId}
	_, err = e.msgs.RequestTestScore(e.ctx, req)
	require.ErrorIs(t, err, types.ErrWrongStage, "the test set is not revealed")
	task := e.builder.tasks[taskID]
	task.TestSet = &buildertypes.RevealedDataset{LeafCount: 2}
	e.builder.tasks[taskID] = task
	_, err = e.msgs.RequestTestScore(e.ctx, &types.MsgRequestTestScore{Requester: outsider.String(), VersionId: res.VersionId})
	require.ErrorIs(t, err, types.ErrUnauthorized)
	opened, err := e.msgs.RequestTestScore(e.ctx, req)
	require.NoError(t, err)
	_, err = e.msgs.RequestTestScore(e.ctx, req)
	require.ErrorIs(t, err, types.ErrWrongStage, "one open test poll per version")

	tp := e.drawn(opened.PollId)
	for _, j := range tp.Committee {
		require.NotEqual(t, builder.String(), j.Address)
		require.NotEqual(t, learnerA.String(), j.Address)
	}
	score := types.VoteResult{Verdict: types.VerdictValid, Metric: 580_000}
	require.Equal(t, types.OutcomeAccepted, e.vote(tp, everyone(tp, score), nil).Outcome)
	require.Equal(t, []metricReport{{modelID, res.VersionId, 580_000}}, e.metrics.test)
	_, err = e.msgs.RequestTestScore(e.ctx, req)
	require.NoError(t, err, "a new test poll once the last one is tallied")
}

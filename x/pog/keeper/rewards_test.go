package keeper_test

import (
	"testing"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/litegpt/litegpt/x/pog/types"
)

// TestEmissionFollowsTheSchedule runs the whole test schedule (1 idle
// epoch, then 10 decreasing ones of 40 blocks, 1,000,000 ulgpt) with a
// learner whose version gains and a spammer whose version gains nothing:
// each epoch releases the schedule's amount to the last ulgpt, 20 % to the
// proposers by blocks proposed and the rest to the gaining version; the
// spam version earns nothing; nothing is paid beyond the pool and what
// nobody could be paid stays in it.
func TestEmissionFollowsTheSchedule(t *testing.T) {
	e := newEnv(t)
	e.withVerifiers()
	pool := sdk.AccAddress(authModule(types.NetworkRewardsPool))
	e.bank.balances[string(pool)] = math.NewInt(1_000_000)
	proposerA, proposerB := testAddr(60), testAddr(61)
	e.staking.validators["cons-a"] = stakingtypes.Validator{OperatorAddress: sdk.ValAddress(proposerA).String()}
	e.staking.validators["cons-b"] = stakingtypes.Validator{OperatorAddress: sdk.ValAddress(proposerB).String()}
	proposerOf := func(h int64) string {
		if h%4 == 0 {
			return "cons-b" // one block in four
		}
		return "cons-a"
	}

	// Skip the idle epoch: start the versions in epoch 1.
	for e.clock(t).Epoch == 0 {
		e.ctx = e.ctx.WithBlockHeader(cmtproto.Header{Height: e.ctx.BlockHeight(), ProposerAddress: []byte(proposerOf(e.ctx.BlockHeight()))})
		e.beaconStep(allVerifiers)
	}
	header := func() {
		e.ctx = e.ctx.WithBlockHeader(cmtproto.Header{Height: e.ctx.BlockHeight(), ProposerAddress: []byte(proposerOf(e.ctx.BlockHeight()))})
	}
	gaining, err := e.submit(e.reexec(), noStep)
	require.NoError(t, err)
	p := e.drawn(gaining.PollId)
	require.Equal(t, types.OutcomeAccepted, e.vote(p, everyone(p, honest), nil).Outcome)
	spam := e.reexec()
	spam.Learner, spam.ClaimedMetric = learnerB.String(), 450_000
	spam.WeightsCommitment = append([]byte{0}, []byte("spam: the same model again.....")...)
	spamRes, err := e.submit(spam, noStep)
	require.NoError(t, err)
	p = e.drawn(spamRes.PollId)
	spamVote := types.VoteResult{Verdict: types.VerdictValid, Metric: 450_000, ParentMetric: 450_000}
	require.Equal(t, types.OutcomeAccepted, e.vote(p, everyone(p, spamVote), nil).Outcome)

	schedule := testParams().Schedule()
	for e.clock(t).Epoch < 12 {
		header()
		e.beaconStep(allVerifiers)
	}

	paid := math.ZeroInt()
	for epoch := uint64(0); epoch < 12; epoch++ {
		r, err := e.keeper.EpochRewards.Get(e.ctx, epoch)
		require.NoError(t, err, "epoch %d", epoch)
		require.Equal(t, schedule.Release(epoch), r.Released, "epoch %d releases the schedule's amount", epoch)
		require.Equal(t, r.Released, r.ToProposers.Add(r.ToLearners).Add(r.Unspent))
		paid = paid.Add(r.ToProposers).Add(r.ToLearners)
	}
	require.Equal(t, math.NewInt(1_000_000), schedule.ReleasedThrough(11))
	require.Equal(t, math.NewInt(1_000_000).Sub(paid), e.bank.balance(pool), "the pool lost exactly what was paid")

	g, err := e.keeper.GetVersion(e.ctx, gaining.VersionId)
	require.NoError(t, err)
	s, err := e.keeper.GetVersion(e.ctx, spamRes.VersionId)
	require.NoError(t, err)
	require.Equal(t, types.StatusAccepted, g.Status)
	require.Equal(t, types.StatusAccepted, s.Status)
	require.True(t, g.Settlement.Paid)
	require.Equal(t, int64(0), s.Settlement.Gain)
	require.True(t, s.Settlement.Reward.IsZero(), "no gain, no reward")
	epochPaid, err := e.keeper.EpochRewards.Get(e.ctx, g.Settlement.Epoch)
	require.NoError(t, err)
	_, learning, _ := splitBps(epochPaid.Released, 2_000)
	require.Equal(t, learning, g.Settlement.Reward, "the only gaining version takes the epoch's learning share")
	require.Equal(t, learning, epochPaid.ToLearners)
	require.Equal(t, g.Settlement.Reward, e.bank.balance(learnerA))
	require.True(t, e.bank.balance(learnerB).IsZero())
	require.True(t, e.bank.balance(proposerA).GT(e.bank.balance(proposerB).MulRaw(2)), "three blocks in four pay about three times as much")
	require.Equal(t, e.bank.balance(proposerA).Add(e.bank.balance(proposerB)).Add(learning), paid, "proposers and the learner got everything paid")

	em, err := e.querier.Emission(e.ctx, &types.QueryEmissionRequest{})
	require.NoError(t, err)
	require.Equal(t, math.NewInt(1_000_000), em.Released)
	require.Equal(t, paid, em.Paid)
	require.Equal(t, e.bank.balance(pool), em.Pool)
	require.True(t, em.NextRelease.IsZero(), "the schedule is over")
	rw, err := e.querier.Rewards(e.ctx, &types.QueryRewardsRequest{})
	require.NoError(t, err)
	require.Equal(t, uint64(11), rw.Epochs[0].Epoch, "newest first")
}

// TestReleaseIsCappedByThePool: an epoch never pays more than the pool
// holds.
func TestReleaseIsCappedByThePool(t *testing.T) {
	e := newEnv(t)
	pool := sdk.AccAddress(authModule(types.NetworkRewardsPool))
	e.bank.balances[string(pool)] = math.NewInt(1_000)
	for e.clock(t).Epoch < 2 {
		e.endBlock()
	}
	r, err := e.keeper.EpochRewards.Get(e.ctx, 1)
	require.NoError(t, err)
	require.Equal(t, math.NewInt(1_000), r.Released, "the schedule asks %s, the pool holds 1,000", testParams().Schedule().Release(1))
	require.Equal(t, r.Released, r.Unspent, "no proposer, no version: it stays in the pool")
	require.Equal(t, math.NewInt(1_000), e.bank.balance(pool))
}

func (e *env) clock(t *testing.T) types.Clock {
	c, err := e.keeper.Clock.Get(e.ctx)
	require.NoError(t, err)
	return c
}

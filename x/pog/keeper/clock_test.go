package keeper_test

import (
	"crypto/sha256"
	"fmt"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/sortition"
	"github.com/litegpt/litegpt/x/pog/types"
)

// The verifiers of the poll tests: bonded 1,000 ulgpt each at reputation
// 0.5 (weight 500); verifier 4 has reputation 0.9 (weight 900).
var verifiers = []sdk.AccAddress{testAddr(40), testAddr(41), testAddr(42), testAddr(43), testAddr(44)}

// withVerifiers bonds the verifiers.
func (e *env) withVerifiers() {
	for _, v := range verifiers {
		e.stake.bondVerifier(v, 1_000)
	}
	e.rep.scores[string(verifiers[4])] = 900_000
}

// secret is verifier i's beacon secret in round r.
func secret(i int, r uint64) [32]byte { return sha256.Sum256(fmt.Appendf(nil, "secret %d %d", i, r)) }

// endBlock runs EndBlock at the current height, then moves to the next
// height with a fresh event manager; it returns the events of the block.
func (e *env) endBlock() sdk.Events {
	e.t.Helper()
	require.NoError(e.t, e.keeper.EndBlocker(e.ctx))
	events := e.ctx.EventManager().Events()
	e.ctx = e.ctx.WithBlockHeight(e.ctx.BlockHeight() + 1).WithEventManager(sdk.NewEventManager())
	return events
}

// beaconStep makes the given verifiers (indexes) commit or reveal as the
// current height's window asks, then ends the block.
func (e *env) beaconStep(who []int) {
	e.t.Helper()
	clock, err := e.keeper.Clock.Get(e.ctx)
	require.NoError(e.t, err)
	h := e.ctx.BlockHeight()
	half := clock.RoundStartHeight + int64(clock.RoundBlocks/2)
	for _, i := range who {
		s := secret(i, clock.Round)
		switch h {
		case clock.RoundStartHeight:
			c := sortition.CommitHash(testChainID, clock.Round, verifiers[i], s)
			_, err := e.msgs.CommitBeacon(e.ctx, &types.MsgCommitBeacon{Verifier: verifiers[i].String(), Round: clock.Round, Commitment: c[:]})
			require.NoError(e.t, err)
		case half:
			_, err := e.msgs.RevealBeacon(e.ctx, &types.MsgRevealBeacon{Verifier: verifiers[i].String(), Round: clock.Round, Secret: s[:]})
			require.NoError(e.t, err)
		}
	}
	e.endBlock()
}

// allVerifiers are the indexes of every verifier.
var allVerifiers = []int{0, 1, 2, 3, 4}

// drawn runs blocks, with every verifier in the beacon, until poll id has
// its committee, and returns it.
func (e *env) drawn(id uint64) types.Poll {
	e.t.Helper()
	for range 40 {
		p, err := e.keeper.Polls.Get(e.ctx, id)
		require.NoError(e.t, err)
		if len(p.Committee) > 0 {
			return p
		}
		e.beaconStep(allVerifiers)
	}
	e.t.Fatalf("poll %d got no committee in 40 blocks", id)
	return types.Poll{}
}

// salt is a juror's salt on a poll.
func salt(pollID uint64, voter sdk.AccAddress) [32]byte {
	return sha256.Sum256(fmt.Appendf(nil, "salt %d %s", pollID, voter))
}

// vote has the jurors commit their results, then reveal those in reveal
// (all when nil), and runs blocks (with the beacon going on) through the
// tally; it returns the tallied poll.
func (e *env) vote(p types.Poll, results map[string]types.VoteResult, reveal map[string]bool) types.Poll {
	e.t.Helper()
	for voter, r := range results {
		addr := sdk.MustAccAddressFromBech32(voter)
		c := types.VoteCommitment(testChainID, p.Id, addr, r, salt(p.Id, addr))
		_, err := e.msgs.CommitVote(e.ctx, &types.MsgCommitVote{Verifier: voter, PollId: p.Id, Commitment: c[:]})
		require.NoError(e.t, err)
	}
	for e.ctx.BlockHeight() < p.CommitEndHeight {
		e.beaconStep(allVerifiers)
	}
	for voter, r := range results {
		if reveal != nil && !reveal[voter] {
			continue
		}
		addr := sdk.MustAccAddressFromBech32(voter)
		s := salt(p.Id, addr)
		_, err := e.msgs.RevealVote(e.ctx, &types.MsgRevealVote{Verifier: voter, PollId: p.Id, Result: r, Salt: s[:]})
		require.NoError(e.t, err)
	}
	for e.ctx.BlockHeight() < p.RevealEndHeight {
		e.beaconStep(allVerifiers)
	}
	out, err := e.keeper.Polls.Get(e.ctx, p.Id)
	require.NoError(e.t, err)
	require.NotEqual(e.t, types.OutcomeOpen, out.Outcome, "poll %d tallied", p.Id)
	return out
}

// everyone votes r: a results map of the whole committee.
func everyone(p types.Poll, r types.VoteResult) map[string]types.VoteResult {
	out := map[string]types.VoteResult{}
	for _, j := range p.Committee {
		out[j.Address] = r
	}
	return out
}

// reexec is learner A's re-executed step from the initial weights on
// its own public data, claiming 600,000.
func (e *env) reexec(parents ...uint64) *types.MsgSubmitUpdate {
	if len(parents) == 0 {
		parents = []uint64{0}
	}
	var c [32]byte
	copy(c[1:], fmt.Appendf(nil, "reexec %v %d", parents, e.ctx.BlockHeight()))
	return &types.MsgSubmitUpdate{
		Learner: learnerA.String(), ModelId: modelID, Parents: parents, MergeWeights: ones(len(parents)),
		WeightsCommitment: c[:], Mode: types.ModeReexecution, MergeRule: types.MergeMedian,
		Data:         types.DataCitation{DataRoot: e.dataset.Root[:], Leaf: 1, Uri: "https://data.example/digits"},
		LearningRate: 16, Samples: 4, ClaimedMetric: 600_000, WeightsUri: "/ip4/127.0.0.1/tcp/4001",
	}
}

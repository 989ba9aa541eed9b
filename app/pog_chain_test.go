package app

import (
	"crypto/sha256"
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	bm "github.com/litegpt/litegpt/x/buildermarket/types"
	pogkeeper "github.com/litegpt/litegpt/x/pog/keeper"
	"github.com/litegpt/litegpt/x/pog/sortition"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// pogChain drives x/pog on a market chain: every block, the verifiers
// take part in the beacon and vote on the polls they were drawn for with
// the result vote gives.
type pogChain struct {
	*marketChain
	t         *testing.T
	r         *rand.Rand
	verifiers []*marketActor
	vote      func(pogtypes.Poll) pogtypes.VoteResult
	committed map[string]bool
	revealed  map[string]bool
	bonded    bool // the verifiers are registered
}

// block builds the next block with build's transactions plus the
// verifiers', runs it, and advances the market model.
func (c *pogChain) block(build func(x *marketActions)) {
	h := c.height
	x := &marketActions{c: c.marketChain, r: c.r, h: h, tally: map[string]int{}}
	if build != nil {
		build(x)
	}
	c.beacon(x, h)
	c.votes(x, h)
	c.runBlock(x.txs)
	c.model.builder.endBlock(h)
	c.model.data.endBlock(h)
}

// beacon commits at a round's first height and reveals at the first height
// of its second half.
func (c *pogChain) beacon(x *marketActions, h int64) {
	res, err := pogkeeper.NewQuerier(c.app.PogKeeper).Beacon(c.queryContext(), &pogtypes.QueryBeaconRequest{})
	require.NoError(c.t, err)
	clock := res.Clock
	for _, v := range c.verifiers {
		secret := sha256.Sum256(fmt.Appendf(nil, "%s/%d", v.name, clock.Round))
		key := fmt.Sprintf("beacon/%d/%s", clock.Round, v.name)
		switch {
		case h == clock.RoundStartHeight && c.bonded:
			cm := sortition.CommitHash(testChainID, clock.Round, v.addr, secret)
			x.send(v, "commit beacon", nil, &pogtypes.MsgCommitBeacon{Verifier: v.bech32, Round: clock.Round, Commitment: cm[:]})
			c.committed[key] = true
		case h == clock.RoundStartHeight+int64(clock.RoundBlocks/2) && c.committed[key]:
			x.send(v, "reveal beacon", nil, &pogtypes.MsgRevealBeacon{Verifier: v.bech32, Round: clock.Round, Secret: secret[:]})
		}
	}
}

// votes commits and reveals the drawn verifiers' votes.
func (c *pogChain) votes(x *marketActions, h int64) {
	res, err := pogkeeper.NewQuerier(c.app.PogKeeper).PendingPolls(c.queryContext(), &pogtypes.QueryPendingPollsRequest{})
	require.NoError(c.t, err)
	for _, p := range res.Polls {
		for _, j := range p.Committee {
			v := c.byAddr(j.Address)
			key := fmt.Sprintf("%d/%s", p.Id, v.name)
			r := c.vote(p)
			salt := sha256.Sum256([]byte(key))
			switch {
			case h < p.CommitEndHeight && !c.committed[key]:
				cm := pogtypes.VoteCommitment(testChainID, p.Id, v.addr, r, salt)
				x.send(v, "commit vote", nil, &pogtypes.MsgCommitVote{Verifier: v.bech32, PollId: p.Id, Commitment: cm[:]})
				c.committed[key] = true
			case h >= p.CommitEndHeight && h < p.RevealEndHeight && c.committed[key] && !c.revealed[key]:
				x.send(v, "reveal vote", nil, &pogtypes.MsgRevealVote{Verifier: v.bech32, PollId: p.Id, Result: r, Salt: salt[:]})
				c.revealed[key] = true
			}
		}
	}
}

func (c *pogChain) byAddr(bech32 string) *marketActor {
	for _, a := range c.actors {
		if a.bech32 == bech32 {
			return a
		}
	}
	c.t.Fatalf("no actor %s", bech32)
	return nil
}

// until runs blocks until done says so, at most n.
func (c *pogChain) until(n int, what string, done func() bool) {
	for range n {
		if done() {
			return
		}
		c.block(nil)
	}
	c.t.Fatalf("%s did not happen within %d blocks", what, n)
}

// TestBountyPaysTheVerifiedTestScore runs the Builder Market and x/pog
// together on one chain with real transactions: a learner's re-executed
// version of a model is accepted by a committee drawn from the beacon and
// becomes the task's best model; once the bounty's deadline passed and the
// test set is revealed, the builder asks for the version's test score, the
// committee's metric is recorded, and when scoring ends the bounty pays the
// builder.
func TestBountyPaysTheVerifiedTestScore(t *testing.T) {
	mc := newMarketChainWith(t, 11, func(bmp *bm.Params, pog *pogtypes.Params) {
		bmp.TestRevealWindowBlocks, bmp.ScoringWindowBlocks = 30, 60
		pog.BeaconBlocks, pog.BeaconMinReveals, pog.CommitteeSize = 4, 1, 3
		pog.VoteCommitBlocks, pog.VoteRevealBlocks = 2, 2
	})
	c := &pogChain{marketChain: mc, t: t, r: rand.New(rand.NewSource(11)), committed: map[string]bool{}, revealed: map[string]bool{}}
	creator, builder, learner := c.byName["creator"], c.byName["builder"], c.byName["seller1"]
	c.verifiers = []*marketActor{c.byName["buyer1"], c.byName["buyer2"], c.byName["router1"]}
	const claimed, parentMetric, testMetric = 600_000, 400_000, 580_000
	c.vote = func(p pogtypes.Poll) pogtypes.VoteResult {
		if p.Kind == pogtypes.PollTestScore {
			return pogtypes.VoteResult{Verdict: pogtypes.VerdictValid, Metric: testMetric}
		}
		return pogtypes.VoteResult{Verdict: pogtypes.VerdictValid, Metric: claimed, ParentMetric: parentMetric}
	}

	var task, model uint64
	var validation []opening
	var test opening
	c.block(func(x *marketActions) {
		x.register(builder, staketypes.RoleBuilder, 10_000)
		x.register(learner, staketypes.RoleLearner, 10_000)
		for _, v := range c.verifiers {
			x.register(v, staketypes.RoleVerifier, 20_000)
		}
		var msg *bm.MsgCreateTask
		msg, validation, test = x.taskMsg(creator, "pog task", 2, 50)
		task = x.createTask(creator, msg, validation, test)
	})
	c.bonded = true
	deadline := c.height + 25
	c.block(func(x *marketActions) {
		model = x.registerModel(builder, modelMsg(builder, task, "pog model"))
		require.Nil(t, x.postBounty(creator, task, 20_000, deadline))
		require.Nil(t, x.revealSlice(creator, task, 0, validation[0]))
	})
	var commitment [32]byte
	copy(commitment[1:], "weights of the learner's version")
	var versionID uint64
	c.block(func(x *marketActions) {
		x.send(learner, "submit update", nil, &pogtypes.MsgSubmitUpdate{
			Learner: learner.bech32, ModelId: model, Parents: []uint64{0}, MergeWeights: []uint64{1},
			WeightsCommitment: commitment[:], Mode: pogtypes.ModeReexecution, MergeRule: pogtypes.MergeWeightedAverage,
			Data:         pogtypes.DataCitation{DataRoot: validation[1].root, Leaf: 0, Uri: "ipfs://bafy/learner-data"},
			LearningRate: 16_384, Samples: 4, ClaimedMetric: claimed, WeightsUri: "/dns4/seller1.example/tcp/4001",
		})
	})
	versions, err := pogkeeper.NewQuerier(c.app.PogKeeper).Versions(c.queryContext(), &pogtypes.QueryVersionsRequest{ModelId: model})
	require.NoError(t, err)
	submitted := versions.Versions[len(versions.Versions)-1] // after the genesis versions
	versionID = submitted.Id
	require.Equal(t, pogtypes.ModeReexecution, submitted.Mode)
	require.Equal(t, pogtypes.StatusPending, submitted.Status)

	version := func() pogtypes.Version {
		v, err := c.app.PogKeeper.GetVersion(c.queryContext(), versionID)
		require.NoError(t, err)
		return v
	}
	c.until(40, "the version's acceptance", func() bool { return version().Status == pogtypes.StatusAccepted })
	require.Equal(t, int64(claimed-parentMetric), version().Settlement.Gain)
	best, score, err := c.app.BuilderMarketKeeper.BestModel(c.queryContext(), task)
	require.NoError(t, err)
	require.Equal(t, model, best.Id)
	require.Equal(t, versionID, score.Version)
	require.Equal(t, int64(claimed), score.Metric)

	c.until(40, "the bounty's deadline", func() bool { return c.height > deadline })
	builderBefore := c.app.BankKeeper.GetBalance(c.queryContext(), builder.addr, BondDenom).Amount
	c.block(func(x *marketActions) { require.Nil(t, x.revealTestSet(creator, task, test)) })
	c.block(func(x *marketActions) {
		x.send(builder, "request test score", nil, &pogtypes.MsgRequestTestScore{Requester: builder.bech32, VersionId: versionID})
	})
	c.until(40, "the test score", func() bool {
		_, ok := testScore(t, c, model)
		return ok
	})
	s, _ := testScore(t, c, model)
	require.Equal(t, int64(testMetric), s.Metric)
	require.Equal(t, versionID, s.Version)

	bounty := func() bm.Bounty {
		b, err := c.app.BuilderMarketKeeper.GetBounty(c.queryContext(), 1)
		require.NoError(t, err)
		return b
	}
	c.until(80, "the bounty's resolution", func() bool { return bounty().Status != bm.BountyOpen })
	require.Equal(t, bm.BountyPaid, bounty().Status)
	require.Equal(t, model, bounty().WinnerModelId)
	require.Equal(t, int64(testMetric), bounty().WinningMetric)
	require.Equal(t, builderBefore.AddRaw(20_000), c.app.BankKeeper.GetBalance(c.queryContext(), builder.addr, BondDenom).Amount,
		"the builder got the bounty's reward")
	require.NoError(t, c.app.PogKeeper.Invariants(c.queryContext()))
}

func testScore(t *testing.T, c *pogChain, model uint64) (bm.ModelScore, bool) {
	res, err := c.app.BuilderMarketKeeper.TestScores.Get(c.queryContext(), model)
	if err != nil {
		return bm.ModelScore{}, false
	}
	return res, true
}

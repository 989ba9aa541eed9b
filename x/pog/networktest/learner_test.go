package networktest

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/verifier"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	"github.com/litegpt/litegpt/x/pog/rewards"
	pogtestutil "github.com/litegpt/litegpt/x/pog/testutil"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
)

// The data of the test. The seller sells the datasetLeaves leaves of
// pogtestutil.Dataset(sellerSeed); the task's validation slice 0 is
// pogtestutil.Dataset(validationSeed); the learner trains leaf trainLeaf
// from the model's initial weights, pogtestutil.Initial(initialSeed), at
// the prover's learning rate (0.25). The synthetic samples have random
// labels, so a step improves accuracy on other data only by chance: these
// seeds and this leaf were picked because the step does (on the slice's 32
// samples, 9 right before the step and 15 after: 281,250 -> 468,750). The
// test computes both metrics itself and requires the gain to be positive.
const (
	initialSeed    = 1
	sellerSeed     = 1
	validationSeed = 6
	datasetLeaves  = 8
	trainLeaf      = 1
	pricePerLeaf   = 100_000
)

// TestLearnerIsPaidForAProvenStep: a learner buys the seller's leaves
// through the Data Market's fair exchange, trains one step on a leaf it
// bought, proves it bound to its address and this chain-id, and submits it.
// The chain verifies the proof in the transaction (charging its gas), marks
// the leaf used in the deal and opens a poll; proofs with a flipped byte or
// bound to another account, and a resubmission, are refused and change
// nothing. The verifier, the only candidate, is drawn from the next beacon
// round and votes the metrics it recomputes; the version is accepted with
// its gain, the task's best model is this version of the model, and when
// the settlement's epoch ends the learner gets exactly the epoch's learning
// share and the validator operator exactly the proposers' share, out of the
// network_rewards pool.
func TestLearnerIsPaidForAProvenStep(t *testing.T) {
	ctx := testCtx(t)
	val := net.Validators[0]
	chainID := val.ClientCtx.ChainID
	pogq := pogtypes.NewQueryClient(net.GRPCConn())
	builderq := buildertypes.NewQueryClient(net.GRPCConn())

	initial, initialCommitment, err := prover.Initial(initialSeed)
	require.NoError(t, err)
	validation, err := prover.Dataset(validationSeed, datasetLeaves)
	require.NoError(t, err)
	sellerData, err := prover.Dataset(sellerSeed, datasetLeaves)
	require.NoError(t, err)

	p := newParticipants(t, ctx)
	// weights is what peers fetch from the learners' weights_uri: the
	// initial weights now, the learner's new weights once it submits.
	weights, err := verifier.NewMemStore(initial)
	require.NoError(t, err)
	node := startVerifier(t, p.verifier, honestVote(weights, validation))
	taskID, modelID := setUpTask(t, ctx, p.builder, validation, initialCommitment)

	// The Data Market: offer, bid, match, delivery, acceptance, reveal.
	d := trade(t, ctx, p, taskID, modelID, sellerData, pricePerLeaf)
	chunks, settlesAt := exchangeLeaves(t, ctx, p, sellerData, d)
	bought := openLeaves(t, ctx, d.Id, chunks)
	require.Equal(t, sellerData.Batches, bought.Batches, "the learner got the leaves committed in the offer")

	// While the dispute window runs, the learner trains on a leaf it bought
	// and proves the step bound to its own address and this chain-id (and,
	// for a refused copy below, the same step bound to the router). It
	// computes its claim on the revealed validation slice.
	in := pogtestutil.StepInput{
		Parents: []*learn.Model{initial}, Weights: []uint64{1}, Data: bought, Leaf: trainLeaf,
		LearningRate: prover.LearningRate(), Submitter: p.learner.addr, ChainID: chainID,
	}
	step, err := prover.Prove(in)
	require.NoError(t, err)
	in.Submitter = p.router.addr
	boundToRouter, err := prover.Prove(in)
	require.NoError(t, err)
	require.Equal(t, step.NewCommitment, boundToRouter.NewCommitment, "the binding does not change the step")
	parentMetric, err := verifier.Score(initial, buildertypes.MetricAccuracy, validation.Batches)
	require.NoError(t, err)
	claim, err := verifier.Score(step.New, buildertypes.MetricAccuracy, validation.Batches)
	require.NoError(t, err)
	require.Greater(t, claim, parentMetric, "the step must raise accuracy on the slice (see the data constants)")

	waitPast(t, ctx, settlesAt)
	require.Equal(t, datamarkettypes.DealSettled, deal(t, ctx, d.Id).Status)

	params, err := pogq.Params(ctx, &pogtypes.QueryParamsRequest{})
	require.NoError(t, err)
	vk, err := buildertypes.DecodeVerifyingKey(prover.VerifyingKey)
	require.NoError(t, err)
	nbPublic, err := pogtypes.PublicInputs(vk)
	require.NoError(t, err)
	proofGas := params.Params.ProofGas(nbPublic)
	refusedGas := proofGas + 1_000_000 // the limit of the refused transactions, sent without simulation

	msg := &pogtypes.MsgSubmitUpdate{
		Learner: p.learner.addr.String(), ModelId: modelID, Parents: []uint64{pogtypes.InitialWeights}, MergeWeights: []uint64{1},
		WeightsCommitment: step.NewCommitment[:], Mode: pogtypes.ModeZK, MergeRule: pogtypes.MergeWeightedAverage,
		Data:         pogtypes.DataCitation{DealId: d.Id, Leaf: trainLeaf},
		LearningRate: prover.LearningRate(), Samples: uint64(prover.Shape.Batch), ClaimedMetric: claim,
		WeightsUri: fmt.Sprintf("mem://weights/%X", step.NewCommitment[:]), Proof: step.Proof,
	}

	// Refused proofs fail their transaction after paying the verification's
	// gas, and change nothing.
	before := snapshotChain(t, ctx, p.learner.addr, modelID, d.Id)
	flipped := *msg
	flipped.Proof = bytes.Clone(msg.Proof)
	flipped.Proof[0] ^= 0x01 // Ar's x coordinate: not on the curve (invalid) or another point (rejected)
	res := sendRefused(t, ctx, p.learner.name, refusedGas, []*errorsmod.Error{pogtypes.ErrInvalidProof, pogtypes.ErrProofRejected}, &flipped)
	require.GreaterOrEqual(t, res.GasUsed, int64(proofGas), "a failing proof pays for its verification")
	t.Logf("a flipped proof byte: refused with %s/%d at height %d, gas used %d (verification %d)", res.Codespace, res.Code, res.Height, res.GasUsed, proofGas)
	require.Empty(t, txEvents[pogtypes.EventVersionSubmitted](t, res))
	copied := *msg
	copied.Proof = boundToRouter.Proof
	res = sendRefused(t, ctx, p.learner.name, refusedGas, []*errorsmod.Error{pogtypes.ErrProofRejected}, &copied)
	require.GreaterOrEqual(t, res.GasUsed, int64(proofGas))
	require.Equal(t, before, snapshotChain(t, ctx, p.learner.addr, modelID, d.Id), "refused proofs change nothing")

	// The honest submission: the learner publishes its weights and submits.
	_, err = weights.Add(step.New)
	require.NoError(t, err)
	res = sendTx(t, ctx, p.learner.name, msg)
	var submitted pogtypes.MsgSubmitUpdateResponse
	msgResponse(t, res, &submitted)
	require.Equal(t, pogtypes.StatusVerified, submitted.Status)
	require.NotZero(t, submitted.PollId)
	verified := txEvent[pogtypes.EventVersionVerified](t, res)
	require.Equal(t, pogtypes.EventVersionVerified{VersionId: submitted.VersionId, ModelId: modelID, ProofMode: pogtypes.ModeZK, Gas: proofGas}, *verified)
	require.GreaterOrEqual(t, res.GasUsed, int64(proofGas), "the transaction paid the verification's gas")
	used := txEvent[datamarkettypes.EventLeavesUsed](t, res)
	require.Equal(t, datamarkettypes.EventLeavesUsed{DealId: d.Id, Leaves: []uint64{trainLeaf}, Reference: fmt.Sprintf("pog/version/%d", submitted.VersionId)}, *used)

	got, err := pogq.Version(ctx, &pogtypes.QueryVersionRequest{VersionId: submitted.VersionId})
	require.NoError(t, err)
	v := got.Version
	requireProtoEqual(t, &txEvent[pogtypes.EventVersionSubmitted](t, res).Version, &v, "the version as queried is the version of the event")
	require.Equal(t, pogtypes.Version{
		Id: submitted.VersionId, ModelId: modelID, Learner: p.learner.addr.String(),
		Parents: msg.Parents, MergeWeights: msg.MergeWeights, WeightsCommitment: step.NewCommitment[:],
		Mode: pogtypes.ModeZK, Data: pogtypes.DataCitation{DealId: d.Id, DataRoot: d.DataRoot, Leaf: trainLeaf},
		LearningRate: msg.LearningRate, Samples: msg.Samples, ClaimedMetric: claim, WeightsUri: msg.WeightsUri,
		Status: pogtypes.StatusVerified, SubmittedHeight: res.Height, VerifiedHeight: res.Height,
		MergeRule: pogtypes.MergeWeightedAverage, PollId: submitted.PollId, ValidationSlice: 0,
	}, v)
	require.Equal(t, []datamarkettypes.LeafUse{{DealId: d.Id, Leaf: trainLeaf, Uses: 1}}, leafUses(t, ctx, d.Id), "the deal's leaf is marked used once")

	opened := txEvent[pogtypes.EventPollOpened](t, res).Poll
	beaconAtSubmission, err := pogq.Beacon(atHeight(ctx, res.Height-1), &pogtypes.QueryBeaconRequest{})
	require.NoError(t, err)
	require.Equal(t, submitted.PollId, opened.Id)
	require.Equal(t, pogtypes.PollVersion, opened.Kind)
	require.Equal(t, beaconAtSubmission.Clock.Round+1, opened.BeaconRound, "the committee comes from the round after the submission's")
	require.Equal(t, claim, opened.ClaimedMetric)
	require.Empty(t, opened.Committee)
	t.Logf("version %d submitted at height %d (round %d): claim %d over the initial weights' %d, gas used %d", v.Id, res.Height, beaconAtSubmission.Clock.Round, claim, parentMetric, res.GasUsed)

	// Resubmitting the same message is refused as a duplicate commitment.
	before = snapshotChain(t, ctx, p.learner.addr, modelID, d.Id)
	res = sendRefused(t, ctx, p.learner.name, refusedGas, []*errorsmod.Error{pogtypes.ErrDuplicateCommitment}, msg)
	require.Empty(t, txEvents[pogtypes.EventVersionSubmitted](t, res))
	require.Equal(t, before, snapshotChain(t, ctx, p.learner.addr, modelID, d.Id), "a duplicate changes nothing")

	// The poll: the verifier is drawn when the poll's beacon round ends,
	// commits, reveals, and the poll is tallied when its reveal window ends.
	var poll pogtypes.Poll
	waitFor(t, ctx, fmt.Sprintf("the tally of poll %d", submitted.PollId), func(ctx context.Context) (bool, error) {
		r, err := pogq.Poll(ctx, &pogtypes.QueryPollRequest{PollId: submitted.PollId})
		if err != nil {
			return false, err
		}
		poll = r.Poll
		return poll.Outcome != pogtypes.OutcomeOpen, nil
	})
	honest := pogtypes.VoteResult{Verdict: pogtypes.VerdictValid, Metric: claim, ParentMetric: parentMetric}
	require.Equal(t, pogtypes.OutcomeAccepted, poll.Outcome, "poll %+v", poll)
	require.Equal(t, honest, poll.Result)
	require.Len(t, poll.Committee, 1)
	require.Equal(t, p.verifier.addr.String(), poll.Committee[0].Address, "the only candidate is drawn")
	require.True(t, poll.Committee[0].Weight.IsPositive())
	require.Equal(t, poll.Committee[0].Weight, poll.EligibleWeight)
	require.Equal(t, poll.EligibleWeight, poll.VotedWeight)

	drawnAt := poll.CommitEndHeight - 1 - voteCommitBlocks
	round := blockEvent[pogtypes.EventBeaconRoundFinal](t, ctx, drawnAt).Round
	require.Equal(t, poll.BeaconRound, round.Round, "the committee is drawn when its round ends")
	require.GreaterOrEqual(t, poll.BeaconRound, opened.BeaconRound)
	require.False(t, round.Failed)
	require.Equal(t, uint32(1), round.Commits)
	require.Equal(t, uint32(1), round.Reveals, "the verifier took part in the round")
	drawn := blockEvent[pogtypes.EventCommitteeDrawn](t, ctx, drawnAt)
	require.Equal(t, poll.Id, drawn.PollId)
	require.Equal(t, poll.Committee, drawn.Committee)
	require.Equal(t, poll.CommitEndHeight+voteRevealBlocks, poll.RevealEndHeight)
	require.Equal(t, poll.RevealEndHeight-1, poll.TalliedHeight)

	b := node.ballotOf(poll.Id)
	require.NotNil(t, b, "the verifier committed a vote")
	require.NotNil(t, b.reveals, "the verifier revealed its vote")
	require.Equal(t, honest, b.result, "the verifier recomputed the claim and the parent's metric")
	require.Equal(t, pogtypes.EventVoteCommitted{PollId: poll.Id, Voter: p.verifier.addr.String()}, *txEvent[pogtypes.EventVoteCommitted](t, b.committed))
	require.Equal(t, pogtypes.EventVoteRevealed{PollId: poll.Id, Voter: p.verifier.addr.String(), Result: honest}, *txEvent[pogtypes.EventVoteRevealed](t, b.reveals))
	require.Less(t, b.committed.Height, poll.CommitEndHeight)
	require.GreaterOrEqual(t, b.reveals.Height, poll.CommitEndHeight)
	require.Less(t, b.reveals.Height, poll.RevealEndHeight)
	t.Logf("poll %d: committee drawn from round %d at height %d, vote committed at %d, revealed at %d, tallied at %d", poll.Id, poll.BeaconRound, drawnAt, b.committed.Height, b.reveals.Height, poll.TalliedHeight)

	// The version is accepted with its gain, in the epoch of the tally.
	clockAtTally, err := pogq.Beacon(atHeight(ctx, poll.TalliedHeight-1), &pogtypes.QueryBeaconRequest{})
	require.NoError(t, err)
	epoch := clockAtTally.Clock.Epoch
	epochEnd := clockAtTally.Clock.EpochStartHeight + int64(clockAtTally.Clock.EpochBlocks) - 1
	require.GreaterOrEqual(t, epochEnd, poll.TalliedHeight)
	accepted := blockEvent[pogtypes.EventVersionAccepted](t, ctx, poll.TalliedHeight)
	settlement := pogtypes.MetricSettlement{Metric: claim, ParentMetric: parentMetric, Gain: claim - parentMetric, Epoch: epoch, Reward: math.ZeroInt()}
	requireProtoEqual(t, &pogtypes.EventVersionAccepted{VersionId: v.Id, ModelId: modelID, Settlement: settlement}, accepted)
	got, err = pogq.Version(atHeight(ctx, poll.TalliedHeight), &pogtypes.QueryVersionRequest{VersionId: v.Id})
	require.NoError(t, err)
	require.Equal(t, pogtypes.StatusAccepted, got.Version.Status)
	require.Equal(t, poll.TalliedHeight, got.Version.DecidedHeight)
	require.NotNil(t, got.Version.Settlement)
	require.Equal(t, settlement.Gain, got.Version.Settlement.Gain)
	require.Equal(t, epoch, got.Version.Settlement.Epoch)

	// x/buildermarket recorded the metric: this version of the model is the
	// task's best.
	score := buildertypes.ModelScore{ModelId: modelID, TaskId: taskID, Version: v.Id, Metric: claim, Height: poll.TalliedHeight, Direction: buildertypes.HigherIsBetter}
	recorded := blockEvent[buildertypes.EventMetricRecorded](t, ctx, poll.TalliedHeight)
	require.Equal(t, buildertypes.EventMetricRecorded{Score: score, Test: false, Improved: true}, *recorded)
	require.Equal(t, buildertypes.EventBestModelChanged{TaskId: taskID, ModelId: modelID, Metric: claim}, *blockEvent[buildertypes.EventBestModelChanged](t, ctx, poll.TalliedHeight))
	best, err := builderq.BestModel(ctx, &buildertypes.QueryBestModelRequest{TaskId: taskID})
	require.NoError(t, err)
	require.Equal(t, modelID, best.Model.Id)
	require.Equal(t, score, best.Score)
	model, err := builderq.Model(ctx, &buildertypes.QueryModelRequest{ModelId: modelID})
	require.NoError(t, err)
	require.NotNil(t, model.ValidationScore)
	require.Equal(t, score, *model.ValidationScore)
	rep, err := reputationtypes.NewQueryClient(net.GRPCConn()).Score(ctx, &reputationtypes.QueryScoreRequest{Address: p.learner.addr.String()})
	require.NoError(t, err)
	require.Greater(t, rep.Score.Score, reputationtypes.NeutralScore, "an accepted update and a confirmed metric raise the learner's reputation")

	// The settlement's epoch pays: its release, the proposers' share to the
	// validator operator (the proposer of every block) and the learning
	// share to the only version with a gain, exactly, out of the pool.
	waitPast(t, ctx, epochEnd)
	paid := blockEvent[pogtypes.EventEpochRewardsPaid](t, ctx, epochEnd).Rewards
	release := params.Params.Schedule().Release(epoch)
	toProposers, toLearners, err := rewards.SplitBps(release, proposerShareBps)
	require.NoError(t, err)
	require.True(t, toLearners.IsPositive())
	want := pogtypes.EpochRewards{Epoch: epoch, Released: release, ToProposers: toProposers, ToLearners: toLearners, Unspent: math.ZeroInt(), Versions: 1}
	requireProtoEqual(t, &want, &paid)
	list, err := pogq.Rewards(ctx, &pogtypes.QueryRewardsRequest{})
	require.NoError(t, err)
	var listed *pogtypes.EpochRewards
	for i := range list.Epochs {
		if list.Epochs[i].Epoch == epoch {
			listed = &list.Epochs[i]
		}
	}
	require.NotNil(t, listed, "query rewards lists epoch %d", epoch)
	requireProtoEqual(t, &want, listed)
	t.Logf("epoch %d paid at height %d: released %s, %s to the proposer, %s to the learner", epoch, epochEnd, release, toProposers, toLearners)

	pool := authtypes.NewModuleAddress(pogtypes.NetworkRewardsPool)
	before2, after := atHeight(ctx, epochEnd-1), atHeight(ctx, epochEnd)
	requireAmount(t, balance(t, before2, p.learner.addr).Add(toLearners), balance(t, after, p.learner.addr), "the learner gets the learning share")
	requireAmount(t, balance(t, before2, val.Address).Add(toProposers), balance(t, after, val.Address), "the validator operator gets the proposers' share")
	requireAmount(t, balance(t, before2, pool).Sub(paid.Released.Sub(paid.Unspent)), balance(t, after, pool), "the pool pays exactly released - unspent")
	payments := blockEvents[pogtypes.EventRewardPaid](t, ctx, epochEnd)
	require.Len(t, payments, 2, "one payment to the proposer, one to the learner")
	requireProtoEqual(t, &pogtypes.EventRewardPaid{Epoch: epoch, Recipient: val.Address.String(), Amount: toProposers, VersionId: 0}, payments[0])
	requireProtoEqual(t, &pogtypes.EventRewardPaid{Epoch: epoch, Recipient: p.learner.addr.String(), Amount: toLearners, VersionId: v.Id}, payments[1])

	got, err = pogq.Version(after, &pogtypes.QueryVersionRequest{VersionId: v.Id})
	require.NoError(t, err)
	settlement.Reward, settlement.Paid = toLearners, true
	requireProtoEqual(t, &settlement, got.Version.Settlement, "the version records its reward")

	emission, err := pogq.Emission(after, &pogtypes.QueryEmissionRequest{})
	require.NoError(t, err)
	requireAmount(t, params.Params.Schedule().ReleasedThrough(epoch), emission.Released)
	requireAmount(t, rewardsPool, emission.Total)
	requireAmount(t, balance(t, after, pool), emission.Pool)
	requireAmount(t, rewardsPool.Sub(emission.Paid), emission.Pool, "the pool lost exactly what was paid")
}

// chainState is what a refused submission must leave as it was.
type chainState struct {
	versions []pogtypes.Version
	polls    []uint64 // pending poll ids
	uses     []datamarkettypes.LeafUse
	balance  string
}

// snapshotChain reads the model's versions, the pending polls' ids, the
// deal's leaf uses and the learner's balance.
func snapshotChain(t *testing.T, ctx context.Context, learner sdk.AccAddress, modelID, dealID uint64) chainState {
	t.Helper()
	q := pogtypes.NewQueryClient(net.GRPCConn())
	versions, err := q.Versions(ctx, &pogtypes.QueryVersionsRequest{ModelId: modelID})
	require.NoError(t, err)
	polls, err := q.PendingPolls(ctx, &pogtypes.QueryPendingPollsRequest{})
	require.NoError(t, err)
	s := chainState{versions: versions.Versions, uses: leafUses(t, ctx, dealID), balance: balance(t, ctx, learner).String()}
	for _, p := range polls.Polls {
		s.polls = append(s.polls, p.Id)
	}
	return s
}

// requireProtoEqual compares two messages by their JSON (a decoded zero
// math.Int and math.ZeroInt() are equal but not reflect.DeepEqual).
func requireProtoEqual(t *testing.T, want, got proto.Message, msgAndArgs ...any) {
	t.Helper()
	cdc := net.Config.Codec
	require.JSONEq(t, string(cdc.MustMarshalJSON(want)), string(cdc.MustMarshalJSON(got)), msgAndArgs...)
}

// requireAmount compares two amounts.
func requireAmount(t *testing.T, want, got math.Int, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, want.String(), got.String(), msgAndArgs...)
}

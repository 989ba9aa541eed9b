package networktest

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"sync"
	"testing"
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/circuit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/verifier"
	"github.com/litegpt/litegpt/testutil/network"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/sortition"
	pogtestutil "github.com/litegpt/litegpt/x/pog/testutil"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
)

// verifierNode is the verifier's sidecar, the only sender of the
// verifier's transactions (so their sequences never collide). Every
// pollInterval it reads the chain and does what is due:
//   - on every poll the verifier was drawn for: commit the result vote
//     computes (with a fresh salt) in the poll's commit window, then reveal
//     it in its reveal window;
//   - in every beacon round: commit a fresh secret in the commit window,
//     reveal it in the reveal window.
//
// A transaction is sent only while at least two blocks of its window are
// left, so that it lands inside it.
type verifierNode struct {
	t       *testing.T
	acct    account
	chainID string
	vote    func(context.Context, pogtypes.Poll) (pogtypes.VoteResult, error)

	mu      sync.Mutex
	rounds  map[uint64]*beaconEntry
	ballots map[uint64]*ballot
}

// beaconEntry is the verifier's part in one beacon round.
type beaconEntry struct {
	secret              [32]byte
	committed, revealed bool
}

// ballot is the verifier's vote on one poll and the transactions that
// committed and revealed it.
type ballot struct {
	result             pogtypes.VoteResult
	salt               [pogtypes.SaltSize]byte
	committed, reveals *sdk.TxResponse
}

const verifierPollInterval = 100 * time.Millisecond

// startVerifier runs acct's sidecar until the test ends.
func startVerifier(t *testing.T, acct account, vote func(context.Context, pogtypes.Poll) (pogtypes.VoteResult, error)) *verifierNode {
	n := &verifierNode{
		t: t, acct: acct, chainID: net.Validators[0].ClientCtx.ChainID, vote: vote,
		rounds: map[uint64]*beaconEntry{}, ballots: map[uint64]*ballot{},
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(verifierPollInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				n.step(ctx)
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return n
}

// ballotOf returns the verifier's ballot on poll id (nil if it did not
// commit one).
func (n *verifierNode) ballotOf(id uint64) *ballot {
	n.mu.Lock()
	defer n.mu.Unlock()
	if b, ok := n.ballots[id]; ok {
		c := *b
		return &c
	}
	return nil
}

// step does what is due at the latest height; errors are logged, the
// next step retries.
func (n *verifierNode) step(ctx context.Context) {
	q := pogtypes.NewQueryClient(net.GRPCConn())
	beacon, err := q.Beacon(ctx, &pogtypes.QueryBeaconRequest{})
	if err != nil {
		return
	}
	polls, err := q.PendingPolls(ctx, &pogtypes.QueryPendingPollsRequest{})
	if err != nil {
		return
	}
	h, err := network.LatestHeight(ctx, net.Validators[0].ClientCtx)
	if err != nil {
		return
	}
	for _, p := range polls.Polls {
		if p.CommitEndHeight > 0 && n.drawn(p) {
			n.votePoll(ctx, p, h)
		}
	}
	n.beaconRound(ctx, beacon.Clock, h)
}

// drawn reports whether the verifier is on p's committee.
func (n *verifierNode) drawn(p pogtypes.Poll) bool {
	for _, j := range p.Committee {
		if j.Address == n.acct.addr.String() {
			return true
		}
	}
	return false
}

// votePoll commits or reveals the verifier's vote on p, as due at height h.
func (n *verifierNode) votePoll(ctx context.Context, p pogtypes.Poll, h int64) {
	n.mu.Lock()
	b := n.ballots[p.Id]
	n.mu.Unlock()
	switch {
	case b == nil && h+2 < p.CommitEndHeight:
		result, err := n.vote(ctx, p)
		if err != nil {
			n.t.Logf("verifier: poll %d: no vote: %v", p.Id, err)
			return
		}
		b = &ballot{result: result}
		_, _ = rand.Read(b.salt[:])
		c := pogtypes.VoteCommitment(n.chainID, p.Id, n.acct.addr, result, b.salt)
		if b.committed = n.send(ctx, "vote commit", &pogtypes.MsgCommitVote{Verifier: n.acct.addr.String(), PollId: p.Id, Commitment: c[:]}); b.committed != nil {
			n.mu.Lock()
			n.ballots[p.Id] = b
			n.mu.Unlock()
		}
	case b != nil && b.reveals == nil && h >= p.CommitEndHeight && h+2 < p.RevealEndHeight:
		res := n.send(ctx, "vote reveal", &pogtypes.MsgRevealVote{Verifier: n.acct.addr.String(), PollId: p.Id, Result: b.result, Salt: b.salt[:]})
		n.mu.Lock()
		b.reveals = res
		n.mu.Unlock()
	}
}

// beaconRound commits or reveals the verifier's secret of the current
// round, as due at height h.
func (n *verifierNode) beaconRound(ctx context.Context, clock pogtypes.Clock, h int64) {
	e, ok := n.rounds[clock.Round]
	if !ok {
		e = &beaconEntry{}
		_, _ = rand.Read(e.secret[:])
		n.rounds[clock.Round] = e
	}
	commitEnd := clock.RoundStartHeight + int64(clock.RoundBlocks/2)
	end := clock.RoundStartHeight + int64(clock.RoundBlocks)
	switch {
	case !e.committed && h+2 < commitEnd:
		c := sortition.CommitHash(n.chainID, clock.Round, n.acct.addr, e.secret)
		e.committed = n.send(ctx, fmt.Sprintf("beacon commit %d", clock.Round),
			&pogtypes.MsgCommitBeacon{Verifier: n.acct.addr.String(), Round: clock.Round, Commitment: c[:]}) != nil
	case e.committed && !e.revealed && h >= commitEnd && h+2 < end:
		e.revealed = n.send(ctx, fmt.Sprintf("beacon reveal %d", clock.Round),
			&pogtypes.MsgRevealBeacon{Verifier: n.acct.addr.String(), Round: clock.Round, Secret: e.secret[:]}) != nil
	}
}

// send sends msg from the verifier and returns the included response, or
// nil (logged) if it failed.
func (n *verifierNode) send(ctx context.Context, what string, msg sdk.Msg) *sdk.TxResponse {
	res, err := network.SendTx(ctx, net.Validators[0].ClientCtx, n.acct.name, []sdk.Msg{msg})
	if err != nil {
		if ctx.Err() == nil {
			n.t.Logf("verifier: %s: %v", what, err)
		}
		return nil
	}
	return res
}

// honestVote is what an honest verifier votes on a version poll: it reads
// the version, its model and task from the chain, fetches the parents' and
// the new weights by their commitments from weights (the learners'
// weights_uri), takes the validation slice's batches from validation after
// checking them against the root revealed on chain, and runs
// verifier.Reexecute with the model's circuit's architecture and numerics.
func honestVote(weights verifier.Store, validation pogtestutil.Data) func(context.Context, pogtypes.Poll) (pogtypes.VoteResult, error) {
	return func(ctx context.Context, p pogtypes.Poll) (pogtypes.VoteResult, error) {
		conn := net.GRPCConn()
		if p.Kind != pogtypes.PollVersion {
			return pogtypes.VoteResult{}, fmt.Errorf("poll %d is a %s poll", p.Id, p.Kind)
		}
		vres, err := pogtypes.NewQueryClient(conn).Version(ctx, &pogtypes.QueryVersionRequest{VersionId: p.VersionId})
		if err != nil {
			return pogtypes.VoteResult{}, err
		}
		v := vres.Version
		bq := buildertypes.NewQueryClient(conn)
		mres, err := bq.Model(ctx, &buildertypes.QueryModelRequest{ModelId: v.ModelId})
		if err != nil {
			return pogtypes.VoteResult{}, err
		}
		model := mres.Model
		tres, err := bq.Task(ctx, &buildertypes.QueryTaskRequest{TaskId: model.TaskId})
		if err != nil {
			return pogtypes.VoteResult{}, err
		}
		sres, err := bq.ValidationSlices(ctx, &buildertypes.QueryValidationSlicesRequest{TaskId: model.TaskId})
		if err != nil {
			return pogtypes.VoteResult{}, err
		}
		var sliceRoot []byte
		for _, s := range sres.Slices {
			if s.Index == p.ValidationSlice {
				sliceRoot = s.Dataset.DataRoot
			}
		}
		if !bytes.Equal(sliceRoot, validation.Root[:]) {
			return pogtypes.VoteResult{}, fmt.Errorf("validation slice %d of task %d has root %X, the fetched data %X", p.ValidationSlice, model.TaskId, sliceRoot, validation.Root[:])
		}
		shape, err := circuit.ParseID(model.TrainCircuitId)
		if err != nil {
			return pogtypes.VoteResult{}, err
		}
		parents := make([]commit.Digest, len(v.Parents))
		for i, id := range v.Parents {
			c := model.InitialWeights
			if id != pogtypes.InitialWeights {
				pres, err := pogtypes.NewQueryClient(conn).Version(ctx, &pogtypes.QueryVersionRequest{VersionId: id})
				if err != nil {
					return pogtypes.VoteResult{}, err
				}
				c = pres.Version.WeightsCommitment
			}
			if parents[i], err = commit.DigestFromBytes(c); err != nil {
				return pogtypes.VoteResult{}, err
			}
		}
		newWeights, err := commit.DigestFromBytes(v.WeightsCommitment)
		if err != nil {
			return pogtypes.VoteResult{}, err
		}
		return verifier.Reexecute(verifier.Job{
			Mode: v.Mode, Spec: learn.Spec{Arch: shape.Arch(), Numerics: shape.Numerics},
			Parents: parents, MergeWeights: v.MergeWeights, MergeRule: v.MergeRule,
			LearningRate: v.LearningRate, KeepBps: shape.KeepBps, New: newWeights,
			Validation: validation.Batches, Metric: tres.Task.Metric,
		}, weights)
	}
}

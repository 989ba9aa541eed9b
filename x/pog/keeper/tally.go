package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	stakekeeper "github.com/litegpt/litegpt/x/stake/keeper"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// tallyDue tallies the polls whose reveal window ends with this block, at
// most budget of them (the rest in the next blocks), and returns how many.
func (k Keeper) tallyDue(ctx context.Context, params types.Params, budget int) (int, error) {
	h := height(ctx)
	var due []collections.Pair[int64, uint64]
	rng := new(collections.Range[collections.Pair[int64, uint64]]).EndExclusive(collections.Join(h+2, uint64(0)))
	err := k.PollDeadlines.Walk(ctx, rng, func(key collections.Pair[int64, uint64]) (bool, error) {
		due = append(due, key)
		return len(due) == budget, nil
	})
	if err != nil {
		return 0, err
	}
	for _, key := range due {
		if err := k.PollDeadlines.Remove(ctx, key); err != nil {
			return 0, err
		}
		if err := k.inCache(ctx, func(c context.Context) error { return k.tally(c, key.K2(), params) }); err != nil {
			// A tally that cannot complete (a bug or corrupt state) must not
			// halt the chain: the poll ends with no quorum, judging nobody.
			k.logger(ctx).Error("tally failed; the poll ends with no quorum", "poll", key.K2(), "err", err)
			if err := k.endUntallied(ctx, key.K2()); err != nil {
				return 0, err
			}
		}
	}
	return len(due), nil
}

// endUntallied closes a poll whose tally failed, as no quorum.
func (k Keeper) endUntallied(ctx context.Context, id uint64) error {
	p, err := k.getPoll(ctx, id)
	if err != nil {
		return err
	}
	p.Outcome, p.TalliedHeight = types.OutcomeNoQuorum, height(ctx)
	if err := k.Votes.Clear(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](id)); err != nil {
		return err
	}
	if p.Kind == types.PollTestScore {
		if err := k.OpenTestPolls.Remove(ctx, p.VersionId); err != nil {
			return err
		}
	}
	return k.Polls.Set(ctx, p.Id, p)
}

// count is the weight behind one result.
type count struct {
	result types.VoteResult
	weight math.Int
}

// tally decides poll id: the weight of the valid reveals against the
// committee's (quorum_bps), then the result with at least two thirds of
// that weight. It applies the outcome (applyOutcome), reports every juror
// that committed (with or against the outcome; committing without
// revealing counts against), removes the votes and emits
// EventPollTallied. A poll with no quorum or no agreement changes no
// reputation and slashes nobody.
func (k Keeper) tally(ctx context.Context, id uint64, params types.Params) error {
	p, err := k.getPoll(ctx, id)
	if err != nil {
		return err
	}
	votes, err := k.takeVotes(ctx, p)
	if err != nil {
		return err
	}
	weights := map[string]math.Int{}
	for _, j := range p.Committee {
		weights[j.Address] = j.Weight
	}
	var counts []count // in committee (draw) order: deterministic
	voted := math.ZeroInt()
	for _, v := range votes {
		if !v.Revealed {
			continue
		}
		w := weights[v.Voter]
		voted = voted.Add(w)
		found := false
		for i := range counts {
			if counts[i].result == v.Result {
				counts[i].weight, found = counts[i].weight.Add(w), true
			}
		}
		if !found {
			counts = append(counts, count{result: v.Result, weight: w})
		}
	}
	p.VotedWeight, p.TalliedHeight = voted, height(ctx)
	winner, agreed := decide(counts, voted, p.EligibleWeight, params)
	if agreed {
		p.Result = winner
	}
	v, err := k.GetVersion(ctx, p.VersionId)
	if err != nil {
		return err
	}
	p.Outcome = outcomeOf(p, v, winner, agreed)
	if err := k.applyOutcome(ctx, p, v, params); err != nil {
		return err
	}
	if agreed && p.Outcome != types.OutcomeCancelled {
		ref := fmt.Sprintf("pog/poll/%d", p.Id)
		for _, vote := range votes {
			addr, err := k.account.AddressCodec().StringToBytes(vote.Voter)
			if err != nil {
				return err
			}
			kind := reputationtypes.OutcomeVoteAgainstOutcome
			if vote.Revealed && vote.Result == winner {
				kind = reputationtypes.OutcomeVoteWithOutcome
			}
			k.report(ctx, addr, kind, ref)
		}
	}
	if p.Kind == types.PollTestScore {
		if err := k.OpenTestPolls.Remove(ctx, p.VersionId); err != nil {
			return err
		}
	}
	if err := k.Polls.Set(ctx, p.Id, p); err != nil {
		return err
	}
	return emit(ctx, &types.EventPollTallied{Poll: p})
}

// takeVotes removes and returns p's votes, in committee order. It reads
// them by key, one per juror, rather than by iterating the poll's range:
// EndBlock's store holds the block's writes in a cache whose iterators
// cost as much as those writes, which made tallying n polls quadratic.
func (k Keeper) takeVotes(ctx context.Context, p types.Poll) ([]types.Vote, error) {
	var votes []types.Vote
	for _, j := range p.Committee {
		addr, err := k.account.AddressCodec().StringToBytes(j.Address)
		if err != nil {
			return nil, err
		}
		key := collections.Join(p.Id, sdk.AccAddress(addr))
		v, err := k.Votes.Get(ctx, key)
		if errorsIsNotFound(err) {
			continue
		} else if err != nil {
			return nil, err
		}
		votes = append(votes, v)
		if err := k.Votes.Remove(ctx, key); err != nil {
			return nil, err
		}
	}
	return votes, nil
}

// decide returns the result with the most weight and whether it carries
// the poll: voted weight at least quorum_bps of eligible, and the result
// at least two thirds of voted (two results cannot both have that much).
func decide(counts []count, voted, eligible math.Int, params types.Params) (types.VoteResult, bool) {
	if !voted.IsPositive() || voted.MulRaw(types.BpsDenominator).LT(eligible.MulRaw(int64(params.QuorumBps))) {
		return types.VoteResult{}, false
	}
	best := -1
	for i, c := range counts {
		if best < 0 || c.weight.GT(counts[best].weight) {
			best = i
		}
	}
	if counts[best].weight.MulRaw(3).LT(voted.MulRaw(2)) {
		return types.VoteResult{}, false
	}
	return counts[best].result, true
}

// outcomeOf names how p ends.
func outcomeOf(p types.Poll, v types.Version, winner types.VoteResult, agreed bool) types.Outcome {
	switch {
	case p.Kind == types.PollVersion && v.Status == types.StatusRejected:
		return types.OutcomeCancelled
	case !agreed:
		return types.OutcomeNoQuorum
	case winner.Verdict != types.VerdictValid:
		return types.OutcomeForged
	case p.Kind == types.PollVersion && winner.Metric != p.ClaimedMetric:
		return types.OutcomeFalseMetric
	}
	return types.OutcomeAccepted
}

// applyOutcome does what p's outcome means for its version: accept and
// settle it (report the metric to x/buildermarket), reject and slash its
// learner, reject it without a slash (a re-executed step nobody could
// settle), or nothing; a test score is reported to x/buildermarket.
func (k Keeper) applyOutcome(ctx context.Context, p types.Poll, v types.Version, params types.Params) error {
	learner, err := k.account.AddressCodec().StringToBytes(v.Learner)
	if err != nil {
		return err
	}
	ref := fmt.Sprintf("pog/version/%d", v.Id)
	if p.Kind == types.PollTestScore {
		if p.Outcome == types.OutcomeAccepted {
			if err := k.inCache(ctx, func(c context.Context) error {
				return k.metrics.ReportTestMetric(c, v.ModelId, v.Id, p.Result.Metric)
			}); err != nil {
				k.logger(ctx).Info("test score not recorded", "poll", p.Id, "version", v.Id, "err", err)
			}
		}
		return nil
	}
	switch p.Outcome {
	case types.OutcomeAccepted:
		k.report(ctx, learner, reputationtypes.OutcomeUpdateAccepted, ref)
		k.report(ctx, learner, reputationtypes.OutcomeMetricConfirmed, ref)
		return k.accept(ctx, v, p.Result)
	case types.OutcomeForged:
		k.report(ctx, learner, reputationtypes.OutcomeUpdateRejected, ref)
		k.slashLearner(ctx, learner, params, fmt.Sprintf("pog: version %d: verifiers found the step %s", v.Id, p.Result.Verdict))
		return k.reject(ctx, v.Id, fmt.Sprintf("verifiers found it %s (poll %d)", p.Result.Verdict, p.Id))
	case types.OutcomeFalseMetric:
		k.report(ctx, learner, reputationtypes.OutcomeMetricFalse, ref)
		k.slashLearner(ctx, learner, params, fmt.Sprintf("pog: version %d claimed metric %d, verifiers found %d", v.Id, v.ClaimedMetric, p.Result.Metric))
		return k.reject(ctx, v.Id, fmt.Sprintf("false metric claim: claimed %d, verifiers found %d (poll %d)", v.ClaimedMetric, p.Result.Metric, p.Id))
	case types.OutcomeNoQuorum:
		if v.Status == types.StatusPending {
			return k.reject(ctx, v.Id, fmt.Sprintf("the re-execution poll %d reached no quorum or agreement; the step is not accepted", p.Id))
		}
	}
	return nil
}

// accept settles v's metric: status ACCEPTED, the settlement with the
// gain over the best parent in the task's direction, the epoch it is paid
// in, and the metric reported to x/buildermarket.
func (k Keeper) accept(ctx context.Context, v types.Version, r types.VoteResult) error {
	model, err := k.builder.GetModel(ctx, v.ModelId)
	if err != nil {
		return err
	}
	task, err := k.builder.GetTask(ctx, model.TaskId)
	if err != nil {
		return err
	}
	clock, err := k.Clock.Get(ctx)
	if err != nil {
		return err
	}
	gain := r.Metric - r.ParentMetric
	if task.Direction == buildertypes.LowerIsBetter {
		gain = -gain
	}
	h := height(ctx)
	if v.Status == types.StatusPending {
		v.VerifiedHeight = h
		if err := emit(ctx, &types.EventVersionVerified{VersionId: v.Id, ModelId: v.ModelId, ProofMode: v.Mode}); err != nil {
			return err
		}
	}
	v.Status, v.DecidedHeight = types.StatusAccepted, h
	v.Settlement = &types.MetricSettlement{Metric: r.Metric, ParentMetric: r.ParentMetric, Gain: max(gain, 0), Epoch: clock.Epoch, Reward: math.ZeroInt()}
	if err := k.Versions.Set(ctx, v.Id, v); err != nil {
		return err
	}
	if err := k.Unpaid.Set(ctx, collections.Join(clock.Epoch, v.Id)); err != nil {
		return err
	}
	if err := k.inCache(ctx, func(c context.Context) error { return k.metrics.ReportValidationMetric(c, v.ModelId, v.Id, r.Metric) }); err != nil {
		k.logger(ctx).Info("validation metric not recorded", "version", v.Id, "err", err)
	}
	return emit(ctx, &types.EventVersionAccepted{VersionId: v.Id, ModelId: v.ModelId, Settlement: *v.Settlement})
}

// slashLearner slashes forgery_slash_fraction of the learner's LEARNER
// stake, or of its DATA_NODE stake when it has no LEARNER bond. A slash
// that cannot happen (the bond is gone) is logged: the rejection stands.
func (k Keeper) slashLearner(ctx context.Context, addr sdk.AccAddress, params types.Params, reason string) {
	for _, role := range []staketypes.Role{staketypes.RoleLearner, staketypes.RoleDataNode} {
		if _, err := k.slasher.Slash(ctx, addr, role, stakekeeper.SlashFraction(params.ForgerySlashFraction), reason); err == nil {
			return
		}
	}
	k.logger(ctx).Info("nothing to slash", "learner", k.addressString(addr), "reason", reason)
}

// report reports an outcome to x/reputation; a failure is logged (the
// chain's decision does not depend on it).
func (k Keeper) report(ctx context.Context, addr sdk.AccAddress, kind reputationtypes.OutcomeKind, ref string) {
	if _, err := k.reporter.Report(ctx, addr, kind, ref); err != nil {
		k.logger(ctx).Info("reputation not reported", "account", k.addressString(addr), "kind", kind, "err", err)
	}
}

// inCache runs fn in a cached context written only on success.
func (k Keeper) inCache(ctx context.Context, fn func(context.Context) error) error {
	cacheCtx, write := sdk.UnwrapSDKContext(ctx).CacheContext()
	if err := fn(cacheCtx); err != nil {
		return err
	}
	write()
	return nil
}

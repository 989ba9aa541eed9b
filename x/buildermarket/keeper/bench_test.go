package keeper_test

import (
	"fmt"
	goruntime "runtime"
	"testing"

	"github.com/cosmos/gogoproto/proto"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	moduletestutil "github.com/cosmos/cosmos-sdk/types/module/testutil"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/litegpt/litegpt/x/buildermarket/keeper"
	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// The benchmarks measure the operations whose cost could grow with the
// module's state: metric reports and BestModel over a task's ranked
// scores, the EndBlock that resolves a bounty by walking a task's test
// scores, deprecating the best model, and an EndBlock with many bounties
// queued but none due. Each runs at a small and a large size
// (`models=10`, `models=1000`, ...) so the two can be compared:
//
//	go test ./x/buildermarket/keeper/ -run '^$' -bench . -benchtime 50x
//
// Setup is outside the timer and the store is committed before each timed
// operation: the IAVL tree's iterators sort its uncommitted writes, which
// would make every ranked walk look O(state). Each benchmark checks the
// outcome of what it times (the best model, the winner paid, ...), so it
// cannot measure an error path.

// benchScoringWin is the scoring window of benchParams: shorter than the
// reveal window, so a bounty's queue entry (deadline + revealWin) is due
// after scoring ended and EndBlock resolves it at once.
const benchScoringWin = 10

// benchParams are testParams with a benchScoringWin-block scoring window
// and one bounty resolution per block, so one EndBlock resolves exactly
// one bounty.
func benchParams() types.Params {
	p := testParams()
	p.ScoringWindowBlocks = benchScoringWin
	p.MaxBountyResolutionsPerBlock = 1
	return p
}

// benchEnv is a keeper over a committed IAVL store, with the suite's fakes
// (the suite itself needs a *testing.T and does not keep the store's
// CommitMultiStore).
type benchEnv struct {
	b         *testing.B
	ctx       sdk.Context
	commitCMS func()
	authority string
	bank      *fakeBank
	stake     fakeStake
	keeper    keeper.Keeper
	msgs      types.MsgServer
	querier   keeper.Querier
	reporter  keeper.MetricReporter
	// next numbers the builders newBuilder makes.
	next int
}

// newBenchEnv builds a keeper at startHeight on realChainID with
// benchParams, a "pog" reporter made before Seal, and no accounts.
func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	tc := testutil.DefaultContextWithDB(b, key, storetypes.NewTransientStoreKey("transient_test"))
	codec := addresscodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix())
	authority, err := codec.BytesToString(authtypes.NewModuleAddress(govtypes.ModuleName))
	if err != nil {
		b.Fatal(err)
	}
	e := &benchEnv{
		b: b, ctx: tc.Ctx.WithBlockHeight(startHeight).WithChainID(realChainID), commitCMS: func() { tc.CMS.Commit() },
		authority: authority, bank: newFakeBank(), stake: fakeStake{builders: map[string]bool{}},
	}
	cdc := moduletestutil.MakeTestEncodingConfig().Codec
	e.keeper = keeper.NewKeeper(cdc, runtime.NewKVStoreService(key), authority, fakeAccounts{codec}, e.bank, e.bank, e.stake)
	e.msgs = keeper.NewMsgServerImpl(e.keeper)
	e.querier = keeper.NewQuerier(e.keeper)
	gs := types.DefaultGenesis()
	gs.Params = benchParams()
	e.must(e.keeper.InitGenesis(e.ctx, *gs))
	e.reporter = e.keeper.NewMetricReporter("pog")
	e.keeper.Seal()
	return e
}

func (e *benchEnv) must(err error) {
	e.b.Helper()
	if err != nil {
		e.b.Fatal(err)
	}
}

// commit commits the store, as the end of a block would.
func (e *benchEnv) commit() { e.commitCMS() }

// fresh gives the context a new event manager.
func (e *benchEnv) fresh() { e.ctx = e.ctx.WithEventManager(sdk.NewEventManager()) }

// setHeight moves to height h with a fresh event manager.
func (e *benchEnv) setHeight(h int64) {
	e.ctx = e.ctx.WithBlockHeight(h).WithEventManager(sdk.NewEventManager())
}

func (e *benchEnv) balance(addr sdk.AccAddress) int64 {
	return e.bank.balance(addr).AmountOf(types.BondDenom).Int64()
}

// createTask creates msg's task by alice (minting the fee) and returns its
// id.
func (e *benchEnv) createTask(msg *types.MsgCreateTask) uint64 {
	e.b.Helper()
	e.bank.mint(alice, sdk.NewCoins(coin(taskFee)))
	msg.Creator = alice.String()
	res, err := e.msgs.CreateTask(e.ctx, msg)
	e.must(err)
	return res.TaskId
}

// newBuilder returns a new account with the BUILDER role.
func (e *benchEnv) newBuilder() sdk.AccAddress {
	e.next++
	addr := testAddr(1_000_000 + e.next)
	e.stake.builders[string(addr)] = true
	return addr
}

// registerModels registers n logistic regressions for task, each by a
// builder of its own (minting the deposit), and returns their ids.
func (e *benchEnv) registerModels(task uint64, n int) []uint64 {
	e.b.Helper()
	ids := make([]uint64, n)
	for i := range ids {
		builder := e.newBuilder()
		e.bank.mint(builder, sdk.NewCoins(coin(deposit)))
		res, err := e.msgs.RegisterModel(e.ctx, bmtestutil.RegisterModelMsg(builder.String(), task))
		e.must(err)
		ids[i] = res.ModelId
	}
	return ids
}

func (e *benchEnv) model(id uint64) types.Model {
	m, err := e.keeper.GetModel(e.ctx, id)
	e.must(err)
	return m
}

// requireEvent requires exactly one event of type T on the context and
// returns it.
func requireEvent[T proto.Message](e *benchEnv) T {
	e.b.Helper()
	var out []T
	for _, ev := range e.ctx.EventManager().ABCIEvents() {
		msg, err := sdk.ParseTypedEvent(ev)
		e.must(err)
		if m, ok := msg.(T); ok {
			out = append(out, m)
		}
	}
	if len(out) != 1 {
		e.b.Fatalf("want one %T event, got %d", *new(T), len(out))
	}
	return out[0]
}

// startTimer starts measuring after setup: it collects the setup's
// garbage first, so that a large setup's collection does not land in the
// timed loop, and reports allocations, which unlike times are exact.
func startTimer(b *testing.B) {
	goruntime.GC()
	b.ReportAllocs()
	b.ResetTimer()
}

// sizes are the small and the large size of every benchmark.
var sizes = []int{10, 1_000}

// ---- metric reports and the best model ----

// validationRanking is an env with a regression task (mean squared error,
// lower is better) whose n models hold validation scores base+1..base+n
// (model i: base+i), committed. Model 1 is the best.
func validationRanking(b *testing.B, n int, base int64) (*benchEnv, uint64, []uint64) {
	e := newBenchEnv(b)
	task := e.createTask(bmtestutil.RegressionTaskMsg("", 1, epoch))
	ids := e.registerModels(task, n)
	for i, id := range ids {
		e.must(e.reporter.ReportValidationMetric(e.ctx, id, 1, base+int64(i+1)))
	}
	e.commit()
	e.fresh()
	return e, task, ids
}

// BenchmarkReportValidationMetric times x/pog's ReportValidationMetric on
// its most expensive path: the metric improves the model's score and
// takes the task's lead, so the score and its rank entry are rewritten,
// the task's best is looked up before and after, and EventBestModelChanged
// is emitted. Models 1 and 2 leapfrog each other, one better each time,
// among n scored models.
func BenchmarkReportValidationMetric(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("models=%d", n), func(b *testing.B) {
			const base = int64(1) << 40
			e, task, ids := validationRanking(b, n, base)
			lead := base + 1 // model 1's
			var last uint64
			startTimer(b)
			for i := range b.N {
				last = ids[(i+1)%2] // model 2 first: it trails model 1
				lead--
				if err := e.reporter.ReportValidationMetric(e.ctx, last, uint64(i+2), lead); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if ev := requireEvent[*types.EventBestModelChanged](e); ev.ModelId != last || ev.Metric != lead {
					b.Fatalf("best model changed to %d (%d), want %d (%d)", ev.ModelId, ev.Metric, last, lead)
				}
				e.commit()
				e.fresh()
				b.StartTimer()
			}
			b.StopTimer()
			best, score, err := e.keeper.BestModel(e.ctx, task)
			e.must(err)
			if best.Id != last || score.Metric != lead {
				b.Fatalf("best model of task %d is %d (%d), want %d (%d)", task, best.Id, score.Metric, last, lead)
			}
		})
	}
}

// BenchmarkBestModel times the BestModel query (the model validators serve
// a task with) over n scored models, the best of which is in the middle of
// the id order.
func BenchmarkBestModel(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("models=%d", n), func(b *testing.B) {
			e := newBenchEnv(b)
			task := e.createTask(bmtestutil.CreateTaskMsg("", 1, epoch))
			ids := e.registerModels(task, n)
			want := ids[n/2]
			for i, id := range ids {
				metric := int64(100_000 + 10*i)
				if id == want {
					metric = 999_000
				}
				e.must(e.reporter.ReportValidationMetric(e.ctx, id, 1, metric))
			}
			e.commit()
			req := &types.QueryBestModelRequest{TaskId: task}
			startTimer(b)
			for range b.N {
				res, err := e.querier.BestModel(e.ctx, req)
				if err != nil {
					b.Fatal(err)
				}
				if res.Model.Id != want || res.Score.Metric != 999_000 {
					b.Fatalf("best model %d (%d), want %d (999000)", res.Model.Id, res.Score.Metric, want)
				}
			}
		})
	}
}

// BenchmarkDeprecateModel times MsgDeprecateModel of a task's best model
// among n scored ones: the deposit refund, the score's removal from the
// ranking and the look-ups of the best model before and after. Each
// iteration first registers and scores a new best model (untimed).
func BenchmarkDeprecateModel(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("models=%d", n), func(b *testing.B) {
			e := newBenchEnv(b)
			task := e.createTask(bmtestutil.CreateTaskMsg("", 1, epoch))
			ids := e.registerModels(task, n)
			for i, id := range ids {
				e.must(e.reporter.ReportValidationMetric(e.ctx, id, 1, int64(100_000+10*i)))
			}
			runnerUp := ids[n-1]
			startTimer(b)
			for range b.N {
				b.StopTimer()
				top := e.registerModels(task, 1)[0]
				e.must(e.reporter.ReportValidationMetric(e.ctx, top, 1, 999_000))
				m := e.model(top)
				e.commit()
				e.fresh()
				b.StartTimer()
				res, err := e.msgs.DeprecateModel(e.ctx, &types.MsgDeprecateModel{Builder: m.Builder, ModelId: top})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if !res.Refunded.Equal(coin(deposit)) {
					b.Fatalf("refunded %s, want %s", res.Refunded, coin(deposit))
				}
				if ev := requireEvent[*types.EventBestModelChanged](e); ev.ModelId != runnerUp {
					b.Fatalf("best model changed to %d, want %d", ev.ModelId, runnerUp)
				}
				b.StartTimer()
			}
			b.StopTimer()
			best, _, err := e.keeper.BestModel(e.ctx, task)
			e.must(err)
			if best.Id != runnerUp {
				b.Fatalf("best model %d, want %d", best.Id, runnerUp)
			}
		})
	}
}

// ---- bounties ----

// Heights of the bounty benchmarks: the bounties are posted at
// startHeight with deadline benchDeadline, the test set is revealed at the
// deadline and scored until benchDeadline + benchScoringWin, and the
// bounties' queue entries are due at benchDue.
const (
	benchDeadline = startHeight + 10
	benchDue      = benchDeadline + revealWin
)

// testRanking is an env with an accuracy task holding bounties bounties of
// minReward by bob, due at benchDue, and models with test scores:
// eligible models registered before the deadline (model i, 0-based:
// 100000 + 10*i, except the winner, the middle one, at 500000) and late
// models registered at the deadline, too late to compete, all scored
// better than the winner (600000 + 10*j). The store is committed and the
// height is benchDeadline, inside the scoring window.
func testRanking(b *testing.B, eligible, late, bounties int) (e *benchEnv, task, winner uint64, scored []uint64) {
	e = newBenchEnv(b)
	task = e.createTask(bmtestutil.CreateTaskMsg("", 1, epoch))
	early := e.registerModels(task, eligible)
	e.bank.mint(bob, sdk.NewCoins(coin(minReward*int64(bounties))))
	for range bounties {
		_, err := e.msgs.PostBounty(e.ctx, &types.MsgPostBounty{Poster: bob.String(), TaskId: task, Reward: coin(minReward), DeadlineHeight: benchDeadline})
		e.must(err)
	}
	e.setHeight(benchDeadline)
	lateIDs := e.registerModels(task, late)
	o := bmtestutil.TestSetOpening()
	_, err := e.msgs.RevealTestSet(e.ctx, &types.MsgRevealTestSet{Creator: alice.String(), TaskId: task, DataRoot: o.DataRoot, LeafCount: o.LeafCount, Salt: o.Salt})
	e.must(err)
	winner = early[eligible/2]
	for i, id := range early {
		metric := int64(100_000 + 10*i)
		if id == winner {
			metric = 500_000
		}
		e.must(e.reporter.ReportTestMetric(e.ctx, id, 1, metric))
	}
	for j, id := range lateIDs {
		e.must(e.reporter.ReportTestMetric(e.ctx, id, 1, int64(600_000+10*j)))
	}
	e.commit()
	e.fresh()
	return e, task, winner, append(early, lateIDs...)
}

// benchResolve times, b.N times, the EndBlock that resolves the next due
// bounty of testRanking's env (one per block, in id order) and checks it
// was paid to the winner's builder.
func benchResolve(b *testing.B, eligible, late int) {
	e, _, winner, _ := testRanking(b, eligible, late, b.N)
	builder, err := sdk.AccAddressFromBech32(e.model(winner).Builder)
	e.must(err)
	startTimer(b)
	for i := range b.N {
		b.StopTimer()
		e.setHeight(benchDue + int64(i))
		before := e.balance(builder)
		b.StartTimer()
		if err := e.keeper.EndBlocker(e.ctx); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		bounty, err := e.keeper.GetBounty(e.ctx, uint64(i+1))
		e.must(err)
		if bounty.Status != types.BountyPaid || bounty.WinnerModelId != winner || bounty.WinningMetric != 500_000 {
			b.Fatalf("bounty %d: %s to model %d (%d), want paid to model %d (500000)", bounty.Id, bounty.Status, bounty.WinnerModelId, bounty.WinningMetric, winner)
		}
		if got := e.balance(builder) - before; got != minReward {
			b.Fatalf("the winner's builder got %d, want %d", got, minReward)
		}
		if ev := requireEvent[*types.EventBountyPaid](e); ev.BountyId != bounty.Id || ev.Builder != builder.String() {
			b.Fatalf("EventBountyPaid %v", ev)
		}
		e.commit()
		b.StartTimer()
	}
}

// BenchmarkResolveBounty times an EndBlock that resolves one due bounty
// over n candidate models with test scores, all registered before the
// deadline: the walk stops at the best one, which wins.
func BenchmarkResolveBounty(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("models=%d", n), func(b *testing.B) { benchResolve(b, n, 0) })
	}
}

// BenchmarkResolveBountyPastLateModels is BenchmarkResolveBounty when the
// late models registered at or after the deadline have the n best test
// scores: the walk reads each of them (score and model) before it reaches
// the eligible winner, one of 10 models registered in time.
func BenchmarkResolveBountyPastLateModels(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("late=%d", n), func(b *testing.B) { benchResolve(b, 10, n) })
	}
}

// BenchmarkReportTestMetric times ReportTestMetric on its improving path
// (the score and its rank entry rewritten) among n test-scored models:
// models 1 and 2 leapfrog each other to the lead.
func BenchmarkReportTestMetric(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("models=%d", n), func(b *testing.B) {
			e, _, winner, scored := testRanking(b, n, 0, 1)
			if winner == scored[0] || winner == scored[1] {
				b.Fatalf("the leader %d is one of the leapfroggers", winner)
			}
			lead := int64(500_000) // the winner's
			var last uint64
			startTimer(b)
			for i := range b.N {
				last = scored[i%2]
				lead++
				if err := e.reporter.ReportTestMetric(e.ctx, last, uint64(i+2), lead); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if ev := requireEvent[*types.EventMetricRecorded](e); !ev.Test || !ev.Improved || ev.Score.ModelId != last {
					b.Fatalf("EventMetricRecorded %v", ev)
				}
				e.commit()
				e.fresh()
				b.StartTimer()
			}
			b.StopTimer()
			res, err := e.querier.Model(e.ctx, &types.QueryModelRequest{ModelId: last})
			e.must(err)
			if res.TestScore == nil || res.TestScore.Metric != lead {
				b.Fatalf("model %d test score %v, want %d", last, res.TestScore, lead)
			}
		})
	}
}

// BenchmarkEndBlockIdle times an EndBlock with n open bounties queued but
// none due: it must not read them.
func BenchmarkEndBlockIdle(b *testing.B) {
	for _, n := range sizes {
		b.Run(fmt.Sprintf("bounties=%d", n), func(b *testing.B) {
			e, _, _, _ := testRanking(b, 1, 0, n)
			e.setHeight(benchDue - 1)
			startTimer(b)
			for range b.N {
				if err := e.keeper.EndBlocker(e.ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if evs := e.ctx.EventManager().Events(); len(evs) != 0 {
				b.Fatalf("an idle EndBlock emitted %d events", len(evs))
			}
			bounty, err := e.keeper.GetBounty(e.ctx, uint64(n))
			e.must(err)
			if bounty.Status != types.BountyOpen {
				b.Fatalf("bounty %d is %s before it was due", n, bounty.Status)
			}
		})
	}
}

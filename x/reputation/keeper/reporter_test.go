package keeper_test

import (
	"strings"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/reputation/keeper"
	"github.com/litegpt/litegpt/x/reputation/types"
)

func (s *KeeperTestSuite) TestReport() {
	const height = 1_000
	addr := testAddr(1)
	for _, tc := range []struct {
		name string
		// malleate stores the address's score before the report (nil: none).
		malleate func()
		kind     types.OutcomeKind
		// before is the decayed score the report starts from, after the result.
		before, after uint64
		// outcomes is the outcome count before the report.
		outcomes uint64
	}{
		{
			name:   "reward from neutral",
			kind:   types.OutcomeUpdateAccepted,
			before: types.NeutralScore, after: types.NeutralScore + bigReward,
		},
		{
			name:   "penalty from neutral",
			kind:   types.OutcomeUpdateRejected,
			before: types.NeutralScore, after: types.NeutralScore - 300_000,
		},
		{
			name:   "small default weight from neutral",
			kind:   types.OutcomeInferenceDeviated,
			before: types.NeutralScore, after: types.NeutralScore - 25_000,
		},
		{
			name: "reward clamps at the maximum",
			malleate: func() {
				g := s.genesisScore(addr, 950_000, height)
				g.Score.Outcomes = 4
				s.loadScores(g)
			},
			kind:   types.OutcomeUpdateAccepted,
			before: 950_000, after: types.MaxScore, outcomes: 4,
		},
		{
			name:     "reward one past the maximum",
			malleate: func() { s.loadScores(s.genesisScore(addr, types.MaxScore-bigReward+1, height)) },
			kind:     types.OutcomeUpdateAccepted,
			before:   types.MaxScore - bigReward + 1, after: types.MaxScore,
		},
		{
			name:     "reward exactly to the maximum",
			malleate: func() { s.loadScores(s.genesisScore(addr, types.MaxScore-bigReward, height)) },
			kind:     types.OutcomeUpdateAccepted,
			before:   types.MaxScore - bigReward, after: types.MaxScore,
		},
		{
			name:     "reward at the maximum stays there",
			malleate: func() { s.loadScores(s.genesisScore(addr, types.MaxScore, height)) },
			kind:     types.OutcomeUpdateAccepted,
			before:   types.MaxScore, after: types.MaxScore,
		},
		{
			name:     "penalty clamps at zero",
			malleate: func() { s.loadScores(s.genesisScore(addr, 100_000, height)) },
			kind:     types.OutcomeUpdateRejected,
			before:   100_000, after: 0,
		},
		{
			name:     "penalty one past zero",
			malleate: func() { s.loadScores(s.genesisScore(addr, -bigPenalty-1, height)) },
			kind:     types.OutcomeUpdateRejected,
			before:   -bigPenalty - 1, after: 0,
		},
		{
			name:     "penalty exactly to zero",
			malleate: func() { s.loadScores(s.genesisScore(addr, -bigPenalty, height)) },
			kind:     types.OutcomeUpdateRejected,
			before:   -bigPenalty, after: 0,
		},
		{
			name:     "penalty at zero stays there",
			malleate: func() { s.loadScores(s.genesisScore(addr, 0, height)) },
			kind:     types.OutcomeUpdateRejected,
			before:   0, after: 0,
		},
		{
			name: "decays to the current height before the weight applies",
			malleate: func() {
				g := s.genesisScore(addr, 900_000, height-2*testHalfLife)
				g.Score.Outcomes = 9
				s.loadScores(g)
			},
			kind:   types.OutcomeUpdateRejected,
			before: 600_000, after: 300_000, outcomes: 9,
		},
		{
			name:     "decay below neutral, then reward",
			malleate: func() { s.loadScores(s.genesisScore(addr, 100_000, height-testHalfLife)) },
			kind:     types.OutcomeUpdateAccepted,
			before:   300_000, after: 400_000,
		},
		{
			name: "reported twice at one height",
			malleate: func() {
				s.at(height)
				s.report(addr, types.OutcomeUpdateAccepted)
			},
			kind:   types.OutcomeUpdateAccepted,
			before: 600_000, after: 700_000, outcomes: 1,
		},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.at(height)
			if tc.malleate != nil {
				tc.malleate()
			}
			s.at(height)
			var previous *types.Score
			if has, _ := s.keeper.Scores.Has(s.ctx, addr); has {
				p := s.storedScore(addr)
				previous = &p
			}
			historyBefore := s.history(addr)

			got, err := s.reporter.Report(s.ctx, addr, tc.kind, "pog/version/12")
			s.Require().NoError(err)
			s.Require().Equal(tc.after, got)

			weight, err := testParams().WeightOf(tc.kind)
			s.Require().NoError(err)
			s.Require().Equal(types.Score{Value: tc.after, UpdatedHeight: height, Outcomes: tc.outcomes + 1}, s.storedScore(addr))
			if previous != nil {
				s.Require().Equal(tc.outcomes, previous.Outcomes)
			}
			score, err := s.keeper.Score(s.ctx, addr)
			s.Require().NoError(err)
			s.Require().Equal(tc.after, score)

			wantRecord := types.OutcomeRecord{
				Sequence: tc.outcomes + 1, Height: height, Kind: tc.kind, Weight: weight,
				ScoreBefore: tc.before, ScoreAfter: tc.after, Reporter: "pog", Reference: "pog/version/12",
			}
			s.Require().Equal(append(historyBefore, wantRecord), s.history(addr))

			events := typedEvents[*types.EventScoreChanged](s)
			s.Require().Len(events, 1)
			s.Require().Equal(types.EventScoreChanged{
				Address: s.bech32(addr), Kind: tc.kind, Weight: weight,
				ScoreBefore: tc.before, ScoreAfter: tc.after,
				Reporter: "pog", Reference: "pog/version/12", Sequence: tc.outcomes + 1,
			}, *events[0])

			s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
			s.Require().Equal(1, s.rankEntries(), "the old rank entry is replaced, not kept")
		})
	}
}

// reportArgs are the arguments of one Report call.
type reportArgs struct {
	reporter keeper.Reporter
	addr     sdk.AccAddress
	kind     types.OutcomeKind
	ref      string
}

func (s *KeeperTestSuite) TestReportRejected() {
	for _, tc := range []struct {
		name     string
		malleate func(a *reportArgs)
		err      error
	}{
		{"unknown kind 99", func(a *reportArgs) { a.kind = 99 }, types.ErrUnknownOutcome},
		{"unspecified kind", func(a *reportArgs) { a.kind = types.OutcomeUnspecified }, types.ErrUnknownOutcome},
		{"negative kind", func(a *reportArgs) { a.kind = -3 }, types.ErrUnknownOutcome},
		{"empty address", func(a *reportArgs) { a.addr = sdk.AccAddress{} }, types.ErrInvalidAddress},
		{"nil address", func(a *reportArgs) { a.addr = nil }, types.ErrInvalidAddress},
		{"300-byte address", func(a *reportArgs) { a.addr = make(sdk.AccAddress, 300) }, types.ErrInvalidAddress},
		{"reference too long", func(a *reportArgs) {
			a.ref = strings.Repeat("r", types.MaxReferenceLength+1)
		}, types.ErrReferenceTooLong},
		{"zero Reporter", func(a *reportArgs) { a.reporter = keeper.Reporter{} }, types.ErrUnknownReporter},
		{"zero Reporter, otherwise invalid", func(a *reportArgs) {
			a.reporter, a.kind, a.addr = keeper.Reporter{}, 99, nil
		}, types.ErrUnknownReporter},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.at(10)
			s.report(testAddr(1), types.OutcomeUpdateAccepted)
			s.at(20)
			before := s.snapshot()

			args := reportArgs{reporter: s.reporter, addr: testAddr(1), kind: types.OutcomeUpdateAccepted, ref: "ref"}
			tc.malleate(&args)
			got, err := args.reporter.Report(s.ctx, args.addr, args.kind, args.ref)
			s.Require().ErrorIs(err, tc.err)
			s.Require().Zero(got)
			s.requireUnchanged(before)
			s.Require().Empty(s.ctx.EventManager().Events())
		})
	}
}

func (s *KeeperTestSuite) TestReportReferenceAtLimit() {
	ref := strings.Repeat("r", types.MaxReferenceLength)
	_, err := s.reporter.Report(s.ctx, testAddr(1), types.OutcomeDealDelivered, ref)
	s.Require().NoError(err)
	s.Require().Equal(ref, s.history(testAddr(1))[0].Reference)
}

// Longer (module) addresses are valid report targets too.
func (s *KeeperTestSuite) TestReportModuleAddress() {
	addr := make(sdk.AccAddress, 32)
	addr[31] = 1
	got := s.report(addr, types.OutcomeUpdateAccepted)
	s.Require().Equal(types.NeutralScore+bigReward, got)
	s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
}

// The history keeps the history_length newest records; the outcome count
// keeps counting. Records chain: each starts where the previous ended.
func (s *KeeperTestSuite) TestReportHistoryBounded() {
	addr, other := testAddr(1), testAddr(2)
	s.report(other, types.OutcomeDealDelivered)
	kinds := []types.OutcomeKind{
		types.OutcomeVoteWithOutcome, types.OutcomeVoteAgainstOutcome, types.OutcomeDealDelivered,
		types.OutcomeDealDisputed, types.OutcomeInferenceAgreed, types.OutcomeInferenceDeviated,
		types.OutcomeMetricConfirmed, types.OutcomeMetricFalse,
	}
	for i, kind := range kinds {
		s.at(int64(10 + i))
		s.report(addr, kind)
		records := s.history(addr)
		s.Require().Len(records, min(i+1, testHistoryLength))
		s.Require().Equal(uint64(i+1), records[len(records)-1].Sequence)
		s.Require().Equal(kind, records[len(records)-1].Kind)
	}
	records := s.history(addr)
	s.Require().Equal([]uint64{4, 5, 6, 7, 8}, sequences(records))
	for i := 1; i < len(records); i++ {
		prev, r := records[i-1], records[i]
		s.Require().Equal(types.DecayedScore(prev.ScoreAfter, uint64(r.Height-prev.Height), testHalfLife), r.ScoreBefore)
	}
	s.Require().Equal(uint64(8), s.storedScore(addr).Outcomes)
	s.Require().Equal(records[len(records)-1].ScoreAfter, s.storedScore(addr).Value)
	s.Require().Equal([]uint64{1}, sequences(s.history(other)), "other histories are untouched")

	// After history_length shrinks, the next report (at the latest) leaves
	// only the newest records.
	params := testParams()
	params.HistoryLength = 2
	_, err := s.keeper.SetParams(s.ctx, params)
	s.Require().NoError(err)
	s.report(addr, types.OutcomeVoteWithOutcome)
	s.Require().Equal([]uint64{8, 9}, sequences(s.history(addr)))
	s.Require().Equal(uint64(9), s.storedScore(addr).Outcomes)

	// history_length 1 keeps just the newest record.
	params.HistoryLength = 1
	_, err = s.keeper.SetParams(s.ctx, params)
	s.Require().NoError(err)
	s.report(addr, types.OutcomeVoteWithOutcome)
	s.Require().Equal([]uint64{10}, sequences(s.history(addr)))
}

func (s *KeeperTestSuite) TestReportersAtConstruction() {
	newKeeper := func() keeper.Keeper {
		key := storetypes.NewKVStoreKey(types.StoreKey)
		return keeper.NewKeeper(s.cdc, runtime.NewKVStoreService(key), s.addrCodec, s.authority)
	}

	k := newKeeper()
	pog := k.NewReporter("pog")
	s.Require().Equal("pog", pog.Module())
	dm := k.NewReporter("datamarket")
	s.Require().Equal("datamarket", dm.Module())
	s.Require().PanicsWithValue(`module "pog" already has a reputation reporter`, func() { k.NewReporter("pog") })
	s.Require().Panics(func() { k.NewReporter("") })

	// Copies of the keeper share the registry (app/ passes keepers by value).
	copied := k
	s.Require().Panics(func() { copied.NewReporter("datamarket") })

	k.Seal()
	s.Require().Panics(func() { k.NewReporter("stake") })
	s.Require().Panics(func() { copied.NewReporter("stake") }, "Seal reaches every copy")

	s.Require().Equal("", keeper.Reporter{}.Module())

	// The suite's reporter was created before Seal and still reports.
	_, err := s.reporter.Report(s.ctx, testAddr(1), types.OutcomeDealDelivered, "")
	s.Require().NoError(err)
}

func (s *KeeperTestSuite) TestNewKeeperRejectsBadAuthority() {
	key := storetypes.NewKVStoreKey(types.StoreKey)
	for _, authority := range []string{"", "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", "lgpt1notbech32"} {
		s.Require().Panics(func() {
			keeper.NewKeeper(s.cdc, runtime.NewKVStoreService(key), s.addrCodec, authority)
		}, authority)
	}
}

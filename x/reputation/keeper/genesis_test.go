package keeper_test

import (
	"math"

	"bytes"
	"slices"
	"strings"

	"github.com/cosmos/gogoproto/proto"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/reputation/types"
)

// populatedGenesis returns a valid genesis with several scores (ordered by
// address bytes, as ExportGenesis orders them), histories oldest first, and
// a score with no history.
func populatedGenesis() types.GenesisState {
	params := testParams()
	record := func(seq uint64, height int64, kind types.OutcomeKind, before, after uint64) types.OutcomeRecord {
		w, err := params.WeightOf(kind)
		if err != nil {
			panic(err)
		}
		return types.OutcomeRecord{
			Sequence: seq, Height: height, Kind: kind, Weight: w,
			ScoreBefore: before, ScoreAfter: after, Reporter: "pog", Reference: "pog/version/1",
		}
	}
	long := make(sdk.AccAddress, 32)
	long[0] = 0xff
	gs := types.GenesisState{
		Params: params,
		Scores: []types.GenesisScore{
			{
				Address: mustBech32(testAddr(1)),
				Score:   types.Score{Value: 700_000, UpdatedHeight: 40, Outcomes: 7},
				History: []types.OutcomeRecord{
					record(3, 10, types.OutcomeUpdateAccepted, 500_000, 600_000),
					record(5, 20, types.OutcomeUpdateAccepted, 590_000, 690_000),
					record(6, 30, types.OutcomeMetricConfirmed, 689_000, 690_000),
					record(7, 40, types.OutcomeUpdateAccepted, 600_000, 700_000),
				},
			},
			{
				Address: mustBech32(testAddr(2)),
				Score:   types.Score{Value: 200_000, UpdatedHeight: 15, Outcomes: 1},
				History: []types.OutcomeRecord{record(1, 15, types.OutcomeUpdateRejected, 500_000, 200_000)},
			},
			{
				// Stored without history (e.g. a local network's genesis).
				Address: mustBech32(testAddr(3)),
				Score:   types.Score{Value: types.MaxScore, UpdatedHeight: 0, Outcomes: 0},
			},
			{
				Address: mustBech32(long),
				Score:   types.Score{Value: 0, UpdatedHeight: 1_000, Outcomes: 40},
				History: []types.OutcomeRecord{record(40, 1_000, types.OutcomeDealDisputed, 50_000, 0)},
			},
		},
	}
	if !slices.IsSortedFunc(gs.Scores, func(a, b types.GenesisScore) int {
		return bytes.Compare(sdk.MustAccAddressFromBech32(a.Address), sdk.MustAccAddressFromBech32(b.Address))
	}) {
		panic("populatedGenesis must be in export order")
	}
	return gs
}

func mustBech32(addr sdk.AccAddress) string {
	str, err := addresscodec.NewBech32Codec(bech32Prefix).BytesToString(addr)
	if err != nil {
		panic(err)
	}
	return str
}

func (s *KeeperTestSuite) TestDefaultGenesis() {
	gs := types.DefaultGenesis()
	s.Require().NoError(gs.Validate())
	s.Require().Equal(types.DefaultParams(), gs.Params)
	s.Require().Empty(gs.Scores)
	s.Require().NoError(populatedGenesis().Validate())
}

func (s *KeeperTestSuite) TestGenesisValidate() {
	for _, tc := range []struct {
		name     string
		malleate func(gs *types.GenesisState)
		err      error // nil: valid
	}{
		{"populated", func(*types.GenesisState) {}, nil},
		{"scores in any order", func(gs *types.GenesisState) { slices.Reverse(gs.Scores) }, nil},
		{"history as long as history_length", func(gs *types.GenesisState) {
			gs.Params.HistoryLength = 4
		}, nil},
		{"history at height zero", func(gs *types.GenesisState) {
			gs.Scores[1].History[0].Height = 0
		}, nil},
		{"duplicate address", func(gs *types.GenesisState) {
			gs.Scores = append(gs.Scores, types.GenesisScore{Address: gs.Scores[2].Address, Score: types.Score{Value: 1}})
		}, types.ErrInvalidGenesis},
		{"duplicate address in upper case", func(gs *types.GenesisState) {
			gs.Scores = append(gs.Scores, types.GenesisScore{Address: strings.ToUpper(gs.Scores[2].Address)})
		}, types.ErrInvalidGenesis},
		{"malformed address", func(gs *types.GenesisState) { gs.Scores[0].Address = "lgpt1notanaddress" }, types.ErrInvalidGenesis},
		{"empty address", func(gs *types.GenesisState) { gs.Scores[0].Address = "" }, types.ErrInvalidGenesis},
		{"other prefix", func(gs *types.GenesisState) {
			gs.Scores[0].Address = "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu"
		}, types.ErrInvalidGenesis},
		{"value above maximum", func(gs *types.GenesisState) { gs.Scores[2].Score.Value = types.MaxScore + 1 }, types.ErrInvalidGenesis},
		{"negative updated_height", func(gs *types.GenesisState) { gs.Scores[2].Score.UpdatedHeight = -1 }, types.ErrInvalidGenesis},
		{"outcomes about to wrap", func(gs *types.GenesisState) { gs.Scores[2].Score.Outcomes = math.MaxUint64 }, types.ErrInvalidGenesis},
		{"history longer than history_length", func(gs *types.GenesisState) { gs.Params.HistoryLength = 3 }, types.ErrInvalidGenesis},
		{"more records than outcomes", func(gs *types.GenesisState) { gs.Scores[0].Score.Outcomes = 3 }, types.ErrInvalidGenesis},
		{"sequence above outcomes", func(gs *types.GenesisState) { gs.Scores[0].Score.Outcomes = 6 }, types.ErrInvalidGenesis},
		{"sequence zero", func(gs *types.GenesisState) { gs.Scores[1].History[0].Sequence = 0 }, types.ErrInvalidGenesis},
		{"repeated sequence", func(gs *types.GenesisState) { gs.Scores[0].History[2].Sequence = 5 }, types.ErrInvalidGenesis},
		{"decreasing sequence", func(gs *types.GenesisState) {
			h := gs.Scores[0].History
			h[0], h[1] = h[1], h[0]
		}, types.ErrInvalidGenesis},
		{"unknown kind in history", func(gs *types.GenesisState) { gs.Scores[0].History[1].Kind = 99 }, types.ErrInvalidGenesis},
		{"unspecified kind in history", func(gs *types.GenesisState) {
			gs.Scores[0].History[1].Kind = types.OutcomeUnspecified
		}, types.ErrInvalidGenesis},
		{"record score above maximum", func(gs *types.GenesisState) {
			gs.Scores[1].History[0].ScoreBefore = types.MaxScore + 1
		}, types.ErrInvalidGenesis},
		{"record after the score's height", func(gs *types.GenesisState) { gs.Scores[1].History[0].Height = 16 }, types.ErrInvalidGenesis},
		{"record at negative height", func(gs *types.GenesisState) { gs.Scores[1].History[0].Height = -1 }, types.ErrInvalidGenesis},
		{"record reference too long", func(gs *types.GenesisState) {
			gs.Scores[1].History[0].Reference = strings.Repeat("x", types.MaxReferenceLength+1)
		}, types.ErrInvalidGenesis},
		{"invalid params: history_length 0", func(gs *types.GenesisState) { gs.Params.HistoryLength = 0 }, types.ErrInvalidParams},
		{"invalid params: missing kind", func(gs *types.GenesisState) {
			gs.Params.OutcomeWeights = gs.Params.OutcomeWeights[:9]
		}, types.ErrInvalidParams},
		{"invalid params: unknown kind", func(gs *types.GenesisState) {
			gs.Params.OutcomeWeights[0].Kind = 99
		}, types.ErrUnknownOutcome},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			gs := populatedGenesis()
			tc.malleate(&gs)
			err := gs.Validate()
			if tc.err == nil {
				s.Require().NoError(err)
				return
			}
			s.Require().ErrorIs(err, tc.err)

			// InitGenesis refuses it and writes nothing.
			before := s.snapshot()
			s.Require().ErrorIs(s.keeper.InitGenesis(s.ctx, gs), tc.err)
			s.requireUnchanged(before)
		})
	}
}

func (s *KeeperTestSuite) TestGenesisRoundTrip() {
	gs := populatedGenesis()
	s.Require().NoError(s.keeper.InitGenesis(s.ctx, gs))

	exported, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().True(proto.Equal(&gs, exported), "export(import(g)) != g:\n%s\n%s", s.cdc.MustMarshalJSON(&gs), s.cdc.MustMarshalJSON(exported))
	s.Require().JSONEq(string(s.cdc.MustMarshalJSON(&gs)), string(s.cdc.MustMarshalJSON(exported)))

	// InitGenesis rebuilt the rank index: one entry per score, in order.
	s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
	s.Require().Equal(len(gs.Scores), s.rankEntries())
	s.at(1_240)
	res, err := s.querier.Scores(s.ctx, &types.QueryScoresRequest{})
	s.Require().NoError(err)
	s.Require().Equal([]string{gs.Scores[2].Address, gs.Scores[0].Address, gs.Scores[1].Address, gs.Scores[3].Address},
		addresses(res.Scores))

	// The stored histories are what the History query serves.
	hist, err := s.querier.History(s.ctx, &types.QueryHistoryRequest{Address: gs.Scores[0].Address})
	s.Require().NoError(err)
	want := slices.Clone(gs.Scores[0].History)
	slices.Reverse(want)
	s.Require().Equal(want, hist.Records)

	// The default genesis round-trips too, and so does a reported state.
	s.SetupTest()
	s.Require().NoError(s.keeper.InitGenesis(s.ctx, *types.DefaultGenesis()))
	exported, err = s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().True(proto.Equal(types.DefaultGenesis(), exported))

	s.SetupTest()
	s.populate()
	exported, err = s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().NoError(exported.Validate())
	s.SetupTest()
	s.Require().NoError(s.keeper.InitGenesis(s.ctx, *exported))
	again, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().True(proto.Equal(exported, again))
}

// RebaseForZeroHeight (for an export that restarts at height zero) decays
// every score to the current height and stamps it, and its history, with
// height zero; the restarted chain reads the same scores.
func (s *KeeperTestSuite) TestRebaseForZeroHeight() {
	gs := populatedGenesis()
	s.Require().NoError(s.keeper.InitGenesis(s.ctx, gs))
	s.at(1_240)
	before := map[string]uint64{}
	for _, g := range gs.Scores {
		score, err := s.keeper.Score(s.ctx, sdk.MustAccAddressFromBech32(g.Address))
		s.Require().NoError(err)
		before[g.Address] = score
	}

	s.Require().NoError(s.keeper.RebaseForZeroHeight(s.ctx))
	s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
	s.Require().Equal(len(gs.Scores), s.rankEntries())

	exported, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().NoError(exported.Validate())
	s.Require().Len(exported.Scores, len(gs.Scores))
	for i, g := range exported.Scores {
		orig := gs.Scores[i].Score
		s.Require().Equal(gs.Scores[i].Address, g.Address)
		want := types.DecayedScore(orig.Value, uint64(1_240-orig.UpdatedHeight), testHalfLife)
		s.Require().Equal(types.Score{Value: want, UpdatedHeight: 0, Outcomes: orig.Outcomes}, g.Score)
		s.Require().Len(g.History, len(gs.Scores[i].History))
		for j, r := range g.History {
			s.Require().Zero(r.Height)
			r.Height = gs.Scores[i].History[j].Height
			s.Require().Equal(gs.Scores[i].History[j], r, "only the height changes")
		}
	}
	// Literal spot checks: 700000@40 after 12 half-lives, 0@1000 after 2.4.
	s.Require().Equal(uint64(500_000+200_000>>12), exported.Scores[0].Score.Value)
	s.Require().Equal(types.DecayedScore(0, 240, testHalfLife), exported.Scores[3].Score.Value)

	// The restarted chain (heights from zero) reads what the old one read.
	s.at(0)
	for _, g := range exported.Scores {
		score, err := s.keeper.Score(s.ctx, sdk.MustAccAddressFromBech32(g.Address))
		s.Require().NoError(err)
		s.Require().Equal(before[g.Address], score)
	}
	// And decay continues from zero under the same half-life.
	s.at(testHalfLife)
	score, err := s.keeper.Score(s.ctx, testAddr(1))
	s.Require().NoError(err)
	s.Require().Equal(uint64(500_000+(200_000>>12)>>1), score)

	// Importing the rebased export into a fresh store gives the same state.
	s.SetupTest()
	s.Require().NoError(s.keeper.InitGenesis(s.ctx, *exported))
	s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
	again, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().True(proto.Equal(exported, again))
}

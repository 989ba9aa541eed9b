package keeper_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/bech32"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/reputation/types"
)

// rankingState stores scores for many addresses with different values and
// update heights (all at most 1200) and returns the addresses. Some come
// from genesis, some from reports; some pairs are ordered differently by
// stored value and by decayed value, some decay to exactly equal values.
func (s *KeeperTestSuite) rankingState() []sdk.AccAddress {
	rng := rand.New(rand.NewPCG(1, 2))
	var addrs []sdk.AccAddress
	var scores []types.GenesisScore
	add := func(addr sdk.AccAddress, value uint64, height int64) {
		addrs = append(addrs, addr)
		scores = append(scores, s.genesisScore(addr, value, height))
	}
	for i := range 40 {
		add(testAddr(i), rng.Uint64N(types.MaxScore+1), rng.Int64N(1_001))
	}
	// Stored order and decayed order disagree: 900000 set long ago has
	// decayed below 700000 set recently.
	add(testAddr(100), 900_000, 0)
	add(testAddr(101), 700_000, 1_000)
	add(testAddr(102), 100_000, 0)
	add(testAddr(103), 300_000, 1_000)
	// Exactly equal decayed values: deviation 2d one half-life before d.
	add(testAddr(104), 700_000, 200)
	add(testAddr(105), 600_000, 300)
	add(testAddr(106), 300_000, 200)
	add(testAddr(107), 400_000, 300)
	// Neutral, the bounds, and a 32-byte address.
	add(testAddr(108), types.NeutralScore, 17)
	add(testAddr(109), types.MaxScore, 1_000)
	add(testAddr(110), 0, 1_000)
	long := make(sdk.AccAddress, 32)
	copy(long, testAddr(111))
	add(long, 650_000, 900)
	s.loadScores(scores...)

	// Reports move some of them, and add new ones, at later heights.
	s.at(1_100)
	s.report(testAddr(3), types.OutcomeUpdateAccepted)
	s.report(testAddr(200), types.OutcomeUpdateRejected)
	s.at(1_200)
	s.report(testAddr(5), types.OutcomeUpdateRejected)
	s.report(testAddr(201), types.OutcomeDealDelivered)
	addrs = append(addrs, testAddr(200), testAddr(201))
	s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
	return addrs
}

// scoresPages pages through the ranking by next-key with the given limit.
func (s *KeeperTestSuite) scoresPages(reverse bool, limit uint64) []types.ScoreView {
	var all []types.ScoreView
	var key []byte
	for pages := 0; ; pages++ {
		s.Require().Less(pages, 1_000, "pagination does not end")
		res, err := s.querier.Scores(s.ctx, &types.QueryScoresRequest{
			Pagination: &query.PageRequest{Key: key, Limit: limit, Reverse: reverse},
		})
		s.Require().NoError(err)
		s.Require().LessOrEqual(uint64(len(res.Scores)), limit)
		all = append(all, res.Scores...)
		if key = res.Pagination.NextKey; key == nil {
			return all
		}
		s.Require().Len(res.Scores, int(limit), "only the last page is short")
	}
}

func (s *KeeperTestSuite) TestScoresRanking() {
	addrs := s.rankingState()
	for _, height := range []int64{1_200, 1_250, 1_500, 4_000, 100_000} {
		s.Run(fmt.Sprint("height ", height), func() {
			s.at(height)
			// Expected: every address's decayed value at the query height.
			want := map[string]uint64{}
			stored := map[string]types.Score{}
			var wantValues []uint64
			for _, addr := range addrs {
				sc := s.storedScore(addr)
				v := types.DecayedScore(sc.Value, uint64(height-sc.UpdatedHeight), testHalfLife)
				want[s.bech32(addr)], stored[s.bech32(addr)] = v, sc
				wantValues = append(wantValues, v)
			}
			slices.Sort(wantValues)
			slices.Reverse(wantValues)

			res, err := s.querier.Scores(s.ctx, &types.QueryScoresRequest{})
			s.Require().NoError(err)
			s.Require().Nil(res.Pagination.NextKey)
			ranked := res.Scores
			s.Require().Len(ranked, len(addrs))
			values := make([]uint64, len(ranked))
			seen := map[string]bool{}
			for i, v := range ranked {
				s.Require().False(seen[v.Address], "%s listed twice", v.Address)
				seen[v.Address] = true
				s.Require().Equal(want[v.Address], v.Score, v.Address)
				s.Require().Equal(stored[v.Address], v.Stored, v.Address)
				values[i] = v.Score
			}
			s.Require().Equal(wantValues, values, "highest decayed score first")

			// The ranking is not simply the stored values' order.
			byStored := slices.Clone(ranked)
			slices.SortStableFunc(byStored, func(a, b types.ScoreView) int {
				return cmp.Compare(b.Stored.Value, a.Stored.Value)
			})
			s.Require().NotEqual(addresses(byStored), addresses(ranked))

			// reverse lists exactly the same entries lowest first.
			res, err = s.querier.Scores(s.ctx, &types.QueryScoresRequest{Pagination: &query.PageRequest{Reverse: true}})
			s.Require().NoError(err)
			reversed := slices.Clone(ranked)
			slices.Reverse(reversed)
			s.Require().Equal(reversed, res.Scores)

			// Next-key pagination covers every address exactly once, in order.
			for _, limit := range []uint64{1, 7, uint64(len(addrs)) - 1, uint64(len(addrs)), 1_000} {
				s.Require().Equal(ranked, s.scoresPages(false, limit), "limit %d", limit)
				s.Require().Equal(reversed, s.scoresPages(true, limit), "reverse, limit %d", limit)
			}

			// Offset pagination with a total count.
			res, err = s.querier.Scores(s.ctx, &types.QueryScoresRequest{
				Pagination: &query.PageRequest{Offset: 10, Limit: 5, CountTotal: true},
			})
			s.Require().NoError(err)
			s.Require().Equal(ranked[10:15], res.Scores)
			s.Require().Equal(uint64(len(addrs)), res.Pagination.Total)
		})
	}
	// Spelled out at 1500 for the pairs built for it: 900000@0 reads 500012,
	// 700000@1000 reads 506250, 100000@0 reads 499988, 300000@1000 reads
	// 493750, so the decayed order inverts both stored orders.
	s.at(1_500)
	res, err := s.querier.Scores(s.ctx, &types.QueryScoresRequest{})
	s.Require().NoError(err)
	pos := func(addr sdk.AccAddress) int { return slices.Index(addresses(res.Scores), s.bech32(addr)) }
	for i, want := range map[int]uint64{100: 500_012, 101: 506_250, 102: 499_988, 103: 493_750} {
		s.Require().Equal(want, res.Scores[pos(testAddr(i))].Score, "address %d", i)
	}
	s.Require().Less(pos(testAddr(101)), pos(testAddr(100)))
	s.Require().Less(pos(testAddr(100)), pos(testAddr(102)))
	s.Require().Less(pos(testAddr(102)), pos(testAddr(103)))
}

func (s *KeeperTestSuite) TestScoresEmptyAndInvalid() {
	res, err := s.querier.Scores(s.ctx, &types.QueryScoresRequest{})
	s.Require().NoError(err)
	s.Require().Empty(res.Scores)

	_, err = s.querier.Scores(s.ctx, nil)
	s.Require().Equal(codes.InvalidArgument, status.Code(err))
	_, err = s.querier.Scores(s.ctx, &types.QueryScoresRequest{
		Pagination: &query.PageRequest{Key: []byte{1}, Offset: 1},
	})
	s.Require().Equal(codes.InvalidArgument, status.Code(err))
}

func (s *KeeperTestSuite) TestHistoryQuery() {
	params := testParams()
	params.HistoryLength = 10
	_, err := s.keeper.SetParams(s.ctx, params)
	s.Require().NoError(err)

	// b's key starts with a's bytes: prefix iteration must not mix them.
	a := testAddr(1)
	b := append(sdk.AccAddress{}, a...)
	b = append(b, make([]byte, 12)...)
	for i := range 6 {
		s.at(int64(10 * (i + 1)))
		_, err := s.reporter.Report(s.ctx, a, types.OutcomeVoteWithOutcome, fmt.Sprintf("a/%d", i+1))
		s.Require().NoError(err)
	}
	for range 3 {
		s.report(b, types.OutcomeDealDisputed)
	}
	stored := s.history(a)
	s.Require().Len(stored, 6)
	newestFirst := slices.Clone(stored)
	slices.Reverse(newestFirst)

	historyOf := func(addr sdk.AccAddress, page *query.PageRequest) *types.QueryHistoryResponse {
		res, err := s.querier.History(s.ctx, &types.QueryHistoryRequest{Address: s.bech32(addr), Pagination: page})
		s.Require().NoError(err)
		return res
	}
	s.Require().Equal(newestFirst, historyOf(a, nil).Records)
	s.Require().Equal("a/6", historyOf(a, nil).Records[0].Reference)
	s.Require().Equal(stored, historyOf(a, &query.PageRequest{Reverse: true}).Records)
	s.Require().Equal([]uint64{3, 2, 1}, sequences(historyOf(b, nil).Records))
	s.Require().Empty(historyOf(testAddr(2), nil).Records)

	pages := func(addr sdk.AccAddress, reverse bool, limit uint64) [][]uint64 {
		var out [][]uint64
		var key []byte
		for {
			res := historyOf(addr, &query.PageRequest{Key: key, Limit: limit, Reverse: reverse})
			out = append(out, sequences(res.Records))
			if key = res.Pagination.NextKey; key == nil {
				return out
			}
		}
	}
	s.Require().Equal([][]uint64{{6, 5, 4, 3}, {2, 1}}, pages(a, false, 4))
	s.Require().Equal([][]uint64{{1, 2, 3, 4}, {5, 6}}, pages(a, true, 4))
	s.Require().Equal([][]uint64{{6, 5, 4}, {3, 2, 1}}, pages(a, false, 3))
	s.Require().Equal([][]uint64{{3, 2}, {1}}, pages(b, false, 2))

	res := historyOf(a, &query.PageRequest{Offset: 2, Limit: 2, CountTotal: true})
	s.Require().Equal([]uint64{4, 3}, sequences(res.Records))
	s.Require().Equal(uint64(6), res.Pagination.Total)
}

func (s *KeeperTestSuite) TestScoreQuery() {
	s.at(10)
	s.report(testAddr(1), types.OutcomeUpdateAccepted)
	s.at(110)

	res, err := s.querier.Score(s.ctx, &types.QueryScoreRequest{Address: s.bech32(testAddr(1))})
	s.Require().NoError(err)
	s.Require().Equal(types.ScoreView{
		Address: s.bech32(testAddr(1)), Score: 550_000,
		Stored: types.Score{Value: 600_000, UpdatedHeight: 10, Outcomes: 1},
	}, res.Score)

	unknown := s.bech32(testAddr(2))
	res, err = s.querier.Score(s.ctx, &types.QueryScoreRequest{Address: unknown})
	s.Require().NoError(err)
	s.Require().Equal(types.ScoreView{Address: unknown, Score: types.NeutralScore, Stored: types.Score{Value: types.NeutralScore}}, res.Score)

	params, err := s.querier.Params(s.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(testParams(), params.Params)
}

func (s *KeeperTestSuite) TestQueriesRejectBadRequests() {
	otherPrefix, err := bech32.ConvertAndEncode("cosmos", testAddr(1))
	s.Require().NoError(err)
	tooLong, err := bech32.ConvertAndEncode(bech32Prefix, make([]byte, 300))
	s.Require().NoError(err)
	badAddresses := map[string]string{
		"empty":         "",
		"not bech32":    "lgpt1notanaddress",
		"truncated":     s.bech32(testAddr(1))[:10],
		"other prefix":  otherPrefix,
		"bad checksum":  s.bech32(testAddr(1))[:len(s.bech32(testAddr(1)))-1] + "q",
		"300 bytes":     tooLong,
		"spaces only":   "   ",
		"upper and low": "LGPT1" + s.bech32(testAddr(1))[5:],
	}
	for name, addr := range badAddresses {
		s.Run(name, func() {
			_, err := s.querier.Score(s.ctx, &types.QueryScoreRequest{Address: addr})
			s.Require().Equal(codes.InvalidArgument, status.Code(err), "Score: %v", err)
			_, err = s.querier.History(s.ctx, &types.QueryHistoryRequest{Address: addr})
			s.Require().Equal(codes.InvalidArgument, status.Code(err), "History: %v", err)
		})
	}

	_, err = s.querier.Score(s.ctx, nil)
	s.Require().Equal(codes.InvalidArgument, status.Code(err))
	_, err = s.querier.History(s.ctx, nil)
	s.Require().Equal(codes.InvalidArgument, status.Code(err))
	_, err = s.querier.Params(s.ctx, nil)
	s.Require().Equal(codes.InvalidArgument, status.Code(err))
}

func addresses(views []types.ScoreView) []string {
	out := make([]string, len(views))
	for i, v := range views {
		out[i] = v.Address
	}
	return out
}

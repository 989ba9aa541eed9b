package keeper_test

import (
	"github.com/litegpt/litegpt/x/reputation/types"
)

// Scores decay lazily toward neutral: exact at multiples of the half-life,
// equal to types.DecayedScore in between, and reading never writes.
func (s *KeeperTestSuite) TestDecayAtHeights() {
	up, down := testAddr(1), testAddr(2)
	s.at(10)
	s.Require().Equal(uint64(600_000), s.report(up, types.OutcomeUpdateAccepted))
	s.Require().Equal(uint64(200_000), s.report(down, types.OutcomeUpdateRejected))
	stored := s.storedScore(up)
	before := s.snapshot()

	// Literal values: the deviation halves every 100 blocks.
	for _, tc := range []struct {
		height   int64
		up, down uint64
	}{
		{10, 600_000, 200_000},
		{110, 550_000, 350_000},
		{210, 525_000, 425_000},
		{310, 512_500, 462_500},
		{510, 500_000 + 100_000>>5, 500_000 - 300_000>>5},
		// Half a half-life: 100000/sqrt(2) = 70710.68, 300000/sqrt(2) =
		// 212132.03, truncated toward neutral.
		{60, 570_710, 287_868},
		// 64 half-lives and beyond: neutral.
		{10 + 64*testHalfLife, types.NeutralScore, types.NeutralScore},
		{1 << 40, types.NeutralScore, types.NeutralScore},
		// Heights below the update height (a restarted chain) do not decay.
		{5, 600_000, 200_000},
	} {
		s.at(tc.height)
		for addr, want := range map[string]uint64{string(up): tc.up, string(down): tc.down} {
			score, err := s.keeper.Score(s.ctx, []byte(addr))
			s.Require().NoError(err)
			s.Require().Equal(want, score, "height %d", tc.height)
		}
	}

	// Between multiples it is types.DecayedScore of the elapsed blocks, and
	// the stored form returned alongside never changes.
	for h := int64(10); h <= 10+7*testHalfLife; h += 3 {
		s.at(h)
		score, got, err := s.keeper.ScoreOf(s.ctx, up)
		s.Require().NoError(err)
		s.Require().Equal(types.DecayedScore(600_000, uint64(h-10), testHalfLife), score, "height %d", h)
		s.Require().Equal(stored, got)

		res, err := s.querier.Score(s.ctx, &types.QueryScoreRequest{Address: s.bech32(down)})
		s.Require().NoError(err)
		s.Require().Equal(types.DecayedScore(200_000, uint64(h-10), testHalfLife), res.Score.Score, "height %d", h)
	}

	// None of those reads wrote anything or emitted events.
	s.requireUnchanged(before)
	s.Require().Empty(s.ctx.EventManager().Events())
}

// With decay disabled (half-life 0) scores stay where outcomes put them.
func (s *KeeperTestSuite) TestNoDecayWithZeroHalfLife() {
	params := testParams()
	params.DecayHalfLifeBlocks = 0
	_, err := s.keeper.SetParams(s.ctx, params)
	s.Require().NoError(err)
	s.report(testAddr(1), types.OutcomeUpdateAccepted)
	for _, h := range []int64{1, 2, 1_000, 1 << 50} {
		s.at(h)
		score, err := s.keeper.Score(s.ctx, testAddr(1))
		s.Require().NoError(err)
		s.Require().Equal(uint64(600_000), score)
	}
}

func (s *KeeperTestSuite) TestScoreOfUnknownAndEmpty() {
	score, stored, err := s.keeper.ScoreOf(s.ctx, testAddr(1))
	s.Require().NoError(err)
	s.Require().Equal(types.NeutralScore, score)
	s.Require().Equal(types.Score{Value: types.NeutralScore}, stored)
	has, err := s.keeper.Scores.Has(s.ctx, testAddr(1))
	s.Require().NoError(err)
	s.Require().False(has, "reading an unknown address stores nothing")

	_, err = s.keeper.Score(s.ctx, nil)
	s.Require().ErrorIs(err, types.ErrInvalidAddress)
}

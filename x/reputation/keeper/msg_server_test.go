package keeper_test

import (
	"math"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/litegpt/litegpt/x/reputation/types"
)

// populate reports a few outcomes at different heights so that params
// changes have scores, rank entries and histories to (not) touch. It leaves
// the context at height 300.
func (s *KeeperTestSuite) populate() {
	s.at(10)
	s.report(testAddr(1), types.OutcomeUpdateAccepted)
	s.report(testAddr(2), types.OutcomeUpdateRejected)
	s.at(120)
	s.report(testAddr(1), types.OutcomeUpdateAccepted)
	s.report(testAddr(3), types.OutcomeVoteAgainstOutcome)
	s.at(250)
	s.report(testAddr(4), types.OutcomeDealDelivered)
	s.report(testAddr(2), types.OutcomeMetricConfirmed)
	s.at(300)
}

func (s *KeeperTestSuite) TestUpdateParams() {
	setWeight := func(p *types.Params, kind types.OutcomeKind, weight int64) {
		for i := range p.OutcomeWeights {
			if p.OutcomeWeights[i].Kind == kind {
				p.OutcomeWeights[i].Weight = weight
			}
		}
	}
	for _, tc := range []struct {
		name     string
		malleate func(msg *types.MsgUpdateParams)
		err      error
	}{
		{
			name: "new weights and history length",
			malleate: func(msg *types.MsgUpdateParams) {
				msg.Params.HistoryLength = 7
				setWeight(&msg.Params, types.OutcomeDealDisputed, -types.MaxOutcomeWeight)
				setWeight(&msg.Params, types.OutcomeDealDelivered, types.MaxOutcomeWeight)
				setWeight(&msg.Params, types.OutcomeInferenceAgreed, 0)
			},
		},
		{
			name:     "weights listed in another order",
			malleate: func(msg *types.MsgUpdateParams) { ws := msg.Params.OutcomeWeights; ws[0], ws[9] = ws[9], ws[0] },
		},
		{
			name:     "history length at its maximum",
			malleate: func(msg *types.MsgUpdateParams) { msg.Params.HistoryLength = types.MaxHistoryLength },
		},
		{
			name:     "unauthorised sender",
			malleate: func(msg *types.MsgUpdateParams) { msg.Authority = s.bech32(testAddr(1)) },
			err:      sdkerrors.ErrUnauthorized,
		},
		{
			name:     "empty authority",
			malleate: func(msg *types.MsgUpdateParams) { msg.Authority = "" },
			err:      sdkerrors.ErrUnauthorized,
		},
		{
			name: "unauthorised sender with invalid params",
			malleate: func(msg *types.MsgUpdateParams) {
				msg.Authority = s.bech32(testAddr(1))
				msg.Params.HistoryLength = 0
			},
			err: sdkerrors.ErrUnauthorized,
		},
		{
			name:     "history_length 0",
			malleate: func(msg *types.MsgUpdateParams) { msg.Params.HistoryLength = 0 },
			err:      types.ErrInvalidParams,
		},
		{
			name:     "history_length above maximum",
			malleate: func(msg *types.MsgUpdateParams) { msg.Params.HistoryLength = types.MaxHistoryLength + 1 },
			err:      types.ErrInvalidParams,
		},
		{
			name:     "half-life above MaxInt64",
			malleate: func(msg *types.MsgUpdateParams) { msg.Params.DecayHalfLifeBlocks = math.MaxInt64 + 1 },
			err:      types.ErrInvalidParams,
		},
		{
			name: "weight above range",
			malleate: func(msg *types.MsgUpdateParams) {
				setWeight(&msg.Params, types.OutcomeUpdateAccepted, types.MaxOutcomeWeight+1)
			},
			err: types.ErrInvalidParams,
		},
		{
			name: "weight below range",
			malleate: func(msg *types.MsgUpdateParams) {
				setWeight(&msg.Params, types.OutcomeUpdateRejected, -types.MaxOutcomeWeight-1)
			},
			err: types.ErrInvalidParams,
		},
		{
			name:     "missing kind",
			malleate: func(msg *types.MsgUpdateParams) { msg.Params.OutcomeWeights = msg.Params.OutcomeWeights[1:] },
			err:      types.ErrInvalidParams,
		},
		{
			name:     "no weights at all",
			malleate: func(msg *types.MsgUpdateParams) { msg.Params.OutcomeWeights = nil },
			err:      types.ErrInvalidParams,
		},
		{
			name: "duplicate kind",
			malleate: func(msg *types.MsgUpdateParams) {
				msg.Params.OutcomeWeights = append(msg.Params.OutcomeWeights,
					types.OutcomeWeight{Kind: types.OutcomeUpdateAccepted, Weight: 1})
			},
			err: types.ErrInvalidParams,
		},
		{
			name: "unknown kind 99",
			malleate: func(msg *types.MsgUpdateParams) {
				msg.Params.OutcomeWeights = append(msg.Params.OutcomeWeights, types.OutcomeWeight{Kind: 99, Weight: 1})
			},
			err: types.ErrUnknownOutcome,
		},
		{
			name: "unspecified kind",
			malleate: func(msg *types.MsgUpdateParams) {
				msg.Params.OutcomeWeights[0].Kind = types.OutcomeUnspecified
			},
			err: types.ErrUnknownOutcome,
		},
		{
			name: "negative kind",
			malleate: func(msg *types.MsgUpdateParams) {
				msg.Params.OutcomeWeights = append(msg.Params.OutcomeWeights, types.OutcomeWeight{Kind: -1, Weight: 1})
			},
			err: types.ErrUnknownOutcome,
		},
		{
			// Validation must come before any re-keying.
			name: "invalid params that also change the half-life",
			malleate: func(msg *types.MsgUpdateParams) {
				msg.Params.DecayHalfLifeBlocks = 37
				msg.Params.OutcomeWeights = msg.Params.OutcomeWeights[:3]
			},
			err: types.ErrInvalidParams,
		},
		{
			name: "invalid params that also shrink the history",
			malleate: func(msg *types.MsgUpdateParams) {
				msg.Params.HistoryLength = 1
				setWeight(&msg.Params, types.OutcomeUpdateAccepted, types.MaxOutcomeWeight+1)
			},
			err: types.ErrInvalidParams,
		},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.populate()
			s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
			before := s.snapshot()
			scoresBefore := s.rankEntries()

			msg := types.NewMsgUpdateParams(s.authority, testParams())
			tc.malleate(msg)
			s.at(s.ctx.BlockHeight())
			res, err := s.msgServer.UpdateParams(s.ctx, msg)

			if tc.err != nil {
				s.Require().ErrorIs(err, tc.err)
				s.Require().Nil(res)
				s.requireUnchanged(before)
				s.Require().Empty(s.ctx.EventManager().Events(), "a rejected update emits nothing")
				return
			}
			s.Require().NoError(err)
			s.Require().NotNil(res)
			got, err := s.keeper.GetParams(s.ctx)
			s.Require().NoError(err)
			s.Require().Equal(msg.Params, got)

			events := typedEvents[*types.EventParamsUpdated](s)
			s.Require().Len(events, 1)
			s.Require().Equal(s.authority, events[0].Authority)
			s.Require().Equal(msg.Params, events[0].Params)
			s.Require().Zero(events[0].Rescored, "the half-life did not change")

			// Same half-life and no shorter history: scores, ranks and
			// histories are untouched.
			s.Require().Equal(scoresBefore, s.rankEntries())
			after := s.snapshot()
			for k, v := range before.store {
				if k[0] != types.ParamsKey[0] {
					s.Require().Equal(v, after.store[k])
				}
			}
			s.Require().Equal(len(before.store), len(after.store))
			s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
		})
	}
}

// Changing the half-life decays every score to the change height under the
// old half-life, stamps it with that height and re-keys its rank entry.
func (s *KeeperTestSuite) TestUpdateParamsHalfLifeChangeRekeys() {
	for _, tc := range []struct {
		name        string
		newHalfLife uint64
	}{
		{"shorter", 37},
		{"longer", 1_000},
		{"decay disabled", 0},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.populate()
			// A score that is already neutral and one stamped exactly now.
			s.loadScores(s.genesisScore(testAddr(10), types.NeutralScore, 40))
			s.report(testAddr(11), types.OutcomeUpdateRejected)
			const changeHeight = 1_000
			s.at(changeHeight)

			addrs := []int{1, 2, 3, 4, 10, 11}
			before := map[int]types.Score{}
			readBefore := map[int]uint64{}
			for _, i := range addrs {
				before[i] = s.storedScore(testAddr(i))
				score, err := s.keeper.Score(s.ctx, testAddr(i))
				s.Require().NoError(err)
				readBefore[i] = score
			}

			msg := types.NewMsgUpdateParams(s.authority, testParams())
			msg.Params.DecayHalfLifeBlocks = tc.newHalfLife
			_, err := s.msgServer.UpdateParams(s.ctx, msg)
			s.Require().NoError(err)

			events := typedEvents[*types.EventParamsUpdated](s)
			s.Require().Len(events, 1)
			s.Require().Equal(uint64(len(addrs)), events[0].Rescored)
			s.Require().Equal(tc.newHalfLife, events[0].Params.DecayHalfLifeBlocks)
			s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
			s.Require().Equal(len(addrs), s.rankEntries())

			for _, i := range addrs {
				old := before[i]
				want := types.DecayedScore(old.Value, uint64(changeHeight-old.UpdatedHeight), testHalfLife)
				s.Require().Equal(types.Score{Value: want, UpdatedHeight: changeHeight, Outcomes: old.Outcomes},
					s.storedScore(testAddr(i)), "address %d", i)
				// Reading at the change height gives what it gave before.
				score, err := s.keeper.Score(s.ctx, testAddr(i))
				s.Require().NoError(err)
				s.Require().Equal(readBefore[i], score)
				// From here on the new half-life applies.
				s.at(changeHeight + 250)
				score, err = s.keeper.Score(s.ctx, testAddr(i))
				s.Require().NoError(err)
				s.Require().Equal(types.DecayedScore(want, 250, tc.newHalfLife), score)
				s.at(changeHeight)
			}
			// The values are not all neutral (the test is not vacuous).
			s.Require().NotEqual(types.NeutralScore, s.storedScore(testAddr(11)).Value)

			// Setting the same half-life again re-keys nothing.
			s.at(changeHeight + 10)
			snap := s.snapshot()
			_, err = s.msgServer.UpdateParams(s.ctx, msg)
			s.Require().NoError(err)
			events = typedEvents[*types.EventParamsUpdated](s)
			s.Require().Len(events, 1)
			s.Require().Zero(events[0].Rescored)
			s.requireUnchanged(snap)
		})
	}
}

// A score stamped with a height above the current one (possible from
// genesis) must keep its value and height when the half-life changes:
// re-keying never moves a score back in time, and the exported genesis
// stays valid (its history heights are at most updated_height).
func (s *KeeperTestSuite) TestUpdateParamsHalfLifeChangeKeepsFutureScores() {
	future := s.genesisScore(testAddr(1), 800_000, 5_000)
	future.Score.Outcomes = 1
	future.History = []types.OutcomeRecord{{
		Sequence: 1, Height: 5_000, Kind: types.OutcomeUpdateAccepted, Weight: bigReward,
		ScoreBefore: 700_000, ScoreAfter: 800_000, Reporter: "pog",
	}}
	s.loadScores(future, s.genesisScore(testAddr(2), 300_000, 0))
	s.at(1_000)

	msg := types.NewMsgUpdateParams(s.authority, testParams())
	msg.Params.DecayHalfLifeBlocks = 50
	_, err := s.msgServer.UpdateParams(s.ctx, msg)
	s.Require().NoError(err)

	s.Require().Equal(types.Score{Value: 800_000, UpdatedHeight: 5_000, Outcomes: 1}, s.storedScore(testAddr(1)))
	s.Require().Equal(types.Score{Value: types.DecayedScore(300_000, 1_000, testHalfLife), UpdatedHeight: 1_000},
		s.storedScore(testAddr(2)))
	s.Require().NoError(s.keeper.CheckRankIndex(s.ctx))
	gs, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().NoError(gs.Validate())
}

// Shrinking history_length prunes every address's history at once, so the
// state (and an export of it) never holds more than history_length records.
func (s *KeeperTestSuite) TestUpdateParamsShrinkingHistoryPrunes() {
	s.at(10)
	for range 7 {
		s.report(testAddr(1), types.OutcomeVoteWithOutcome)
	}
	for range 2 {
		s.report(testAddr(2), types.OutcomeVoteWithOutcome)
	}
	for range 3 {
		s.report(testAddr(3), types.OutcomeVoteWithOutcome)
	}
	s.Require().Equal([]uint64{3, 4, 5, 6, 7}, sequences(s.history(testAddr(1))))

	msg := types.NewMsgUpdateParams(s.authority, testParams())
	msg.Params.HistoryLength = 2
	_, err := s.msgServer.UpdateParams(s.ctx, msg)
	s.Require().NoError(err)

	s.Require().Equal([]uint64{6, 7}, sequences(s.history(testAddr(1))))
	s.Require().Equal([]uint64{1, 2}, sequences(s.history(testAddr(2))))
	s.Require().Equal([]uint64{2, 3}, sequences(s.history(testAddr(3))))
	s.Require().Equal(uint64(7), s.storedScore(testAddr(1)).Outcomes, "pruning keeps the outcome count")
	gs, err := s.keeper.ExportGenesis(s.ctx)
	s.Require().NoError(err)
	s.Require().NoError(gs.Validate())

	// Growing it again keeps what is left and lets the history grow.
	msg.Params.HistoryLength = 4
	_, err = s.msgServer.UpdateParams(s.ctx, msg)
	s.Require().NoError(err)
	s.Require().Equal([]uint64{6, 7}, sequences(s.history(testAddr(1))))
	s.report(testAddr(1), types.OutcomeVoteWithOutcome)
	s.report(testAddr(1), types.OutcomeVoteWithOutcome)
	s.report(testAddr(1), types.OutcomeVoteWithOutcome)
	s.Require().Equal([]uint64{7, 8, 9, 10}, sequences(s.history(testAddr(1))))
}

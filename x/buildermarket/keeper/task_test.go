package keeper_test

import (
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func (s *KeeperTestSuite) TestCreateTask() {
	msg := s.taskMsg()
	id := s.createTask(msg)
	s.Require().Equal(uint64(1), id, "the first task is 1")

	want := types.NewTask(msg, 1, s.bech32(alice), startHeight)
	s.Require().Equal(want, s.task(1))
	s.Require().Equal(int64(startBalance-taskFee), s.balance(alice), "the creator paid the fee")
	s.Require().Equal(int64(taskFee), s.pool(), "into the community pool")
	s.Require().Zero(s.escrowed(), "fees are not escrowed")
	s.Require().Equal([]*types.EventTaskCreated{{Task: want}}, typedEvents[*types.EventTaskCreated](s))
	s.requireConserved()

	s.Require().Equal(uint64(2), s.createTask(s.taskMsg()), "ids follow each other")
	s.Require().Equal(int64(2*taskFee), s.pool())
}

func (s *KeeperTestSuite) TestCreateTaskFreeOfCharge() {
	p := testParams()
	p.TaskCreationFee = coin(0)
	_, err := s.msgServer.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: p})
	s.Require().NoError(err)
	s.createTask(s.taskMsg())
	s.Require().Equal(int64(startBalance), s.balance(alice))
	s.Require().Zero(s.pool())
}

func (s *KeeperTestSuite) TestCreateTaskRejected() {
	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgCreateTask)
		err      error
		contains string
	}{
		{"bad creator", func(m *types.MsgCreateTask) { m.Creator = "lgpt1bad" }, types.ErrInvalidAddress, `creator "lgpt1bad"`},
		{"empty creator", func(m *types.MsgCreateTask) { m.Creator = "" }, types.ErrInvalidAddress, "creator"},
		{"invalid spec", func(m *types.MsgCreateTask) { m.Label.Classes = 1 }, types.ErrInvalidTask, "needs 2..1024 classes"},
		{"epoch out of params", func(m *types.MsgCreateTask) { m.EpochBlocks = 5 }, types.ErrInvalidTask, "epoch_blocks must be in 10..1000, got 5"},
		{"too many slices for params", func(m *types.MsgCreateTask) {
			*m = *s.taskMsg()
			m.ValidationCommitments = append(m.ValidationCommitments, make([]byte, 32), append(make([]byte, 31), 1))
		}, types.ErrInvalidTask, "at most 4 validation commitments (max_validation_slices), got 5"},
		{"fee not spendable", func(m *types.MsgCreateTask) { s.bank.locked[string(alice)] = s.bank.balance(alice) }, types.ErrInsufficientFunds,
			"the task creation fee needs 100ulgpt, but " + s.bech32(alice) + " can spend only 0ulgpt"},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			msg := s.taskMsg()
			tc.malleate(msg)
			s.requireRejected(func() error { _, err := s.msgServer.CreateTask(s.ctx, msg); return err }, tc.err, tc.contains)
		})
	}
}

func (s *KeeperTestSuite) TestRevealValidationSlice() {
	id := s.createTask(s.taskMsg())
	// Slice 0 in epoch 0, at its first height.
	s.fresh()
	_, err := s.msgServer.RevealValidationSlice(s.ctx, s.sliceMsg(id, 0))
	s.Require().NoError(err)
	o := s.sliceMsg(id, 0)
	want := types.ValidationSlice{TaskId: id, Index: 0, Dataset: types.RevealedDataset{DataRoot: o.DataRoot, LeafCount: o.LeafCount, Uri: o.Uri, RevealedHeight: startHeight}}
	s.Require().Equal([]*types.EventValidationSliceRevealed{{Slice: want}}, typedEvents[*types.EventValidationSliceRevealed](s))

	// Slice 2 at the last height of epoch 2.
	s.setHeight(startHeight + 3*epoch - 1)
	_, err = s.msgServer.RevealValidationSlice(s.ctx, s.sliceMsg(id, 2))
	s.Require().NoError(err)

	res, err := s.querier.ValidationSlices(s.ctx, &types.QueryValidationSlicesRequest{TaskId: id})
	s.Require().NoError(err)
	s.Require().Equal(uint32(3), res.TotalSlices)
	s.Require().Equal(uint64(2), res.CurrentEpoch)
	s.Require().Len(res.Slices, 2)
	s.Require().Equal(want, res.Slices[0])
	s.Require().Equal(uint32(2), res.Slices[1].Index)
	s.Require().Equal(int64(startHeight+3*epoch-1), res.Slices[1].Dataset.RevealedHeight)
	s.requireConserved()
}

func (s *KeeperTestSuite) TestRevealValidationSliceRejected() {
	for _, tc := range []struct {
		name     string
		height   int64
		malleate func(m *types.MsgRevealValidationSlice)
		err      error
		contains string
	}{
		{"too early", startHeight + epoch - 1, func(m *types.MsgRevealValidationSlice) { *m = *s.sliceMsg(1, 2) }, types.ErrRevealOutOfWindow,
			"validation slice 2 of task 1 may be revealed only at heights [300, 400) (its epoch), now 199"},
		{"too late", startHeight + epoch, func(m *types.MsgRevealValidationSlice) {}, types.ErrRevealOutOfWindow,
			"validation slice 0 of task 1 may be revealed only at heights [100, 200) (its epoch), now 200"},
		{"wrong salt", startHeight, func(m *types.MsgRevealValidationSlice) { m.Salt = s.sliceMsg(1, 1).Salt }, types.ErrInvalidReveal,
			"data_root, leaf_count and salt do not open validation commitment 0 of task 1"},
		{"wrong root", startHeight, func(m *types.MsgRevealValidationSlice) { m.DataRoot = s.sliceMsg(1, 1).DataRoot }, types.ErrInvalidReveal, "do not open"},
		{"wrong leaf count", startHeight, func(m *types.MsgRevealValidationSlice) { m.LeafCount++ }, types.ErrInvalidReveal, "do not open"},
		{"another slice's opening", startHeight + epoch, func(m *types.MsgRevealValidationSlice) { m.Index = 1 }, types.ErrInvalidReveal, "do not open validation commitment 1"},
		{"index out of range", startHeight, func(m *types.MsgRevealValidationSlice) { m.Index = 3 }, types.ErrInvalidReveal, "task 1 commits 3 validation slices (indexes 0..2), not 3"},
		{"twice", startHeight, func(m *types.MsgRevealValidationSlice) {
			_, err := s.msgServer.RevealValidationSlice(s.ctx, s.sliceMsg(1, 0))
			s.Require().NoError(err)
		}, types.ErrInvalidReveal, "validation slice 0 of task 1 was revealed at height 100"},
		{"not the creator", startHeight, func(m *types.MsgRevealValidationSlice) { m.Creator = s.bech32(bob) }, types.ErrUnauthorized,
			"only task 1's creator " + s.bech32(alice) + " reveals its datasets"},
		{"unknown task", startHeight, func(m *types.MsgRevealValidationSlice) { m.TaskId = 9 }, types.ErrTaskNotFound, "no task 9"},
		{"bad creator", startHeight, func(m *types.MsgRevealValidationSlice) { m.Creator = "x" }, types.ErrInvalidAddress, "creator"},
		{"short salt", startHeight, func(m *types.MsgRevealValidationSlice) { m.Salt = m.Salt[:4] }, types.ErrInvalidReveal, "salt must be 32 bytes"},
		{"non-canonical root", startHeight, func(m *types.MsgRevealValidationSlice) {
			m.DataRoot = []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")
		}, types.ErrInvalidReveal, "not a canonical BN254 scalar"},
		{"no leaves", startHeight, func(m *types.MsgRevealValidationSlice) { m.LeafCount = 0 }, types.ErrInvalidReveal, "leaf_count must be 1.."},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.createTask(s.taskMsg())
			s.setHeight(tc.height)
			msg := s.sliceMsg(1, 0)
			tc.malleate(msg)
			s.requireRejected(func() error { _, err := s.msgServer.RevealValidationSlice(s.ctx, msg); return err }, tc.err, tc.contains)
		})
	}
}

func (s *KeeperTestSuite) TestRevealTestSet() {
	id := s.createTask(s.taskMsg())
	s.postBounty(s.bountyMsg(id, minReward, 50)) // deadline 150
	s.setHeight(150)
	end := s.revealTestSet(id)
	s.Require().Equal(int64(150+scoringWin), end)
	o := s.testSetMsg(id)
	want := types.RevealedDataset{DataRoot: o.DataRoot, LeafCount: o.LeafCount, Uri: o.Uri, RevealedHeight: 150}
	s.Require().Equal(&want, s.task(id).TestSet)
	s.Require().Equal([]*types.EventTestSetRevealed{{TaskId: id, TestSet: want, ScoringEndsHeight: 150 + scoringWin}},
		typedEvents[*types.EventTestSetRevealed](s))
	s.requireConserved()

	// After the reveal no bounty can be posted.
	s.requireRejected(func() error { _, err := s.msgServer.PostBounty(s.ctx, s.bountyMsg(id, minReward, 50)); return err },
		types.ErrTestSetRevealed, "task 1 revealed its test set at height 150")
	s.requireRejected(func() error { _, err := s.msgServer.RevealTestSet(s.ctx, s.testSetMsg(id)); return err },
		types.ErrTestSetRevealed, "task 1 revealed its test set at height 150")
}

func (s *KeeperTestSuite) TestRevealTestSetAtTheEndOfItsWindow() {
	id := s.createTask(s.taskMsg())
	s.postBounty(s.bountyMsg(id, minReward, 50))
	s.setHeight(150 + revealWin - 1)
	s.revealTestSet(id)
}

func (s *KeeperTestSuite) TestRevealTestSetRejected() {
	for _, tc := range []struct {
		name     string
		height   int64
		malleate func(m *types.MsgRevealTestSet)
		err      error
		contains string
	}{
		{"before the deadline", 149, func(*types.MsgRevealTestSet) {}, types.ErrRevealOutOfWindow,
			"the test set of task 1 may be revealed only at heights [150, 170) (from its latest bounty deadline for test_reveal_window_blocks), now 149"},
		{"after the window", 170, func(*types.MsgRevealTestSet) {}, types.ErrRevealOutOfWindow, "[150, 170)"},
		{"before a later bounty's deadline", 150, func(*types.MsgRevealTestSet) {
			s.postBounty(s.bountyMsg(1, minReward, 60)) // posted at 100: deadline 160
		}, types.ErrRevealOutOfWindow, "[160, 180)"},
		{"wrong salt", 150, func(m *types.MsgRevealTestSet) { m.Salt = s.sliceMsg(1, 0).Salt }, types.ErrInvalidReveal,
			"data_root, leaf_count and salt do not open the test-set commitment of task 1"},
		{"a validation slice's opening", 150, func(m *types.MsgRevealTestSet) {
			v := s.sliceMsg(1, 0)
			m.DataRoot, m.LeafCount, m.Salt = v.DataRoot, v.LeafCount, v.Salt
		}, types.ErrInvalidReveal, "do not open the test-set commitment"},
		{"not the creator", 150, func(m *types.MsgRevealTestSet) { m.Creator = s.bech32(bob) }, types.ErrUnauthorized, "only task 1's creator"},
		{"unknown task", 150, func(m *types.MsgRevealTestSet) { m.TaskId = 4 }, types.ErrTaskNotFound, "no task 4"},
		{"no leaves", 150, func(m *types.MsgRevealTestSet) { m.LeafCount = 0 }, types.ErrInvalidReveal, "leaf_count"},
		{"long uri", 150, func(m *types.MsgRevealTestSet) { m.Uri = string(make([]byte, 257)) }, types.ErrInvalidReveal, "uri must be at most 256"},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.createTask(s.taskMsg())
			s.postBounty(s.bountyMsg(1, minReward, 50)) // deadline 150
			msg := s.testSetMsg(1)
			tc.malleate(msg)
			s.setHeight(tc.height)
			s.requireRejected(func() error { _, err := s.msgServer.RevealTestSet(s.ctx, msg); return err }, tc.err, tc.contains)
		})
	}
}

func (s *KeeperTestSuite) TestRevealTestSetWithoutBounty() {
	id := s.createTask(s.taskMsg())
	s.setHeight(500)
	s.requireRejected(func() error { _, err := s.msgServer.RevealTestSet(s.ctx, s.testSetMsg(id)); return err },
		types.ErrInvalidReveal, "task 1 has no bounty; its test set is revealed only after a bounty deadline")
}

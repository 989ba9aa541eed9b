package keeper_test

import (
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

// TestLatestValidationSlice: x/pog settles metrics on a task's latest
// opened slice; none before the first reveal, another task's never.
func (s *KeeperTestSuite) TestLatestValidationSlice() {
	t1 := s.createTask(s.taskMsg())
	t2 := s.createTask(s.taskMsg())
	_, ok, err := s.keeper.LatestValidationSlice(s.ctx, t1)
	s.Require().NoError(err)
	s.Require().False(ok)
	_, err = s.msgServer.RevealValidationSlice(s.ctx, s.sliceMsg(t1, 0))
	s.Require().NoError(err)
	s.setHeight(startHeight + epoch)
	_, err = s.msgServer.RevealValidationSlice(s.ctx, s.sliceMsg(t1, 1))
	s.Require().NoError(err)
	slice, ok, err := s.keeper.LatestValidationSlice(s.ctx, t1)
	s.Require().NoError(err)
	s.Require().True(ok)
	s.Require().Equal(types.ValidationSlice{TaskId: t1, Index: 1, Dataset: slice.Dataset}, slice)
	_, ok, err = s.keeper.LatestValidationSlice(s.ctx, t2)
	s.Require().NoError(err)
	s.Require().False(ok, "another task's slices are not its")
}

package keeper_test

import (
	"time"

	"github.com/litegpt/litegpt/x/stake/types"
)

func (s *ParticipantsTestSuite) TestMaturityPaysExactlyAtCompletionTime() {
	alice := testAddr(1)
	s.register(alice, types.RoleLearner, minLearner+300)
	res := s.unbond(alice, types.RoleLearner, 300)
	s.Require().Equal(genesisTime.Add(testUnbondingPeriod), res.CompletionTime)

	s.advance(testUnbondingPeriod - time.Nanosecond)
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx))
	s.Require().Len(s.queue(), 1, "one nanosecond early: nothing is paid")
	s.Require().Empty(s.ctx.EventManager().Events())
	s.Require().Equal(int64(startBalance-minLearner-300), s.balance(alice))

	s.advance(time.Nanosecond)
	entry := s.queue()[0]
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx))
	s.Require().Empty(s.queue(), "paid at the completion time")
	s.Require().Equal(int64(startBalance-minLearner), s.balance(alice))
	s.Require().Equal([]*types.EventUnbondingMatured{{Entry: entry}}, typedEvents[*types.EventUnbondingMatured](s))
	s.requireConserved()

	s.advance(time.Hour)
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx), "an empty queue is fine")
	s.Require().Empty(s.ctx.EventManager().Events())
}

// Entries are paid by completion time, then id, at most
// max_unbondings_per_block (3) per call.
func (s *ParticipantsTestSuite) TestMaturityIsOrderedAndBounded() {
	alice, bob := testAddr(1), testAddr(2)
	s.register(alice, types.RoleLearner, minLearner+10)
	s.register(bob, types.RoleDataNode, minDataNode+10)

	// ids 1 and 2 share a completion time and go by id; id 3 comes later.
	s.unbond(bob, types.RoleDataNode, 1)  // id 1, t0+1h
	s.unbond(alice, types.RoleLearner, 1) // id 2, t0+1h
	s.advance(time.Minute)
	s.unbond(alice, types.RoleLearner, 1) // id 3, t0+1h+1m
	s.setParams(func(p *types.Params) { p.UnbondingPeriod = time.Minute })
	s.unbond(bob, types.RoleDataNode, 1)  // id 4, t0+2m: later id, earlier time
	s.unbond(alice, types.RoleLearner, 1) // id 5, t0+2m
	s.Require().Equal([]uint64{4, 5, 1, 2, 3}, ids(s.queue()), "the queue is in completion order")

	s.advance(2 * time.Hour)
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx))
	var paid []uint64
	for _, e := range typedEvents[*types.EventUnbondingMatured](s) {
		paid = append(paid, e.Entry.Id)
	}
	s.Require().Equal([]uint64{4, 5, 1}, paid, "three per block, earliest completion first")
	s.Require().Equal([]uint64{2, 3}, ids(s.queue()))
	s.requireConserved()

	s.advance(time.Second)
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx))
	s.Require().Len(typedEvents[*types.EventUnbondingMatured](s), 2, "the rest in the next block")
	s.Require().Empty(s.queue())
	s.Require().Equal(int64(startBalance-minLearner-7), s.balance(alice))
	s.Require().Equal(int64(startBalance-minDataNode-8), s.balance(bob))
	s.requireConserved()
}

// An entry due later than the block time stops the walk even when the
// budget is not used up.
func (s *ParticipantsTestSuite) TestMaturityLeavesEntriesNotYetDue() {
	alice := testAddr(1)
	s.register(alice, types.RoleLearner, minLearner+2)
	s.unbond(alice, types.RoleLearner, 1)
	s.advance(30 * time.Minute)
	s.unbond(alice, types.RoleLearner, 1)
	s.advance(30 * time.Minute)
	s.Require().NoError(s.keeper.MatureUnbondings(s.ctx))
	s.Require().Equal([]uint64{2}, ids(s.queue()))
	s.requireConserved()
}

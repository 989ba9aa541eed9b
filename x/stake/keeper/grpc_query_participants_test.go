package keeper_test

import (
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/stake/keeper"
	"github.com/litegpt/litegpt/x/stake/types"
)

func (s *ParticipantsTestSuite) TestQueryParams() {
	res, err := s.querier.Params(s.ctx, &types.QueryParamsRequest{})
	s.Require().NoError(err)
	s.Require().Equal(testParams(), res.Params)
}

func (s *ParticipantsTestSuite) TestQueryParticipant() {
	alice := testAddr(1)
	s.register(alice, types.RoleVerifier, minVerifier)
	s.bond(alice, types.RoleInferenceNode, minInference)
	s.bond(alice, types.RoleDataNode, minDataNode+1)

	res, err := s.querier.Participant(s.ctx, &types.QueryParticipantRequest{Address: s.bech32(alice)})
	s.Require().NoError(err)
	p, err := s.keeper.Participants.Get(s.ctx, alice)
	s.Require().NoError(err)
	s.Require().Equal(p, res.Participant)
	s.Require().Equal([]types.RoleBond{
		{Role: types.RoleDataNode, Amount: math.NewInt(minDataNode + 1)},
		{Role: types.RoleVerifier, Amount: math.NewInt(minVerifier)},
		{Role: types.RoleInferenceNode, Amount: math.NewInt(minInference)},
	}, res.Bonds, "bonds in role order")

	_, err = s.querier.Participant(s.ctx, &types.QueryParticipantRequest{Address: s.bech32(testAddr(2))})
	s.Require().Equal(codes.NotFound, status.Code(err))
}

func (s *ParticipantsTestSuite) TestQueryParticipantsByRole() {
	// Odd accounts are learners, even ones verifiers; testAddr(3) also
	// bonds as a verifier and testAddr(5)'s learner bond is slashed.
	var learners []string
	for i := 1; i <= 9; i++ {
		s.fund(testAddr(i))
		if i%2 == 1 {
			s.register(testAddr(i), types.RoleLearner, minLearner)
			learners = append(learners, s.bech32(testAddr(i)))
		} else {
			s.register(testAddr(i), types.RoleVerifier, minVerifier)
		}
	}
	s.bond(testAddr(3), types.RoleVerifier, minVerifier)
	_, err := s.slasher.Slash(s.ctx, testAddr(5), types.RoleLearner, keeper.SlashAmount(math.NewInt(1)), "late")
	s.Require().NoError(err)

	var seen []string
	var next []byte
	for page := 0; ; page++ {
		s.Require().Less(page, 5)
		res, err := s.querier.ParticipantsByRole(s.ctx, &types.QueryParticipantsByRoleRequest{
			Role: types.RoleLearner, Pagination: &query.PageRequest{Limit: 2, Key: next, CountTotal: page == 0},
		})
		s.Require().NoError(err)
		if page == 0 {
			s.Require().Equal(uint64(len(learners)), res.Pagination.Total)
		}
		for _, m := range res.Members {
			s.Require().Equal(types.RoleLearner, m.Bond.Role)
			s.Require().Equal(m.Participant.Address == s.bech32(testAddr(5)), !m.MeetsMinimum, m.Participant.Address)
			s.Require().Equal(m.Bond.Amount.GTE(math.NewInt(minLearner)), m.MeetsMinimum)
			seen = append(seen, m.Participant.Address)
		}
		if next = res.Pagination.NextKey; next == nil {
			break
		}
	}
	s.Require().ElementsMatch(learners, seen)
	s.Require().Len(seen, len(learners), "each learner once")

	res, err := s.querier.ParticipantsByRole(s.ctx, &types.QueryParticipantsByRoleRequest{Role: types.RoleVerifier})
	s.Require().NoError(err)
	s.Require().Len(res.Members, 5, "four verifiers and testAddr(3)")
	res, err = s.querier.ParticipantsByRole(s.ctx, &types.QueryParticipantsByRoleRequest{Role: types.RoleRouter})
	s.Require().NoError(err)
	s.Require().Empty(res.Members)
}

func (s *ParticipantsTestSuite) TestQueryUnbondings() {
	alice, bob := testAddr(1), testAddr(2)
	s.register(alice, types.RoleLearner, minLearner+10)
	s.register(bob, types.RoleLearner, minLearner+10)
	for i := 0; i < 3; i++ {
		s.unbond(alice, types.RoleLearner, 1) // ids 1, 3, 5
		s.unbond(bob, types.RoleLearner, 1)   // ids 2, 4, 6
		s.advance(time.Second)
	}

	var all []uint64
	var next []byte
	for page := 0; ; page++ {
		s.Require().Less(page, 5)
		res, err := s.querier.Unbondings(s.ctx, &types.QueryUnbondingsRequest{Pagination: &query.PageRequest{Limit: 4, Key: next}})
		s.Require().NoError(err)
		all = append(all, ids(res.Entries)...)
		if next = res.Pagination.NextKey; next == nil {
			break
		}
	}
	s.Require().Equal([]uint64{1, 2, 3, 4, 5, 6}, all, "the whole queue in completion order")

	res, err := s.querier.Unbondings(s.ctx, &types.QueryUnbondingsRequest{Address: s.bech32(bob)})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{2, 4, 6}, ids(res.Entries), "one owner's entries in completion order")
	res, err = s.querier.Unbondings(s.ctx, &types.QueryUnbondingsRequest{Address: s.bech32(bob), Pagination: &query.PageRequest{Offset: 1, Limit: 1}})
	s.Require().NoError(err)
	s.Require().Equal([]uint64{4}, ids(res.Entries))
	res, err = s.querier.Unbondings(s.ctx, &types.QueryUnbondingsRequest{Address: s.bech32(testAddr(3))})
	s.Require().NoError(err)
	s.Require().Empty(res.Entries)
}

func (s *ParticipantsTestSuite) TestQueryInvalidArguments() {
	for name, call := range map[string]func() error{
		"nil params request":          func() error { _, err := s.querier.Params(s.ctx, nil); return err },
		"nil participant request":     func() error { _, err := s.querier.Participant(s.ctx, nil); return err },
		"participant without address": func() error { _, err := s.querier.Participant(s.ctx, &types.QueryParticipantRequest{}); return err },
		"participant with a bad address": func() error {
			_, err := s.querier.Participant(s.ctx, &types.QueryParticipantRequest{Address: "lgpt1bad"})
			return err
		},
		"nil by-role request": func() error { _, err := s.querier.ParticipantsByRole(s.ctx, nil); return err },
		"unspecified role": func() error {
			_, err := s.querier.ParticipantsByRole(s.ctx, &types.QueryParticipantsByRoleRequest{})
			return err
		},
		"unknown role": func() error {
			_, err := s.querier.ParticipantsByRole(s.ctx, &types.QueryParticipantsByRoleRequest{Role: 12})
			return err
		},
		"nil unbondings request": func() error { _, err := s.querier.Unbondings(s.ctx, nil); return err },
		"unbondings of a bad address": func() error {
			_, err := s.querier.Unbondings(s.ctx, &types.QueryUnbondingsRequest{Address: "cosmos1zz"})
			return err
		},
		"key and offset together": func() error {
			_, err := s.querier.Unbondings(s.ctx, &types.QueryUnbondingsRequest{Pagination: &query.PageRequest{Key: []byte{1}, Offset: 1}})
			return err
		},
	} {
		s.Require().Equal(codes.InvalidArgument, status.Code(call()), name)
	}
}

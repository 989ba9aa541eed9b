package keeper_test

import (
	bmtestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func trainShape() types.CircuitShape {
	return bmtestutil.Shape(types.FamilyLogisticRegression, types.PurposeTrainStep)
}

func (s *KeeperTestSuite) TestApproveCircuit() {
	msg := bmtestutil.ApproveCircuitMsg(s.authority, "logreg-train", trainShape())
	_, err := s.msgServer.ApproveCircuit(s.ctx, msg)
	s.Require().NoError(err)
	want := types.NewCircuit(msg, startHeight)
	got, err := s.keeper.ApprovedCircuit(s.ctx, "logreg-train")
	s.Require().NoError(err)
	s.Require().Equal(want, got)
	s.Require().Equal([]*types.EventCircuitApproved{{
		Id: "logreg-train", Shape: msg.Shape, Ceremony: types.CeremonyMultiParty, TranscriptHash: msg.TranscriptHash,
		VerifyingKeyBytes: uint32(len(msg.VerifyingKey)),
	}}, typedEvents[*types.EventCircuitApproved](s))
	_, err = types.DecodeVerifyingKey(got.VerifyingKey)
	s.Require().NoError(err, "the stored key decodes for x/pog")
}

func (s *KeeperTestSuite) TestApproveSinglePartyCircuitOnLocalChain() {
	s.ctx = s.ctx.WithChainID(localChainID)
	msg := bmtestutil.ApproveCircuitMsg(s.authority, "dev-key", trainShape())
	msg.Ceremony = types.CeremonySingleParty
	_, err := s.msgServer.ApproveCircuit(s.ctx, msg)
	s.Require().NoError(err)
	c, err := s.keeper.ApprovedCircuit(s.ctx, "dev-key")
	s.Require().NoError(err)
	s.Require().Equal(types.CeremonySingleParty, c.Ceremony)
}

func (s *KeeperTestSuite) TestApproveCircuitRejected() {
	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgApproveCircuit)
		err      error
		contains string
	}{
		{"not governance", func(m *types.MsgApproveCircuit) { m.Authority = s.bech32(alice) }, types.ErrUnauthorized,
			"only governance may approve circuits: invalid authority: expected " + s.authority},
		{"id reused", func(m *types.MsgApproveCircuit) { s.approve(m.Id, trainShape()) }, types.ErrCircuitExists,
			`circuit "logreg-train" was approved at height 100 (revoked: false); ids are never reused`},
		{"id of a revoked circuit", func(m *types.MsgApproveCircuit) {
			s.approve(m.Id, trainShape())
			_, err := s.msgServer.RevokeCircuit(s.ctx, &types.MsgRevokeCircuit{Authority: s.authority, Id: m.Id, Reason: "leaked"})
			s.Require().NoError(err)
		}, types.ErrCircuitExists, "(revoked: true)"},
		{"bad id", func(m *types.MsgApproveCircuit) { m.Id = "LogReg" }, types.ErrInvalidCircuit, "circuit id"},
		{"bad shape", func(m *types.MsgApproveCircuit) { m.Shape.Steps = 0 }, types.ErrInvalidCircuit, "covers 1..64 steps"},
		{"single party on a real chain", func(m *types.MsgApproveCircuit) { m.Ceremony = types.CeremonySingleParty }, types.ErrSinglePartyKey,
			`chain "litegpt-1" accepts only keys from a multi-party ceremony`},
		{"key larger than the param", func(m *types.MsgApproveCircuit) {
			p := testParams()
			p.MaxVerifyingKeyBytes = uint32(len(m.VerifyingKey) - 1)
			_, err := s.msgServer.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: p})
			s.Require().NoError(err)
		}, types.ErrInvalidCircuit, "more than max_verifying_key_bytes"},
		{"key not decodable", func(m *types.MsgApproveCircuit) { m.VerifyingKey = make([]byte, 364) }, types.ErrInvalidCircuit, "verifying key"},
		{"key with trailing bytes", func(m *types.MsgApproveCircuit) { m.VerifyingKey = append(m.VerifyingKey, 0) }, types.ErrInvalidCircuit, "trailing bytes"},
		{"no key", func(m *types.MsgApproveCircuit) { m.VerifyingKey = nil }, types.ErrInvalidCircuit, "verifying_key is empty"},
		{"no transcript hash", func(m *types.MsgApproveCircuit) { m.TranscriptHash = nil }, types.ErrInvalidCircuit, "transcript_hash must be 32 bytes"},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			msg := bmtestutil.ApproveCircuitMsg(s.authority, "logreg-train", trainShape())
			tc.malleate(msg)
			s.requireRejected(func() error { _, err := s.msgServer.ApproveCircuit(s.ctx, msg); return err }, tc.err, tc.contains)
		})
	}
}

func (s *KeeperTestSuite) TestRevokeCircuit() {
	s.approve("logreg-train", trainShape())
	s.setHeight(120)
	_, err := s.msgServer.RevokeCircuit(s.ctx, &types.MsgRevokeCircuit{Authority: s.authority, Id: "logreg-train", Reason: "setup transcript did not verify"})
	s.Require().NoError(err)
	s.Require().Equal([]*types.EventCircuitRevoked{{Id: "logreg-train", Reason: "setup transcript did not verify"}}, typedEvents[*types.EventCircuitRevoked](s))
	c, err := s.keeper.GetCircuit(s.ctx, "logreg-train")
	s.Require().NoError(err)
	s.Require().True(c.Revoked)
	s.Require().Equal(int64(120), c.RevokedHeight)
	_, err = s.keeper.ApprovedCircuit(s.ctx, "logreg-train")
	s.Require().ErrorIs(err, types.ErrCircuitNotApproved)
	s.Require().ErrorContains(err, `circuit "logreg-train" was revoked at height 120`)
	_, err = s.keeper.ApprovedCircuit(s.ctx, "nope-nope")
	s.Require().ErrorIs(err, types.ErrCircuitNotFound)
}

func (s *KeeperTestSuite) TestRevokeCircuitRejected() {
	for _, tc := range []struct {
		name     string
		msg      func() *types.MsgRevokeCircuit
		err      error
		contains string
	}{
		{"not governance", func() *types.MsgRevokeCircuit {
			return &types.MsgRevokeCircuit{Authority: s.bech32(alice), Id: "logreg-train", Reason: "r"}
		}, types.ErrUnauthorized, "only governance may revoke circuits"},
		{"unknown", func() *types.MsgRevokeCircuit {
			return &types.MsgRevokeCircuit{Authority: s.authority, Id: "unknown-1", Reason: "r"}
		}, types.ErrCircuitNotFound, `no circuit "unknown-1"`},
		{"twice", func() *types.MsgRevokeCircuit {
			_, err := s.msgServer.RevokeCircuit(s.ctx, &types.MsgRevokeCircuit{Authority: s.authority, Id: "logreg-train", Reason: "r"})
			s.Require().NoError(err)
			return &types.MsgRevokeCircuit{Authority: s.authority, Id: "logreg-train", Reason: "again"}
		}, types.ErrCircuitNotApproved, "was revoked at height 100"},
		{"no reason", func() *types.MsgRevokeCircuit {
			return &types.MsgRevokeCircuit{Authority: s.authority, Id: "logreg-train"}
		}, types.ErrInvalidCircuit, "reason must be 1..256 bytes"},
	} {
		s.Run(tc.name, func() {
			s.SetupTest()
			s.approve("logreg-train", trainShape())
			msg := tc.msg()
			s.requireRejected(func() error { _, err := s.msgServer.RevokeCircuit(s.ctx, msg); return err }, tc.err, tc.contains)
		})
	}
}

func (s *KeeperTestSuite) TestUpdateParams() {
	p := testParams()
	p.ScoringWindowBlocks = 77
	_, err := s.msgServer.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: p})
	s.Require().NoError(err)
	got, err := s.keeper.Params.Get(s.ctx)
	s.Require().NoError(err)
	s.Require().Equal(p, got)
	s.Require().Equal([]*types.EventParamsUpdated{{Authority: s.authority, Params: p}}, typedEvents[*types.EventParamsUpdated](s))

	bad := p
	bad.MaxBountyResolutionsPerBlock = 0
	s.requireRejected(func() error {
		_, err := s.msgServer.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.authority, Params: bad})
		return err
	}, types.ErrInvalidParams, "max_bounty_resolutions_per_block must be at least 1")
	s.requireRejected(func() error {
		_, err := s.msgServer.UpdateParams(s.ctx, &types.MsgUpdateParams{Authority: s.bech32(alice), Params: p})
		return err
	}, types.ErrUnauthorized, "only governance may change the buildermarket parameters")
}

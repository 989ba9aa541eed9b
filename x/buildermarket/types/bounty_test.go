package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func TestValidatePostBounty(t *testing.T) {
	p := types.DefaultParams()
	good := &types.MsgPostBounty{Poster: testCreator, TaskId: 1, Reward: p.MinBountyReward, DeadlineHeight: 5000, HasThreshold: true, Threshold: 900_000}
	require.NoError(t, types.ValidatePostBounty(good, p))
	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgPostBounty)
		err      error
		contains string
	}{
		{"no task", func(m *types.MsgPostBounty) { m.TaskId = 0 }, types.ErrInvalidBounty, "task_id must be at least 1"},
		{"wrong denom", func(m *types.MsgPostBounty) { m.Reward = sdk.NewInt64Coin("uatom", 1e9) }, types.ErrInvalidAmount, `reward must be in ulgpt, got denom "uatom"`},
		{"below minimum", func(m *types.MsgPostBounty) { m.Reward.Amount = p.MinBountyReward.Amount.SubRaw(1) }, types.ErrInvalidAmount, "reward must be at least 100000000ulgpt (min_bounty_reward)"},
		{"zero", func(m *types.MsgPostBounty) { m.Reward.Amount = math.ZeroInt() }, types.ErrInvalidAmount, "reward must be positive"},
		{"negative", func(m *types.MsgPostBounty) { m.Reward.Amount = math.NewInt(-1) }, types.ErrInvalidAmount, "reward must be positive"},
		{"nil amount", func(m *types.MsgPostBounty) { m.Reward.Amount = math.Int{} }, types.ErrInvalidAmount, "reward has no amount"},
		{"no deadline", func(m *types.MsgPostBounty) { m.DeadlineHeight = 0 }, types.ErrInvalidBounty, "deadline_height must be a positive height"},
		{"threshold without flag", func(m *types.MsgPostBounty) { m.HasThreshold = false }, types.ErrInvalidBounty, "threshold 900000 given without has_threshold"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := *good
			tc.malleate(&msg)
			err := types.ValidatePostBounty(&msg, p)
			require.ErrorIs(t, err, tc.err)
			require.ErrorContains(t, err, tc.contains)
		})
	}
}

func TestBountyValidate(t *testing.T) {
	open := types.Bounty{Id: 1, TaskId: 1, Poster: genesisAddr(1), Reward: types.DefaultParams().MinBountyReward, DeadlineHeight: 100, CreatedHeight: 10, Status: types.BountyOpen}
	require.NoError(t, open.Validate())
	paid := open
	paid.Status, paid.ResolvedHeight, paid.WinnerModelId, paid.WinningMetric = types.BountyPaid, 150, 2, 800_000
	require.NoError(t, paid.Validate())
	refunded := open
	refunded.Status, refunded.ResolvedHeight = types.BountyRefunded, 150
	require.NoError(t, refunded.Validate())
	for name, b := range map[string]types.Bounty{
		"zero id":               func() types.Bounty { b := open; b.Id = 0; return b }(),
		"bad poster":            func() types.Bounty { b := open; b.Poster = "x"; return b }(),
		"deadline at creation":  func() types.Bounty { b := open; b.DeadlineHeight = 10; return b }(),
		"threshold without":     func() types.Bounty { b := open; b.Threshold = 4; return b }(),
		"open with winner":      func() types.Bounty { b := open; b.WinnerModelId = 3; return b }(),
		"paid without winner":   func() types.Bounty { b := paid; b.WinnerModelId = 0; return b }(),
		"paid before deadline":  func() types.Bounty { b := paid; b.ResolvedHeight = 99; return b }(),
		"refunded with winner":  func() types.Bounty { b := refunded; b.WinnerModelId = 1; return b }(),
		"no status":             func() types.Bounty { b := open; b.Status = types.BountyUnspecified; return b }(),
		"reward in other denom": func() types.Bounty { b := open; b.Reward = sdk.NewInt64Coin("uatom", 5); return b }(),
	} {
		require.Error(t, b.Validate(), name)
	}
}

package types_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/buildermarket/testutil"
	"github.com/litegpt/litegpt/x/buildermarket/types"
)

func TestValidateRegisterModel(t *testing.T) {
	p := types.DefaultParams()
	require.NoError(t, types.ValidateRegisterModel(testutil.RegisterModelMsg(testCreator, 1), p))
	for _, tc := range []struct {
		name     string
		malleate func(m *types.MsgRegisterModel)
		contains string
	}{
		{"no task", func(m *types.MsgRegisterModel) { m.TaskId = 0 }, "task_id must be at least 1"},
		{"empty name", func(m *types.MsgRegisterModel) { m.Name = "" }, "name must be 1..64 bytes, got 0"},
		{"long name", func(m *types.MsgRegisterModel) { m.Name = strings.Repeat("n", 65) }, "name must be 1..64"},
		{"long uri", func(m *types.MsgRegisterModel) { m.WeightsUri = strings.Repeat("u", 257) }, "weights_uri must be at most 256"},
		{"short weights", func(m *types.MsgRegisterModel) { m.InitialWeights = m.InitialWeights[:31] }, "initial_weights: a digest is 32 bytes, got 31"},
		{"weights above modulus", func(m *types.MsgRegisterModel) { m.InitialWeights = []byte(strings.Repeat("\xff", 32)) }, "not a canonical BN254 scalar"},
		{"bad format", func(m *types.MsgRegisterModel) { m.Format = types.FixedPointFormat{Bits: 40} }, "format: fixed-point format: bits must be 2..32, got 40"},
		{"no family", func(m *types.MsgRegisterModel) { m.Architecture.Family = types.FamilyUnspecified }, "architecture.family must be"},
		{"bad circuit id", func(m *types.MsgRegisterModel) { m.EvalCircuitId = "Bad Id" }, "eval_circuit_id: "},
		{"royalty above max", func(m *types.MsgRegisterModel) { m.RoyaltyBps = p.MaxRoyaltyBps + 1 }, "royalty_bps must be at most 5000 (max_royalty_bps), got 5001"},
		{"royalty above 100 %", func(m *types.MsgRegisterModel) { m.RoyaltyBps = 10_001 }, "royalty_bps must be at most 10000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := testutil.RegisterModelMsg(testCreator, 1)
			tc.malleate(msg)
			err := types.ValidateRegisterModel(msg, p)
			require.ErrorIs(t, err, types.ErrInvalidModel)
			require.ErrorContains(t, err, tc.contains)
		})
	}
	require.ErrorIs(t, types.ValidateRegisterModel(nil, p), types.ErrInvalidModel)
}

func TestModelValidate(t *testing.T) {
	m := types.NewModel(testutil.RegisterModelMsg(genesisAddr(1), 1), 1, genesisAddr(1), types.DefaultParams().ModelDeposit, 3)
	require.NoError(t, m.Validate())
	for name, mutate := range map[string]func(*types.Model){
		"zero id":                   func(m *types.Model) { m.Id = 0 },
		"bad builder":               func(m *types.Model) { m.Builder = "x" },
		"zero deposit":              func(m *types.Model) { m.Deposit.Amount = m.Deposit.Amount.SubRaw(m.Deposit.Amount.Int64()) },
		"wrong deposit denom":       func(m *types.Model) { m.Deposit.Denom = "uatom" },
		"no status":                 func(m *types.Model) { m.Status = types.ModelUnspecified },
		"active with deprecation":   func(m *types.Model) { m.DeprecatedHeight = 5 },
		"deprecated without height": func(m *types.Model) { m.Status = types.ModelDeprecated },
		"deprecated before registration": func(m *types.Model) {
			m.Status, m.DeprecatedHeight = types.ModelDeprecated, 2
		},
		"negative registration": func(m *types.Model) { m.RegisteredHeight = -1 },
	} {
		bad := m
		mutate(&bad)
		require.Error(t, bad.Validate(), name)
	}
	m.Status, m.DeprecatedHeight = types.ModelDeprecated, 3
	require.NoError(t, m.Validate())
}

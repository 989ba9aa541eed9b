package keeper

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/litegpt/litegpt/x/stake/types"
)

func TestQueries(t *testing.T) {
	h := newStakeHarness(t)
	var learners []string
	for i := byte(10); i < 17; i++ {
		addr := sdk.AccAddress(bytes.Repeat([]byte{i}, 20))
		h.bank.balances[string(addr)] = lgpt(100_000)
		m := h.registerMsg(addr)
		if i%2 == 0 {
			m.Role = types.RoleVerifier
		} else {
			learners = append(learners, addr.String())
		}
		_, err := h.ms.RegisterParticipant(h.ctx, m)
		require.NoError(t, err)
	}

	// ParticipantsByRole pages through exactly the learners.
	var seen []string
	var next []byte
	for page := 0; ; page++ {
		res, err := h.q.ParticipantsByRole(h.ctx, &types.QueryParticipantsByRoleRequest{Role: types.RoleLearner, Pagination: &query.PageRequest{Limit: 2, Key: next}})
		require.NoError(t, err)
		for _, m := range res.Members {
			require.Equal(t, types.RoleLearner, m.Bond.Role)
			require.True(t, m.MeetsMinimum)
			seen = append(seen, m.Participant.Address)
		}
		if next = res.Pagination.NextKey; next == nil {
			break
		}
		require.Less(t, page, 10)
	}
	require.ElementsMatch(t, learners, seen)
	require.Len(t, seen, len(learners), "each exactly once")

	one := sdk.AccAddress(bytes.Repeat([]byte{11}, 20))
	p, err := h.q.Participant(h.ctx, &types.QueryParticipantRequest{Address: one.String()})
	require.NoError(t, err)
	require.Equal(t, []types.RoleBond{{Role: types.RoleLearner, Amount: lgpt(10_000)}}, p.Bonds)

	_, err = h.q.Participant(h.ctx, &types.QueryParticipantRequest{Address: h.bob.String()})
	require.Equal(t, codes.NotFound, status.Code(err))
	for name, err := range map[string]error{
		"bad address": func() error {
			_, err := h.q.Participant(h.ctx, &types.QueryParticipantRequest{Address: "lgpt1bad"})
			return err
		}(),
		"nil participant": func() error { _, err := h.q.Participant(h.ctx, nil); return err }(),
		"bad role": func() error {
			_, err := h.q.ParticipantsByRole(h.ctx, &types.QueryParticipantsByRoleRequest{Role: 0})
			return err
		}(),
		"nil unbondings": func() error { _, err := h.q.Unbondings(h.ctx, nil); return err }(),
		"nil power":      func() error { _, err := h.q.PowerTable(h.ctx, nil); return err }(),
		"nil params":     func() error { _, err := h.q.Params(h.ctx, nil); return err }(),
	} {
		require.Equal(t, codes.InvalidArgument, status.Code(err), name)
	}

	// Unbondings by owner and in completion order.
	_, err = h.ms.BondRole(h.ctx, &types.MsgBondRole{Owner: one.String(), Role: types.RoleLearner, Amount: coin(2)})
	require.NoError(t, err)
	for i := 0; i < 2; i++ {
		_, err := h.ms.UnbondRole(h.ctx, &types.MsgUnbondRole{Owner: one.String(), Role: types.RoleLearner, Amount: coin(1)})
		require.NoError(t, err)
		h.ctx = h.ctx.WithBlockTime(h.ctx.BlockTime().Add(1))
	}
	res, err := h.q.Unbondings(h.ctx, &types.QueryUnbondingsRequest{Address: one.String()})
	require.NoError(t, err)
	require.Len(t, res.Entries, 2)
	require.True(t, res.Entries[0].CompletionTime.Before(res.Entries[1].CompletionTime))
	res, err = h.q.Unbondings(h.ctx, &types.QueryUnbondingsRequest{Address: h.bob.String()})
	require.NoError(t, err)
	require.Empty(t, res.Entries)
}

func TestParticipantsGenesis(t *testing.T) {
	h := registered(t)
	_, err := h.ms.BondRole(h.ctx, &types.MsgBondRole{Owner: h.alice.String(), Role: types.RoleVerifier, Amount: coin(10_000)})
	require.NoError(t, err)
	_, err = h.ms.LeaveRole(h.ctx, &types.MsgLeaveRole{Owner: h.alice.String(), Role: types.RoleVerifier})
	require.NoError(t, err)
	exported, err := h.k.ExportGenesis(h.ctx)
	require.NoError(t, err)
	require.NoError(t, exported.Validate())
	require.Len(t, exported.Unbondings, 1)
	require.Equal(t, uint64(2), exported.NextUnbondingId)

	// Import into a fresh keeper whose module account holds the escrow.
	h2 := newStakeHarness(t)
	h2.k.Params.Remove(h2.ctx) //nolint:errcheck // re-imported below
	escrow := lgpt(20_000)
	h2.bank.balances[string(moduleAddr())] = escrow
	_, err = h2.k.InitGenesis(h2.ctx, *exported)
	require.NoError(t, err)
	again, err := h2.k.ExportGenesis(h2.ctx)
	require.NoError(t, err)
	require.Equal(t, exported.String(), again.String(), "export(import(g)) == g")

	// A module balance that does not match fails the import.
	h3 := newStakeHarness(t)
	h3.bank.balances[string(moduleAddr())] = escrow.SubRaw(1)
	_, err = h3.k.InitGenesis(h3.ctx, *exported)
	require.ErrorContains(t, err, "bonds and unbondings sum to")
}

func TestGenesisValidation(t *testing.T) {
	h := registered(t)
	good, err := h.k.ExportGenesis(h.ctx)
	require.NoError(t, err)
	require.NoError(t, good.Validate())
	require.NoError(t, types.DefaultGenesis().Validate())
	for name, mutate := range map[string]func(g *types.GenesisState){
		"duplicate participant": func(g *types.GenesisState) { g.Participants = append(g.Participants, g.Participants[0]) },
		"bad address":           func(g *types.GenesisState) { g.Participants[0].Participant.Address = "lgpt1x" },
		"bad endpoint":          func(g *types.GenesisState) { g.Participants[0].Participant.Endpoint = "x" },
		"bad key":               func(g *types.GenesisState) { g.Participants[0].Participant.HpkePublicKey = nil },
		"bad profile":           func(g *types.GenesisState) { g.Participants[0].Participant.Profile.MemoryBytes = 0 },
		"tier mismatch":         func(g *types.GenesisState) { g.Participants[0].Participant.Tier = types.TierA },
		"duplicate role": func(g *types.GenesisState) {
			g.Participants[0].Bonds = append(g.Participants[0].Bonds, g.Participants[0].Bonds[0])
		},
		"zero bond": func(g *types.GenesisState) { g.Participants[0].Bonds[0].Amount = lgpt(0) },
		"unbonding id zero": func(g *types.GenesisState) {
			g.Unbondings = []types.UnbondingEntry{{Id: 0, Address: h.alice.String(), Role: types.RoleLearner, Amount: lgpt(1)}}
		},
		"unbonding id too high": func(g *types.GenesisState) {
			g.Unbondings = []types.UnbondingEntry{{Id: g.NextUnbondingId, Address: h.alice.String(), Role: types.RoleLearner, Amount: lgpt(1)}}
		},
		"next id zero":     func(g *types.GenesisState) { g.NextUnbondingId = 0 },
		"invalid params":   func(g *types.GenesisState) { g.Params.PowerEpochBlocks = 0 },
		"bad weight":       func(g *types.GenesisState) { g.Weights = []types.GenesisValidatorWeight{{OperatorAddress: "x"}} },
		"bad power record": func(g *types.GenesisState) { g.PowerRecords = []types.GenesisPowerRecord{{ConsAddress: "x"}} },
	} {
		g := *good
		g.Participants = append([]types.GenesisParticipant(nil), good.Participants...)
		g.Participants[0].Bonds = append([]types.RoleBond(nil), good.Participants[0].Bonds...)
		mutate(&g)
		err := g.Validate()
		require.True(t, errors.Is(err, types.ErrInvalidParams) || errors.Is(err, types.ErrInvalidGenesis), "%s: %v", name, err)
	}
}

func moduleAddr() sdk.AccAddress { return powerAccounts{}.GetModuleAddress(types.ModuleName) }

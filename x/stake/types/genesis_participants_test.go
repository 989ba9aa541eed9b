package types_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

func genesisAddr(i byte) string { return sdk.AccAddress(bytes.Repeat([]byte{i}, 20)).String() }

// participantsGenesis is a valid genesis: two participants, one with two
// bonds (one below its minimum after a slash) and one with none, and two
// unbonding entries.
func participantsGenesis() types.GenesisState {
	participant := func(i byte, tier types.Tier, mtflops uint64) types.Participant {
		return types.Participant{
			Address: genesisAddr(i), Endpoint: "/ip4/203.0.113.7/tcp/4001/p2p/" + examplePeerID,
			HpkePublicKey: bytes.Repeat([]byte{7}, 32), Tier: tier, RegisteredHeight: int64(i),
			Profile: types.DeviceProfile{MemoryBytes: 1 << 30, MilliTflops: mtflops, BandwidthBps: 1e9},
		}
	}
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	return types.GenesisState{
		Params: types.DefaultParams(),
		Participants: []types.GenesisParticipant{
			{Participant: participant(1, types.TierA, 30_000), Bonds: []types.RoleBond{
				{Role: types.RoleDataNode, Amount: math.NewInt(1)},
				{Role: types.RoleLearner, Amount: math.NewInt(10_000_000_000)},
			}},
			{Participant: participant(2, types.TierC, 1)},
		},
		Unbondings: []types.UnbondingEntry{
			{Id: 3, Address: genesisAddr(1), Role: types.RoleLearner, Amount: math.NewInt(5), CompletionTime: at},
			{Id: 7, Address: genesisAddr(2), Role: types.RoleRouter, Amount: math.NewInt(9), CompletionTime: at},
		},
		NextUnbondingId: 8,
	}
}

func TestValidateParticipantsGenesis(t *testing.T) {
	require.NoError(t, types.ValidateParticipantsGenesis(participantsGenesis()))
	require.NoError(t, types.ValidateParticipantsGenesis(*types.DefaultGenesis()))

	for _, tc := range []struct {
		name     string
		malleate func(gs *types.GenesisState)
		want     string
	}{
		{"next id zero", func(gs *types.GenesisState) { gs.NextUnbondingId = 0 }, "next_unbonding_id must be at least 1"},
		{"duplicate participant", func(gs *types.GenesisState) {
			gs.Participants = append(gs.Participants, gs.Participants[0])
		}, "participants[2]: " + genesisAddr(1) + " appears more than once"},
		{"bad address", func(gs *types.GenesisState) { gs.Participants[0].Participant.Address = "cosmos1x" }, "participants[0]: address"},
		{"bad endpoint", func(gs *types.GenesisState) { gs.Participants[1].Participant.Endpoint = "/ip4/1.2.3.4" }, "participants[1]"},
		{"bad key", func(gs *types.GenesisState) { gs.Participants[0].Participant.HpkePublicKey = make([]byte, 32) }, "small-order"},
		{"bad profile", func(gs *types.GenesisState) { gs.Participants[0].Participant.Profile.BandwidthBps = 0 }, "bandwidth_bps"},
		{"unspecified tier", func(gs *types.GenesisState) { gs.Participants[0].Participant.Tier = types.TierUnspecified }, "tier must be"},
		{"unknown tier", func(gs *types.GenesisState) { gs.Participants[0].Participant.Tier = 9 }, "tier must be"},
		{"negative height", func(gs *types.GenesisState) { gs.Participants[0].Participant.RegisteredHeight = -1 }, "registered_height"},
		{"bond of an invalid role", func(gs *types.GenesisState) { gs.Participants[0].Bonds[0].Role = 0 }, "participants[0].bonds[0]"},
		{"role bonded twice", func(gs *types.GenesisState) {
			gs.Participants[0].Bonds = append(gs.Participants[0].Bonds, gs.Participants[0].Bonds[0])
		}, "role ROLE_DATA_NODE bonded twice"},
		{"zero bond", func(gs *types.GenesisState) { gs.Participants[0].Bonds[1].Amount = math.ZeroInt() }, "must be positive"},
		{"nil bond", func(gs *types.GenesisState) { gs.Participants[0].Bonds[1].Amount = math.Int{} }, "must be positive"},
		{"unbonding of a bad address", func(gs *types.GenesisState) { gs.Unbondings[0].Address = "x" }, "unbondings[0]: address"},
		{"unbonding of a non-participant", func(gs *types.GenesisState) { gs.Unbondings[1].Address = genesisAddr(3) }, "is not among the participants"},
		{"unbonding id zero", func(gs *types.GenesisState) { gs.Unbondings[0].Id = 0 }, "must be in 1..7"},
		{"unbonding id at next id", func(gs *types.GenesisState) { gs.Unbondings[1].Id = 8 }, "must be in 1..7"},
		{"unbonding id twice", func(gs *types.GenesisState) { gs.Unbondings[1].Id = 3 }, "id 3 is used twice"},
		{"unbonding of an invalid role", func(gs *types.GenesisState) { gs.Unbondings[0].Role = 99 }, "unbondings[0]"},
		{"zero unbonding", func(gs *types.GenesisState) { gs.Unbondings[1].Amount = math.ZeroInt() }, "unbondings[1]: amount must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gs := participantsGenesis()
			tc.malleate(&gs)
			err := types.ValidateParticipantsGenesis(gs)
			require.ErrorIs(t, err, types.ErrInvalidGenesis)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

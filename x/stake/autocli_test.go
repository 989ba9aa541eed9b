package stake_test

import (
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/litegpt/litegpt/testutil/autoclitest"
	"github.com/litegpt/litegpt/x/stake"
	"github.com/litegpt/litegpt/x/stake/types"
)

// Every CLI example in AutoCLIOptions must run or parse, with valid
// addresses, endpoints, keys, roles and profiles.
func TestAutoCLIExamples(t *testing.T) {
	res := autoclitest.Run(t, "stake", stake.AppModule{}.AutoCLIOptions(), map[string]gogoproto.Message{
		"Params":             &types.QueryParamsResponse{Params: types.DefaultParams()},
		"Participant":        &types.QueryParticipantResponse{},
		"ParticipantsByRole": &types.QueryParticipantsByRoleResponse{},
		"PowerTable":         &types.QueryPowerTableResponse{},
		"Unbondings":         &types.QueryUnbondingsResponse{},
	})
	checked := map[string]bool{}
	for _, q := range res.Queries {
		switch q.Method {
		case "Participant":
			var req types.QueryParticipantRequest
			require.NoError(t, gogoproto.Unmarshal(q.Request, &req))
			mustAddress(t, req.Address)
		case "ParticipantsByRole":
			var req types.QueryParticipantsByRoleRequest
			require.NoError(t, gogoproto.Unmarshal(q.Request, &req))
			require.Equal(t, types.RoleLearner, req.Role)
		case "Unbondings":
			var req types.QueryUnbondingsRequest
			require.NoError(t, gogoproto.Unmarshal(q.Request, &req))
			if req.Address != "" {
				mustAddress(t, req.Address)
			}
		}
		checked[q.Method] = true
	}
	for _, tx := range res.Txs {
		flags, pos := tx.Command.Flags(), tx.Command.Flags().Args()
		switch tx.Method {
		case "RegisterParticipant":
			require.NoError(t, types.ValidateEndpoint(pos[0]))
			require.True(t, flags.Changed("profile"))
		case "UpdateParticipant":
			endpoint, err := flags.GetString("endpoint")
			require.NoError(t, err)
			require.NoError(t, types.ValidateEndpoint(endpoint))
		case "UpdateParams":
			for _, f := range []string{"deposit", "title", "summary"} {
				require.True(t, flags.Changed(f), "tx example %v does not set --%s", tx.Args, f)
			}
		}
		checked[tx.Method] = true
	}
	for _, m := range []string{"Params", "Participant", "ParticipantsByRole", "PowerTable", "Unbondings",
		"RegisterParticipant", "BondRole", "UnbondRole", "LeaveRole", "UpdateParticipant", "UpdateParams"} {
		require.True(t, checked[m], "no example for %s", m)
	}
}

func mustAddress(t *testing.T, addr string) {
	t.Helper()
	_, err := addresscodec.NewBech32Codec("lgpt").StringToBytes(addr)
	require.NoError(t, err, "example address %q", addr)
}

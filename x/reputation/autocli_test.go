package reputation_test

import (
	"strings"
	"testing"

	"github.com/cosmos/gogoproto/jsonpb"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/litegpt/litegpt/testutil/autoclitest"
	"github.com/litegpt/litegpt/x/reputation"
	"github.com/litegpt/litegpt/x/reputation/types"
)

// Every CLI example in AutoCLIOptions must run: its flags exist, its
// addresses are valid lgpt addresses, and it sends the request it shows.
func TestAutoCLIExamples(t *testing.T) {
	res := autoclitest.Run(t, "reputation", reputation.AppModule{}.AutoCLIOptions(), map[string]gogoproto.Message{
		"Params":  &types.QueryParamsResponse{Params: types.DefaultParams()},
		"Score":   &types.QueryScoreResponse{Score: types.ScoreView{Score: types.NeutralScore, Stored: types.Score{Value: types.NeutralScore}}},
		"Scores":  &types.QueryScoresResponse{},
		"History": &types.QueryHistoryResponse{},
	})
	checked := map[string]bool{}
	for _, q := range res.Queries {
		switch q.Method {
		case "Score":
			var req types.QueryScoreRequest
			require.NoError(t, gogoproto.Unmarshal(q.Request, &req))
			mustAddress(t, req.Address)
		case "Scores":
			var req types.QueryScoresRequest
			require.NoError(t, gogoproto.Unmarshal(q.Request, &req))
			require.NotZero(t, req.GetPagination().GetLimit(), "ranking example %v sets no page limit", q.Args)
		case "History":
			var req types.QueryHistoryRequest
			require.NoError(t, gogoproto.Unmarshal(q.Request, &req))
			mustAddress(t, req.Address)
			require.NotZero(t, req.GetPagination().GetLimit(), "history example %v sets no page limit", q.Args)
		}
		checked[q.Method] = true
	}
	for _, tx := range res.Txs {
		// params-json: a .json file path, or inline JSON that decodes to
		// valid Params.
		if pos := tx.Command.Flags().Args(); !strings.HasSuffix(pos[0], ".json") {
			var p types.Params
			require.NoError(t, (&jsonpb.Unmarshaler{}).Unmarshal(strings.NewReader(pos[0]), &p), "tx example params %q", pos[0])
			require.NoError(t, p.Validate())
		}
		for _, f := range []string{"deposit", "title", "summary"} {
			require.True(t, tx.Command.Flags().Changed(f), "tx example %v does not set --%s", tx.Args, f)
		}
		checked[tx.Method] = true
	}
	for _, m := range []string{"Params", "Score", "Scores", "History", "UpdateParams"} {
		require.True(t, checked[m], "no example for %s", m)
	}
}

func mustAddress(t *testing.T, addr string) {
	t.Helper()
	_, err := addresscodec.NewBech32Codec("lgpt").StringToBytes(addr)
	require.NoError(t, err, "example address %q", addr)
}

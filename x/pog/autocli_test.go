package pog_test

import (
	"os"
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/testutil/autoclitest"
	"github.com/litegpt/litegpt/x/pog"
	"github.com/litegpt/litegpt/x/pog/types"
)

// signer stands in for --from.
const signer = "lgpt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5kvk52s"

// Every CLI example must run (queries) or parse into a message that
// passes its Validate (txs).
func TestAutoCLIExamples(t *testing.T) {
	// The ZK submission example reads its proof from step.bin, as
	// `litegpt-sidecar prove --raw-proof step.bin` writes it.
	t.Chdir(t.TempDir())
	require.NoError(t, os.WriteFile("step.bin", make([]byte, 196), 0o600))
	opts := pog.AppModule{}.AutoCLIOptions()
	res := autoclitest.Run(t, "pog", opts, map[string]gogoproto.Message{
		"Params":       &types.QueryParamsResponse{Params: types.DefaultParams()},
		"Version":      &types.QueryVersionResponse{},
		"Versions":     &types.QueryVersionsResponse{},
		"Lineage":      &types.QueryLineageResponse{},
		"Children":     &types.QueryChildrenResponse{},
		"Poll":         &types.QueryPollResponse{},
		"PendingPolls": &types.QueryPendingPollsResponse{},
		"Beacon":       &types.QueryBeaconResponse{},
		"Rewards":      &types.QueryRewardsResponse{},
		"Emission":     &types.QueryEmissionResponse{},
	})
	checked := map[string]bool{}
	for _, q := range res.Queries {
		checked[q.Method] = true
	}
	for _, tx := range res.Txs {
		checked[tx.Method] = true
		if tx.Method == "UpdateParams" {
			continue // a file path; the gov wrapping is autocli's
		}
		msg := autoclitest.BuildTx(t, opts.Tx, tx, signer)
		v, ok := msg.(interface{ Validate() error })
		require.True(t, ok, "%T has Validate", msg)
		require.NoError(t, v.Validate(), "example %v", tx.Args)
		if m, isSubmit := msg.(*types.MsgSubmitUpdate); isSubmit && m.Mode == types.ModeZK {
			require.Len(t, m.Proof, 196, "the proof is read from the file")
		}
	}
	autoclitest.RequireEveryMethod(t, opts, checked)
}

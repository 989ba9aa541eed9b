package chainevents_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/litegpt/litegpt/sidecar/chainevents"
)

// prunedNode is a fake RPC node whose blocks run from earliest to latest
// and which has no block results at all.
func prunedNode(t *testing.T, earliest, latest int64) *httptest.Server {
	status, err := cmtjson.Marshal(&ctypes.ResultStatus{SyncInfo: ctypes.SyncInfo{
		LatestBlockHeight: latest, EarliestBlockHeight: earliest,
	}})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		resp := map[string]any{"jsonrpc": "2.0", "id": req.ID}
		if req.Method == "status" {
			resp["result"] = json.RawMessage(status)
		} else {
			resp["error"] = map[string]any{"code": -32603, "message": "Internal error", "data": "could not find results for height"}
		}
		_ = json.NewEncoder(w).Encode(resp)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestStreamPruned: a node that no longer has the next height makes Run
// return a *PrunedError naming it, whether the height is below the node's
// earliest block or its results are missing below the tip.
func TestStreamPruned(t *testing.T) {
	srv := prunedNode(t, 100, 120)
	for _, tc := range []struct {
		from, want int64
		nodeErr    bool
	}{
		{from: 5, want: 6},                    // below the earliest block
		{from: 110, want: 111, nodeErr: true}, // results gone below the tip
	} {
		s, err := chainevents.New(srv.URL, chainevents.WithoutWebsocket(), chainevents.WithMaxBackoff(50*time.Millisecond))
		require.NoError(t, err)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = s.Run(ctx, tc.from, func(chainevents.Block) error { return nil })
		cancel()
		var pruned *chainevents.PrunedError
		require.True(t, errors.As(err, &pruned), "want a PrunedError, got %v", err)
		require.Equal(t, tc.want, pruned.Height)
		require.Equal(t, int64(100), pruned.Earliest)
		require.Equal(t, tc.nodeErr, pruned.Err != nil)
		require.Contains(t, err.Error(), "height "+itoa(tc.want))
		require.Equal(t, tc.from, s.LastHeight())
	}
}

func itoa(i int64) string { b, _ := json.Marshal(i); return string(b) }

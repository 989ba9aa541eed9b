package daemon_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/sidecar/daemon"
	"github.com/litegpt/litegpt/sidecar/state"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// TestUnimplementedRolesAreRefused: start refuses roles it does not run,
// naming them, and a key the keyring lacks.
func TestUnimplementedRolesAreRefused(t *testing.T) {
	require.EqualError(t, daemon.CheckRoles([]string{"router", "data-node"}),
		"role data-node is not implemented by this version of start (implemented: router, verifier)")
	require.NoError(t, daemon.CheckRoles([]string{"router", "verifier"}))
	require.Error(t, daemon.CheckRoles(nil))

	cfg := daemonConfig("learner-x", t.TempDir(), "learner")
	err := daemon.Run(context.Background(), daemon.Options{Config: cfg})
	require.ErrorContains(t, err, "role learner is not implemented")

	cfg = daemonConfig("no-such-key", t.TempDir(), "verifier")
	val := net.Validators[0]
	err = daemon.Run(context.Background(), daemon.Options{Config: cfg, Conn: net.GRPCConn(), TxConfig: val.ClientCtx.TxConfig, Keyring: val.ClientCtx.Keyring})
	require.ErrorContains(t, err, `chain.key_name "no-such-key": no such key`)
}

// TestVerifierKeepsTheBeaconAcrossARestart: a bonded VERIFIER daemon
// commits and reveals; stopped mid-run and started again on the same
// store, it resumes after its cursor (no height handled twice), records no
// purpose twice (one commit and one reveal per round) and goes on
// committing and revealing in later rounds; the chain holds its reveals.
func TestVerifierKeepsTheBeaconAcrossARestart(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	addr := newParticipant(t, ctx, "verifier1", staketypes.RoleVerifier)
	dir := t.TempDir()
	cfg := daemonConfig("verifier1", dir, "verifier")
	rec := newRecorder()

	r1 := start(t, cfg, rec.options())
	waitFor(t, 20*time.Second, "a first beacon commit", func() bool { return rec.count("beacon commit") >= 1 })
	r1.stop(t)

	st, err := state.Open(dir)
	require.NoError(t, err)
	cursor, err := st.Cursor()
	require.NoError(t, err)
	require.NoError(t, st.Close())
	require.Positive(t, cursor)

	r2 := start(t, cfg, rec.options())
	waitFor(t, 30*time.Second, "two reveals", func() bool { return rec.count("beacon reveal") >= 2 })
	r2.stop(t)

	rec.mu.Lock()
	for h, n := range rec.heights {
		require.Equal(t, 1, n, "height %d handled %d times", h, n)
	}
	for p, n := range rec.purposes {
		require.Equal(t, 1, n, "%q recorded %d times", p, n)
	}
	rec.mu.Unlock()

	st, err = state.Open(dir)
	require.NoError(t, err)
	pending, err := st.Pending()
	require.NoError(t, err)
	require.Empty(t, pending)
	require.NoError(t, st.Close())

	// The chain counts the daemon's reveals: once the round of its last
	// reveal is final, it shows one commit and one reveal (the daemon is
	// the only verifier) and a seed.
	var last *pogtypes.BeaconRound
	waitFor(t, 10*time.Second, "a final round with the daemon's reveal", func() bool {
		res, err := pogtypes.NewQueryClient(net.GRPCConn()).Beacon(ctx, &pogtypes.QueryBeaconRequest{})
		if err != nil || res.LastRound == nil || res.LastRound.Reveals == 0 {
			return false
		}
		last = res.LastRound
		return true
	})
	require.Equal(t, uint32(1), last.Commits, "one commit in round %d", last.Round)
	require.Equal(t, uint32(1), last.Reveals)
	require.False(t, last.Failed)
	require.NotEmpty(t, last.Seed)
	_ = addr
}

package state_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/sidecar/state"
)

func open(t *testing.T, dir string) *state.Store {
	t.Helper()
	s, err := state.Open(dir)
	require.NoError(t, err)
	return s
}

// TestReopenKeepsEverything: models, deals with their keys, the cursor
// and the outbox are there after a close and a reopen.
func TestReopenKeepsEverything(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	s := open(t, dir)
	info, err := os.Stat(dir)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o700), info.Mode().Perm(), "deal keys live here")

	var c [32]byte
	c[0] = 7
	require.NoError(t, s.PutModel(c, []byte("model bytes")))
	key := bytes.Repeat([]byte{9}, 32)
	require.NoError(t, s.PutDeal(state.Deal{ID: 3, Role: "seller", Stage: "delivered", Height: 40}, key))
	require.NoError(t, s.PutDeal(state.Deal{ID: 1, Role: "buyer", Stage: "accepted", Height: 41}, nil))
	require.NoError(t, s.SetCursor(41))
	id, err := s.Record("deliver deal 3", []byte("signed"), "ABCD", 12)
	require.NoError(t, err)
	require.Equal(t, uint64(1), id)
	require.NoError(t, s.Close())
	_, err = s.Model(c)
	require.ErrorIs(t, err, state.ErrClosed)

	s = open(t, dir)
	defer s.Close()
	m, err := s.Model(c)
	require.NoError(t, err)
	require.Equal(t, []byte("model bytes"), m)
	d, err := s.Deal(3)
	require.NoError(t, err)
	require.Equal(t, state.Deal{ID: 3, Role: "seller", Stage: "delivered", Height: 40}, d)
	k, err := s.DealKey(3)
	require.NoError(t, err)
	require.Equal(t, key, k)
	_, err = s.DealKey(1)
	require.ErrorIs(t, err, state.ErrNotFound)
	deals, err := s.Deals()
	require.NoError(t, err)
	require.Equal(t, []uint64{1, 3}, []uint64{deals[0].ID, deals[1].ID})
	h, err := s.Cursor()
	require.NoError(t, err)
	require.Equal(t, int64(41), h)
	pending, err := s.Pending()
	require.NoError(t, err)
	require.Equal(t, []state.OutboxEntry{{ID: 1, Purpose: "deliver deal 3", Tx: []byte("signed"), Hash: "ABCD", Sequence: 12, Status: state.StatusSigned}}, pending)
	next, err := s.Record("accept deal 1", []byte("signed 2"), "EF01", 13)
	require.NoError(t, err)
	require.Equal(t, uint64(2), next, "ids continue after a reopen")
}

// TestOutboxResolves: included and abandoned entries leave Pending, once.
func TestOutboxResolves(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	a, err := s.Record("a", []byte{1}, "AA", 1)
	require.NoError(t, err)
	b, err := s.Record("b", []byte{2}, "BB", 2)
	require.NoError(t, err)
	require.NoError(t, s.Resolve(a, state.StatusIncluded, 50, ""))
	require.ErrorContains(t, s.Resolve(a, state.StatusAbandoned, 0, "x"), "already included")
	require.ErrorContains(t, s.Resolve(b, state.StatusSigned, 0, ""), "resolve to")
	require.ErrorIs(t, s.Resolve(99, state.StatusIncluded, 1, ""), state.ErrNotFound)
	pending, err := s.Pending()
	require.NoError(t, err)
	require.Len(t, pending, 1)
	require.Equal(t, b, pending[0].ID)
	_, err = s.Record("empty", nil, "CC", 3)
	require.Error(t, err)
}

// TestConcurrentRecordsGetDistinctIDs: the outbox id and the entry are
// written together.
func TestConcurrentRecordsGetDistinctIDs(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	var wg sync.WaitGroup
	ids := make([]uint64, 50)
	for i := range ids {
		wg.Go(func() {
			id, err := s.Record("tx", []byte{byte(i)}, "H", uint64(i))
			require.NoError(t, err)
			ids[i] = id
		})
	}
	wg.Wait()
	seen := map[uint64]bool{}
	for _, id := range ids {
		require.False(t, seen[id], "id %d twice", id)
		seen[id] = true
	}
	pending, err := s.Pending()
	require.NoError(t, err)
	require.Len(t, pending, 50)
}

// TestBadInputChangesNothing: a deal without an id or with a short key,
// and a cursor moving back, are refused.
func TestBadInputChangesNothing(t *testing.T) {
	s := open(t, t.TempDir())
	defer s.Close()
	require.Error(t, s.PutDeal(state.Deal{}, nil))
	require.ErrorContains(t, s.PutDeal(state.Deal{ID: 2}, []byte{1}), "32 bytes")
	_, err := s.Deal(2)
	require.ErrorIs(t, err, state.ErrNotFound)
	require.NoError(t, s.SetCursor(10))
	require.ErrorContains(t, s.SetCursor(9), "does not move back")
}

// TestKilledWriterLosesNothing: a process killed right after its writes
// returned (no Close) leaves them all readable: writes are synced.
func TestKilledWriterLosesNothing(t *testing.T) {
	if os.Getenv("LITEGPT_STATE_WRITER") != "" {
		s, err := state.Open(os.Getenv("LITEGPT_STATE_WRITER"))
		if err != nil {
			os.Exit(2)
		}
		for i := range 20 {
			if _, err := s.Record("tx", []byte{byte(i)}, "H", uint64(i)); err != nil {
				os.Exit(3)
			}
		}
		os.Stdout.WriteString("written\n")
		select {} // wait to be killed, never closing the store
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriterLosesNothing$")
	cmd.Env = append(os.Environ(), "LITEGPT_STATE_WRITER="+dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	buf := make([]byte, 8)
	_, err = out.Read(buf)
	require.NoError(t, err)
	require.Equal(t, "written\n", string(buf))
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()

	s := open(t, dir)
	defer s.Close()
	pending, err := s.Pending()
	require.NoError(t, err)
	require.Len(t, pending, 20)
}

// TestBeaconSecrets: a round's secret is kept across a reopen, set once,
// and of its chain only.
func TestBeaconSecrets(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	secret := bytes.Repeat([]byte{5}, 32)
	require.NoError(t, s.PutBeaconSecret("litegpt-local-1", 4, secret))
	require.ErrorContains(t, s.PutBeaconSecret("litegpt-local-1", 4, secret), "already has its secret")
	require.ErrorContains(t, s.PutBeaconSecret("litegpt-local-1", 5, secret[:31]), "32 bytes")
	require.NoError(t, s.Close())
	s = open(t, dir)
	defer s.Close()
	got, err := s.BeaconSecret("litegpt-local-1", 4)
	require.NoError(t, err)
	require.Equal(t, secret, got)
	_, err = s.BeaconSecret("litegpt-local-2", 4)
	require.ErrorIs(t, err, state.ErrNotFound)
}

package verifier

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/x/pog/types"
)

var voter = bytes.Repeat([]byte{0xa7}, 20)

func TestBallotRoundTripThroughAFile(t *testing.T) {
	r := types.VoteResult{Verdict: types.VerdictValid, Metric: 912_345, ParentMetric: 880_000}
	b, err := NewBallot("litegpt-local-1", 7, voter, r, rand.Reader)
	require.NoError(t, err)
	require.NotEqual(t, [types.SaltSize]byte{}, b.Salt)
	require.Equal(t, types.VoteCommitment("litegpt-local-1", 7, voter, r, b.Salt), b.Commitment)
	require.NoError(t, b.Check())

	path := filepath.Join(t.TempDir(), "ballot.json")
	require.NoError(t, b.Save(path))
	st, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm(), "the salt is secret until the reveal")

	loaded, err := LoadBallot(path)
	require.NoError(t, err)
	require.Equal(t, b, loaded)

	// Saving again replaces the file whole; no temporary file is left.
	b2, err := NewBallot("litegpt-local-1", 8, voter, types.VoteResult{Verdict: types.VerdictWithheld}, rand.Reader)
	require.NoError(t, err)
	require.NoError(t, b2.Save(path))
	loaded, err = LoadBallot(path)
	require.NoError(t, err)
	require.Equal(t, b2, loaded)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	require.Len(t, entries, 1)
}

func TestTamperedBallotIsDetected(t *testing.T) {
	r := types.VoteResult{Verdict: types.VerdictValid, Metric: 500_000, ParentMetric: 400_000}
	b, err := NewBallot("litegpt-local-1", 3, voter, r, rand.Reader)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "ballot.json")
	require.NoError(t, b.Save(path))
	bz, err := os.ReadFile(path)
	require.NoError(t, err)

	var fields map[string]any
	require.NoError(t, json.Unmarshal(bz, &fields))
	cases := map[string]struct {
		key   string
		value any
		err   string
	}{
		"metric":       {"metric", 600_000, ErrBallotTampered.Error()},
		"verdict":      {"verdict", "VERDICT_INVALID", "carries no metrics"},
		"poll":         {"poll_id", 4, ErrBallotTampered.Error()},
		"chain":        {"chain_id", "litegpt-1", ErrBallotTampered.Error()},
		"salt":         {"salt", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", ErrBallotTampered.Error()},
		"short salt":   {"salt", "AAEC", "salt has 3 bytes"},
		"format":       {"format", "litegpt-ballot/v0", "format"},
		"unknown":      {"extra", 1, "unknown field"},
		"no verdict":   {"verdict", "VERDICT_UNSPECIFIED", "verdict must be"},
		"bad verdict":  {"verdict", "YES", "unknown verdict"},
		"empty voter":  {"voter", "", "voter address"},
		"commitment":   {"commitment", "AAEC", "commitment has 3 bytes"},
		"no chain-id":  {"chain_id", "", "empty chain-id"},
		"zero poll id": {"poll_id", 0, "poll ids start at 1"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			edited := map[string]any{}
			for k, v := range fields {
				edited[k] = v
			}
			edited[tc.key] = tc.value
			out, err := json.Marshal(edited)
			require.NoError(t, err)
			p := filepath.Join(t.TempDir(), "ballot.json")
			require.NoError(t, os.WriteFile(p, out, 0o600))
			_, err = LoadBallot(p)
			require.ErrorContains(t, err, tc.err)
		})
	}

	t.Run("struct", func(t *testing.T) {
		c := b
		c.Result.Metric++
		require.ErrorIs(t, c.Check(), ErrBallotTampered)
		require.ErrorIs(t, c.Save(filepath.Join(t.TempDir(), "x.json")), ErrBallotTampered)
		c = b
		c.Voter = bytes.Repeat([]byte{0xa8}, 20)
		require.ErrorIs(t, c.Check(), ErrBallotTampered)
	})
	t.Run("not json", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "ballot.json")
		require.NoError(t, os.WriteFile(p, []byte("{"), 0o600))
		_, err := LoadBallot(p)
		require.Error(t, err)
		_, err = LoadBallot(filepath.Join(t.TempDir(), "missing.json"))
		require.ErrorIs(t, err, os.ErrNotExist)
	})
	t.Run("too large", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "ballot.json")
		require.NoError(t, os.WriteFile(p, []byte(strings.Repeat(" ", MaxBallotFileBytes+1)), 0o600))
		_, err := LoadBallot(p)
		require.ErrorContains(t, err, "limit")
	})
}

func TestNewBallotErrors(t *testing.T) {
	valid := types.VoteResult{Verdict: types.VerdictValid, Metric: 1, ParentMetric: 1}
	cases := map[string]struct {
		chainID string
		poll    uint64
		voter   []byte
		r       types.VoteResult
		rnd     *bytes.Reader
		err     string
	}{
		"no chain-id":           {"", 1, voter, valid, bytes.NewReader(make([]byte, 64)), "chain-id"},
		"poll 0":                {"c", 0, voter, valid, nil, "poll ids start at 1"},
		"no voter":              {"c", 1, nil, valid, nil, "voter"},
		"metrics on a withheld": {"c", 1, voter, types.VoteResult{Verdict: types.VerdictWithheld, Metric: 3}, nil, "carries no metrics"},
		"negative metric":       {"c", 1, voter, types.VoteResult{Verdict: types.VerdictValid, Metric: -1}, nil, "at least 0"},
		"short randomness":      {"c", 1, voter, valid, bytes.NewReader(make([]byte, 5)), "salt"},
		"zero salt":             {"c", 1, voter, valid, bytes.NewReader(make([]byte, 64)), "all-zero"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var rnd = rand.Reader
			if tc.rnd != nil {
				rnd = tc.rnd
			}
			_, err := NewBallot(tc.chainID, tc.poll, tc.voter, tc.r, rnd)
			require.ErrorContains(t, err, tc.err)
		})
	}
	_, err := NewBallot("c", 1, voter, valid, nil)
	require.ErrorContains(t, err, "randomness")
}

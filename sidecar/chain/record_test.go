package chain_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/sidecar/chain"
)

// TestSubmitRecorded: the record hook sees the signed bytes, their hash
// and sequence before the broadcast; the hash is the included one; an
// error of the hook broadcasts nothing; rebroadcasting the included bytes
// is refused by the chain (the sequence is used), never run twice.
func TestSubmitRecorded(t *testing.T) {
	ctx := testCtx(t)
	names, addrs := newKeys(t, ctx, 2, 1_000_000)
	c := newClient(t, names[0], nil)

	_, err := c.SubmitRecorded(ctx, func([]byte, string, uint64) error { return errors.New("disk full") }, sendMsg(addrs[0], addrs[1], 1))
	require.ErrorContains(t, err, "disk full")
	require.Equal(t, uint64(0), c.Stats().Broadcasts)

	var gotBytes []byte
	var gotHash string
	var gotSeq uint64
	res, err := c.SubmitRecorded(ctx, func(tx []byte, hash string, seq uint64) error {
		gotBytes, gotHash, gotSeq = tx, hash, seq
		return nil
	}, sendMsg(addrs[0], addrs[1], 1))
	require.NoError(t, err)
	require.Equal(t, res.TxHash, gotHash)
	require.Equal(t, chain.TxHash(gotBytes), gotHash)
	require.Equal(t, txSequence(t, res), gotSeq)

	_, err = c.Rebroadcast(ctx, gotBytes)
	require.Error(t, err, "an included tx cannot be broadcast again")
	require.Equal(t, gotSeq+1, chainSequence(t, ctx, addrs[0]))
	// The client still works after a rebroadcast.
	_, err = c.Submit(ctx, sendMsg(addrs[0], addrs[1], 1))
	require.NoError(t, err)
}

package chain_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/sidecar/chain"
	"github.com/litegpt/litegpt/testutil/network"
)

// TestConcurrentSubmits sends 20 bank sends from one Client at once: all
// are included, with the 20 consecutive sequences, one account query, no
// mismatch, and the recipient receives exactly their sum (the sender pays
// the sum plus the fees its gas prices asked).
func TestConcurrentSubmits(t *testing.T) {
	ctx := testCtx(t)
	names, addrs := newKeys(t, ctx, 2, 10_000_000)
	sender, recipient := addrs[0], addrs[1]
	c := newClient(t, names[0], func(cfg *chain.Config) { cfg.GasPrices = "0.0025" + app.BondDenom })

	startSeq := chainSequence(t, ctx, sender)
	senderBefore, recipientBefore := balance(t, ctx, sender), balance(t, ctx, recipient)

	const n = 20
	results := make([]*sdk.TxResponse, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			results[i], errs[i] = c.Submit(ctx, sendMsg(sender, recipient, int64(i+1)))
		})
	}
	wg.Wait()

	var seqs []uint64
	fees := math.ZeroInt()
	for i := range n {
		require.NoError(t, errs[i], "submission %d", i)
		require.Zero(t, results[i].Code)
		require.Positive(t, results[i].Height)
		tx := decodeTx(t, results[i])
		seqs = append(seqs, tx.AuthInfo.SignerInfos[0].Sequence)
		fee := tx.AuthInfo.Fee.Amount.AmountOf(app.BondDenom)
		require.True(t, fee.IsPositive(), "gas prices set a fee")
		fees = fees.Add(fee)
	}
	slices.Sort(seqs)
	for i, s := range seqs {
		require.Equal(t, startSeq+uint64(i), s, "sequences are distinct and consecutive")
	}

	const sum = n * (n + 1) / 2
	require.Equal(t, recipientBefore.AddRaw(sum), balance(t, ctx, recipient))
	require.Equal(t, senderBefore.SubRaw(sum).Sub(fees), balance(t, ctx, sender))

	st := c.Stats()
	require.Equal(t, uint64(n), st.Broadcasts)
	require.Zero(t, st.SequenceMismatches)
	require.Equal(t, uint64(1), st.AccountQueries, "the sequence is queried once and then cached")
	seq, ok := c.Sequence()
	require.True(t, ok)
	require.Equal(t, startSeq+n, seq)
	require.Equal(t, startSeq+n, chainSequence(t, ctx, sender))
}

// TestSequenceMismatchRecovers makes a Client's cached sequence stale with
// a transaction sent out of band from its key; its next Submit resyncs from
// the node's "expected" sequence and succeeds, whether the mismatch shows
// in simulation or (with a fixed gas limit, no simulation) in CheckTx. With
// no retries allowed, the mismatch is an error and the Submit after it
// re-queries the account and succeeds.
func TestSequenceMismatchRecovers(t *testing.T) {
	ctx := testCtx(t)
	val := net.Validators[0]

	// outOfBand sends 1ulgpt from key to the validator behind the client's
	// back.
	outOfBand := func(t *testing.T, key string, addr sdk.AccAddress) {
		t.Helper()
		_, err := network.SendTx(ctx, val.ClientCtx, key, []sdk.Msg{sendMsg(addr, val.Address, 1)})
		require.NoError(t, err)
	}

	for _, tc := range []struct {
		name string
		edit func(*chain.Config)
	}{
		{"in simulation", nil},
		{"in CheckTx", func(cfg *chain.Config) { cfg.GasLimit = 200_000 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			names, addrs := newKeys(t, ctx, 1, 1_000_000)
			c := newClient(t, names[0], tc.edit)
			_, err := c.Submit(ctx, sendMsg(addrs[0], val.Address, 1))
			require.NoError(t, err)

			outOfBand(t, names[0], addrs[0])
			stale, _ := c.Sequence()
			require.Equal(t, stale+1, chainSequence(t, ctx, addrs[0]), "the cache is stale")

			res, err := c.Submit(ctx, sendMsg(addrs[0], val.Address, 1))
			require.NoError(t, err)
			require.Equal(t, stale+1, txSequence(t, res))
			st := c.Stats()
			require.Equal(t, uint64(1), st.SequenceMismatches, "it retried once")
			require.Equal(t, uint64(1), st.AccountQueries, "the expected sequence came from the error, not a query")
			seq, _ := c.Sequence()
			require.Equal(t, chainSequence(t, ctx, addrs[0]), seq)
		})
	}

	t.Run("no retries", func(t *testing.T) {
		names, addrs := newKeys(t, ctx, 1, 1_000_000)
		c := newClient(t, names[0], func(cfg *chain.Config) { cfg.GasLimit, cfg.MaxSequenceRetries = 200_000, 0 })
		_, err := c.Submit(ctx, sendMsg(addrs[0], val.Address, 1))
		require.NoError(t, err)
		outOfBand(t, names[0], addrs[0])

		_, err = c.Submit(ctx, sendMsg(addrs[0], val.Address, 1))
		var txErr *chain.TxError
		require.ErrorAs(t, err, &txErr)
		require.Equal(t, chain.StageCheckTx, txErr.Stage)
		require.Equal(t, sdkerrors.ErrWrongSequence.ABCICode(), txErr.Code)
		require.Equal(t, sdkerrors.RootCodespace, txErr.Codespace)
		require.ErrorIs(t, err, sdkerrors.ErrWrongSequence)
		_, synced := c.Sequence()
		require.False(t, synced, "a mismatch it gave up on drops the cache")

		_, err = c.Submit(ctx, sendMsg(addrs[0], val.Address, 1))
		require.NoError(t, err)
		require.Equal(t, uint64(2), c.Stats().AccountQueries)
	})
}

// TestRefusedTransactions checks each way the chain refuses a transaction
// — failed simulation, CheckTx out of gas, DeliverTx insufficient funds,
// DeliverTx out of gas — returns its typed error with the right code, and
// that the next Submit of the same client still lands (its sequence stayed
// right: unchanged after a refusal before the block, advanced after a
// failure in it).
func TestRefusedTransactions(t *testing.T) {
	ctx := testCtx(t)
	val := net.Validators[0]
	names, addrs := newKeys(t, ctx, 1, 1_000_000)
	key, addr := names[0], addrs[0]
	tooMuch := sendMsg(addr, val.Address, 2_000_000)
	ok := sendMsg(addr, val.Address, 1)

	// stillWorks submits a valid send and checks the client's sequence
	// against the chain.
	stillWorks := func(t *testing.T, c *chain.Client) *sdk.TxResponse {
		t.Helper()
		res, err := c.Submit(ctx, ok)
		require.NoError(t, err)
		seq, synced := c.Sequence()
		require.True(t, synced)
		require.Equal(t, chainSequence(t, ctx, addr), seq)
		return res
	}

	t.Run("simulation fails", func(t *testing.T) {
		c := newClient(t, key, nil)
		stillWorks(t, c)
		seq, _ := c.Sequence()
		broadcasts := c.Stats().Broadcasts

		res, err := c.Submit(ctx, tooMuch)
		require.Nil(t, res)
		var simErr *chain.SimulationError
		require.ErrorAs(t, err, &simErr)
		require.ErrorContains(t, err, "insufficient funds")
		require.Equal(t, broadcasts, c.Stats().Broadcasts, "nothing was broadcast")
		after, _ := c.Sequence()
		require.Equal(t, seq, after, "the sequence did not advance")
		stillWorks(t, c)
	})

	var gasUsed int64
	t.Run("CheckTx out of gas", func(t *testing.T) {
		c := newClient(t, key, func(cfg *chain.Config) { cfg.GasLimit = 1_000 })
		res, err := c.Submit(ctx, ok)
		var txErr *chain.TxError
		require.ErrorAs(t, err, &txErr)
		require.Equal(t, chain.StageCheckTx, txErr.Stage)
		require.Equal(t, sdkerrors.ErrOutOfGas.ABCICode(), txErr.Code)
		require.Equal(t, sdkerrors.RootCodespace, txErr.Codespace)
		require.NotEmpty(t, txErr.Log)
		require.ErrorIs(t, err, sdkerrors.ErrOutOfGas)
		require.Same(t, res, txErr.Response)
		seq, synced := c.Sequence()
		require.True(t, synced)
		require.Equal(t, chainSequence(t, ctx, addr), seq, "a CheckTx refusal uses no sequence")
	})

	t.Run("DeliverTx insufficient funds", func(t *testing.T) {
		// A fixed gas limit skips simulation; CheckTx runs only the ante
		// handler, so the send fails in the block.
		c := newClient(t, key, func(cfg *chain.Config) { cfg.GasLimit = 200_000 })
		before := chainSequence(t, ctx, addr)
		res, err := c.Submit(ctx, tooMuch)
		var txErr *chain.TxError
		require.ErrorAs(t, err, &txErr)
		require.Equal(t, chain.StageDeliverTx, txErr.Stage)
		require.Equal(t, sdkerrors.ErrInsufficientFunds.ABCICode(), txErr.Code)
		require.Equal(t, sdkerrors.RootCodespace, txErr.Codespace)
		require.ErrorIs(t, err, sdkerrors.ErrInsufficientFunds)
		require.Positive(t, txErr.Height)
		require.Same(t, res, txErr.Response)
		require.Equal(t, before+1, chainSequence(t, ctx, addr), "a failed tx in a block uses its sequence")
		gasUsed = stillWorks(t, c).GasUsed
	})

	t.Run("DeliverTx out of gas", func(t *testing.T) {
		require.Positive(t, gasUsed)
		// The same send with a little less gas than it used: the ante
		// handler (size, signature, fee) fits, the transfer does not.
		c := newClient(t, key, func(cfg *chain.Config) { cfg.GasLimit = uint64(gasUsed) - 500 })
		before := chainSequence(t, ctx, addr)
		_, err := c.Submit(ctx, ok)
		var txErr *chain.TxError
		require.ErrorAs(t, err, &txErr)
		require.Equal(t, chain.StageDeliverTx, txErr.Stage, "%v", err)
		require.Equal(t, sdkerrors.ErrOutOfGas.ABCICode(), txErr.Code)
		require.ErrorIs(t, err, sdkerrors.ErrOutOfGas)
		require.Equal(t, before+1, chainSequence(t, ctx, addr))
		stillWorks(t, newClient(t, key, nil))
	})
}

// TestCancelWhileWaiting cancels the context after the broadcast: Submit
// returns ctx.Err() at once (not after the poll interval), the transaction
// is still included, and the client's next Submit lands. A broadcast
// timeout shorter than a block gives ErrNotIncluded.
func TestCancelWhileWaiting(t *testing.T) {
	ctx := testCtx(t)
	val := net.Validators[0]
	names, addrs := newKeys(t, ctx, 1, 1_000_000)

	for _, tc := range []struct {
		name  string
		delay time.Duration // from broadcast to cancel
	}{
		{"before the first poll", 0},
		{"during the poll interval", 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			subCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			var broadcastAt time.Time
			var hash string
			c := newClient(t, names[0], func(cfg *chain.Config) { cfg.PollInterval = 10 * time.Second },
				chain.WithBroadcastHook(func(r *sdk.TxResponse) {
					broadcastAt, hash = time.Now(), r.TxHash
					if tc.delay == 0 {
						cancel()
					} else {
						time.AfterFunc(tc.delay, cancel)
					}
				}))
			res, err := c.Submit(subCtx, sendMsg(addrs[0], val.Address, 1))
			require.ErrorIs(t, err, context.Canceled)
			require.Less(t, time.Since(broadcastAt), tc.delay+2*time.Second, "returned promptly")
			require.Nil(t, res)
			require.Contains(t, err.Error(), hash)

			// The broadcast transaction still lands.
			waiter := newClient(t, names[0], nil)
			included, err := waiter.WaitForTx(ctx, hash)
			require.NoError(t, err)
			require.Zero(t, included.Code)
		})
	}

	t.Run("broadcast timeout", func(t *testing.T) {
		c := newClient(t, names[0], func(cfg *chain.Config) { cfg.BroadcastTimeout, cfg.PollInterval = time.Millisecond, time.Millisecond })
		_, err := c.Submit(ctx, sendMsg(addrs[0], val.Address, 1))
		require.ErrorIs(t, err, chain.ErrNotIncluded)
		require.False(t, errors.Is(err, context.Canceled))
		next := newClient(t, names[0], nil)
		_, err = next.Submit(ctx, sendMsg(addrs[0], val.Address, 1))
		require.NoError(t, err)
	})
}

// TestNew checks New's refusals: an unknown key and an unfunded account.
func TestNew(t *testing.T) {
	ctx := testCtx(t)
	val := net.Validators[0]
	cfg := chain.DefaultConfig()
	cfg.ChainID, cfg.KeyName = val.ClientCtx.ChainID, "no-such-key"
	_, err := chain.New(net.GRPCConn(), val.ClientCtx.TxConfig, val.ClientCtx.Keyring, cfg)
	require.ErrorContains(t, err, `key "no-such-key"`)

	names, addrs := newKeys(t, ctx, 1, 0)
	c := newClient(t, names[0], nil)
	require.Equal(t, addrs[0], c.Address())
	_, err = c.Submit(ctx, sendMsg(addrs[0], val.Address, 1))
	require.ErrorContains(t, err, "does not exist on chain")
	_, err = c.Submit(ctx)
	require.ErrorContains(t, err, "no messages")
}

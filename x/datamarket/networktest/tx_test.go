package networktest

import (
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/testutil/network"
)

// tx is one transaction of msgs signed by the key named from.
type tx struct {
	from string
	msgs []sdk.Msg
}

// sendTx sends msgs signed by from and waits for their block; it fails the
// test if the chain refuses them.
func sendTx(t *testing.T, ctx context.Context, from string, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	res, err := network.SendTx(ctx, net.Validators[0].ClientCtx, from, msgs)
	require.NoError(t, err, "tx of %T... from %s", msgs[0], from)
	return res
}

// sendParallel broadcasts transactions of different signers one after
// another, so that they can share a block, then waits for all of them.
func sendParallel(t *testing.T, ctx context.Context, txs ...tx) []*sdk.TxResponse {
	t.Helper()
	clientCtx := net.Validators[0].ClientCtx
	hashes := make([]string, len(txs))
	for i, x := range txs {
		res, err := network.BroadcastTx(ctx, clientCtx, x.from, x.msgs)
		require.NoError(t, err, "broadcasting tx %d (%T...) from %s", i, x.msgs[0], x.from)
		hashes[i] = res.TxHash
	}
	out := make([]*sdk.TxResponse, len(txs))
	for i, hash := range hashes {
		res, err := network.WaitForTx(ctx, clientCtx, hash)
		require.NoError(t, err, "tx %d (%T...) from %s", i, txs[i].msgs[0], txs[i].from)
		out[i] = res
	}
	return out
}

// parseEvents returns the typed events T among events, in order.
func parseEvents[T any, P interface {
	*T
	proto.Message
}](events []abci.Event) ([]P, error) {
	return network.TypedEvents[T, P](events)
}

// parseEvent returns the one typed event T among events.
func parseEvent[T any, P interface {
	*T
	proto.Message
}](events []abci.Event) (P, error) {
	return network.TypedEvent[T, P](events)
}

// txEvents returns the typed events T a transaction emitted.
func txEvents[T any, P interface {
	*T
	proto.Message
}](t *testing.T, res *sdk.TxResponse) []P {
	t.Helper()
	all, err := parseEvents[T, P](res.Events)
	require.NoError(t, err)
	return all
}

// txEvent returns the one typed event T a transaction emitted.
func txEvent[T any, P interface {
	*T
	proto.Message
}](t *testing.T, res *sdk.TxResponse) P {
	t.Helper()
	e, err := parseEvent[T, P](res.Events)
	require.NoError(t, err, "tx %s", res.TxHash)
	return e
}

// blockEvent returns the one typed event T that block height emitted
// outside transactions (BeginBlock and EndBlock), e.g. a settlement.
func blockEvent[T any, P interface {
	*T
	proto.Message
}](t *testing.T, ctx context.Context, height int64) P {
	t.Helper()
	res, err := net.Validators[0].RPCClient.BlockResults(ctx, &height)
	require.NoError(t, err)
	e, err := parseEvent[T, P](res.FinalizeBlockEvents)
	require.NoError(t, err, "block %d", height)
	return e
}

// waitPast waits until the state after block h can be queried. CometBFT
// stores a block before the app has committed it, so the latest block
// being h is not enough: wait for h+1.
func waitPast(t *testing.T, ctx context.Context, h int64) {
	t.Helper()
	_, err := network.WaitForHeight(ctx, net.Validators[0].ClientCtx, h+1)
	require.NoError(t, err)
}

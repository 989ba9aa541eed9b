package networktest

import (
	"context"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/testutil/network"
)

// testCtx bounds the test well below the go test timeout.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	t.Cleanup(cancel)
	return ctx
}

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

// sendRefused sends msgs from `from` with a fixed gas limit, skipping the
// simulation that would refuse them before broadcast, so that they are
// included in a block and fail there. It requires the failure to be one of
// wants and returns the failed transaction's response.
func sendRefused(t *testing.T, ctx context.Context, from string, gas uint64, wants []*errorsmod.Error, msgs ...sdk.Msg) *sdk.TxResponse {
	t.Helper()
	_, err := network.SendTx(ctx, net.Validators[0].ClientCtx, from, msgs, network.WithGas(gas))
	var txErr *network.TxError
	require.ErrorAs(t, err, &txErr, "tx of %T from %s must fail in its block", msgs[0], from)
	require.Equal(t, "DeliverTx", txErr.Stage, "refused when executed, not by CheckTx: %s", txErr)
	res := txErr.Response
	var names []string
	for _, want := range wants {
		if res.Codespace == want.Codespace() && res.Code == want.ABCICode() {
			return res
		}
		names = append(names, fmt.Sprintf("%s/%d (%s)", want.Codespace(), want.ABCICode(), want))
	}
	require.Failf(t, "refused with the wrong error", "got %s/%d: %s; want one of %v", res.Codespace, res.Code, res.RawLog, names)
	return nil
}

// msgResponse decodes the response of the first message of an included
// transaction into out.
func msgResponse(t *testing.T, res *sdk.TxResponse, out proto.Message) {
	t.Helper()
	bz, err := hex.DecodeString(res.Data)
	require.NoError(t, err)
	var data sdk.TxMsgData
	require.NoError(t, proto.Unmarshal(bz, &data))
	require.NotEmpty(t, data.MsgResponses, "tx %s has no message responses", res.TxHash)
	require.Equal(t, "/"+proto.MessageName(out), data.MsgResponses[0].TypeUrl)
	require.NoError(t, proto.Unmarshal(data.MsgResponses[0].Value, out))
}

// parseEvents returns the typed events T among events, in order.
func parseEvents[T any, P interface {
	*T
	proto.Message
}](events []abci.Event) ([]P, error) {
	return network.TypedEvents[T, P](events)
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
	all := txEvents[T, P](t, res)
	require.Len(t, all, 1, "tx %s: events %s", res.TxHash, proto.MessageName(P(new(T))))
	return all[0]
}

// blockEvents returns the typed events T that block height emitted
// outside transactions (FinalizeBlock's begin and end block).
func blockEvents[T any, P interface {
	*T
	proto.Message
}](t *testing.T, ctx context.Context, height int64) []P {
	t.Helper()
	res, err := net.Validators[0].RPCClient.BlockResults(ctx, &height)
	require.NoError(t, err)
	all, err := parseEvents[T, P](res.FinalizeBlockEvents)
	require.NoError(t, err, "block %d", height)
	return all
}

// blockEvent returns the one typed event T of block height.
func blockEvent[T any, P interface {
	*T
	proto.Message
}](t *testing.T, ctx context.Context, height int64) P {
	t.Helper()
	all := blockEvents[T, P](t, ctx, height)
	require.Len(t, all, 1, "block %d: events %s", height, proto.MessageName(P(new(T))))
	return all[0]
}

// waitPast waits until the state after block h can be queried. CometBFT
// stores a block before the app has committed it, so the latest block
// being h is not enough: wait for h+1.
func waitPast(t *testing.T, ctx context.Context, h int64) {
	t.Helper()
	_, err := network.WaitForHeight(ctx, net.Validators[0].ClientCtx, h+1)
	require.NoError(t, err)
}

// waitFor polls cond until it holds (or the test's context ends).
func waitFor(t *testing.T, ctx context.Context, what string, cond func(context.Context) (bool, error)) {
	t.Helper()
	require.NoError(t, network.WaitFor(ctx, cond), "waiting for %s", what)
}

// latestHeight is the node's latest block.
func latestHeight(t *testing.T, ctx context.Context) int64 {
	t.Helper()
	h, err := network.LatestHeight(ctx, net.Validators[0].ClientCtx)
	require.NoError(t, err)
	return h
}

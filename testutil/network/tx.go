package network

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	nodeservice "github.com/cosmos/cosmos-sdk/client/grpc/node"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

const (
	// DefaultWaitTimeout bounds every wait of this package (inclusion of a
	// transaction, a height) whose context has no deadline of its own.
	DefaultWaitTimeout = 30 * time.Second
	// DefaultGasAdjustment multiplies the simulated gas of SendTx.
	DefaultGasAdjustment = 1.5

	// pollInterval is how often waits ask the node; blocks come every
	// TimeoutCommit, so a few polls per block.
	pollInterval = 100 * time.Millisecond
)

// TxError is the error of a transaction the chain refused: in CheckTx
// (Stage "CheckTx", not included) or when executed in a block (Stage
// "DeliverTx", included but failed). Response carries the code, codespace
// and raw log; use errors.As to assert on them.
type TxError struct {
	Stage    string
	Response *sdk.TxResponse
}

// Error reports the stage, hash, code, codespace and raw log.
func (e *TxError) Error() string {
	r := e.Response
	return fmt.Sprintf("tx %s failed in %s: code %d (codespace %q): %s", r.TxHash, e.Stage, r.Code, r.Codespace, r.RawLog)
}

// TxOption changes how SendTx builds and signs a transaction.
type TxOption func(*txOptions)

type txOptions struct {
	signMode      signing.SignMode
	gasAdjustment float64
	gas           uint64
	fees          sdk.Coins
	memo          string
}

// WithSignMode signs with mode instead of SIGN_MODE_DIRECT, for example
// signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON as Ledger and Amino wallets do.
func WithSignMode(mode signing.SignMode) TxOption {
	return func(o *txOptions) { o.signMode = mode }
}

// WithGasAdjustment multiplies the simulated gas by adj instead of
// DefaultGasAdjustment.
func WithGasAdjustment(adj float64) TxOption {
	return func(o *txOptions) { o.gasAdjustment = adj }
}

// WithGas sets the gas limit and skips simulation, e.g. to send a
// transaction that simulation would reject.
func WithGas(limit uint64) TxOption {
	return func(o *txOptions) { o.gas = limit }
}

// WithFees pays fees instead of gas limit × the node's minimum gas prices.
func WithFees(fees sdk.Coins) TxOption {
	return func(o *txOptions) { o.fees = fees }
}

// WithMemo sets the transaction memo.
func WithMemo(memo string) TxOption {
	return func(o *txOptions) { o.memo = memo }
}

// SendTx builds a transaction of msgs, signs it with the key from (a key
// name or bech32 address in clientCtx.Keyring), broadcasts it in sync mode
// and waits until it is in a block. It returns the included transaction's
// response (height, gas, events, logs).
//
// Steps: account number and sequence from the chain (auth account
// retriever), gas by simulation × DefaultGasAdjustment, fees = gas × the
// node's minimum gas prices (node service Config), SIGN_MODE_DIRECT, sync
// broadcast, then polling the tx by hash. Options change these steps.
//
// A transaction the chain refuses returns a *TxError (with the response)
// whether CheckTx or block execution failed; one that fails simulation
// returns the simulation error and is not broadcast (use WithGas to
// broadcast it anyway).
//
// clientCtx needs a keyring, chain-id, TxConfig, codec and a node (RPC
// client or gRPC client), as a network validator's ClientCtx has; the
// validator's own key is named after its Moniker. SendTx reads the sequence
// from the chain, so send the transactions of one account one after another.
func SendTx(ctx context.Context, clientCtx client.Context, from string, msgs []sdk.Msg, opts ...TxOption) (*sdk.TxResponse, error) {
	res, err := BroadcastTx(ctx, clientCtx, from, msgs, opts...)
	if err != nil {
		return res, err
	}
	return WaitForTx(ctx, clientCtx, res.TxHash)
}

// BroadcastTx is SendTx without the wait: it returns the CheckTx response
// (a *TxError when CheckTx failed) once the transaction is in the mempool.
func BroadcastTx(ctx context.Context, clientCtx client.Context, from string, msgs []sdk.Msg, opts ...TxOption) (*sdk.TxResponse, error) {
	o := txOptions{signMode: signing.SignMode_SIGN_MODE_DIRECT, gasAdjustment: DefaultGasAdjustment}
	for _, opt := range opts {
		opt(&o)
	}
	if len(msgs) == 0 {
		return nil, errors.New("no messages to send")
	}
	if clientCtx.Keyring == nil {
		return nil, errors.New("client context has no keyring")
	}
	if from == "" {
		return nil, errors.New("no signer: from must name a key or address of the keyring")
	}

	fromAddr, keyName, _, err := client.GetFromFields(clientCtx, clientCtx.Keyring, from)
	if err != nil {
		return nil, fmt.Errorf("signer %q: %w", from, err)
	}
	clientCtx = clientCtx.WithFromName(keyName).WithFromAddress(fromAddr).WithCmdContext(ctx)

	retriever := clientCtx.AccountRetriever
	if retriever == nil {
		retriever = authtypes.AccountRetriever{}
	}
	accNum, seq, err := retriever.GetAccountNumberSequence(clientCtx, fromAddr)
	if err != nil {
		return nil, fmt.Errorf("account of %s: %w", fromAddr, err)
	}

	txf := clienttx.Factory{}.
		WithTxConfig(clientCtx.TxConfig).
		WithAccountRetriever(retriever).
		WithKeybase(clientCtx.Keyring).
		WithFromName(keyName).
		WithChainID(clientCtx.ChainID).
		WithAccountNumber(accNum).
		WithSequence(seq).
		WithSignMode(o.signMode).
		WithGasAdjustment(o.gasAdjustment).
		WithMemo(o.memo).
		// The simulated transaction carries the signer's real public key.
		WithSimulateAndExecute(true)

	gas := o.gas
	if gas == 0 {
		_, gas, err = clienttx.CalculateGas(clientCtx, txf, msgs...)
		if err != nil {
			return nil, fmt.Errorf("simulating tx: %w", err)
		}
	}
	txf = txf.WithGas(gas)

	if o.fees != nil {
		txf = txf.WithFees(o.fees.String())
	} else {
		res, err := nodeservice.NewServiceClient(clientCtx).Config(ctx, &nodeservice.ConfigRequest{})
		if err != nil {
			return nil, fmt.Errorf("querying the node's minimum gas prices: %w", err)
		}
		txf = txf.WithGasPrices(res.MinimumGasPrice)
	}

	builder, err := txf.BuildUnsignedTx(msgs...)
	if err != nil {
		return nil, fmt.Errorf("building tx: %w", err)
	}
	if err := clienttx.Sign(ctx, txf, keyName, builder, true); err != nil {
		return nil, fmt.Errorf("signing tx with %s: %w", o.signMode, err)
	}
	txBytes, err := clientCtx.TxConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		return nil, fmt.Errorf("encoding tx: %w", err)
	}

	// Context.Invoke broadcasts through the node's RPC client; a context
	// with only a gRPC connection broadcasts through the node's tx service.
	svc := txtypes.NewServiceClient(clientCtx)
	if clientCtx.Client == nil && clientCtx.GRPCClient != nil {
		svc = txtypes.NewServiceClient(clientCtx.GRPCClient)
	}
	res, err := svc.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: txBytes, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if err != nil {
		return nil, fmt.Errorf("broadcasting tx: %w", err)
	}
	if res.TxResponse.Code != 0 {
		return res.TxResponse, &TxError{Stage: "CheckTx", Response: res.TxResponse}
	}
	return res.TxResponse, nil
}

// WaitForTx polls the transaction hash (hex) until it is in a block and
// returns its response, or a *TxError when it failed in the block. It gives
// up at ctx's deadline, or after DefaultWaitTimeout if ctx has none.
func WaitForTx(ctx context.Context, clientCtx client.Context, hash string) (*sdk.TxResponse, error) {
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()

	svc := txtypes.NewServiceClient(clientCtx)
	var lastErr error
	for {
		res, err := svc.GetTx(ctx, &txtypes.GetTxRequest{Hash: hash})
		if err == nil {
			if res.TxResponse.Code != 0 {
				return res.TxResponse, &TxError{Stage: "DeliverTx", Response: res.TxResponse}
			}
			return res.TxResponse, nil
		}
		lastErr = err
		if err := sleep(ctx); err != nil {
			return nil, fmt.Errorf("tx %s not included: %w (last query error: %v)", hash, err, lastErr)
		}
	}
}

// LatestHeight returns the height of the node's latest block.
func LatestHeight(ctx context.Context, clientCtx client.Context) (int64, error) {
	res, err := cmtservice.NewServiceClient(clientCtx).GetLatestBlock(ctx, &cmtservice.GetLatestBlockRequest{})
	if err != nil {
		return 0, err
	}
	return res.SdkBlock.Header.Height, nil
}

// WaitForHeight waits until the node has committed height h and returns the
// latest height. It gives up at ctx's deadline, or after DefaultWaitTimeout
// if ctx has none.
func WaitForHeight(ctx context.Context, clientCtx client.Context, h int64) (int64, error) {
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()

	var last int64
	for {
		height, err := LatestHeight(ctx, clientCtx)
		if err == nil {
			last = height
			if height >= h {
				return height, nil
			}
		}
		if err := sleep(ctx); err != nil {
			return last, fmt.Errorf("waiting for height %d (latest %d): %w", h, last, err)
		}
	}
}

// WaitForBlocks waits until n more blocks than the current latest are
// committed and returns the latest height.
func WaitForBlocks(ctx context.Context, clientCtx client.Context, n int64) (int64, error) {
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()

	var (
		start int64
		err   error
	)
	for {
		if start, err = LatestHeight(ctx, clientCtx); err == nil {
			break
		}
		if err := sleep(ctx); err != nil {
			return 0, fmt.Errorf("querying the latest height: %w", err)
		}
	}
	return WaitForHeight(ctx, clientCtx, start+n)
}

// WaitFor calls cond every poll interval until it returns true or an
// error, e.g. to wait for a proposal to leave its voting period. It gives up
// at ctx's deadline, or after DefaultWaitTimeout if ctx has none, returning
// the context's error.
func WaitFor(ctx context.Context, cond func(context.Context) (bool, error)) error {
	ctx, cancel := withDefaultTimeout(ctx)
	defer cancel()
	for {
		done, err := cond(ctx)
		if err != nil || done {
			return err
		}
		if err := sleep(ctx); err != nil {
			return err
		}
	}
}

func withDefaultTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, DefaultWaitTimeout)
}

func sleep(ctx context.Context) error {
	t := time.NewTimer(pollInterval)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

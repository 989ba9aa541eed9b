package chain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
)

// Client signs, broadcasts and confirms transactions of one key. It is safe
// for concurrent use; build it with New. Do not let two Clients (or any
// other sender) use the same key if you can avoid it: they work, but every
// collision costs a sequence-mismatch retry.
type Client struct {
	cfg     Config
	kr      keyring.Keyring
	txCfg   client.TxConfig
	addr    sdk.AccAddress
	txSvc   txtypes.ServiceClient
	authSvc authtypes.QueryClient
	logger  *slog.Logger
	onBcast func(*sdk.TxResponse)

	// mu serialises signing and broadcasting; it guards the fields below.
	mu     sync.Mutex
	synced bool // accNum and seq come from the chain
	accNum uint64
	seq    uint64 // sequence of the next transaction

	stats struct {
		broadcasts, mismatches, accountQueries atomic.Uint64
	}
}

// Option changes a Client built by New.
type Option func(*Client)

// WithLogger logs the client's retries and resyncs to l (nothing by
// default).
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.logger = l }
}

// WithBroadcastHook calls f, under the client's mutex, with the CheckTx
// response of every transaction the node accepted, before its inclusion is
// awaited; for metrics and tests. f must not call the Client.
func WithBroadcastHook(f func(*sdk.TxResponse)) Option {
	return func(c *Client) { c.onBcast = f }
}

// New builds the Client of cfg.KeyName in kr, talking to a node through
// conn. conn must marshal the SDK's gogoproto messages: a *grpc.ClientConn
// dialled with grpc.ForceCodec(codec.ProtoCodec.GRPCCodec()) (as
// testutil/network's GRPCConn is), or a client.Context with a node or gRPC
// client. txCfg is the application's TxConfig. New reads the key but does
// not contact the node; the account is queried by the first Submit.
func New(conn grpc.ClientConnInterface, txCfg client.TxConfig, kr keyring.Keyring, cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if conn == nil {
		return nil, errors.New("chain client: no gRPC connection")
	}
	if txCfg == nil {
		return nil, errors.New("chain client: no TxConfig")
	}
	if kr == nil {
		return nil, errors.New("chain client: no keyring")
	}
	rec, err := kr.Key(cfg.KeyName)
	if err != nil {
		return nil, fmt.Errorf("chain client: key %q: %w", cfg.KeyName, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return nil, fmt.Errorf("chain client: address of key %q: %w", cfg.KeyName, err)
	}
	c := &Client{
		cfg:     cfg,
		kr:      kr,
		txCfg:   txCfg,
		addr:    addr,
		txSvc:   txtypes.NewServiceClient(conn),
		authSvc: authtypes.NewQueryClient(conn),
		logger:  slog.New(slog.DiscardHandler),
	}
	for _, opt := range opts {
		opt(c)
	}
	return c, nil
}

// Address returns the signer's account address.
func (c *Client) Address() sdk.AccAddress { return c.addr }

// Sequence returns the cached sequence of the next transaction and whether
// it is known (false before the first Submit and after a failed broadcast,
// when the next Submit re-queries the account).
func (c *Client) Sequence() (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seq, c.synced
}

// Stats counts what a Client did since New.
type Stats struct {
	// Broadcasts is the number of broadcasts, accepted or not.
	Broadcasts uint64
	// SequenceMismatches is the number of "account sequence mismatch"
	// answers (in simulation or CheckTx) that led to a retry or an error.
	SequenceMismatches uint64
	// AccountQueries is the number of account number/sequence queries.
	AccountQueries uint64
}

// Stats returns the client's counters.
func (c *Client) Stats() Stats {
	return Stats{
		Broadcasts:         c.stats.broadcasts.Load(),
		SequenceMismatches: c.stats.mismatches.Load(),
		AccountQueries:     c.stats.accountQueries.Load(),
	}
}

// Submit signs msgs into one transaction, broadcasts it and waits until it
// is in a block, returning the included transaction's response.
//
// Signing and broadcasting hold the client's mutex; waiting does not, so
// concurrent Submits are broadcast one after another but wait together.
// Errors: a *SimulationError when simulation fails (nothing broadcast), a
// *TxError when CheckTx refuses the transaction or it fails in its block
// (the response is returned with it), an error wrapping ErrNotIncluded
// after Config.BroadcastTimeout, and one wrapping ctx.Err() when ctx ends
// while waiting (the transaction may still be included; the CheckTx
// response, with its hash, is returned with the error).
func (c *Client) Submit(ctx context.Context, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
	return c.SubmitRecorded(ctx, nil, msgs...)
}

// RecordFunc is called by SubmitRecorded, under the client's mutex, with
// each signed transaction's bytes, hash (upper-case hex, as the node
// reports it) and sequence just BEFORE it is broadcast. An error aborts
// the submission: nothing is broadcast and the sequence is unchanged. It
// must not call the Client.
type RecordFunc func(txBytes []byte, hash string, sequence uint64) error

// SubmitRecorded is Submit with record called before every broadcast
// (also before each re-signed retry after a sequence mismatch), so that a
// caller can persist the signed bytes and settle them after a crash.
func (c *Client) SubmitRecorded(ctx context.Context, record RecordFunc, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
	if len(msgs) == 0 {
		return nil, errors.New("chain client: no messages to submit")
	}
	res, err := c.broadcast(ctx, msgs, record)
	if err != nil {
		return res, err
	}
	return c.WaitForTx(ctx, res.TxHash)
}

// broadcast simulates, signs and broadcasts msgs at the cached sequence,
// resyncing and retrying on sequence mismatches.
func (c *Client) broadcast(ctx context.Context, msgs []sdk.Msg, record RecordFunc) (*sdk.TxResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()

	for attempt := 0; ; attempt++ {
		if !c.synced {
			if err := c.queryAccount(ctx); err != nil {
				return nil, err
			}
		}
		txBytes, err := c.signedTx(ctx, msgs)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("preparing tx: %w", ctx.Err())
			}
			if expected, ok := sequenceMismatch(err.Error()); ok {
				if merr := c.onMismatch(ctx, attempt, expected, "simulation"); merr != nil {
					return nil, fmt.Errorf("%v: %w", merr, err)
				}
				continue
			}
			return nil, err
		}

		if record != nil {
			if err := record(txBytes, TxHash(txBytes), c.seq); err != nil {
				return nil, fmt.Errorf("recording tx before broadcast: %w", err)
			}
		}
		c.stats.broadcasts.Add(1)
		resp, err := c.txSvc.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: txBytes, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
		if err != nil {
			// The node may or may not have the transaction: ask the chain
			// for the sequence next time.
			c.synced = false
			if ctx.Err() != nil {
				return nil, fmt.Errorf("broadcasting tx: %w", ctx.Err())
			}
			return nil, fmt.Errorf("broadcasting tx: %w", err)
		}
		r := resp.TxResponse
		if r == nil {
			c.synced = false
			return nil, errors.New("broadcasting tx: empty response")
		}
		if r.Code == 0 {
			c.seq++
			if c.onBcast != nil {
				c.onBcast(r)
			}
			return r, nil
		}
		if r.Codespace == sdkerrors.RootCodespace && r.Code == sdkerrors.ErrWrongSequence.ABCICode() {
			expected, ok := sequenceMismatch(r.RawLog)
			if !ok {
				expected = -1
			}
			if err := c.onMismatch(ctx, attempt, expected, "CheckTx"); err != nil {
				return r, fmt.Errorf("%v: %w", err, newTxError(StageCheckTx, r))
			}
			continue
		}
		return r, newTxError(StageCheckTx, r)
	}
}

// TxHash is the hash of a signed transaction as the node reports it
// (upper-case hex of its SHA-256).
func TxHash(txBytes []byte) string {
	h := sha256.Sum256(txBytes)
	return strings.ToUpper(hex.EncodeToString(h[:]))
}

// Rebroadcast broadcasts already signed bytes again (sync mode), e.g. an
// outbox entry after a restart, and returns the CheckTx response (with a
// *TxError if refused). It does not sign anything; the cached sequence is
// dropped so the next Submit re-queries the account.
func (c *Client) Rebroadcast(ctx context.Context, txBytes []byte) (*sdk.TxResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.synced = false
	c.stats.broadcasts.Add(1)
	resp, err := c.txSvc.BroadcastTx(ctx, &txtypes.BroadcastTxRequest{TxBytes: txBytes, Mode: txtypes.BroadcastMode_BROADCAST_MODE_SYNC})
	if err != nil {
		return nil, fmt.Errorf("rebroadcasting tx: %w", err)
	}
	r := resp.TxResponse
	if r == nil {
		return nil, errors.New("rebroadcasting tx: empty response")
	}
	if r.Code != 0 {
		return r, newTxError(StageCheckTx, r)
	}
	return r, nil
}

// onMismatch records a sequence mismatch and resyncs: to expected when the
// node said it (≥ 0), else by querying the account. It returns an error
// when the retries are used up.
func (c *Client) onMismatch(ctx context.Context, attempt int, expected int64, where string) error {
	c.stats.mismatches.Add(1)
	if attempt >= c.cfg.MaxSequenceRetries {
		c.synced = false
		return fmt.Errorf("account sequence mismatch in %s after %d retries", where, attempt)
	}
	c.logger.Warn("account sequence mismatch, resyncing", "where", where, "cached", c.seq, "expected", expected, "attempt", attempt+1)
	if expected >= 0 {
		c.seq = uint64(expected)
		return nil
	}
	return c.queryAccount(ctx)
}

// queryAccount loads the account number and committed sequence.
func (c *Client) queryAccount(ctx context.Context) error {
	c.stats.accountQueries.Add(1)
	res, err := c.authSvc.AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: c.addr.String()})
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("querying account %s: %w", c.addr, ctx.Err())
		}
		if status.Code(err) == codes.NotFound {
			return fmt.Errorf("account %s of key %q does not exist on chain (fund it first): %w", c.addr, c.cfg.KeyName, err)
		}
		return fmt.Errorf("querying account %s: %w", c.addr, err)
	}
	if res.Info == nil {
		return fmt.Errorf("querying account %s: empty answer", c.addr)
	}
	c.accNum, c.seq, c.synced = res.Info.AccountNumber, res.Info.Sequence, true
	return nil
}

// signedTx returns the encoded transaction of msgs at the cached sequence,
// with its gas simulated unless Config.GasLimit fixes it.
func (c *Client) signedTx(ctx context.Context, msgs []sdk.Msg) ([]byte, error) {
	txf := clienttx.Factory{}.
		WithTxConfig(c.txCfg).
		WithKeybase(c.kr).
		WithFromName(c.cfg.KeyName).
		WithChainID(c.cfg.ChainID).
		WithAccountNumber(c.accNum).
		WithSequence(c.seq).
		WithSignMode(signing.SignMode_SIGN_MODE_DIRECT).
		WithGasAdjustment(c.cfg.GasAdjustment).
		WithMemo(c.cfg.Memo).
		// The simulated transaction carries the signer's real public key.
		WithSimulateAndExecute(true)
	// Validate checked both strings.
	if c.cfg.GasPrices != "" {
		txf = txf.WithGasPrices(c.cfg.GasPrices)
	}
	if c.cfg.Fees != "" {
		txf = txf.WithFees(c.cfg.Fees)
	}

	gas := c.cfg.GasLimit
	if gas == 0 {
		used, err := c.simulate(ctx, txf, msgs)
		if err != nil {
			return nil, err
		}
		gas = uint64(c.cfg.GasAdjustment * float64(used))
	}
	txf = txf.WithGas(gas)

	builder, err := txf.BuildUnsignedTx(msgs...)
	if err != nil {
		return nil, fmt.Errorf("building tx: %w", err)
	}
	if err := clienttx.Sign(ctx, txf, c.cfg.KeyName, builder, true); err != nil {
		return nil, fmt.Errorf("signing tx with %q: %w", c.cfg.KeyName, err)
	}
	txBytes, err := c.txCfg.TxEncoder()(builder.GetTx())
	if err != nil {
		return nil, fmt.Errorf("encoding tx: %w", err)
	}
	return txBytes, nil
}

// simulate returns the gas msgs use at txf's sequence.
func (c *Client) simulate(ctx context.Context, txf clienttx.Factory, msgs []sdk.Msg) (uint64, error) {
	simBytes, err := txf.BuildSimTx(msgs...)
	if err != nil {
		return 0, fmt.Errorf("building simulation tx: %w", err)
	}
	res, err := c.txSvc.Simulate(ctx, &txtypes.SimulateRequest{TxBytes: simBytes})
	if err != nil {
		return 0, &SimulationError{Err: err}
	}
	if res.GasInfo == nil {
		return 0, &SimulationError{Err: errors.New("no gas info in the simulation response")}
	}
	return res.GasInfo.GasUsed, nil
}

// WaitForTx polls the node for the transaction hash (hex) every
// Config.PollInterval until it is in a block, and returns its response (and
// a *TxError when it failed there). It gives up after
// Config.BroadcastTimeout (an error wrapping ErrNotIncluded) or when ctx
// ends (an error wrapping ctx.Err()).
func (c *Client) WaitForTx(ctx context.Context, hash string) (*sdk.TxResponse, error) {
	timer := time.NewTimer(c.cfg.BroadcastTimeout)
	defer timer.Stop()
	tick := time.NewTicker(c.cfg.PollInterval)
	defer tick.Stop()

	var lastErr error
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("tx %s: waiting for inclusion: %w", hash, err)
		}
		res, err := c.txSvc.GetTx(ctx, &txtypes.GetTxRequest{Hash: hash})
		switch {
		case err == nil && res.TxResponse != nil:
			if res.TxResponse.Code != 0 {
				return res.TxResponse, newTxError(StageDeliverTx, res.TxResponse)
			}
			return res.TxResponse, nil
		case err != nil:
			if ctx.Err() != nil {
				return nil, fmt.Errorf("tx %s: waiting for inclusion: %w", hash, ctx.Err())
			}
			lastErr = err
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("tx %s: waiting for inclusion: %w", hash, ctx.Err())
		case <-timer.C:
			return nil, fmt.Errorf("tx %s: %w after %v (last query error: %v)", hash, ErrNotIncluded, c.cfg.BroadcastTimeout, lastErr)
		case <-tick.C:
		}
	}
}

// mismatchRE matches the SDK's sequence mismatch message
// (x/auth/ante/sigverify.go).
var mismatchRE = regexp.MustCompile(`account sequence mismatch, expected (\d+), got (\d+)`)

// sequenceMismatch reports whether msg is a sequence mismatch and the
// sequence the chain expects.
func sequenceMismatch(msg string) (int64, bool) {
	m := mismatchRE.FindStringSubmatch(msg)
	if m == nil {
		return 0, false
	}
	expected, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return -1, true
	}
	return expected, true
}

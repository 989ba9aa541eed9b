// Package daemon runs the sidecar's roles (`litegpt-sidecar start`): one
// ordered block stream from the node, a handler per block for each role,
// every transaction through the state store's outbox so that a restart
// neither loses nor repeats one, and the cursor persisted after each fully
// handled block. v1 implements the router and verifier roles.
package daemon

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/litegpt/litegpt/sidecar/chain"
	"github.com/litegpt/litegpt/sidecar/chainevents"
	"github.com/litegpt/litegpt/sidecar/config"
	"github.com/litegpt/litegpt/sidecar/router"
	"github.com/litegpt/litegpt/sidecar/state"
	"github.com/litegpt/litegpt/x/pog/sortition"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
)

// Roles implemented by this version.
const (
	RoleRouter   = "router"
	RoleVerifier = "verifier"
)

// CheckRoles refuses roles this version of start does not implement.
func CheckRoles(roles []string) error {
	if len(roles) == 0 {
		return errors.New("no roles configured: set roles = [\"router\"] and/or [\"verifier\"]")
	}
	for _, r := range roles {
		if r != RoleRouter && r != RoleVerifier {
			return fmt.Errorf("role %s is not implemented by this version of start (implemented: %s, %s)", r, RoleRouter, RoleVerifier)
		}
	}
	return nil
}

// Options are what Run needs besides the config.
type Options struct {
	// Config is the loaded sidecar.toml.
	Config config.Config
	// Conn is the node's gRPC connection (SDK codec); Run dials
	// Config.Chain.GRPC when nil.
	Conn grpc.ClientConnInterface
	// TxConfig and Keyring: the application's and the signer's; Run
	// builds them from the config when nil.
	TxConfig client.TxConfig
	Keyring  keyring.Keyring
	// Logger (slog.Default() when nil).
	Logger *slog.Logger
	// BalanceEvery is how often (in blocks) the balance gauge is read;
	// 10 when 0.
	BalanceEvery int64
	// PollInterval of the event stream and of the chain client (1s and
	// 200ms when 0).
	PollInterval time.Duration
	// OnBlock, if set, is called after each block is fully handled and
	// its cursor persisted (for tests).
	OnBlock func(height int64)
	// OnRecord, if set, is called with each outbox entry recorded.
	OnRecord func(purpose, hash string, sequence uint64)
	// Metrics, if set, is the registry the metrics are registered in (a
	// fresh one when nil).
	Metrics *prometheus.Registry
}

type metrics struct {
	blocks, txsSent, txsFailed, matches, commits, reveals prometheus.Counter
	balance                                               prometheus.Gauge
}

func newMetrics(reg *prometheus.Registry) *metrics {
	c := func(name, help string) prometheus.Counter {
		m := prometheus.NewCounter(prometheus.CounterOpts{Namespace: "litegpt_sidecar", Name: name, Help: help})
		reg.MustRegister(m)
		return m
	}
	m := &metrics{
		blocks:    c("blocks_handled_total", "Blocks fully handled."),
		txsSent:   c("txs_sent_total", "Transactions included."),
		txsFailed: c("txs_failed_total", "Transactions that failed or were refused."),
		matches:   c("matches_total", "Router matches included."),
		commits:   c("beacon_commits_total", "Beacon commits included."),
		reveals:   c("beacon_reveals_total", "Beacon reveals included."),
		balance:   prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "litegpt_sidecar", Name: "balance_ulgpt", Help: "The account's ulgpt balance."}),
	}
	reg.MustRegister(m.balance)
	return m
}

// daemon is one run.
type daemon struct {
	opts   Options
	cfg    config.Config
	log    *slog.Logger
	store  *state.Store
	client *chain.Client
	conn   grpc.ClientConnInterface
	router *router.Router
	verify bool
	m      *metrics
	// revealed: rounds whose reveal this run already sent.
	revealed map[uint64]bool
}

// Run starts the configured roles and runs until ctx ends (nil then) or
// something fatal happens. The block being handled when ctx ends finishes
// first (its transactions are in the outbox); the store is closed on
// return.
func Run(ctx context.Context, opts Options) (err error) {
	cfg := opts.Config
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := CheckRoles(cfg.Roles); err != nil {
		return err
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	d := &daemon{opts: opts, cfg: cfg, log: log, revealed: map[uint64]bool{}}
	if err := d.setup(); err != nil {
		return err
	}
	defer func() {
		if cerr := d.store.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()

	reg := opts.Metrics
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	d.m = newMetrics(reg)
	if cfg.Metrics.Listen != "" {
		stop, err := serveMetrics(cfg.Metrics.Listen, reg, log)
		if err != nil {
			return err
		}
		defer stop()
	}

	log.Info("sidecar starting", "roles", strings.Join(cfg.Roles, ","), "account", d.client.Address().String(), "chain_id", cfg.Chain.ChainID)
	if err := d.settle(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	from, err := d.store.Cursor()
	if err != nil {
		return err
	}
	poll := opts.PollInterval
	if poll == 0 {
		poll = time.Second
	}
	stream, err := chainevents.New(cfg.Chain.RPC, chainevents.WithPollInterval(poll), chainevents.WithLogger(log.With("component", "events")))
	if err != nil {
		return fmt.Errorf("event stream of %s: %w", cfg.Chain.RPC, err)
	}
	log.Info("following the chain", "rpc", cfg.Chain.RPC, "from_height", from)
	// The handler runs with a context that ends only after ctx: the block
	// in hand finishes even after a signal.
	hctx := context.WithoutCancel(ctx)
	err = stream.Run(ctx, from, func(b chainevents.Block) error { return d.handle(hctx, b.Height) })
	if ctx.Err() != nil {
		log.Info("sidecar stopped", "cursor", stream.LastHeight())
		return nil
	}
	return err
}

func serveMetrics(addr string, reg *prometheus.Registry, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics.listen %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}

// handle runs every role on block h, then persists the cursor.
func (d *daemon) handle(ctx context.Context, h int64) error {
	if d.router != nil {
		d.routeBlock(ctx, h)
	}
	if d.verify {
		d.beaconBlock(ctx, h)
	}
	every := d.opts.BalanceEvery
	if every <= 0 {
		every = 10
	}
	if h%every == 0 {
		d.readBalance(ctx)
	}
	if err := d.store.SetCursor(h); err != nil {
		return err
	}
	d.m.blocks.Inc()
	if d.opts.OnBlock != nil {
		d.opts.OnBlock(h)
	}
	return nil
}

func (d *daemon) readBalance(ctx context.Context) {
	res, err := banktypes.NewQueryClient(d.conn).Balance(ctx, &banktypes.QueryBalanceRequest{Address: d.client.Address().String(), Denom: "ulgpt"})
	if err != nil {
		d.log.Warn("reading the balance", "err", err)
		return
	}
	d.m.balance.Set(float64(res.Balance.Amount.Int64()))
}

// routeBlock plans and submits this block's matches.
func (d *daemon) routeBlock(ctx context.Context, h int64) {
	plan, err := d.router.Plan(ctx, h)
	if err != nil {
		d.log.Warn("router: planning", "height", h, "err", err)
		return
	}
	for _, m := range plan {
		purpose := fmt.Sprintf("match bid %d offer %d", m.BidId, m.OfferId)
		if _, err := d.send(ctx, purpose, m); err == nil {
			d.m.matches.Inc()
			d.log.Info("router: matched", "bid", m.BidId, "offer", m.OfferId, "leaves", m.Leaves)
		}
	}
}

// beaconBlock commits or reveals this round's secret as due.
func (d *daemon) beaconBlock(ctx context.Context, h int64) {
	res, err := pogtypes.NewQueryClient(d.conn).Beacon(ctx, &pogtypes.QueryBeaconRequest{})
	if err != nil {
		d.log.Warn("verifier: beacon query", "err", err)
		return
	}
	clk := res.Clock
	me := d.client.Address()
	var mine *pogtypes.BeaconEntry
	for i := range res.Entries {
		if res.Entries[i].Round == clk.Round && res.Entries[i].Verifier == me.String() {
			mine = &res.Entries[i]
		}
	}
	commitEnd := clk.RoundStartHeight + int64(clk.RoundBlocks/2)
	end := clk.RoundStartHeight + int64(clk.RoundBlocks)
	// A transaction sent now is simulated at h and lands at h+1 or later.
	next := h + 1
	stored, serr := d.store.BeaconSecret(d.cfg.Chain.ChainID, clk.Round)
	switch {
	case next < commitEnd && mine == nil:
		if serr == nil {
			return // committed (or trying to) already: the outbox settles it
		}
		if !errors.Is(serr, state.ErrNotFound) {
			d.log.Warn("verifier: reading the secret", "err", serr)
			return
		}
		var secret [32]byte
		if _, err := rand.Read(secret[:]); err != nil {
			d.log.Error("verifier: drawing a secret", "err", err)
			return
		}
		// The secret is durable before the commitment is signed.
		if err := d.store.PutBeaconSecret(d.cfg.Chain.ChainID, clk.Round, secret[:]); err != nil {
			d.log.Error("verifier: storing the secret", "err", err)
			return
		}
		c := sortition.CommitHash(d.cfg.Chain.ChainID, clk.Round, me, secret)
		if _, err := d.send(ctx, fmt.Sprintf("beacon commit %d", clk.Round),
			&pogtypes.MsgCommitBeacon{Verifier: me.String(), Round: clk.Round, Commitment: c[:]}); err == nil {
			d.m.commits.Inc()
			d.log.Info("verifier: beacon committed", "round", clk.Round)
		}
	case h >= commitEnd && next < end && mine != nil && len(mine.Secret) == 0 && !d.revealed[clk.Round]:
		if serr != nil || len(stored) != 32 {
			d.log.Warn("verifier: committed but no secret stored for the round", "round", clk.Round, "err", serr)
			return
		}
		_, err := d.send(ctx, fmt.Sprintf("beacon reveal %d", clk.Round),
			&pogtypes.MsgRevealBeacon{Verifier: me.String(), Round: clk.Round, Secret: stored})
		var simErr *chain.SimulationError
		if !errors.As(err, &simErr) { // broadcast: never sign a second reveal
			d.revealed[clk.Round] = true
		}
		if err == nil {
			d.m.reveals.Inc()
			d.log.Info("verifier: beacon revealed", "round", clk.Round)
		}
	}
}

// send submits msgs through the outbox: each signed transaction is
// recorded before its broadcast and resolved when its fate is known;
// a transaction whose fate is unknown (ctx ended, not included in time)
// stays pending for the next start to settle.
func (d *daemon) send(ctx context.Context, purpose string, msgs ...sdk.Msg) (*sdk.TxResponse, error) {
	var id uint64
	record := func(tx []byte, hash string, seq uint64) error {
		if id != 0 { // re-signed after a sequence mismatch: the old one was refused
			if err := d.store.Resolve(id, state.StatusAbandoned, 0, "re-signed after a sequence mismatch"); err != nil {
				return err
			}
		}
		var err error
		if id, err = d.store.Record(purpose, tx, hash, seq); err != nil {
			return err
		}
		if d.opts.OnRecord != nil {
			d.opts.OnRecord(purpose, hash, seq)
		}
		return nil
	}
	res, err := d.client.SubmitRecorded(ctx, record, msgs...)
	var txErr *chain.TxError
	switch {
	case err == nil:
		d.m.txsSent.Inc()
		return res, d.resolve(id, state.StatusIncluded, res.Height, "")
	case errors.As(err, &txErr) && txErr.Stage == chain.StageDeliverTx:
		d.m.txsFailed.Inc()
		_ = d.resolve(id, state.StatusIncluded, txErr.Height, "failed: "+txErr.Log)
	case errors.As(err, &txErr) || errors.As(err, new(*chain.SimulationError)):
		d.m.txsFailed.Inc()
		_ = d.resolve(id, state.StatusAbandoned, 0, err.Error())
	default:
		d.m.txsFailed.Inc() // unknown fate: stays pending if recorded
	}
	d.log.Warn("tx failed", "purpose", purpose, "err", err)
	return res, err
}

func (d *daemon) resolve(id uint64, st state.Status, h int64, reason string) error {
	if id == 0 {
		return nil
	}
	if err := d.store.Resolve(id, st, h, reason); err != nil {
		d.log.Error("outbox: resolving", "id", id, "err", err)
		return err
	}
	return nil
}

// settle resolves every pending outbox entry before anything new is
// signed: included on chain -> included; unknown -> the same bytes again;
// refused (its sequence used by another) -> abandoned.
func (d *daemon) settle(ctx context.Context) error {
	pending, err := d.store.Pending()
	if err != nil {
		return err
	}
	txSvc := txtypes.NewServiceClient(d.conn)
	for _, e := range pending {
		log := d.log.With("outbox_id", e.ID, "purpose", e.Purpose, "hash", e.Hash, "sequence", e.Sequence)
		for {
			if r, err := txSvc.GetTx(ctx, &txtypes.GetTxRequest{Hash: e.Hash}); err == nil && r.TxResponse != nil {
				log.Info("outbox: found on chain", "height", r.TxResponse.Height)
				if err := d.store.Resolve(e.ID, state.StatusIncluded, r.TxResponse.Height, ""); err != nil {
					return err
				}
				break
			}
			_, err := d.client.Rebroadcast(ctx, e.Tx)
			var txErr *chain.TxError
			switch {
			case err == nil, errors.As(err, &txErr) && txErr.Codespace == sdkerrors.RootCodespace && txErr.Code == sdkerrors.ErrTxInMempoolCache.ABCICode():
				log.Info("outbox: rebroadcast, waiting for inclusion")
				r, werr := d.client.WaitForTx(ctx, e.Hash)
				if werr != nil && r == nil {
					if ctx.Err() != nil {
						return ctx.Err()
					}
					continue // look again
				}
				if err := d.store.Resolve(e.ID, state.StatusIncluded, r.Height, ""); err != nil {
					return err
				}
			case errors.As(err, &txErr):
				log.Warn("outbox: abandoned", "reason", txErr.Log)
				if err := d.store.Resolve(e.ID, state.StatusAbandoned, 0, txErr.Log); err != nil {
					return err
				}
			default:
				if ctx.Err() != nil {
					return ctx.Err()
				}
				log.Warn("outbox: node unreachable, retrying", "err", err)
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(time.Second):
				}
				continue
			}
			break
		}
	}
	return nil
}

package daemon_test

import (
	"context"
	"crypto/ecdh"
	"crypto/hpke"
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	libp2pcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/sidecar/config"
	"github.com/litegpt/litegpt/sidecar/daemon"
	"github.com/litegpt/litegpt/testutil/network"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

var net *network.Network

var minBond = math.NewInt(1_000_000)

// TestMain starts one validator with zero gas prices, small role bonds
// and a fast beacon: rounds of 8 blocks (commit window 4), one reveal
// enough.
func TestMain(m *testing.M) {
	cfg := network.DefaultConfig()
	cfg.MinGasPrices = "0" + app.BondDenom
	cdc := cfg.Codec
	var stake staketypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[staketypes.ModuleName], &stake)
	for i := range stake.Params.RoleMinimums {
		stake.Params.RoleMinimums[i].MinBond = minBond
	}
	cfg.GenesisState[staketypes.ModuleName] = cdc.MustMarshalJSON(&stake)
	var pog pogtypes.GenesisState
	cdc.MustUnmarshalJSON(cfg.GenesisState[pogtypes.ModuleName], &pog)
	pog.Params.BeaconBlocks, pog.Params.BeaconMinReveals = 8, 1
	pog.Clock = pogtypes.StartClock(1, pog.Params)
	if err := pog.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, "pog genesis:", err)
		os.Exit(1)
	}
	cfg.GenesisState[pogtypes.ModuleName] = cdc.MustMarshalJSON(&pog)
	var err error
	if net, err = network.New(network.StdLogger{}, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "starting the test network:", err)
		os.Exit(1)
	}
	code := m.Run()
	net.Cleanup()
	os.Exit(code)
}

// newParticipant makes a key, funds it and registers it bonded for role.
func newParticipant(t *testing.T, ctx context.Context, name string, role staketypes.Role) sdk.AccAddress {
	t.Helper()
	val := net.Validators[0]
	rec, _, err := val.ClientCtx.Keyring.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	require.NoError(t, err)
	addr, err := rec.GetAddress()
	require.NoError(t, err)
	_, err = network.SendTx(ctx, val.ClientCtx, val.Moniker, []sdk.Msg{banktypes.NewMsgSend(val.Address, addr, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, 5_000_000)))})
	require.NoError(t, err)
	hk, err := hpke.DHKEM(ecdh.X25519()).GenerateKey()
	require.NoError(t, err)
	_, pub, err := libp2pcrypto.GenerateEd25519Key(rand.Reader)
	require.NoError(t, err)
	id, err := peer.IDFromPublicKey(pub)
	require.NoError(t, err)
	_, err = network.SendTx(ctx, val.ClientCtx, name, []sdk.Msg{&staketypes.MsgRegisterParticipant{
		Owner: addr.String(), Endpoint: "/ip4/127.0.0.1/tcp/4001/p2p/" + id.String(), HpkePublicKey: hk.PublicKey().Bytes(),
		Profile: staketypes.DeviceProfile{MemoryBytes: 8 << 30, MilliTflops: 10_000, BandwidthBps: 100_000_000},
		Role:    role, Bond: sdk.NewCoin(app.BondDenom, minBond),
	}})
	require.NoError(t, err)
	return addr
}

// daemonConfig is a config of roles for key, its store in dir.
func daemonConfig(key, dir string, roles ...string) config.Config {
	val := net.Validators[0]
	c := config.Default()
	c.Roles = roles
	c.Chain.ChainID = val.ClientCtx.ChainID
	c.Chain.KeyName = key
	c.Chain.GasPrices = ""
	c.Chain.RPC = strings.Replace(val.RPCAddress, "0.0.0.0", "127.0.0.1", 1)
	c.Store.Dir = dir
	c.Metrics.Listen = ""
	return c
}

// run is a daemon running in the background until stop.
type run struct {
	cancel context.CancelFunc
	done   chan error
}

func start(t *testing.T, cfg config.Config, o daemon.Options) *run {
	t.Helper()
	val := net.Validators[0]
	o.Config, o.Conn, o.TxConfig, o.Keyring = cfg, net.GRPCConn(), val.ClientCtx.TxConfig, val.ClientCtx.Keyring
	o.PollInterval = 100 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	r := &run{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- daemon.Run(ctx, o) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

func (r *run) stop(t *testing.T) {
	r.cancel()
	select {
	case err := <-r.done:
		require.NoError(t, err)
		r.done <- nil // later stops return at once
	case <-time.After(20 * time.Second):
		t.Fatal("daemon did not stop")
	}
}

// recorder counts handled heights and outbox purposes of all runs.
type recorder struct {
	mu       sync.Mutex
	heights  map[int64]int
	purposes map[string]int
}

func newRecorder() *recorder {
	return &recorder{heights: map[int64]int{}, purposes: map[string]int{}}
}

func (r *recorder) options() daemon.Options {
	return daemon.Options{
		OnBlock:  func(h int64) { r.mu.Lock(); r.heights[h]++; r.mu.Unlock() },
		OnRecord: func(p, _ string, _ uint64) { r.mu.Lock(); r.purposes[p]++; r.mu.Unlock() },
	}
}

func (r *recorder) count(prefix string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for p := range r.purposes {
		if strings.HasPrefix(p, prefix) {
			n++
		}
	}
	return n
}

func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

package chain_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/sidecar/chain"
	"github.com/litegpt/litegpt/testutil/network"
)

var net *network.Network

// TestMain starts the package's one-validator network; validators accept
// a zero gas price, so clients may pay no fee.
func TestMain(m *testing.M) {
	cfg := network.DefaultConfig()
	cfg.MinGasPrices = "0" + app.BondDenom
	var err error
	net, err = network.New(network.StdLogger{}, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the test network:", err)
		os.Exit(1)
	}
	code := m.Run()
	net.Cleanup()
	os.Exit(code)
}

// keyCounter makes key names unique across tests.
var keyCounter atomic.Int64

// newKeys adds n fresh keys named after the test to the validator's
// keyring and funds each with funds ulgpt (if funds > 0) in one
// transaction from the validator. It returns the key names and addresses.
func newKeys(t *testing.T, ctx context.Context, n int, funds int64) ([]string, []sdk.AccAddress) {
	t.Helper()
	val := net.Validators[0]
	names := make([]string, n)
	addrs := make([]sdk.AccAddress, n)
	var msgs []sdk.Msg
	for i := range n {
		names[i] = fmt.Sprintf("%s-%d", strings.ReplaceAll(t.Name(), "/", "-"), keyCounter.Add(1))
		rec, _, err := val.ClientCtx.Keyring.NewMnemonic(names[i], keyring.English, sdk.FullFundraiserPath, keyring.DefaultBIP39Passphrase, hd.Secp256k1)
		require.NoError(t, err)
		addrs[i], err = rec.GetAddress()
		require.NoError(t, err)
		msgs = append(msgs, sendMsg(val.Address, addrs[i], funds))
	}
	if funds > 0 {
		_, err := network.SendTx(ctx, val.ClientCtx, val.Moniker, msgs)
		require.NoError(t, err)
	}
	return names, addrs
}

// newClient builds a Client of key through the network's gRPC connection,
// with the default config changed by edit (if not nil).
func newClient(t *testing.T, key string, edit func(*chain.Config), opts ...chain.Option) *chain.Client {
	t.Helper()
	val := net.Validators[0]
	cfg := chain.DefaultConfig()
	cfg.ChainID = val.ClientCtx.ChainID
	cfg.KeyName = key
	cfg.PollInterval = 50 * time.Millisecond
	cfg.BroadcastTimeout = 20 * time.Second
	if edit != nil {
		edit(&cfg)
	}
	c, err := chain.New(net.GRPCConn(), val.ClientCtx.TxConfig, val.ClientCtx.Keyring, cfg, opts...)
	require.NoError(t, err)
	return c
}

func sendMsg(from, to sdk.AccAddress, amount int64) sdk.Msg {
	return banktypes.NewMsgSend(from, to, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, amount)))
}

func balance(t *testing.T, ctx context.Context, addr sdk.AccAddress) math.Int {
	t.Helper()
	res, err := banktypes.NewQueryClient(net.GRPCConn()).Balance(ctx, &banktypes.QueryBalanceRequest{Address: addr.String(), Denom: app.BondDenom})
	require.NoError(t, err)
	return res.Balance.Amount
}

// chainSequence is the account's committed sequence.
func chainSequence(t *testing.T, ctx context.Context, addr sdk.AccAddress) uint64 {
	t.Helper()
	res, err := authtypes.NewQueryClient(net.GRPCConn()).AccountInfo(ctx, &authtypes.QueryAccountInfoRequest{Address: addr.String()})
	require.NoError(t, err)
	return res.Info.Sequence
}

// decodeTx decodes an included transaction of a TxResponse.
func decodeTx(t *testing.T, res *sdk.TxResponse) *txtypes.Tx {
	t.Helper()
	require.NotNil(t, res.Tx)
	var tx txtypes.Tx
	require.NoError(t, tx.Unmarshal(res.Tx.Value))
	return &tx
}

// txSequence is the signer's sequence in an included transaction.
func txSequence(t *testing.T, res *sdk.TxResponse) uint64 {
	t.Helper()
	return decodeTx(t, res).AuthInfo.SignerInfos[0].Sequence
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	t.Cleanup(cancel)
	return ctx
}

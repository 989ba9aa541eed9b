package networktest

import (
	"context"
	"crypto/ecdh"
	"crypto/hpke"
	"crypto/rand"
	"strconv"
	"testing"

	libp2pcrypto "github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/metadata"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"
	sdk "github.com/cosmos/cosmos-sdk/types"
	grpctypes "github.com/cosmos/cosmos-sdk/types/grpc"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/litegpt/litegpt/app"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// account is a key of the validator's keyring with the HPKE key pair it
// registers in x/stake.
type account struct {
	name string
	addr sdk.AccAddress
	hpke hpke.PrivateKey
}

// newKey adds a fresh secp256k1 key named name to the validator's keyring
// and draws an X25519 HPKE key pair for it.
func newKey(t *testing.T, name string) account {
	t.Helper()
	rec, _, err := net.Validators[0].ClientCtx.Keyring.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath,
		keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	require.NoError(t, err, "creating key %s", name)
	addr, err := rec.GetAddress()
	require.NoError(t, err)
	key, err := hpke.DHKEM(ecdh.X25519()).GenerateKey()
	require.NoError(t, err)
	return account{name: name, addr: addr, hpke: key}
}

// registerMsg registers a as a participant bonded minBond for role, with
// its HPKE public key and a libp2p endpoint of a fresh peer id.
func (a account) registerMsg(t *testing.T, role staketypes.Role) *staketypes.MsgRegisterParticipant {
	t.Helper()
	_, pub, err := libp2pcrypto.GenerateEd25519Key(rand.Reader)
	require.NoError(t, err)
	id, err := peer.IDFromPublicKey(pub)
	require.NoError(t, err)
	return &staketypes.MsgRegisterParticipant{
		Owner:         a.addr.String(),
		Endpoint:      "/ip4/127.0.0.1/tcp/4001/p2p/" + id.String(),
		HpkePublicKey: a.hpke.PublicKey().Bytes(),
		Profile:       staketypes.DeviceProfile{MemoryBytes: 8 << 30, MilliTflops: 10_000, BandwidthBps: 100_000_000},
		Role:          role,
		Bond:          sdk.NewCoin(app.BondDenom, minBond),
	}
}

// fundMsg sends amount ulgpt from the validator to addr.
func fundMsg(addr sdk.AccAddress, amount int64) sdk.Msg {
	return banktypes.NewMsgSend(net.Validators[0].Address, addr, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, amount)))
}

// participants are the accounts of the test, each bonded for its role.
type participants struct {
	builder  account // BUILDER: creates the task and registers the model
	seller   account // DATA_NODE: sells the leaves
	learner  account // LEARNER: buys them, trains, proves and submits
	router   account // ROUTER: matches the orders
	verifier account // VERIFIER: the beacon and the poll
}

// participantFunds is what each participant gets from the validator, in
// ulgpt: a bond, the builder's task fee and model deposit, the learner's
// bid escrow, with room to spare.
const participantFunds = 5_000_000

// newParticipants creates, funds (one transaction from the validator) and
// registers (one transaction each, in parallel) the test's accounts.
func newParticipants(t *testing.T, ctx context.Context) participants {
	t.Helper()
	p := participants{
		builder: newKey(t, "builder"), seller: newKey(t, "seller"), learner: newKey(t, "learner"),
		router: newKey(t, "router"), verifier: newKey(t, "verifier"),
	}
	all := []struct {
		a    account
		role staketypes.Role
	}{
		{p.builder, staketypes.RoleBuilder}, {p.seller, staketypes.RoleDataNode}, {p.learner, staketypes.RoleLearner},
		{p.router, staketypes.RoleRouter}, {p.verifier, staketypes.RoleVerifier},
	}
	var funding []sdk.Msg
	registrations := make([]tx, len(all))
	for i, x := range all {
		funding = append(funding, fundMsg(x.a.addr, participantFunds))
		registrations[i] = tx{x.a.name, []sdk.Msg{x.a.registerMsg(t, x.role)}}
	}
	sendTx(t, ctx, net.Validators[0].Moniker, funding...)
	sendParallel(t, ctx, registrations...)
	return p
}

// atHeight makes the gRPC queries of ctx read the state after block h.
func atHeight(ctx context.Context, h int64) context.Context {
	return metadata.AppendToOutgoingContext(ctx, grpctypes.GRPCBlockHeightHeader, strconv.FormatInt(h, 10))
}

// balance is addr's ulgpt balance in the state ctx queries.
func balance(t *testing.T, ctx context.Context, addr sdk.AccAddress) math.Int {
	t.Helper()
	res, err := banktypes.NewQueryClient(net.GRPCConn()).Balance(ctx, &banktypes.QueryBalanceRequest{Address: addr.String(), Denom: app.BondDenom})
	require.NoError(t, err)
	return res.Balance.Amount
}

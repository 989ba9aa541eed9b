package networktest

import (
	"context"
	"crypto/ecdh"
	"crypto/hpke"
	"crypto/rand"
	"fmt"
	"strings"
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
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// account is a key of the validator's keyring with the HPKE key pair it
// registers in x/stake (its sidecar's transport key).
type account struct {
	name string
	addr sdk.AccAddress
	hpke hpke.PrivateKey
}

// hpkeKEM is the KEM of participants' transport keys: DHKEM(X25519), the
// key type x/stake accepts.
var hpkeKEM = hpke.DHKEM(ecdh.X25519())

// newKey adds a fresh secp256k1 key named name to the validator's keyring
// and draws an X25519 HPKE key pair for it.
func newKey(name string) (account, error) {
	rec, _, err := net.Validators[0].ClientCtx.Keyring.NewMnemonic(name, keyring.English, sdk.FullFundraiserPath,
		keyring.DefaultBIP39Passphrase, hd.Secp256k1)
	if err != nil {
		return account{}, fmt.Errorf("creating key %s: %w", name, err)
	}
	addr, err := rec.GetAddress()
	if err != nil {
		return account{}, err
	}
	key, err := hpkeKEM.GenerateKey()
	if err != nil {
		return account{}, err
	}
	return account{name: name, addr: addr, hpke: key}, nil
}

// registerMsg registers a as a participant bonded bond for role, with its
// HPKE public key and a libp2p endpoint of a fresh peer id.
func (a account) registerMsg(role staketypes.Role, bond math.Int) *staketypes.MsgRegisterParticipant {
	_, pub, err := libp2pcrypto.GenerateEd25519Key(rand.Reader)
	if err != nil {
		panic(err)
	}
	id, err := peer.IDFromPublicKey(pub)
	if err != nil {
		panic(err)
	}
	return &staketypes.MsgRegisterParticipant{
		Owner:         a.addr.String(),
		Endpoint:      "/ip4/127.0.0.1/tcp/4001/p2p/" + id.String(),
		HpkePublicKey: a.hpke.PublicKey().Bytes(),
		Profile:       staketypes.DeviceProfile{MemoryBytes: 8 << 30, MilliTflops: 10_000, BandwidthBps: 100_000_000},
		Role:          role,
		Bond:          sdk.NewCoin(app.BondDenom, bond),
	}
}

// fundMsg sends amount ulgpt from the validator to addr.
func fundMsg(addr sdk.AccAddress, amount int64) sdk.Msg {
	return banktypes.NewMsgSend(net.Validators[0].Address, addr, sdk.NewCoins(sdk.NewInt64Coin(app.BondDenom, amount)))
}

// parties are the three accounts of a deal, registered in their roles.
type parties struct {
	seller, buyer, router account
}

// partyFunds is what newParties gives each account, in ulgpt: enough for
// a bond and two bids' escrow. The validator has 400,000,000 to give.
const partyFunds = 20_000_000

// sellerBond is the seller's DATA_NODE bond: twice the minimum, so that a
// slash leaves it able to act.
var sellerBond = minBond.MulRaw(2)

// newParties creates a seller, a buyer and a router named after the test,
// funds each with partyFunds from the validator in one transaction (whose
// cost to the validator is checked to be exactly the amounts: no fees),
// and registers them as DATA_NODE (sellerBond), LEARNER and ROUTER (the
// minimum).
func newParties(t *testing.T, ctx context.Context) parties {
	t.Helper()
	prefix := strings.ReplaceAll(t.Name(), "/", "-")
	key := func(role string) account {
		a, err := newKey(prefix + "-" + role)
		require.NoError(t, err)
		return a
	}
	p := parties{seller: key("seller"), buyer: key("buyer"), router: key("router")}

	val := net.Validators[0]
	before := balance(t, ctx, val.Address)
	sendTx(t, ctx, val.Moniker, fundMsg(p.seller.addr, partyFunds), fundMsg(p.buyer.addr, partyFunds), fundMsg(p.router.addr, partyFunds))
	require.Equal(t, before.SubRaw(3*partyFunds), balance(t, ctx, val.Address), "funding costs exactly the amounts sent: this network charges no fees")

	sendParallel(t, ctx,
		tx{p.seller.name, []sdk.Msg{p.seller.registerMsg(staketypes.RoleDataNode, sellerBond)}},
		tx{p.buyer.name, []sdk.Msg{p.buyer.registerMsg(staketypes.RoleLearner, minBond)}},
		tx{p.router.name, []sdk.Msg{p.router.registerMsg(staketypes.RoleRouter, minBond)}},
	)
	return p
}

// testCtx bounds a test well below the go test timeout.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	return ctx
}

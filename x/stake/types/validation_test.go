package types_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"

	ma "github.com/multiformats/go-multiaddr"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// examplePeerID is a valid libp2p peer id (an Ed25519 identity multihash).
const examplePeerID = "12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X"

// legacyPeerID is a valid RSA-era (sha256 multihash) peer id.
const legacyPeerID = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"

func TestValidateEndpoint(t *testing.T) {
	for _, ok := range []string{
		"/ip4/203.0.113.7/tcp/4001/p2p/" + examplePeerID,
		"/ip4/127.0.0.1/tcp/4001/p2p/" + examplePeerID, // local networks
		"/ip6/2001:db8::1/udp/4001/quic-v1/p2p/" + examplePeerID,
		"/dns/node.example.org/tcp/443/wss/p2p/" + examplePeerID,
		"/dns4/node.example.org/tcp/443/p2p/" + examplePeerID,
		"/dns6/node.example.org/udp/9/quic-v1/p2p/" + legacyPeerID,
		"/ip4/203.0.113.7/tcp/4001/p2p/" + legacyPeerID + "/p2p-circuit/p2p/" + examplePeerID, // through a relay
	} {
		require.NoError(t, types.ValidateEndpoint(ok), ok)
	}
	long := "/dns4/" + strings.Repeat("a", types.MaxEndpointLength) + "/tcp/1/p2p/" + examplePeerID
	for endpoint, want := range map[string]string{
		"":                                       "must be 1..256 bytes, got 0",
		long:                                     "must be 1..256 bytes",
		"203.0.113.7:4001":                       "is not a multiaddr",
		"/ip4/203.0.113.7/tcp/4001/p2p/notapeer": "is not a multiaddr",
		"/ip4/203.0.113.7/tcp/99999/p2p/" + examplePeerID:                 "is not a multiaddr",
		"/ip4/203.0.113.7/tcp/4001":                                       "needs a host, a tcp or udp port and /p2p/<peer id>",
		"/p2p/" + examplePeerID:                                           "needs a host",
		"/ip4/203.0.113.7/p2p/" + examplePeerID:                           "needs a host",
		"/tcp/4001/ip4/203.0.113.7/p2p/" + examplePeerID:                  "must start with the host",
		"/unix/tmp/p2p/" + examplePeerID:                                  "needs a host", // a unix path swallows the rest
		"/ip6zone/eth0/ip6/fe80::1/tcp/1/p2p/" + examplePeerID:            "must start with the host",
		"/ip4/203.0.113.7/sctp/4001/p2p/" + examplePeerID:                 "followed by /tcp/<port> or /udp/<port>",
		"/ip4/203.0.113.7/tcp/0/p2p/" + examplePeerID:                     "port 0 cannot be dialled",
		"/ip4/0.0.0.0/tcp/4001/p2p/" + examplePeerID:                      "is a listen address",
		"/ip6/::/udp/4001/quic-v1/p2p/" + examplePeerID:                   "is a listen address",
		"/ip4/203.0.113.7/tcp/4001/p2p/" + examplePeerID + "/p2p-circuit": "must end with /p2p/<peer id>",
		"/ip4/203.0.113.7/tcp/4001/ws":                                    "must end with /p2p/<peer id>",
	} {
		err := types.ValidateEndpoint(endpoint)
		require.ErrorIs(t, err, types.ErrInvalidEndpoint, endpoint)
		require.ErrorContains(t, err, want, endpoint)
	}
}

// smallOrderPoints are the X25519 encodings of points of order 1, 2, 4 and
// 8 (libsodium's blacklist), each also with the ignored top bit set: 14
// byte strings.
func smallOrderPoints(t testing.TB) map[string][]byte {
	points := map[string]string{
		"0":           "0000000000000000000000000000000000000000000000000000000000000000",
		"1":           "0100000000000000000000000000000000000000000000000000000000000000",
		"order 8 (a)": "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
		"order 8 (b)": "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
		"p-1":         "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"p":           "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
		"p+1":         "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	}
	out := map[string][]byte{}
	for name, h := range points {
		b, err := hex.DecodeString(h)
		require.NoError(t, err)
		out[name] = b
		high := bytes.Clone(b)
		high[31] |= 0x80
		out[name+" with the top bit set"] = high
	}
	require.Len(t, out, 14)
	return out
}

func TestValidateHPKEKey(t *testing.T) {
	for i := 0; i < 20; i++ {
		priv, err := ecdh.X25519().GenerateKey(rand.Reader)
		require.NoError(t, err)
		require.NoError(t, types.ValidateHPKEKey(priv.PublicKey().Bytes()))
	}
	// The keys of the amino and CLI examples.
	require.NoError(t, types.ValidateHPKEKey(bytes.Repeat([]byte{7}, 32)))
	require.NoError(t, types.ValidateHPKEKey(bytes.Repeat([]byte{9}, 32)))

	for name, key := range map[string][]byte{
		"empty":    nil,
		"31 bytes": bytes.Repeat([]byte{7}, 31),
		"33 bytes": bytes.Repeat([]byte{7}, 33),
	} {
		err := types.ValidateHPKEKey(key)
		require.ErrorIs(t, err, types.ErrInvalidHPKEKey, name)
		require.ErrorContains(t, err, "must be 32 bytes", name)
	}
	for name, key := range smallOrderPoints(t) {
		err := types.ValidateHPKEKey(key)
		require.ErrorIs(t, err, types.ErrInvalidHPKEKey, name)
		require.ErrorContains(t, err, "small-order", name)
	}
}

func TestValidateProfile(t *testing.T) {
	for _, ok := range []types.DeviceProfile{
		{MemoryBytes: 16 << 30, MilliTflops: 8_000, BandwidthBps: 1_000_000_000},
		{MemoryBytes: 1, MilliTflops: 1, BandwidthBps: 1},
		{MemoryBytes: types.MaxMemoryBytes, MilliTflops: types.MaxMilliTflops, BandwidthBps: types.MaxBandwidthBps},
	} {
		require.NoError(t, types.ValidateProfile(ok), "%+v", ok)
	}
	good := types.DeviceProfile{MemoryBytes: 16 << 30, MilliTflops: 8_000, BandwidthBps: 1_000_000_000}
	for name, tc := range map[string]struct {
		mutate func(*types.DeviceProfile)
		want   string
	}{
		"no memory":           {func(p *types.DeviceProfile) { p.MemoryBytes = 0 }, "memory_bytes must be in 1..1125899906842624 (1 PiB), got 0"},
		"more than 1 PiB":     {func(p *types.DeviceProfile) { p.MemoryBytes = types.MaxMemoryBytes + 1 }, "memory_bytes"},
		"no compute":          {func(p *types.DeviceProfile) { p.MilliTflops = 0 }, "milli_tflops must be in 1..1000000000"},
		"over 1M TFLOPS":      {func(p *types.DeviceProfile) { p.MilliTflops = types.MaxMilliTflops + 1 }, "milli_tflops"},
		"no bandwidth":        {func(p *types.DeviceProfile) { p.BandwidthBps = 0 }, "bandwidth_bps must be in 1..10000000000000"},
		"more than 10 Tbit/s": {func(p *types.DeviceProfile) { p.BandwidthBps = types.MaxBandwidthBps + 1 }, "bandwidth_bps"},
	} {
		p := good
		tc.mutate(&p)
		err := types.ValidateProfile(p)
		require.ErrorIs(t, err, types.ErrInvalidProfile, name)
		require.ErrorContains(t, err, tc.want, name)
	}
}

func TestTierOf(t *testing.T) {
	p := types.DefaultParams()
	for mtflops, want := range map[uint64]types.Tier{
		1: types.TierC, 4_999: types.TierC, 5_000: types.TierB, 19_999: types.TierB, 20_000: types.TierA, types.MaxMilliTflops: types.TierA,
	} {
		require.Equal(t, want, p.TierOf(types.DeviceProfile{MilliTflops: mtflops}), "%d mTFLOPS", mtflops)
	}
}

func TestValidateRole(t *testing.T) {
	for _, r := range types.AllRoles() {
		require.NoError(t, types.ValidateRole(r))
	}
	require.Len(t, types.AllRoles(), 6)
	for _, r := range []types.Role{types.RoleUnspecified, 7, -1} {
		require.ErrorIs(t, types.ValidateRole(r), types.ErrInvalidRole, "%d", r)
	}
}

func TestValidateAmount(t *testing.T) {
	amount, err := types.ValidateAmount(sdk.NewInt64Coin("ulgpt", 5), "ulgpt")
	require.NoError(t, err)
	require.Equal(t, int64(5), amount.Int64())
	for name, tc := range map[string]struct {
		coin sdk.Coin
		want string
	}{
		"wrong denom": {sdk.NewInt64Coin("uatom", 5), `bonds are in ulgpt, got "uatom"`},
		"no denom":    {sdk.Coin{Amount: math.NewInt(5)}, `bonds are in ulgpt, got ""`},
		"zero":        {sdk.NewInt64Coin("ulgpt", 0), "amount must be positive"},
		"negative":    {sdk.Coin{Denom: "ulgpt", Amount: math.NewInt(-1)}, "amount must be positive"},
		"nil amount":  {sdk.Coin{Denom: "ulgpt"}, "amount must be positive"},
	} {
		_, err := types.ValidateAmount(tc.coin, "ulgpt")
		require.ErrorIs(t, err, types.ErrInvalidAmount, name)
		require.ErrorContains(t, err, tc.want, name)
	}
}

// FuzzValidateEndpoint checks that whatever ValidateEndpoint accepts is a
// dialable libp2p address: short enough, a host first, a non-zero tcp or
// udp port second, and a decodable peer id last.
func FuzzValidateEndpoint(f *testing.F) {
	for _, seed := range []string{
		"/ip4/203.0.113.7/tcp/4001/p2p/" + examplePeerID,
		"/ip6/2001:db8::1/udp/4001/quic-v1/p2p/" + examplePeerID,
		"/dns4/x/udp/1/p2p/" + legacyPeerID,
		"/ip4/203.0.113.7/tcp/4001/p2p/" + legacyPeerID + "/p2p-circuit/p2p/" + examplePeerID,
		"/ip4/0.0.0.0/tcp/4001/p2p/" + examplePeerID,
		"/ip4/1.2.3.4/tcp/0/p2p/" + examplePeerID,
		"/ip4/1.2.3.4/tcp/99999",
		"/tcp/1/ip4/1.2.3.4/p2p/" + examplePeerID,
		"/ip4/1.2.3.4/tcp/4001/p2p/" + examplePeerID + "/",
		"",
		"/",
		"//ip4",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, endpoint string) {
		err := types.ValidateEndpoint(endpoint)
		if err != nil {
			require.ErrorIs(t, err, types.ErrInvalidEndpoint)
			return
		}
		require.LessOrEqual(t, len(endpoint), types.MaxEndpointLength)
		addr, err := ma.NewMultiaddr(endpoint)
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(addr), 3)
		require.Contains(t, []int{ma.P_IP4, ma.P_IP6, ma.P_DNS, ma.P_DNS4, ma.P_DNS6}, addr[0].Code())
		require.Contains(t, []int{ma.P_TCP, ma.P_UDP}, addr[1].Code())
		require.NotEqual(t, "0", addr[1].Value())
		require.Equal(t, ma.P_P2P, addr[len(addr)-1].Code())
	})
}

// FuzzValidateHPKEKey checks that an accepted key is 32 bytes and gives a
// non-zero shared secret with a fresh key, and that every refusal is
// ErrInvalidHPKEKey.
func FuzzValidateHPKEKey(f *testing.F) {
	f.Add(bytes.Repeat([]byte{7}, 32))
	f.Add([]byte{1, 2, 3})
	f.Add([]byte{})
	for _, p := range smallOrderPoints(f) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, key []byte) {
		err := types.ValidateHPKEKey(key)
		if err != nil {
			require.ErrorIs(t, err, types.ErrInvalidHPKEKey)
			return
		}
		require.Len(t, key, types.HPKEKeyLength)
		pub, err := ecdh.X25519().NewPublicKey(key)
		require.NoError(t, err)
		priv, err := ecdh.X25519().GenerateKey(rand.Reader)
		require.NoError(t, err)
		secret, err := priv.ECDH(pub)
		require.NoError(t, err)
		require.NotEqual(t, make([]byte, 32), secret)
	})
}

package types_test

import (
	"bytes"
	"crypto/ecdh"
	"crypto/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

// ExamplePeerID is a valid libp2p peer id (an Ed25519 identity multihash),
// used in docs and CLI examples.
const examplePeerID = "12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X"

func TestValidateEndpoint(t *testing.T) {
	for _, ok := range []string{
		"/ip4/127.0.0.1/tcp/4001/p2p/" + examplePeerID,
		"/ip6/::1/udp/4001/quic-v1/p2p/" + examplePeerID,
		"/dns4/node.example.org/tcp/443/p2p/" + examplePeerID,
	} {
		require.NoError(t, types.ValidateEndpoint(ok), ok)
	}
	for endpoint, want := range map[string]string{
		"":                                     "must be 1..256 bytes",
		"127.0.0.1:4001":                       "is not a multiaddr",
		"/ip4/127.0.0.1/tcp/4001":              "must end with /p2p/",
		"/p2p/" + examplePeerID:                "needs a network address",
		"/ip4/127.0.0.1/p2p/" + examplePeerID:  "needs a network address (ip4, ip6, dns*) and a tcp or udp port",
		"/ip4/127.0.0.1/tcp/4001/p2p/notapeer": "is not a multiaddr",
		"/ip4/127.0.0.1/tcp/4001/p2p/" + examplePeerID + strings.Repeat("/tcp/1", 40): "must be 1..256 bytes",
	} {
		err := types.ValidateEndpoint(endpoint)
		require.ErrorIs(t, err, types.ErrInvalidEndpoint, endpoint)
		require.ErrorContains(t, err, want, endpoint)
	}
}

func TestValidateHPKEKey(t *testing.T) {
	priv, err := ecdh.X25519().GenerateKey(rand.Reader)
	require.NoError(t, err)
	require.NoError(t, types.ValidateHPKEKey(priv.PublicKey().Bytes()))
	for name, key := range map[string][]byte{
		"empty":      nil,
		"31 bytes":   bytes.Repeat([]byte{1}, 31),
		"33 bytes":   bytes.Repeat([]byte{1}, 33),
		"all zero":   make([]byte, 32),
		"order one":  append([]byte{1}, make([]byte, 31)...),
		"p (= zero)": append(append([]byte{0xed}, bytes.Repeat([]byte{0xff}, 30)...), 0x7f),
	} {
		require.ErrorIs(t, types.ValidateHPKEKey(key), types.ErrInvalidHPKEKey, name)
	}
}

func TestValidateProfile(t *testing.T) {
	good := types.DeviceProfile{MemoryBytes: 16 << 30, MilliTflops: 8_000, BandwidthBps: 1_000_000_000}
	require.NoError(t, types.ValidateProfile(good))
	for name, mutate := range map[string]func(*types.DeviceProfile){
		"no memory":      func(p *types.DeviceProfile) { p.MemoryBytes = 0 },
		"too much mem":   func(p *types.DeviceProfile) { p.MemoryBytes = types.MaxMemoryBytes + 1 },
		"no compute":     func(p *types.DeviceProfile) { p.MilliTflops = 0 },
		"too fast":       func(p *types.DeviceProfile) { p.MilliTflops = types.MaxMilliTflops + 1 },
		"no bandwidth":   func(p *types.DeviceProfile) { p.BandwidthBps = 0 },
		"too much links": func(p *types.DeviceProfile) { p.BandwidthBps = types.MaxBandwidthBps + 1 },
	} {
		p := good
		mutate(&p)
		require.ErrorIs(t, types.ValidateProfile(p), types.ErrInvalidProfile, name)
	}
}

func TestTierOf(t *testing.T) {
	p := types.DefaultParams()
	for mtflops, want := range map[uint64]types.Tier{1: types.TierC, 4_999: types.TierC, 5_000: types.TierB, 19_999: types.TierB, 20_000: types.TierA} {
		require.Equal(t, want, p.TierOf(types.DeviceProfile{MilliTflops: mtflops}), "%d mTFLOPS", mtflops)
	}
}

func TestValidateAmount(t *testing.T) {
	amount, err := types.ValidateAmount(sdk.NewInt64Coin("ulgpt", 5), "ulgpt")
	require.NoError(t, err)
	require.Equal(t, int64(5), amount.Int64())
	_, err = types.ValidateAmount(sdk.NewInt64Coin("uatom", 5), "ulgpt")
	require.ErrorContains(t, err, `bonds are in ulgpt, got "uatom"`)
	_, err = types.ValidateAmount(sdk.NewInt64Coin("ulgpt", 0), "ulgpt")
	require.ErrorIs(t, err, types.ErrInvalidAmount)
}

func FuzzValidateEndpoint(f *testing.F) {
	f.Add("/ip4/127.0.0.1/tcp/4001/p2p/" + examplePeerID)
	f.Add("/dns4/x/udp/1/p2p/" + examplePeerID)
	f.Add("/ip4/1.2.3.4/tcp/99999")
	f.Add("")
	f.Fuzz(func(t *testing.T, endpoint string) {
		if err := types.ValidateEndpoint(endpoint); err == nil {
			require.LessOrEqual(t, len(endpoint), types.MaxEndpointLength)
			require.Contains(t, endpoint, "/p2p/")
		}
	})
}

func FuzzValidateHPKEKey(f *testing.F) {
	f.Add(bytes.Repeat([]byte{7}, 32))
	f.Add(make([]byte, 32))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, key []byte) {
		if err := types.ValidateHPKEKey(key); err == nil {
			require.Len(t, key, types.HPKEKeyLength)
			_, err := ecdh.X25519().NewPublicKey(key)
			require.NoError(t, err)
		}
	})
}

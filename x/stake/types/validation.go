package types

import (
	"bytes"
	"crypto/ecdh"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Limits of a participant record.
const (
	MaxEndpointLength = 256
	HPKEKeyLength     = 32
	MaxMemoryBytes    = uint64(1) << 50 // 1 PiB
	MaxMilliTflops    = uint64(1_000_000_000)
	MaxBandwidthBps   = uint64(10_000_000_000_000) // 10 Tbit/s
)

// ValidateEndpoint checks that endpoint is a libp2p multiaddr a peer can
// dial: a network address (ip4, ip6, dns, dns4, dns6), a tcp or udp port,
// and a final /p2p/<peer id>.
func ValidateEndpoint(endpoint string) error {
	if endpoint == "" || len(endpoint) > MaxEndpointLength {
		return ErrInvalidEndpoint.Wrapf("must be 1..%d bytes, got %d", MaxEndpointLength, len(endpoint))
	}
	addr, err := ma.NewMultiaddr(endpoint)
	if err != nil {
		return ErrInvalidEndpoint.Wrapf("%q is not a multiaddr (expected e.g. /ip4/1.2.3.4/tcp/4001/p2p/12D3Koo...): %v", endpoint, err)
	}
	var network, transport bool
	for _, p := range addr.Protocols() {
		switch p.Code {
		case ma.P_IP4, ma.P_IP6, ma.P_DNS, ma.P_DNS4, ma.P_DNS6:
			network = true
		case ma.P_TCP, ma.P_UDP:
			transport = true
		}
	}
	if !network || !transport {
		return ErrInvalidEndpoint.Wrapf("%q needs a network address (ip4, ip6, dns*) and a tcp or udp port", endpoint)
	}
	last := addr[len(addr)-1]
	if last.Protocol().Code != ma.P_P2P {
		return ErrInvalidEndpoint.Wrapf("%q must end with /p2p/<peer id>", endpoint)
	}
	if _, err := peer.Decode(last.Value()); err != nil {
		return ErrInvalidEndpoint.Wrapf("peer id %q: %v", last.Value(), err)
	}
	return nil
}

// x25519LowOrder are the encodings of X25519 points of small order (and
// their non-canonical twins), whose Diffie-Hellman outputs are predictable;
// a key equal to one of them would let anyone read data sealed to it.
var x25519LowOrder = [][]byte{
	make([]byte, 32),
	append([]byte{1}, make([]byte, 31)...),
	{0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00},
	{0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef, 0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f, 0x11, 0x57},
	{0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
}

// ValidateHPKEKey checks an X25519 public key for HPKE (DHKEM(X25519)):
// 32 bytes, accepted by crypto/ecdh, and not a small-order point.
func ValidateHPKEKey(key []byte) error {
	if len(key) != HPKEKeyLength {
		return ErrInvalidHPKEKey.Wrapf("must be %d bytes (an X25519 public key), got %d", HPKEKeyLength, len(key))
	}
	if _, err := ecdh.X25519().NewPublicKey(key); err != nil {
		return ErrInvalidHPKEKey.Wrapf("not an X25519 public key: %v", err)
	}
	for _, bad := range x25519LowOrder {
		if bytes.Equal(key, bad) {
			return ErrInvalidHPKEKey.Wrap("a small-order X25519 point: data sealed to it would be readable by anyone")
		}
	}
	return nil
}

// ValidateProfile checks that every device figure is positive and within
// the limits above.
func ValidateProfile(p DeviceProfile) error {
	switch {
	case p.MemoryBytes == 0 || p.MemoryBytes > MaxMemoryBytes:
		return ErrInvalidProfile.Wrapf("memory_bytes must be in 1..%d, got %d", MaxMemoryBytes, p.MemoryBytes)
	case p.MilliTflops == 0 || p.MilliTflops > MaxMilliTflops:
		return ErrInvalidProfile.Wrapf("milli_tflops must be in 1..%d, got %d", MaxMilliTflops, p.MilliTflops)
	case p.BandwidthBps == 0 || p.BandwidthBps > MaxBandwidthBps:
		return ErrInvalidProfile.Wrapf("bandwidth_bps must be in 1..%d, got %d", MaxBandwidthBps, p.BandwidthBps)
	}
	return nil
}

// ValidateRole checks that role is a known role.
func ValidateRole(role Role) error {
	if !role.IsValid() {
		return ErrInvalidRole.Wrapf("role %d is not one of %v", int32(role), AllRoles())
	}
	return nil
}

// ValidateAmount checks that coin is a positive amount of denom.
func ValidateAmount(coin sdk.Coin, denom string) (math.Int, error) {
	if coin.Denom != denom {
		return math.Int{}, ErrInvalidAmount.Wrapf("bonds are in %s, got %q", denom, coin.Denom)
	}
	if coin.Amount.IsNil() || !coin.Amount.IsPositive() {
		return math.Int{}, ErrInvalidAmount.Wrapf("amount must be positive, got %s", coin.Amount)
	}
	return coin.Amount, nil
}

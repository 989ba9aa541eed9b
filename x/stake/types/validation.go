package types

import (
	"crypto/ecdh"
	"net"

	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Limits of a participant record.
const (
	// MaxEndpointLength bounds the endpoint string, in bytes.
	MaxEndpointLength = 256
	// HPKEKeyLength is the length of an X25519 public key.
	HPKEKeyLength = 32
	// MaxMemoryBytes is 1 PiB.
	MaxMemoryBytes = uint64(1) << 50
	// MaxMilliTflops is 1,000,000 TFLOPS.
	MaxMilliTflops = uint64(1_000_000_000)
	// MaxBandwidthBps is 10 Tbit/s.
	MaxBandwidthBps = uint64(10_000_000_000_000)
)

// endpointExample is shown in endpoint errors.
const endpointExample = "/ip4/203.0.113.7/tcp/4001/p2p/12D3KooW..."

// ValidateEndpoint checks that endpoint is a libp2p multiaddr other peers
// can dial: it starts with a host (/ip4, /ip6, /dns, /dns4 or /dns6; not an
// unspecified address such as 0.0.0.0), then a non-zero /tcp or /udp port,
// and ends with /p2p/<peer id>. Anything in between (/quic-v1, /ws, a relay
// hop) is allowed.
func ValidateEndpoint(endpoint string) error {
	if endpoint == "" || len(endpoint) > MaxEndpointLength {
		return ErrInvalidEndpoint.Wrapf("must be 1..%d bytes, got %d", MaxEndpointLength, len(endpoint))
	}
	addr, err := ma.NewMultiaddr(endpoint)
	if err != nil {
		return ErrInvalidEndpoint.Wrapf("%q is not a multiaddr (expected e.g. %s): %s", endpoint, endpointExample, err)
	}
	if len(addr) < 3 {
		return ErrInvalidEndpoint.Wrapf("%q needs a host, a tcp or udp port and /p2p/<peer id> (e.g. %s)", endpoint, endpointExample)
	}
	host, port, last := &addr[0], &addr[1], &addr[len(addr)-1]
	switch host.Code() {
	case ma.P_IP4, ma.P_IP6:
		if net.IP(host.RawValue()).IsUnspecified() {
			return ErrInvalidEndpoint.Wrapf("%q: %s is a listen address, not one peers can dial; give the sidecar's public address", endpoint, host)
		}
	case ma.P_DNS, ma.P_DNS4, ma.P_DNS6:
	default:
		return ErrInvalidEndpoint.Wrapf("%q must start with the host (/ip4, /ip6, /dns, /dns4 or /dns6), not %s", endpoint, host)
	}
	if port.Code() != ma.P_TCP && port.Code() != ma.P_UDP {
		return ErrInvalidEndpoint.Wrapf("%q: the host must be followed by /tcp/<port> or /udp/<port>, not %s", endpoint, port)
	}
	if port.Value() == "0" {
		return ErrInvalidEndpoint.Wrapf("%q: port 0 cannot be dialled; give the port the sidecar listens on", endpoint)
	}
	if last.Code() != ma.P_P2P {
		return ErrInvalidEndpoint.Wrapf("%q must end with /p2p/<peer id>, the sidecar's libp2p identity", endpoint)
	}
	if _, err := peer.Decode(last.Value()); err != nil {
		return ErrInvalidEndpoint.Wrapf("%q: peer id %q does not decode: %s", endpoint, last.Value(), err)
	}
	return nil
}

// lowOrderProbe is a fixed X25519 private key. X25519 clamps every scalar
// to a multiple of the cofactor 8, so the shared secret with a point of
// small order (orders 1, 2, 4 and 8: the all-zero key, 1, p-1 and their
// other encodings, 14 byte strings in all) is zero, which crypto/ecdh
// reports as an error. That makes one ECDH an exact small-order test.
var lowOrderProbe = func() *ecdh.PrivateKey {
	scalar := make([]byte, 32)
	for i := range scalar {
		scalar[i] = byte(i + 1)
	}
	k, err := ecdh.X25519().NewPrivateKey(scalar)
	if err != nil {
		panic(err)
	}
	return k
}()

// ValidateHPKEKey checks an X25519 public key for HPKE (DHKEM(X25519)):
// 32 bytes, accepted by crypto/ecdh, and not a point of small order, since
// data sealed to such a point could be read by anyone.
func ValidateHPKEKey(key []byte) error {
	if len(key) != HPKEKeyLength {
		return ErrInvalidHPKEKey.Wrapf("must be %d bytes (an X25519 public key), got %d", HPKEKeyLength, len(key))
	}
	pub, err := ecdh.X25519().NewPublicKey(key)
	if err != nil {
		return ErrInvalidHPKEKey.Wrapf("not an X25519 public key: %s", err)
	}
	if _, err := lowOrderProbe.ECDH(pub); err != nil {
		return ErrInvalidHPKEKey.Wrap("a small-order X25519 point (e.g. all zeros): data sealed to it would be readable by anyone; use the public key of a freshly generated X25519 key pair")
	}
	return nil
}

// ValidateProfile checks that every device figure is positive and within
// the limits above.
func ValidateProfile(p DeviceProfile) error {
	switch {
	case p.MemoryBytes == 0 || p.MemoryBytes > MaxMemoryBytes:
		return ErrInvalidProfile.Wrapf("memory_bytes must be in 1..%d (1 PiB), got %d", MaxMemoryBytes, p.MemoryBytes)
	case p.MilliTflops == 0 || p.MilliTflops > MaxMilliTflops:
		return ErrInvalidProfile.Wrapf("milli_tflops must be in 1..%d (1,000,000 TFLOPS), got %d", MaxMilliTflops, p.MilliTflops)
	case p.BandwidthBps == 0 || p.BandwidthBps > MaxBandwidthBps:
		return ErrInvalidProfile.Wrapf("bandwidth_bps must be in 1..%d (10 Tbit/s), got %d", MaxBandwidthBps, p.BandwidthBps)
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

// ValidateAmount checks that coin is a positive amount of denom (the
// staking bond denom) and returns the amount.
func ValidateAmount(coin sdk.Coin, denom string) (math.Int, error) {
	if coin.Denom != denom {
		return math.Int{}, ErrInvalidAmount.Wrapf("bonds are in %s, got %q", denom, coin.Denom)
	}
	if coin.Amount.IsNil() || !coin.Amount.IsPositive() {
		return math.Int{}, ErrInvalidAmount.Wrapf("amount must be positive, got %s", coin.Amount)
	}
	return coin.Amount, nil
}

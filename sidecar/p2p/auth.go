package p2p

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/libp2p/go-libp2p/core/peer"
	ma "github.com/multiformats/go-multiaddr"
)

// AuthProtocol is the libp2p protocol id of the account handshake.
const AuthProtocol = "/litegpt/auth/1.0.0"

// authTag is the domain-separation tag at the start of every signed
// handshake payload.
const authTag = "litegpt/auth/1.0.0"

// maxHelloBytes bounds a handshake frame (address + key + signature are
// about 120 bytes).
const maxHelloBytes = 512

// authAck is the initiator's final byte: it accepted the responder.
const authAck byte = 1

// hello is one side's handshake message.
type hello struct {
	Address sdk.AccAddress
	PubKey  []byte // compressed secp256k1, 33 bytes
	Sig     []byte // 64-byte r||s over authPayload
}

// authPayload is the byte string a side signs: tag, chain-id, the
// signer's own peer id and the remote peer id, each length-prefixed.
func authPayload(chainID string, self, remote peer.ID) []byte {
	var b bytes.Buffer
	for _, f := range [][]byte{[]byte(authTag), []byte(chainID), []byte(self), []byte(remote)} {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(f)))
		b.Write(n[:])
		b.Write(f)
	}
	return b.Bytes()
}

// newHello signs a hello for the connection self -> remote.
func newHello(key *secp256k1.PrivKey, chainID string, self, remote peer.ID) (hello, error) {
	sig, err := key.Sign(authPayload(chainID, self, remote))
	if err != nil {
		return hello{}, err
	}
	pub := key.PubKey()
	return hello{Address: sdk.AccAddress(pub.Address()), PubKey: pub.Bytes(), Sig: sig}, nil
}

// encode serializes h as three 1-byte-length-prefixed fields.
func (h hello) encode() []byte {
	var b bytes.Buffer
	for _, f := range [][]byte{h.Address, h.PubKey, h.Sig} {
		b.WriteByte(byte(len(f)))
		b.Write(f)
	}
	return b.Bytes()
}

// decodeHello parses the encoding of hello.encode.
func decodeHello(buf []byte) (hello, error) {
	var fields [3][]byte
	for i := range fields {
		if len(buf) < 1 || len(buf) < 1+int(buf[0]) {
			return hello{}, errors.New("truncated hello")
		}
		n := int(buf[0])
		fields[i] = buf[1 : 1+n]
		buf = buf[1+n:]
	}
	if len(buf) != 0 {
		return hello{}, errors.New("trailing bytes after hello")
	}
	return hello{Address: fields[0], PubKey: fields[1], Sig: fields[2]}, nil
}

// verifyHello checks a received hello on the connection remote -> local
// and returns the authenticated account. Checks, in order: the key is a
// compressed secp256k1 key, it hashes to the claimed address, the
// signature over (tag, chain-id, remote, local) verifies, the registry
// knows the address, it is bonded, and its registered endpoint's /p2p/
// peer id is remote. Every failure wraps ErrHandshake.
func verifyHello(ctx context.Context, reg Registry, chainID string, h hello, remote, local peer.ID) (sdk.AccAddress, error) {
	if len(h.PubKey) != secp256k1.PubKeySize {
		return nil, fmt.Errorf("%w: public key is %d bytes, want %d", ErrHandshake, len(h.PubKey), secp256k1.PubKeySize)
	}
	pub := &secp256k1.PubKey{Key: h.PubKey}
	if derived := sdk.AccAddress(pub.Address()); !derived.Equals(h.Address) {
		return nil, fmt.Errorf("%w: public key hashes to %s, not the claimed address %s", ErrHandshake, derived, h.Address)
	}
	if !pub.VerifySignature(authPayload(chainID, remote, local), h.Sig) {
		return nil, fmt.Errorf("%w: signature by %s does not verify for peer ids %s -> %s on chain %q", ErrHandshake, h.Address, remote, local, chainID)
	}
	endpoint, bonded, err := reg.Participant(ctx, h.Address)
	if err != nil {
		return nil, fmt.Errorf("%w: registry lookup of %s: %w", ErrHandshake, h.Address, err)
	}
	if !bonded {
		return nil, fmt.Errorf("%w: %s is not bonded", ErrHandshake, h.Address)
	}
	pid, err := endpointPeerID(endpoint)
	if err != nil {
		return nil, fmt.Errorf("%w: registered endpoint of %s: %w", ErrHandshake, h.Address, err)
	}
	if pid != remote {
		return nil, fmt.Errorf("%w: registered endpoint of %s names peer %s, connection is from %s", ErrHandshake, h.Address, pid, remote)
	}
	return h.Address, nil
}

// endpointPeerID parses a registered endpoint and returns its /p2p/ id.
func endpointPeerID(endpoint string) (peer.ID, error) {
	info, err := endpointAddrInfo(endpoint)
	if err != nil {
		return "", err
	}
	return info.ID, nil
}

// endpointAddrInfo parses a registered endpoint (multiaddr ending in
// /p2p/<peer id>) into a peer.AddrInfo.
func endpointAddrInfo(endpoint string) (*peer.AddrInfo, error) {
	m, err := ma.NewMultiaddr(endpoint)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q: %w", endpoint, err)
	}
	info, err := peer.AddrInfoFromP2pAddr(m)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q has no /p2p/ peer id: %w", endpoint, err)
	}
	return info, nil
}

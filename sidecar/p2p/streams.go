package p2p

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

// ModelProtocol is the libp2p protocol id of model fetches.
const ModelProtocol protocol.ID = "/litegpt/model/1.0.0"

// Status bytes sent by the receiving side of application streams.
const (
	statusOK          byte = 0
	statusNotFound    byte = 1
	statusRateLimited byte = 2
	statusRejected    byte = 3
)

// ModelSource serves models by commitment.
type ModelSource interface {
	// Model returns the serialized model whose commitment is commitment,
	// or false if this host does not have it.
	Model(commitment [32]byte) ([]byte, bool)
}

// Handler handles one message received on a delivery protocol registered
// with Handle. from is the authenticated sender. A non-nil error is logged
// and reported to the sender as ErrRejected (without its text).
type Handler func(ctx context.Context, from Remote, msg []byte) error

// statusErr maps a status byte to the sender-side error.
func statusErr(st byte) error {
	switch st {
	case statusOK:
		return nil
	case statusNotFound:
		return ErrModelNotFound
	case statusRateLimited:
		return ErrRateLimited
	case statusRejected:
		return ErrRejected
	default:
		return fmt.Errorf("p2p: unknown status %d", st)
	}
}

// ServeModels registers src as the handler of ModelProtocol, replacing any
// previous source. Requests are one frame holding the 32-byte commitment;
// the response is one frame: a status byte followed, on success, by the
// model bytes. Each request costs the requester one rate-limit token.
func (h *Host) ServeModels(src ModelSource) {
	h.host.SetStreamHandler(ModelProtocol, h.guard(ModelProtocol, func(s network.Stream, from Remote) {
		req, err := readFrame(s, 32)
		if err != nil || len(req) != 32 {
			h.log.Warn("dropping model request", "peer", from.Peer.String(), "reason", fmt.Sprintf("malformed request (%d bytes, err %v)", len(req), err))
			_ = s.Reset()
			return
		}
		if !h.allow(from.Peer) {
			h.log.Warn("dropping model request", "peer", from.Peer.String(), "account", from.Account.String(), "reason", "rate limit exceeded")
			_ = writeFrame(s, []byte{statusRateLimited})
			_ = s.Close()
			return
		}
		var c [32]byte
		copy(c[:], req)
		model, ok := src.Model(c)
		if !ok {
			_ = writeFrame(s, []byte{statusNotFound})
			_ = s.Close()
			return
		}
		if uint64(len(model)) > maxFrame {
			h.log.Error("model too large for a frame", "bytes", len(model))
			_ = s.Reset()
			return
		}
		var hdr [5]byte
		binary.BigEndian.PutUint32(hdr[:4], uint32(len(model)+1))
		hdr[4] = statusOK
		if _, err := s.Write(hdr[:]); err != nil {
			_ = s.Reset()
			return
		}
		if _, err := s.Write(model); err != nil {
			_ = s.Reset()
			return
		}
		_ = s.Close()
	}))
}

// FetchModel asks the authenticated peer p for the model with commitment.
// A response larger than MaxModelBytes is not read: the stream is reset
// and the error wraps ErrMessageTooLarge. An unknown commitment returns
// ErrModelNotFound.
//
// FetchModel does not check that the bytes match the commitment: the
// caller must recompute the commitment of the returned bytes and compare
// before using them.
func (h *Host) FetchModel(ctx context.Context, p peer.ID, commitment [32]byte) ([]byte, error) {
	s, err := h.openStream(ctx, p, ModelProtocol)
	if err != nil {
		return nil, err
	}
	if err := writeFrame(s, commitment[:]); err != nil {
		_ = s.Reset()
		return nil, fmt.Errorf("p2p: fetch model from %s: %w", p, err)
	}
	_ = s.CloseWrite()
	n, err := readFrameHeader(s)
	if err != nil {
		_ = s.Reset()
		return nil, fmt.Errorf("p2p: fetch model from %s: no response: %w", p, err)
	}
	if n == 0 {
		_ = s.Reset()
		return nil, fmt.Errorf("p2p: fetch model from %s: empty response", p)
	}
	if n-1 > uint64(h.cfg.MaxModelBytes) {
		_ = s.Reset()
		return nil, fmt.Errorf("p2p: fetch model from %s: %w: %d bytes, limit %d", p, ErrMessageTooLarge, n-1, h.cfg.MaxModelBytes)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(s, buf); err != nil {
		_ = s.Reset()
		return nil, fmt.Errorf("p2p: fetch model from %s: %w", p, err)
	}
	_ = s.Close()
	if err := statusErr(buf[0]); err != nil {
		return nil, fmt.Errorf("p2p: fetch model %x from %s: %w", commitment[:], p, err)
	}
	return buf[1:], nil
}

// reserved reports whether proto is one of this package's own protocols.
func reserved(proto protocol.ID) bool {
	return proto == AuthProtocol || proto == ModelProtocol
}

// Handle registers fn for delivery messages on proto (which must start
// with "/litegpt/" and not be AuthProtocol or ModelProtocol). Each stream
// carries one frame of at most MaxMessageBytes; a longer frame is dropped
// unread and the stream reset. Each message costs the sender one
// rate-limit token; messages beyond the limit are dropped and answered
// with a rate-limited status.
func (h *Host) Handle(proto protocol.ID, fn Handler) error {
	if reserved(proto) || !strings.HasPrefix(string(proto), "/litegpt/") {
		return fmt.Errorf("p2p: cannot register handler for protocol %q", proto)
	}
	if fn == nil {
		return errors.New("p2p: nil handler")
	}
	h.host.SetStreamHandler(proto, h.guard(proto, func(s network.Stream, from Remote) {
		msg, err := readFrame(s, h.cfg.MaxMessageBytes)
		if err != nil {
			h.log.Warn("dropping message", "peer", from.Peer.String(), "protocol", string(proto), "reason", err.Error())
			_ = s.Reset()
			return
		}
		if !h.allow(from.Peer) {
			h.log.Warn("dropping message", "peer", from.Peer.String(), "account", from.Account.String(), "protocol", string(proto), "reason", "rate limit exceeded")
			_, _ = s.Write([]byte{statusRateLimited})
			_ = s.Close()
			return
		}
		ctx, cancel := context.WithTimeout(h.ctx, h.cfg.StreamTimeout)
		err = fn(ctx, from, msg)
		cancel()
		st := statusOK
		if err != nil {
			h.log.Warn("handler rejected message", "peer", from.Peer.String(), "protocol", string(proto), "reason", err.Error())
			st = statusRejected
		}
		_, _ = s.Write([]byte{st})
		_ = s.Close()
	}))
	return nil
}

// Send delivers msg to the authenticated peer p on proto and waits for the
// receiver's status. It fails locally with ErrMessageTooLarge if msg is
// longer than this host's MaxMessageBytes; if the receiver's limit is
// smaller it resets the stream and Send returns an error. ErrRateLimited
// and ErrRejected report the receiver's decision.
func (h *Host) Send(ctx context.Context, p peer.ID, proto protocol.ID, msg []byte) error {
	if len(msg) > h.cfg.MaxMessageBytes {
		return fmt.Errorf("p2p: send to %s: %w: %d bytes, limit %d", p, ErrMessageTooLarge, len(msg), h.cfg.MaxMessageBytes)
	}
	s, err := h.openStream(ctx, p, proto)
	if err != nil {
		return err
	}
	if err := writeFrame(s, msg); err != nil {
		_ = s.Reset()
		return fmt.Errorf("p2p: send to %s on %s: %w", p, proto, err)
	}
	_ = s.CloseWrite()
	var st [1]byte
	if _, err := io.ReadFull(s, st[:]); err != nil {
		_ = s.Reset()
		return fmt.Errorf("p2p: send to %s on %s: no acknowledgement (the receiver reset the stream: message over its limit, or it does not accept us): %w", p, proto, err)
	}
	_ = s.Close()
	if err := statusErr(st[0]); err != nil {
		return fmt.Errorf("p2p: send to %s on %s: %w", p, proto, err)
	}
	return nil
}

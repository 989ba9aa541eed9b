package p2p

import "errors"

var (
	// ErrUnknownParticipant is returned by a Registry for an address that
	// has no x/stake participant record.
	ErrUnknownParticipant = errors.New("p2p: unknown participant")
	// ErrNotAuthenticated is returned when a stream is requested to a peer
	// that has not (yet) completed the account handshake with this host.
	ErrNotAuthenticated = errors.New("p2p: peer not authenticated")
	// ErrHandshake is wrapped by every handshake refusal.
	ErrHandshake = errors.New("p2p: handshake refused")
	// ErrMessageTooLarge is returned when a frame exceeds the size limit.
	ErrMessageTooLarge = errors.New("p2p: message too large")
	// ErrRateLimited is returned when the remote dropped the message
	// because this host exceeded its per-peer rate limit.
	ErrRateLimited = errors.New("p2p: rate limited by remote")
	// ErrModelNotFound is returned by FetchModel when the remote does not
	// have a model with the requested commitment.
	ErrModelNotFound = errors.New("p2p: model not found")
	// ErrRejected is returned by Send when the remote handler rejected the
	// message (the remote logs its reason).
	ErrRejected = errors.New("p2p: message rejected by remote")
	// ErrClosed is returned by operations on a closed Host.
	ErrClosed = errors.New("p2p: host closed")
)

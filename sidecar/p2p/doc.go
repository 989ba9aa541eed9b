// Package p2p is the LiteGPT sidecar's peer-to-peer layer.
//
// A [Host] wraps a libp2p host (TCP transport, Noise security, yamux
// multiplexing). Noise authenticates the remote libp2p peer id; on top of it
// every new connection runs the LiteGPT account handshake ([AuthProtocol]),
// which proves that the remote controls a bonded x/stake account whose
// registered endpoint names exactly that peer id. Until a peer has passed
// the handshake, every application protocol refuses it.
//
// Application traffic is length-prefixed frames with a size limit and a
// per-peer token-bucket rate limit (see [Config]). Two kinds of streams are
// provided: model fetches by commitment ([Host.FetchModel],
// [Host.ServeModels], [ModelProtocol]) and generic one-message deliveries
// ([Host.Send], [Host.Handle]).
//
// What the chain says about participants comes from a [Registry]; the
// daemon backs it with x/stake queries, tests use [MemRegistry].
//
// See README.md in this directory for the wire formats and the refusal
// rules.
package p2p

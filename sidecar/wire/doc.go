// Package wire is the versioned wire format of the models gossip nodes
// exchange: a protobuf ModelMessage (proto/litegpt/sidecar/v1/model.proto)
// carrying the model's spec, each parameter tensor at a chosen precision
// (int32, fp16, int8 or int4 blocks from sidecar/quant), dense weight
// matrices optionally as tensor-train cores (TT-SVD from sidecar/tt), the
// gossip metadata (samples, age) and the pkg/commit weights commitment of
// the decoded fixed-point parameters.
//
// Encoding is lossy by choice (precision, TT rank) but decoding is exact
// integer arithmetic: dequantization is integer-only, TT cores are
// contracted in fixed point by sidecar/learn, and decoded values are
// clamped to int32. So the decoded model, and the commitment that names
// it, is the same on every CPU. Encode returns the decoded model too: it
// is what the receiver will see, and what the sender commits to.
//
// Decode validates everything before it allocates in proportion to the
// input: the version, the spec (sidecar/learn's limits), every tensor's
// name and shape against the spec's layout, every quantized block
// (sidecar/quant rejects non-canonical encodings), TT modes and ranks,
// and finally the commitment, which it recomputes.
package wire

// Package merge holds the merge rules of the sidecar's gossip learning: how
// a node combines its local model with the models it received from peers,
// on flat fixed-point parameter vectors.
//
// A parameter vector is a []int64 of raw fixed-point values (the int32
// master weights of package learn, all vectors of a merge the same length);
// every value must lie in the int32 range [MinParam, MaxParam] and every
// result lies in it too, so merges compose. All arithmetic is integer and
// exact: sums of products and squares that do not fit in 64 bits are kept
// in 128 bits (math/bits), and each rounding is stated where it happens,
// so every machine computes the same integers.
//
// Rules:
//
//   - Average: the weighted mean, by samples, by age or uniform (the merge
//     of gossip learning and federated averaging), rounded half up
//     (floor((2N + W) / (2W)), as the step circuit proves);
//   - Median: the coordinate-wise median;
//   - TrimmedMean: the coordinate-wise mean without the trim lowest and
//     highest values;
//   - Krum, KrumSelect, MultiKrum: the models closest to their n-f-2
//     nearest neighbours, by exact squared L2 distances;
//   - Clipped: centered clipping around the local model, with a fixed L2
//     radius or AdaptiveTau.
//
// Window keeps the most recently received models; Rule, Options and Apply
// run one of the rules over the local model and a window, as the sidecar
// configures it (ParseRule reads the rule names of its config).
//
// Bad input (no models, lengths that differ, values out of range, too few
// models for a trim or a Byzantine bound) returns an error wrapping one of
// the sentinel errors of errors.go and naming the offending model or
// count; no function panics on it, and none modifies its inputs.
package merge

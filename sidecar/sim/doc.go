// Package sim runs gossip learning in process: N nodes, each holding a
// shard of a data set, train the fixed-point step of sidecar/learn on
// their shard, send their model to a random peer in the wire format of
// sidecar/wire (so message sizes are real), and merge what they receive
// with a rule of sidecar/merge over a window of received models. Nodes go
// offline at random (churn) and a fraction can be Byzantine: they train
// on flipped labels, or send sign-flipped or scaled updates. A
// centralized run trains the same model on all the data with the same
// number of steps per round as the whole network, as the baseline.
//
// Tensor-train layers merge in their own algebra: the average rule sums
// the TT matrices (tt.WeightedSum) and rounds the sum back to the layer's
// ranks (tt.Round); robust rules run on the full matrices and decompose
// the result again (tt.Decompose). Cores are then rounded to fixed point.
//
// A run is reproducible from its seed: every node has its own PCG stream,
// nodes train in parallel but messages are delivered in node order, and
// all merges are integer (TT rounding is float64, identical for the same
// binary). Run reports accuracy per round (mean, min and max over the
// honest nodes on an evaluation subset) and cumulative bytes sent per
// node; report.go prints tables and writes CSV and PNG plots.
package sim

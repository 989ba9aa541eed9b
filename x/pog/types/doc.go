// Package types holds x/pog's stateless rules. x/pog (Proof of Gradient)
// accepts a model version only when its training step is proven. This
// package is the chain's half of the ZK mode: decoding a step proof with
// its size and encoding checked before anything is allocated, rebuilding
// the public witness from pkg/commit's layout (no circuit code on chain),
// Groth16 verification against a governance-approved verifying key, and
// the gas a verification charges. The module's keeper, messages and
// re-execution votes build on it (see ../README.md).
package types

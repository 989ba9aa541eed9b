// Package circuit is the Proof-of-Gradient step circuit: a gnark v0.14
// Groth16 (BN254) proof that a model version is exactly one fixed-point SGD
// step of multinomial logistic regression, taken by sidecar/learn after a
// weighted-average merge (sidecar/merge) of up to P parent versions, on one
// leaf of a committed data set, by one account on one chain.
//
// The statement, with every public input laid out by pkg/commit's
// StepPublic so the chain rebuilds it exactly:
//
//	New = Commitment(learn.Step(merge.Average(parents, weights), batch, lr, keep))
//	Commitment(parent_i) = Parents[i]          for i < P
//	Leaf(batch) is leaf LeafIndex under DataRoot  (Poseidon2 Merkle path)
//	Binding = commit.BindingHash(submitter, chain-id)
//
// A Shape (batch, features, classes, parents, tree depth, fixed-point
// formats, trimmed-loss fraction) is compiled to one circuit and named by
// its ID, the circuit id x/buildermarket approves a verifying key for.
//
// Assign produces the witness with the sidecar's own merge and step, so a
// proof exists exactly for what the sidecar trains (property tests check
// acceptance and rejection against learn.Step on random inputs). Compile,
// Prove, Verify and PublicWitness wrap gnark; MarshalPublic and
// UnmarshalPublic are the public-input file of the prove and verify
// commands; Measure and WriteTable print the benchmark table of
// docs/proof-of-gradient.md. Keys come from sidecar/ceremony, files from
// sidecar/zkfile.
//
// See README.md for the constraint budget, the soundness argument of each
// gadget, and why one proof covers one step and no evaluation circuit
// exists.
package circuit

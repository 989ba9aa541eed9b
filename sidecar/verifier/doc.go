// Package verifier is the sidecar's verifier role in Proof of Gradient
// (x/pog): a verifier sampled into a version's poll fetches the weights,
// re-executes the step with the same deterministic code the learner and
// the step circuit use, measures the metric on the poll's validation
// data, and votes by commit-reveal.
//
//   - Store fetches weights by their pkg/commit weights commitment:
//     MemStore (in process) and DirStore (a directory of model files
//     named <hex commitment>.model). A missing model is ErrWithheld;
//     Reexecute checks every fetched model against the commitment it was
//     fetched by, so a store that serves other weights only ever makes a
//     version INVALID, never VALID.
//   - Job is what a version asks to verify (mode, parents, merge, leaf,
//     learning rate, new weights commitment, spec, validation data,
//     metric). Reexecute (and Audit, which also says why) turns it into
//     the types.VoteResult a juror commits to: VALID with the metric and
//     the best parent's metric, INVALID, or WITHHELD.
//   - Ballot is one vote: its result, a random 32-byte salt and the
//     types.VoteCommitment of both, saved to a 0600 JSON file (written
//     atomically) between the commit and the reveal, so a restart does not
//     lose the salt.
//
// Everything on the verified path is integer arithmetic: the merge is
// sidecar/merge (for WEIGHTED_AVERAGE the same merge.Average by samples
// the step circuit proves), the step is learn.Step with the version's raw
// learning rate, and metrics are integers x10^6 (accuracy is
// floor(correct * 10^6 / total) of learn.Predict's arg-max). Two honest
// verifiers with the same job compute the same result on any machine.
//
// The package is offline: a chain client that reads polls, fetches the
// weights from weights_uri and posts MsgCommitVote and MsgRevealVote is
// a later step; cmd/litegpt-sidecar's "vote prepare" and "vote reveal"
// drive it from files.
package verifier

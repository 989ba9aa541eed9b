// Package exchange is the one definition of the Data Market's fair
// exchange (ARCHITECTURE.md section 4, after FairSwap), shared byte for byte
// by the chain, which judges disputes, and the sidecars, which deliver and
// check data:
//
//   - the per-deal key k and its commitment KeyHash(k);
//   - the plaintext of a chunk: one sold leaf (its field elements), its leaf
//     index and its Merkle path in the offer's data tree;
//   - the inner encryption of a chunk: AES-256-GCM under k with a nonce
//     derived from (deal id, chunk index) and the same pair as associated
//     data, so a chunk cannot be moved to another deal or position;
//   - the seller's ciphertext tree: CometBFT's RFC 6962 SHA-256 Merkle tree
//     over the ciphertext chunks, whose root the seller signs in MsgDeliver;
//   - Judge, which decides whether a chunk is bad, used by the buyer's
//     sidecar to find one and by the chain to rule on MsgDispute.
//
// Transport sealing to the buyer's HPKE key is the sidecar's concern and is
// not part of what the chain checks.
package exchange

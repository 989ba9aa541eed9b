// Package commit is the one definition of LiteGPT's data and model
// commitments, shared byte for byte by the chain, the sidecar and the
// circuits:
//
//   - fixed-point encoding of samples and weights (Format, Encode, Decode),
//     packed into BN254 field elements;
//   - Poseidon2 over BN254, width 3, with R_F = 8 full and R_P = 56 partial
//     rounds (Params), used as a sponge of rate 2 whose initial state is
//     fixed by a domain tag and the input length (Hash);
//   - leaves (one encoded batch of samples each), binary Merkle trees over
//     them, inclusion proofs and their verification;
//   - the commitment of a fixed-point weights tensor.
//
// Every digest is domain-separated by a tag absorbed first, so a leaf, an
// inner node, a root and a weights commitment can never be confused. Test
// vectors in testdata/vectors.json pin every output.
package commit

package types

import "github.com/litegpt/litegpt/pkg/commit"

// Gas of the dispute computation, charged by MsgDispute before it runs.
// Judging a chunk decrypts it (AES-GCM), decodes its field elements and
// absorbs them into the leaf's Poseidon2 sponge (one permutation per two
// elements), then hashes up the Merkle path. A Poseidon2 permutation costs
// about 6 µs natively; the SDK prices a secp256k1 signature check, about 35 µs, at
// 1,000 gas, so one microsecond is worth about 30 gas. BenchmarkDispute
// reports the gas and time of a 32-sample x 64-feature Q8.8 batch in a tree
// of 1,024 leaves.
const (
	// DisputeGasPerElement is charged per 32 bytes of disputed ciphertext
	// (rounded up): decrypting, decoding and absorbing one field element
	// (half a permutation, ~3 µs, plus the decryption and decoding; the
	// price predates the width-3 sponge, which halved the hashing, and is
	// kept as headroom).
	DisputeGasPerElement = 200
	// DisputeGasPerLevel is charged per Merkle level hashed: a data-tree
	// node is Hash(tag, left, right), two permutations (~12 µs); the
	// root's binding to the leaf count is one more level, and each level of
	// the ciphertext path (SHA-256, far cheaper) is charged the same.
	DisputeGasPerLevel = 600
)

// DisputeGas is the gas MsgDispute charges for judging a ciphertext of
// ciphertextBytes with a ciphertext path of pathLevels, in a data tree of
// treeLeaves: per element of the ciphertext, and per level of both trees
// plus the root.
func DisputeGas(ciphertextBytes, pathLevels int, treeLeaves uint64) uint64 {
	elements := (uint64(ciphertextBytes) + 31) / 32
	levels := uint64(pathLevels) + uint64(commit.Depth(treeLeaves)) + 1
	return elements*DisputeGasPerElement + levels*DisputeGasPerLevel
}

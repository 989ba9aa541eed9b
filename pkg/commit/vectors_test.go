package commit_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json from the current implementation")

// vectors are the pinned outputs of the package. They were produced by this
// implementation (go test ./pkg/commit -run TestVectors -update) after the
// compression was checked against gnark-crypto's; any change to parameters,
// tags, packing or tree layout changes them and fails this test. The
// sidecar and the circuits must reproduce them.
type vectors struct {
	Permute000   string   `json:"permute_0_0_0"`
	Hash1Of23    string   `json:"hash_tag_1_of_2_3"`
	Hash1Of234   string   `json:"hash_tag_1_of_2_3_4"`
	EmptyLeaf    string   `json:"empty_leaf"`
	Leaf         string   `json:"leaf_q8_0_2x3"`
	Roots        []string `json:"roots_of_1_2_3_5_leaves"`
	ProofOf2Of5  []string `json:"proof_of_leaf_2_of_5"`
	Weights      string   `json:"weights_q16_16_2x2"`
	PackedDigits []string `json:"packed_elements_of_leaf"`
	ChunkRoot    string   `json:"weights_chunk_root_q16_16_60x40"`
}

func computeVectors(t *testing.T) vectors {
	hex := func(e fr.Element) string { return commit.Digest(e.Bytes()).String() }
	var zero, one, two, three, four fr.Element
	four.SetUint64(4)
	one.SetUint64(1)
	two.SetUint64(2)
	three.SetUint64(3)
	v := vectors{
		Permute000: hex(permuted(zero)),
		Hash1Of23:  hex(commit.Hash(one, two, three)),
		Hash1Of234: hex(commit.Hash(one, two, three, four)),
		EmptyLeaf:  commit.EmptyLeaf().String(),
	}
	b := commit.Batch{Format: commit.Format{Bits: 8}, Samples: []commit.Sample{
		{Features: []int64{0, 16, -3}, Label: 7},
		{Features: []int64{127, -128, 5}, Label: 1},
	}}
	leaf, err := commit.Leaf(b)
	require.NoError(t, err)
	v.Leaf = leaf.String()
	elements, err := b.Elements()
	require.NoError(t, err)
	for _, e := range elements {
		v.PackedDigits = append(v.PackedDigits, hex(e))
	}
	leaves := make([]commit.Digest, 5)
	for i := range leaves {
		var e fr.Element
		e.SetUint64(uint64(100 + i))
		leaves[i] = commit.Digest(e.Bytes())
	}
	for _, n := range []int{1, 2, 3, 5} {
		tree, err := commit.NewTree(leaves[:n])
		require.NoError(t, err)
		v.Roots = append(v.Roots, tree.Root().String())
		if n == 5 {
			p, err := tree.Prove(2)
			require.NoError(t, err)
			for _, s := range p.Siblings {
				v.ProofOf2Of5 = append(v.ProofOf2Of5, s.String())
			}
		}
	}
	w, err := commit.WeightsCommitment(commit.Tensor{Format: commit.Format{Bits: 32, Frac: 16}, Shape: []uint32{2, 2}, Values: []int64{65536, -65536, 1, -1}})
	require.NoError(t, err)
	v.Weights = w.String()
	tree, err := commit.WeightsChunkTree(chunkTensor())
	require.NoError(t, err)
	v.ChunkRoot = tree.Root().String()
	return v
}

func TestVectors(t *testing.T) {
	path := filepath.Join("testdata", "vectors.json")
	got := computeVectors(t)
	if *update {
		bz, err := json.MarshalIndent(got, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, append(bz, '\n'), 0o644))
	}
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	var want vectors
	require.NoError(t, json.Unmarshal(bz, &want))
	require.Equal(t, want, got)
}

// permuted is the first element of the permutation of (x, 0, 0).
func permuted(x fr.Element) fr.Element {
	state := [commit.Width]fr.Element{x}
	commit.Permute(&state)
	return state[0]
}

// chunkTensor is a 60x40 Q16.16 tensor whose elements span two chunks.
func chunkTensor() commit.Tensor {
	t := commit.Tensor{Format: commit.Format{Bits: 32, Frac: 16}, Shape: []uint32{60, 40}, Values: make([]int64, 2400)}
	for i := range t.Values {
		t.Values[i] = int64(i*7919%65536) - 32768
	}
	return t
}

package commit_test

import (
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
)

func TestWeightsChunksRoundTrip(t *testing.T) {
	tensor := chunkTensor()
	want, err := commit.WeightsCommitment(tensor)
	require.NoError(t, err)
	chunks, err := commit.WeightsChunks(tensor)
	require.NoError(t, err)
	// 2400 values of 32 bits, 7 per element: 343 elements, plus a header
	// and two dimensions.
	require.Len(t, chunks, 2)
	require.Len(t, chunks[1], 346-commit.ChunkElements)
	big := commit.Tensor{Format: commit.Format{Bits: 32, Frac: 16}, Shape: []uint32{2000}, Values: make([]int64, 2000)}
	chunks, err = commit.WeightsChunks(big)
	require.NoError(t, err)
	require.Len(t, chunks, 2) // 2 + 286 elements
	require.Len(t, chunks[0], commit.ChunkElements)
	require.Len(t, chunks[1], 288-commit.ChunkElements)
	bigWant, err := commit.WeightsCommitment(big)
	require.NoError(t, err)
	got, err := commit.TensorFromChunks(chunks, bigWant)
	require.NoError(t, err)
	require.Equal(t, big, got)

	chunks, err = commit.WeightsChunks(tensor)
	require.NoError(t, err)
	got, err = commit.TensorFromChunks(chunks, want)
	require.NoError(t, err)
	require.Equal(t, tensor, got)

	// The tree's leaves are the chunk leaves and prove like any data tree.
	tree, err := commit.WeightsChunkTree(big)
	require.NoError(t, err)
	bigChunks, _ := commit.WeightsChunks(big)
	leaf, err := commit.WeightsChunkLeaf(bigChunks[1])
	require.NoError(t, err)
	proof, err := tree.Prove(1)
	require.NoError(t, err)
	require.NoError(t, proof.Verify(tree.Root(), leaf))
}

func TestWeightsChunksRejectBadInput(t *testing.T) {
	tensor := chunkTensor()
	want, err := commit.WeightsCommitment(tensor)
	require.NoError(t, err)
	chunks, err := commit.WeightsChunks(tensor)
	require.NoError(t, err)

	_, err = commit.TensorFromChunks(chunks, commit.EmptyLeaf())
	require.ErrorContains(t, err, "reassembled weights commit to")

	altered := append([]fr.Element(nil), chunks[0]...)
	altered[5].SetUint64(1)
	_, err = commit.TensorFromChunks([][]fr.Element{altered, chunks[1]}, want)
	require.Error(t, err)

	big := commit.Tensor{Format: commit.Format{Bits: 32, Frac: 16}, Shape: []uint32{2000}, Values: make([]int64, 2000)}
	bigChunks, err := commit.WeightsChunks(big)
	require.NoError(t, err)
	short := [][]fr.Element{bigChunks[0][:10], bigChunks[1]}
	_, err = commit.TensorFromChunks(short, want)
	require.ErrorContains(t, err, "every chunk but the last")

	_, err = commit.WeightsChunkLeaf(nil)
	require.ErrorContains(t, err, "1..256 elements")
	_, err = commit.WeightsChunkLeaf(make([]fr.Element, commit.ChunkElements+1))
	require.ErrorContains(t, err, "1..256 elements")

	var header fr.Element
	header.SetUint64(1 | 32<<8 | 16<<16 | 1<<30)
	_, err = commit.DecodeTensor([]fr.Element{header, header})
	require.ErrorContains(t, err, "bits beyond")
	header.SetUint64(9 | 32<<8)
	_, err = commit.DecodeTensor([]fr.Element{header, header})
	require.ErrorContains(t, err, "dimensions")
}

func TestLeafOfElements(t *testing.T) {
	b := commit.Batch{Format: commit.Format{Bits: 16, Frac: 8}, Samples: []commit.Sample{
		{Features: []int64{1, -2, 3}, Label: 1}, {Features: []int64{4, 5, -6}, Label: 0},
	}}
	elements, err := b.Elements()
	require.NoError(t, err)
	want, err := commit.Leaf(b)
	require.NoError(t, err)
	got, decoded, err := commit.LeafOfElements(elements)
	require.NoError(t, err)
	require.Equal(t, want, got)
	require.Equal(t, b, decoded)
	_, _, err = commit.LeafOfElements(elements[:1])
	require.Error(t, err)
}

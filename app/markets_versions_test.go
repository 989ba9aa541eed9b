package app

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
)

// MODEL_UPDATE offers must sell one of the seller's verified x/pog
// versions, so the market scenario's genesis holds versionsPerSeller
// verified versions of model 1 (registered first in the run) for each
// seller, each with its own random weights; offers pick one of them.
const versionsPerSeller = 3

// marketSellers are the actors that post offers.
var marketSellers = []string{"seller1", "seller2", "cheater"}

// genesisVersions makes every seller's versions and their weights
// datasets, numbered from 1 in marketSellers order.
func (c *marketChain) genesisVersions(t *testing.T) []pogtypes.Version {
	r := rand.New(rand.NewSource(7))
	c.versions = map[string][]*dataset{}
	var out []pogtypes.Version
	for _, name := range marketSellers {
		for range versionsPerSeller {
			ds := weightsDataset(t, r)
			ds.version = uint64(len(out) + 1)
			c.versions[name] = append(c.versions[name], ds)
			var raw [32]byte
			r.Read(raw[:])
			root := fieldBytes(raw)
			out = append(out, pogtypes.Version{
				Id: ds.version, ModelId: 1, Learner: c.byName[name].bech32, Parents: []uint64{0}, MergeWeights: []uint64{1},
				WeightsCommitment: ds.weights, Mode: pogtypes.ModeZK, MergeRule: pogtypes.MergeWeightedAverage,
				Data:         pogtypes.DataCitation{DataRoot: root[:], Leaf: 0},
				LearningRate: 16, Samples: 32, ClaimedMetric: 500_000, Status: pogtypes.StatusVerified,
				SubmittedHeight: 1, VerifiedHeight: 1,
			})
		}
	}
	return out
}

// fieldBytes clears the top bits of b so it is a canonical BN254 field
// element, as every commitment is.
func fieldBytes(b [32]byte) [32]byte {
	b[0] &= 0x1f
	return b
}

// weightsDataset returns a MODEL_UPDATE dataset: the chunks of a random
// Q8.8 weights tensor of 1 to 3 chunks.
func weightsDataset(t *testing.T, r *rand.Rand) *dataset {
	n := 500 + r.Intn(2*commit.ChunkElements*15)
	tensor := commit.Tensor{Format: marketFormat, Shape: []uint32{uint32(n)}, Values: make([]int64, n)}
	for i := range tensor.Values {
		tensor.Values[i] = r.Int63n(4096) - 2048
	}
	chunks, err := commit.WeightsChunks(tensor)
	require.NoError(t, err)
	tree, err := commit.WeightsChunkTree(tensor)
	require.NoError(t, err)
	w, err := commit.WeightsCommitment(tensor)
	require.NoError(t, err)
	return &dataset{kind: dm.KindModelUpdate, tree: tree, leaves: chunks, weights: w[:]}
}

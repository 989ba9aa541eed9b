package networktest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
	buildertestutil "github.com/litegpt/litegpt/x/buildermarket/testutil"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
)

// digitsPath is the bundled UCI digits data set.
const digitsPath = "../../../sidecar/datasets/uci-digits/digits.csv.gz"

// digitLeaves is how many leaves of the data set the tests use.
const digitLeaves = 16

// leafFormat is the task's fixed-point format (Q8.8) as pkg/commit has it.
var leafFormat = commit.Format{Bits: uint8(buildertestutil.Format.Bits), Frac: uint8(buildertestutil.Format.Frac)}

var digits struct {
	once    sync.Once
	batches []commit.Batch
	err     error
}

// digitBatches returns the first digitLeaves leaves of the UCI digits,
// encoded for the task as `litegptd market encode-csv` does: Q8.8, nearest
// even, batches of 32, the label in the last column.
func digitBatches(t *testing.T) []commit.Batch {
	t.Helper()
	digits.once.Do(func() {
		enc, err := marketfiles.EncodeCSVFile(digitsPath, marketfiles.CSVOptions{
			Format: leafFormat, Rounding: commit.RoundNearestEven, BatchSize: buildertestutil.TaskBatchSize,
			LabelColumn: -1, Rows: marketfiles.RowRange{End: digitLeaves * buildertestutil.TaskBatchSize},
		})
		if err == nil && (len(enc.Batches) != digitLeaves || enc.Features != buildertestutil.TaskFeatures) {
			err = fmt.Errorf("encoded %d leaves of %d features, want %d of %d", len(enc.Batches), enc.Features, digitLeaves, buildertestutil.TaskFeatures)
		}
		digits.batches, digits.err = enc.Batches, err
	})
	require.NoError(t, digits.err)
	return digits.batches
}

// dataset is what a seller offers: leaves, their pkg/commit tree and root.
type dataset struct {
	batches []commit.Batch
	tree    *commit.Tree
	root    commit.Digest
}

// newDataset commits to batches.
func newDataset(t *testing.T, batches []commit.Batch) dataset {
	t.Helper()
	root, tree, err := commit.Root(batches)
	require.NoError(t, err)
	return dataset{batches: batches, tree: tree, root: root}
}

// noCorruption is seal's chunk argument for an honest delivery.
const noCorruption = -1

// seal builds the seller's delivery of deal d from the dataset under a
// fresh key: exchange.SealLeaves of the deal's leaves. If bad is a chunk
// index, that chunk instead carries random field elements (with the right
// leaf index and path), which is not a batch at all.
func (ds dataset) seal(t *testing.T, d datamarkettypes.Deal, bad int) (exchange.Key, [][]byte) {
	t.Helper()
	key, err := exchange.NewKey(nil)
	require.NoError(t, err)
	elements, err := marketfiles.Elements(ds.batches[d.LeafStart : d.LeafStart+d.LeafCount])
	require.NoError(t, err)
	chunks, err := exchange.SealLeaves(key, d.Id, ds.tree, d.LeafStart, elements)
	require.NoError(t, err)
	if bad >= 0 {
		garbage := make([]fr.Element, len(elements[bad]))
		for i := range garbage {
			_, err := garbage[i].SetRandom()
			require.NoError(t, err)
		}
		leaf := d.LeafStart + uint64(bad)
		proof, err := ds.tree.Prove(leaf)
		require.NoError(t, err)
		plaintext := exchange.Chunk{LeafIndex: leaf, Elements: garbage, Path: proof.Siblings}.Marshal()
		chunks[bad], err = exchange.Seal(key, d.Id, uint64(bad), plaintext)
		require.NoError(t, err)
	}
	return key, chunks
}

// judged is what the chain judges deal d's chunks against.
func judged(t *testing.T, d datamarkettypes.Deal) exchange.Delivery {
	t.Helper()
	root, err := commit.DigestFromBytes(d.DataRoot)
	require.NoError(t, err)
	return exchange.Delivery{
		DealID: d.Id, LeafStart: d.LeafStart, DataRoot: root, TreeLeaves: d.TreeLeaves, Kind: exchange.LeafBatch,
		Shape: exchange.BatchShape{
			Samples: buildertestutil.TaskBatchSize, Features: buildertestutil.TaskFeatures,
			Format: leafFormat, Classes: buildertestutil.TaskClasses,
		},
	}
}

// checkChunks is the buyer's check before accepting: every chunk received
// is under the ciphertext root the seller posted for deal d.
func checkChunks(t *testing.T, d datamarkettypes.Deal, chunks [][]byte) {
	t.Helper()
	require.Len(t, chunks, int(d.LeafCount))
	_, paths := exchange.CiphertextPaths(chunks)
	for i, c := range chunks {
		require.NoError(t, exchange.VerifyCiphertext(d.CiphertextRoot, d.LeafCount, uint64(i), c, paths[i]), "chunk %d", i)
	}
}

// openDelivery is the buyer's side after the reveal: it decrypts deal d's
// chunks with the key revealed on chain and returns the batches, or the
// first bad chunk as dispute evidence.
func openDelivery(t *testing.T, d datamarkettypes.Deal, chunks [][]byte) ([]commit.Batch, *exchange.BadChunk) {
	t.Helper()
	key, err := exchange.KeyFromBytes(d.Key)
	require.NoError(t, err, "deal %d has a revealed key", d.Id)
	opened, bad, err := exchange.OpenDelivery(judged(t, d), key, d.CiphertextRoot, chunks)
	require.NoError(t, err)
	if bad != nil {
		return nil, bad
	}
	out := make([]commit.Batch, len(opened))
	for i, c := range opened {
		require.Equal(t, d.LeafStart+uint64(i), c.LeafIndex)
		out[i], err = commit.DecodeBatch(c.Elements)
		require.NoError(t, err)
	}
	return out, nil
}

package exchange_test

import (
	"bytes"
	"encoding/hex"
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
)

var format = commit.Format{Bits: 16, Frac: 8}

// batches returns n batches of 4 samples x 3 features with labels 0..2.
func batches(n int, seed int64) []commit.Batch {
	r := rand.New(rand.NewSource(seed))
	out := make([]commit.Batch, n)
	for i := range out {
		b := commit.Batch{Format: format}
		for range 4 {
			b.Samples = append(b.Samples, commit.Sample{
				Features: []int64{r.Int63n(512) - 256, r.Int63n(512) - 256, r.Int63n(512) - 256},
				Label:    r.Int63n(3),
			})
		}
		out[i] = b
	}
	return out
}

func elementsOf(t testing.TB, bs []commit.Batch) [][]fr.Element {
	out := make([][]fr.Element, len(bs))
	for i, b := range bs {
		e, err := b.Elements()
		require.NoError(t, err)
		out[i] = e
	}
	return out
}

// fixture is a DATA offer of 7 leaves whose deal 42 sold leaves 2..5.
type fixture struct {
	batches     []commit.Batch
	tree        *commit.Tree
	key         exchange.Key
	delivery    exchange.Delivery
	ciphertexts [][]byte
	root        []byte
}

func newFixture(t testing.TB) fixture {
	bs := batches(7, 1)
	root, tree, err := commit.Root(bs)
	require.NoError(t, err)
	key, err := exchange.NewKey(rand.New(rand.NewSource(9)))
	require.NoError(t, err)
	d := exchange.Delivery{DealID: 42, LeafStart: 2, DataRoot: root, TreeLeaves: 7, Kind: exchange.LeafBatch,
		Shape: exchange.BatchShape{Samples: 4, Features: 3, Format: format, Classes: 3}}
	cts, err := exchange.SealLeaves(key, 42, tree, 2, elementsOf(t, bs[2:6]))
	require.NoError(t, err)
	return fixture{batches: bs, tree: tree, key: key, delivery: d, ciphertexts: cts, root: exchange.CiphertextRoot(cts)}
}

func TestHonestDeliveryOpens(t *testing.T) {
	f := newFixture(t)
	chunks, bad, err := exchange.OpenDelivery(f.delivery, f.key, f.root, f.ciphertexts)
	require.NoError(t, err)
	require.Nil(t, bad)
	require.Len(t, chunks, 4)
	for i, c := range chunks {
		require.Equal(t, uint64(2+i), c.LeafIndex)
		b, err := commit.DecodeBatch(c.Elements)
		require.NoError(t, err)
		require.Equal(t, f.batches[2+i], b)
		require.Equal(t, "", exchange.Judge(f.delivery, f.key, uint64(i), f.ciphertexts[i]))
	}
	_, paths := exchange.CiphertextPaths(f.ciphertexts)
	for i, ct := range f.ciphertexts {
		require.NoError(t, exchange.VerifyCiphertext(f.root, 4, uint64(i), ct, paths[i]))
	}
}

func TestKeyHash(t *testing.T) {
	k1, err := exchange.NewKey(nil)
	require.NoError(t, err)
	k2, err := exchange.NewKey(nil)
	require.NoError(t, err)
	require.NotEqual(t, k1, k2)
	require.NotEqual(t, exchange.KeyHash(k1), exchange.KeyHash(k2))
	// Pinned: SHA-256("litegpt/deal-key/v1" || 32 zero bytes).
	h := exchange.KeyHash(exchange.Key{})
	require.Equal(t, "121d4d046cde05078fd7726c51538a0f78d0805665ae3e14c3bc24ca471c2131", hex.EncodeToString(h[:]))
	_, err = exchange.KeyFromBytes(make([]byte, 31))
	require.ErrorContains(t, err, "32 bytes, got 31")
}

// Every way a seller can cheat is a fault Judge names.
func TestJudgeFindsEveryFault(t *testing.T) {
	f := newFixture(t)
	elements := elementsOf(t, f.batches)
	proof := func(i uint64) []commit.Digest {
		p, err := f.tree.Prove(i)
		require.NoError(t, err)
		return p.Siblings
	}
	seal := func(plaintext []byte) []byte {
		ct, err := exchange.Seal(f.key, 42, 1, plaintext)
		require.NoError(t, err)
		return ct
	}
	otherKey := exchange.Key{1}
	wrongKeyCT, err := exchange.Seal(otherKey, 42, 1, exchange.Chunk{LeafIndex: 3, Elements: elements[3], Path: proof(3)}.Marshal())
	require.NoError(t, err)
	otherDealCT, err := exchange.Seal(f.key, 43, 1, exchange.Chunk{LeafIndex: 3, Elements: elements[3], Path: proof(3)}.Marshal())
	require.NoError(t, err)
	tampered := bytes.Clone(f.ciphertexts[1])
	tampered[10] ^= 1

	garbage := batches(1, 99)[0]
	garbageElements, err := garbage.Elements()
	require.NoError(t, err)
	wrongShape := commit.Batch{Format: format, Samples: f.batches[3].Samples[:3]}
	wrongShapeElements, err := wrongShape.Elements()
	require.NoError(t, err)
	badLabel := commit.Batch{Format: format, Samples: append([]commit.Sample(nil), f.batches[3].Samples...)}
	badLabel.Samples[0] = commit.Sample{Features: badLabel.Samples[0].Features, Label: 7}
	badLabelElements, err := badLabel.Elements()
	require.NoError(t, err)

	for name, tc := range map[string]struct {
		ct    []byte
		fault string
	}{
		"tag fails":        {tampered, "does not authenticate"},
		"another key":      {wrongKeyCT, "does not authenticate"},
		"another deal":     {otherDealCT, "does not authenticate"},
		"not a chunk":      {seal([]byte("hello")), "malformed"},
		"another leaf":     {seal(exchange.Chunk{LeafIndex: 4, Elements: elements[4], Path: proof(4)}.Marshal()), "carries leaf 4"},
		"garbage batch":    {seal(exchange.Chunk{LeafIndex: 3, Elements: garbageElements, Path: proof(3)}.Marshal()), "not leaf 3 of the offer's data root"},
		"wrong path":       {seal(exchange.Chunk{LeafIndex: 3, Elements: elements[3], Path: proof(4)}.Marshal()), "not leaf 3"},
		"short path":       {seal(exchange.Chunk{LeafIndex: 3, Elements: elements[3], Path: proof(3)[:1]}.Marshal()), "depth"},
		"wrong shape":      {seal(exchange.Chunk{LeafIndex: 3, Elements: wrongShapeElements, Path: proof(3)}.Marshal()), "holds 3 samples"},
		"label out of set": {seal(exchange.Chunk{LeafIndex: 3, Elements: badLabelElements, Path: proof(3)}.Marshal()), "label 7"},
		"not a batch":      {seal(exchange.Chunk{LeafIndex: 3, Elements: elements[3][1:], Path: proof(3)}.Marshal()), "not a batch"},
	} {
		t.Run(name, func(t *testing.T) {
			require.Contains(t, exchange.Judge(f.delivery, f.key, 1, tc.ct), tc.fault)
		})
	}
	// The honest chunk 1 passes.
	require.Equal(t, "", exchange.Judge(f.delivery, f.key, 1, f.ciphertexts[1]))
}

// OpenDelivery hands the buyer the evidence of the first bad chunk, and
// that evidence verifies against the ciphertext root.
func TestOpenDeliveryReturnsEvidence(t *testing.T) {
	f := newFixture(t)
	bad := bytes.Clone(f.ciphertexts[2])
	bad[len(bad)-1] ^= 0xff
	cts := [][]byte{f.ciphertexts[0], f.ciphertexts[1], bad, f.ciphertexts[3]}
	root := exchange.CiphertextRoot(cts)
	chunks, evidence, err := exchange.OpenDelivery(f.delivery, f.key, root, cts)
	require.NoError(t, err)
	require.Nil(t, chunks)
	require.NotNil(t, evidence)
	require.Equal(t, uint64(2), evidence.Index)
	require.Contains(t, evidence.Fault, "does not authenticate")
	require.NoError(t, exchange.VerifyCiphertext(root, 4, 2, evidence.Ciphertext, evidence.Path))

	_, _, err = exchange.OpenDelivery(f.delivery, f.key, f.root, cts)
	require.ErrorContains(t, err, "do not hash to the delivery's ciphertext root")
}

// A chunk the seller never committed to fails VerifyCiphertext.
func TestVerifyCiphertextRejects(t *testing.T) {
	f := newFixture(t)
	_, paths := exchange.CiphertextPaths(f.ciphertexts)
	forged := bytes.Clone(f.ciphertexts[1])
	forged[0] ^= 1
	require.ErrorContains(t, exchange.VerifyCiphertext(f.root, 4, 1, forged, paths[1]), "not under the seller's ciphertext root")
	require.ErrorContains(t, exchange.VerifyCiphertext(f.root, 4, 2, f.ciphertexts[1], paths[1]), "not under")
	require.ErrorContains(t, exchange.VerifyCiphertext(f.root, 4, 4, f.ciphertexts[1], paths[1]), "not a position")
	require.ErrorContains(t, exchange.VerifyCiphertext(f.root, 5, 1, f.ciphertexts[1], paths[1]), "not under")
	require.ErrorContains(t, exchange.VerifyCiphertext(f.root[:31], 4, 1, f.ciphertexts[1], paths[1]), "32 bytes")
	require.ErrorContains(t, exchange.VerifyCiphertext(f.root, 4, 1, f.ciphertexts[1], [][]byte{{1, 2}}), "level 0 is 2 bytes")
}

func TestWeightsDelivery(t *testing.T) {
	tensor := commit.Tensor{Format: commit.Format{Bits: 32, Frac: 16}, Shape: []uint32{2000}, Values: make([]int64, 2000)}
	for i := range tensor.Values {
		tensor.Values[i] = int64(i) - 1000
	}
	chunks, err := commit.WeightsChunks(tensor)
	require.NoError(t, err)
	tree, err := commit.WeightsChunkTree(tensor)
	require.NoError(t, err)
	key := exchange.Key{7}
	cts, err := exchange.SealLeaves(key, 5, tree, 0, chunks)
	require.NoError(t, err)
	d := exchange.Delivery{DealID: 5, DataRoot: tree.Root(), TreeLeaves: tree.Count(), Kind: exchange.LeafWeights}
	opened, bad, err := exchange.OpenDelivery(d, key, exchange.CiphertextRoot(cts), cts)
	require.NoError(t, err)
	require.Nil(t, bad)
	got := make([][]fr.Element, len(opened))
	for i, c := range opened {
		got[i] = c.Elements
	}
	want, err := commit.WeightsCommitment(tensor)
	require.NoError(t, err)
	rebuilt, err := commit.TensorFromChunks(got, want)
	require.NoError(t, err)
	require.Equal(t, tensor, rebuilt)

	// A batch sold as a weights chunk is not under the root.
	batch := elementsOf(t, batches(1, 3))[0]
	p, err := tree.Prove(0)
	require.NoError(t, err)
	ct, err := exchange.Seal(key, 5, 0, exchange.Chunk{LeafIndex: 0, Elements: batch, Path: p.Siblings}.Marshal())
	require.NoError(t, err)
	require.Contains(t, exchange.Judge(d, key, 0, ct), "not leaf 0")
}

func TestChunkEncoding(t *testing.T) {
	f := newFixture(t)
	elements := elementsOf(t, f.batches)
	p, err := f.tree.Prove(3)
	require.NoError(t, err)
	c := exchange.Chunk{LeafIndex: 3, Elements: elements[3], Path: p.Siblings}
	bz := c.Marshal()
	got, err := exchange.UnmarshalChunk(bz)
	require.NoError(t, err)
	require.Equal(t, c, got)

	for name, tc := range map[string]struct {
		bz  []byte
		err string
	}{
		"empty":          {nil, "shorter than its"},
		"wrong magic":    {append([]byte("XXXX"), bz[4:]...), "format tag"},
		"truncated":      {bz[:len(bz)-1], "needs"},
		"trailing bytes": {append(bytes.Clone(bz), 0), "needs"},
		"zero elements":  {append(append(bytes.Clone(bz[:12]), 0, 0, 0, 0), 0), "expected 1.."},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := exchange.UnmarshalChunk(tc.bz)
			require.ErrorContains(t, err, tc.err)
		})
	}
	nonCanonical := bytes.Clone(bz)
	for i := 16; i < 48; i++ {
		nonCanonical[i] = 0xff
	}
	_, err = exchange.UnmarshalChunk(nonCanonical)
	require.ErrorContains(t, err, "not a canonical")
}

func TestSealRejectsHugeIndex(t *testing.T) {
	_, err := exchange.Seal(exchange.Key{}, 1, 1<<32, []byte("x"))
	require.ErrorContains(t, err, "exceeds")
	_, err = exchange.Open(exchange.Key{}, 1, 0, []byte("short"))
	require.ErrorContains(t, err, "shorter than its 16-byte tag")
}

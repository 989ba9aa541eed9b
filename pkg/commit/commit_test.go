package commit_test

import (
	"math"
	"math/rand"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark-crypto/ecc/bn254/fr/poseidon2"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
)

// TestHashIsTheSpecifiedSponge recomputes Hash from gnark-crypto's
// permutation following the written specification (state (tag, n, 0),
// permute, absorb pairs into the rate), for every input count up to 7.
func TestHashIsTheSpecifiedSponge(t *testing.T) {
	perm := poseidon2.NewPermutation(3, 8, 56)
	require.Equal(t, "Poseidon2-BN254[t=3,rF=8,rP=56,d=5]", commit.Params().String())
	r := rand.New(rand.NewSource(1))
	for n := range 8 {
		inputs := make([]fr.Element, n)
		for i := range inputs {
			inputs[i].SetUint64(r.Uint64())
		}
		var tag fr.Element
		tag.SetUint64(r.Uint64())
		state := []fr.Element{tag, fr.NewElement(uint64(n)), {}}
		require.NoError(t, perm.Permutation(state))
		for i := 0; i < n; i += 2 {
			state[0].Add(&state[0], &inputs[i])
			if i+1 < n {
				state[1].Add(&state[1], &inputs[i+1])
			}
			require.NoError(t, perm.Permutation(state))
		}
		require.Equal(t, state[0], commit.Hash(tag, inputs...), "%d inputs", n)
	}
}

func TestHashSeparatesLengthsAndTags(t *testing.T) {
	var a, zero fr.Element
	a.SetUint64(5)
	require.NotEqual(t, commit.Hash(a), commit.Hash(a, zero), "a trailing zero must change the digest")
	require.NotEqual(t, commit.Hash(a, zero), commit.Hash(a, zero, zero))
	require.NotEqual(t, commit.Hash(a, a), commit.Hash(zero, a))
}

func TestFormatEncode(t *testing.T) {
	f := commit.Format{Bits: 16, Frac: 8}
	require.NoError(t, f.Validate())
	for _, tc := range []struct {
		x    float64
		r    commit.Rounding
		want int64
	}{
		{1.5, commit.RoundNearestEven, 384},
		{0.5 / 256, commit.RoundNearestEven, 0}, // tie to even
		{1.5 / 256, commit.RoundNearestEven, 2}, // tie to even
		{0.5 / 256, commit.RoundNearestAway, 1},
		{-0.5 / 256, commit.RoundNearestAway, -1},
		{0.99 / 256, commit.RoundTowardZero, 0},
		{-127.99609375, commit.RoundNearestEven, f.Min() + 1},
	} {
		got, err := f.Encode(tc.x, tc.r)
		require.NoError(t, err)
		require.Equal(t, tc.want, got, "%v rounding %d", tc.x, tc.r)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), 128, -128.01} {
		_, err := f.Encode(bad, commit.RoundNearestEven)
		require.Error(t, err, "%v", bad)
	}
	_, err := f.Encode(1, 9)
	require.ErrorContains(t, err, "unknown rounding")
	require.Error(t, commit.Format{Bits: 1}.Validate())
	require.Error(t, commit.Format{Bits: 33}.Validate())
	require.Error(t, commit.Format{Bits: 8, Frac: 8}.Validate())
	require.Equal(t, 1.5, f.Decode(384))
}

func batch(r *rand.Rand, f commit.Format, n, d int) commit.Batch {
	b := commit.Batch{Format: f}
	for range n {
		s := commit.Sample{Label: r.Int63n(10)}
		for range d {
			s.Features = append(s.Features, f.Min()+r.Int63n(f.Max()-f.Min()+1))
		}
		b.Samples = append(b.Samples, s)
	}
	return b
}

func TestBatchRoundTripAndSensitivity(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, f := range []commit.Format{{Bits: 8, Frac: 0}, {Bits: 16, Frac: 8}, {Bits: 32, Frac: 16}, {Bits: 5, Frac: 1}} {
		b := batch(r, f, 7, 13)
		elements, err := b.Elements()
		require.NoError(t, err)
		back, err := commit.DecodeBatch(elements)
		require.NoError(t, err)
		require.Equal(t, b, back, "%s", f)

		leaf, err := commit.Leaf(b)
		require.NoError(t, err)
		b.Samples[3].Features[5] ^= 1 // any value change changes the leaf
		if b.Samples[3].Features[5] > f.Max() || b.Samples[3].Features[5] < f.Min() {
			b.Samples[3].Features[5] = 0
		}
		other, err := commit.Leaf(b)
		require.NoError(t, err)
		require.NotEqual(t, leaf, other)
	}
}

func TestBatchRejections(t *testing.T) {
	f := commit.Format{Bits: 8}
	for name, b := range map[string]commit.Batch{
		"empty":          {Format: f},
		"no features":    {Format: f, Samples: []commit.Sample{{}}},
		"ragged":         {Format: f, Samples: []commit.Sample{{Features: []int64{1, 2}}, {Features: []int64{1}}}},
		"out of range":   {Format: f, Samples: []commit.Sample{{Features: []int64{128}}}},
		"label range":    {Format: f, Samples: []commit.Sample{{Features: []int64{1}, Label: -129}}},
		"invalid format": {Format: commit.Format{Bits: 40}, Samples: []commit.Sample{{Features: []int64{1}}}},
	} {
		_, err := commit.Leaf(b)
		require.Error(t, err, name)
	}
	_, err := commit.DecodeBatch([]fr.Element{{}})
	require.Error(t, err)
}

func TestMerkleProofs(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for n := 1; n <= 17; n++ {
		leaves := make([]commit.Digest, n)
		for i := range leaves {
			var e fr.Element
			e.SetUint64(r.Uint64())
			leaves[i] = commit.Digest(e.Bytes())
		}
		tree, err := commit.NewTree(leaves)
		require.NoError(t, err)
		root := tree.Root()
		for i := range leaves {
			p, err := tree.Prove(uint64(i))
			require.NoError(t, err)
			require.NoError(t, p.Verify(root, leaves[i]), "n=%d i=%d", n, i)
			if n > 1 {
				require.Error(t, p.Verify(root, leaves[(i+1)%n]), "a different leaf")
			}
			if len(p.Siblings) > 0 {
				bad := p
				bad.Siblings = append([]commit.Digest(nil), p.Siblings...)
				bad.Siblings[0][31] ^= 1
				require.Error(t, bad.Verify(root, leaves[i]), "tampered sibling")
				wrongIndex := p
				wrongIndex.Index = (p.Index + 1) % p.Count
				require.Error(t, wrongIndex.Verify(root, leaves[i]), "wrong index")
			}
			wrongCount := p
			wrongCount.Count = p.Count + 1
			require.Error(t, wrongCount.Verify(root, leaves[i]), "wrong count")
		}
		_, err = tree.Prove(uint64(n))
		require.Error(t, err)
	}
	_, err := commit.NewTree(nil)
	require.Error(t, err)
}

func TestWeightsCommitment(t *testing.T) {
	w := commit.Tensor{Format: commit.Format{Bits: 32, Frac: 16}, Shape: []uint32{2, 3}, Values: []int64{1, -2, 3, -4, 5, 1 << 20}}
	c1, err := commit.WeightsCommitment(w)
	require.NoError(t, err)
	w2 := w
	w2.Shape = []uint32{3, 2} // same values, other shape
	c2, err := commit.WeightsCommitment(w2)
	require.NoError(t, err)
	require.NotEqual(t, c1, c2, "the shape is committed")
	w3 := w
	w3.Format.Frac = 15
	c3, err := commit.WeightsCommitment(w3)
	require.NoError(t, err)
	require.NotEqual(t, c1, c3, "the format is committed")
	_, err = commit.WeightsCommitment(commit.Tensor{Format: w.Format, Shape: []uint32{2, 2}, Values: w.Values})
	require.ErrorContains(t, err, "has 4 values, got 6")
}

func TestDigestParsing(t *testing.T) {
	d := commit.EmptyLeaf()
	back, err := commit.ParseDigest(d.String())
	require.NoError(t, err)
	require.Equal(t, d, back)
	_, err = commit.ParseDigest("zz")
	require.Error(t, err)
	_, err = commit.DigestFromBytes(make([]byte, 31))
	require.Error(t, err)
	tooBig := make([]byte, 32)
	for i := range tooBig {
		tooBig[i] = 0xff
	}
	_, err = commit.DigestFromBytes(tooBig)
	require.ErrorContains(t, err, "canonical")
}

func FuzzDecodeBatch(f *testing.F) {
	f.Add(uint64(1|1<<24|8<<48), []byte{1, 2, 3})
	f.Add(uint64(0), []byte{})
	f.Fuzz(func(t *testing.T, header uint64, packed []byte) {
		var h, p fr.Element
		h.SetUint64(header)
		p.SetBytes(packed)
		b, err := commit.DecodeBatch([]fr.Element{h, p})
		if err == nil {
			require.NoError(t, b.Validate(), "a decoded batch is valid")
		}
	})
}

func BenchmarkPermute(b *testing.B) {
	var state [commit.Width]fr.Element
	state[0].SetUint64(1)
	for b.Loop() {
		commit.Permute(&state)
	}
}

func BenchmarkLeaf32x64(b *testing.B) {
	bt := batch(rand.New(rand.NewSource(4)), commit.Format{Bits: 16, Frac: 8}, 32, 64)
	for b.Loop() {
		if _, err := commit.Leaf(bt); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTree1024(b *testing.B) {
	leaves := make([]commit.Digest, 1024)
	for i := range leaves {
		leaves[i][31] = byte(i)
	}
	for b.Loop() {
		if _, err := commit.NewTree(leaves); err != nil {
			b.Fatal(err)
		}
	}
}

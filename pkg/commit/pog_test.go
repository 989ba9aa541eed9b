package commit

import (
	"bytes"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/stretchr/testify/require"
)

func digestN(b byte) Digest { return Digest{31: b} }

func validPublic(parents int) StepPublic {
	p := StepPublic{New: digestN(9), DataRoot: digestN(10), LeafIndex: 7, LearningRate: 1 << 14, Binding: digestN(11)}
	for i := range parents {
		p.Parents = append(p.Parents, digestN(byte(1+i)))
		if parents > 1 {
			p.ParentWeights = append(p.ParentWeights, uint64(10+i))
		}
	}
	return p
}

func TestPadParents(t *testing.T) {
	ps, ws, err := PadParents([]Digest{digestN(1), digestN(2)}, []uint64{3, 4}, 4)
	require.NoError(t, err)
	require.Equal(t, []Digest{digestN(1), digestN(2), digestN(1), digestN(1)}, ps)
	require.Equal(t, []uint64{3, 4, 0, 0}, ws)

	ps, ws, err = PadParents([]Digest{digestN(5)}, []uint64{8}, 1)
	require.NoError(t, err)
	require.Equal(t, []Digest{digestN(5)}, ps)
	require.Nil(t, ws, "a one-parent circuit has no merge weights")

	in := []Digest{digestN(1)}
	inW := []uint64{1}
	_, _, err = PadParents(in, inW, 3)
	require.NoError(t, err)
	require.Equal(t, []Digest{digestN(1)}, in, "inputs are not modified")

	for name, c := range map[string]struct {
		parents []Digest
		weights []uint64
		max     int
		want    string
	}{
		"no parents":       {nil, nil, 2, "1..2 parents, got 0"},
		"too many parents": {[]Digest{{}, {}, {}}, []uint64{1, 1, 1}, 2, "1..2 parents, got 3"},
		"weights count":    {[]Digest{{}, {}}, []uint64{1}, 2, "2 parents need 2 merge weights, got 1"},
		"max zero":         {[]Digest{{}}, []uint64{1}, 0, "1..16 parents, got 0"},
		"max too large":    {[]Digest{{}}, []uint64{1}, MaxStepParents + 1, "1..16 parents, got 17"},
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := PadParents(c.parents, c.weights, c.max)
			require.ErrorContains(t, err, c.want)
		})
	}
}

func TestStepPublicValidate(t *testing.T) {
	require.NoError(t, validPublic(1).Validate(1))
	require.NoError(t, validPublic(3).Validate(3))
	for name, c := range map[string]struct {
		parents int
		edit    func(p *StepPublic)
		want    string
	}{
		"parent count":       {2, func(p *StepPublic) { p.Parents = p.Parents[:1] }, "takes 2 parent commitments, got 1"},
		"weights on one":     {1, func(p *StepPublic) { p.ParentWeights = []uint64{1} }, "takes 0 merge weights, got 1"},
		"weight count":       {2, func(p *StepPublic) { p.ParentWeights = p.ParentWeights[:1] }, "takes 2 merge weights, got 1"},
		"weight too large":   {2, func(p *StepPublic) { p.ParentWeights[1] = 1 << 32 }, "above 2^32-1"},
		"weights zero":       {2, func(p *StepPublic) { p.ParentWeights = []uint64{0, 0} }, "sum to 0"},
		"weights sum":        {3, func(p *StepPublic) { p.ParentWeights = []uint64{1<<32 - 1, 1, 1} }, "sum to 4294967297"},
		"learning rate zero": {1, func(p *StepPublic) { p.LearningRate = 0 }, "learning rate 0"},
		"learning rate big":  {1, func(p *StepPublic) { p.LearningRate = MaxStepLearningRate + 1 }, "outside 1..2^30"},
		"leaf index":         {1, func(p *StepPublic) { p.LeafIndex = MaxLeaves }, "leaf index"},
		"binding zero":       {1, func(p *StepPublic) { p.Binding = Digest{} }, "binding hash is zero"},
	} {
		t.Run(name, func(t *testing.T) {
			p := validPublic(c.parents)
			c.edit(&p)
			require.ErrorContains(t, p.Validate(c.parents), c.want)
		})
	}
	// The bounds themselves are accepted.
	p := validPublic(2)
	p.ParentWeights = []uint64{1<<32 - 1, 1}
	p.LearningRate = MaxStepLearningRate
	p.LeafIndex = MaxLeaves - 1
	require.NoError(t, p.Validate(2))
}

// The public-input vector is the order the circuit declares its public
// fields in; the chain rebuilds exactly this.
func TestStepPublicElements(t *testing.T) {
	p := validPublic(2)
	got := p.Elements()
	want := []fr.Element{digestN(1).Element(), digestN(2).Element(), fr.NewElement(10), fr.NewElement(11),
		digestN(9).Element(), digestN(10).Element(), fr.NewElement(7), fr.NewElement(1 << 14), digestN(11).Element()}
	require.Equal(t, want, got)

	one := validPublic(1).Elements()
	require.Len(t, one, 6, "one parent: no weights")
	require.Equal(t, digestN(1).Element(), one[0])
	require.Equal(t, digestN(11).Element(), one[5])
}

func TestBindingHash(t *testing.T) {
	submitter := []byte("lgpt-test-submitter-20b")
	d, err := BindingHash(submitter, "litegpt-1")
	require.NoError(t, err)
	// Pinned: the chain (x/pog) recomputes this from the signer and chain-id.
	require.Equal(t, "07744b32eb1ba316357a10ba06fa72ef54445f0e33e9069c9ac0e49bdcde9558", d.String())

	// The documented layout: tag, length, bytes packed 31 per element
	// big-endian, length, chain-id bytes.
	var s, c fr.Element
	s.SetBytes(submitter)
	c.SetBytes([]byte("litegpt-1"))
	manual := digestOf(Hash(tagBinding, fr.NewElement(uint64(len(submitter))), s, fr.NewElement(9), c))
	require.Equal(t, manual, d)

	// Every input changes it, and lengths keep boundaries apart.
	seen := map[Digest]string{d: "base"}
	for name, in := range map[string]struct {
		sub   []byte
		chain string
	}{
		"other submitter":   {[]byte("lgpt-test-submitter-20c"), "litegpt-1"},
		"other chain":       {submitter, "litegpt-2"},
		"boundary moved":    {append(append([]byte(nil), submitter...), 'l'), "itegpt-1"},
		"31 bytes":          {bytes.Repeat([]byte{1}, 31), "c"},
		"32 bytes":          {bytes.Repeat([]byte{1}, 32), "c"},
		"32 bytes, last 0":  {append(bytes.Repeat([]byte{1}, 31), 0), "c"},
		"leading zero byte": {append([]byte{0}, bytes.Repeat([]byte{1}, 31)...), "c"},
	} {
		h, err := BindingHash(in.sub, in.chain)
		require.NoError(t, err, name)
		prev, dup := seen[h]
		require.False(t, dup, "%s collides with %s", name, prev)
		seen[h] = name
	}

	for name, c := range map[string]struct {
		sub   []byte
		chain string
		want  string
	}{
		"empty submitter": {nil, "c", "submitter address must be 1..255 bytes, got 0"},
		"long submitter":  {make([]byte, 256), "c", "got 256"},
		"empty chain":     {submitter, "", "chain-id must be 1..255 bytes, got 0"},
		"long chain":      {submitter, strings.Repeat("c", 256), "got 256"},
	} {
		_, err := BindingHash(c.sub, c.chain)
		require.ErrorContains(t, err, c.want, name)
	}
}

func TestLayoutMatchesEncodings(t *testing.T) {
	require.Equal(t, 15, PerElement(16))
	require.Equal(t, 7, PerElement(32))
	require.Equal(t, 31, PerElement(8))

	f := Format{Bits: 16, Frac: 8}
	b := Batch{Format: f, Samples: []Sample{{Features: []int64{1, -2, 3}, Label: 1}, {Features: []int64{0, 5, -7}, Label: 0}}}
	el, err := b.Elements()
	require.NoError(t, err)
	require.Equal(t, BatchHeader(2, 3, f), el[0], "a leaf starts with its header")
	// 2 samples x (3 features + label) = 8 values, 15 per element: 1 element.
	require.Len(t, el, 2)

	w := Tensor{Format: Format{Bits: 32, Frac: 20}, Shape: []uint32{2, 4}, Values: []int64{1, 2, 3, 4, 5, 6, 7, -8}}
	el, err = w.Elements()
	require.NoError(t, err)
	require.Equal(t, TensorHeader(2, w.Format), el[0], "a tensor starts with its header")
	require.Equal(t, fr.NewElement(2), el[1])
	require.Equal(t, fr.NewElement(4), el[2])
	require.Len(t, el, 3+2, "header, 2 dimensions, 8 values at 7 per element")
}

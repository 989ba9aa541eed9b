package circuit

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
)

func TestShapeIDRoundTrips(t *testing.T) {
	for _, s := range append(BenchmarkShapes(), tinyShape(3, 7500)) {
		id := s.ID()
		require.LessOrEqual(t, len(id), 64, "x/buildermarket circuit ids are at most 64 characters")
		require.Regexp(t, `^[a-z0-9._-]{3,64}$`, id)
		got, err := ParseID(id)
		require.NoError(t, err)
		require.Equal(t, s, got)
	}
}

func TestParseIDRejects(t *testing.T) {
	good := tinyShape(2, 9000).ID()
	for id, want := range map[string]string{
		"":         "is not of the form",
		"mlp.b4":   "is not of the form",
		good + "x": "is not of the form",
		"logreg.b04.f3.c3.p2.d3.q16-8.w20.a16.p16.g20.l16.k9000": "not canonical",
		"logreg.b4.f3.c1.p2.d3.q16-8.w20.a16.p16.g20.l16.k9000":  "classes must be 2..",
		"logreg.b4.f3.c3.p0.d3.q16-8.w20.a16.p16.g20.l16.k9000":  "parents must be 1..",
		"logreg.b4.f3.c3.p2.d3.q8-8.w20.a16.p16.g20.l16.k9000":   "frac bits",
		"logreg.b4.f3.c3.p2.d3.q16-8.w20.a16.p16.g20.l16.k0":     "keep fraction",
		"logreg.b4.f3.c3.p2.d33.q16-8.w20.a16.p16.g20.l16.k9000": "tree depth",
		"logreg.b4.f3.c3.p2.d3.q16-8.w30.a16.p16.g20.l16.k9000":  "weight frac bits",
	} {
		_, err := ParseID(id)
		require.ErrorContains(t, err, want, id)
	}
}

func TestFarDeltaIsWhereTheExponentVanishes(t *testing.T) {
	for fa := uint8(8); fa <= 24; fa++ {
		far := farDelta(fa)
		require.Zero(t, expOf(far, fa), "fa %d", fa)
		require.Positive(t, expOf(far-1, fa), "fa %d", fa)
		require.Zero(t, expOf(int64(learn.SoftmaxClamp)<<fa+5, fa), "clamped")
		require.Equal(t, learn.Exp2Table[0], expOf(0, fa), "the top logit")
	}
}

func TestAssignRejectsBadInput(t *testing.T) {
	s := tinyShape(2, 7500)
	base := newFixture(t, s, 5, 2, 4).input
	other, err := learn.Init(learn.Spec{Arch: learn.NewLogReg(4, 3), Numerics: s.Numerics})
	require.NoError(t, err)
	for want, change := range map[string]func(in *Input){
		"merges 1..2 parents":        func(in *Input) { in.Parents = append(in.Parents, in.Parents[0]); in.Weights = append(in.Weights, 1) },
		"need 2 merge weights":       func(in *Input) { in.Weights = in.Weights[:1] },
		"circuit proves logreg 3-3":  func(in *Input) { in.Parents = []*learn.Model{other}; in.Weights = []uint64{1} },
		"merge weights are all zero": func(in *Input) { in.Weights = []uint64{0, 0} },
		"not in the data commitment": func(in *Input) { in.Proof.Index = (in.Proof.Index + 1) % in.Proof.Count },
		"label 3 outside 0..2": func(in *Input) {
			in.Batch = cloneBatch(in.Batch)
			in.Batch.Samples[1].Label = 3
		},
		"batch is 3 samples": func(in *Input) {
			in.Batch = cloneBatch(in.Batch)
			in.Batch.Samples = in.Batch.Samples[:3]
		},
		"learning rate must be": func(in *Input) { in.LearningRate = 0 },
		"submitter address":     func(in *Input) { in.Submitter = nil },
	} {
		in := base
		change(&in)
		_, err := Assign(s, in)
		require.ErrorContains(t, err, want)
	}
}

func TestAssignRefusesLogitsBeyondTheCircuit(t *testing.T) {
	s := tinyShape(1, 10000)
	in := newFixture(t, s, 6, 1, 1).input
	in.Batch = cloneBatch(in.Batch)
	for i := range in.Batch.Samples {
		for j := range in.Batch.Samples[i].Features {
			in.Batch.Samples[i].Features[j] = 1<<15 - 1 // about 128 in Q8.8
		}
	}
	root, tree, err := commit.Root([]commit.Batch{in.Batch})
	require.NoError(t, err)
	in.DataRoot = root
	in.Proof, err = tree.Prove(0)
	require.NoError(t, err)
	p := in.Parents[0].Clone()
	for i := range p.Params[0].Values {
		p.Params[0].Values[i] = 1 << 28 // 256 per weight: logits near 2^16
	}
	in.Parents = []*learn.Model{p}
	_, err = Assign(s, in)
	require.ErrorContains(t, err, "verify this step by re-execution")
}

func TestPublicJSONRoundTripsAndRejects(t *testing.T) {
	s := tinyShape(3, 7500)
	w, err := Assign(s, newFixture(t, s, 8, 2, 4).input)
	require.NoError(t, err)
	bz, err := MarshalPublic(s.ID(), w.Public)
	require.NoError(t, err)
	gotShape, got, err := UnmarshalPublic(bz)
	require.NoError(t, err)
	require.Equal(t, s, gotShape)
	require.Equal(t, w.Public, got)
	for want, bad := range map[string]string{
		"not valid JSON":       `{"circuit": 1}`,
		"unknown field":        `{"circuit": "` + s.ID() + `", "extra": 1}`,
		"is not of the form":   `{"circuit": "x"}`,
		"parents[0]":           `{"circuit": "` + s.ID() + `", "parents": ["zz"]}`,
		"3 parent commitments": strings.Replace(string(bz), `"parents": [`, `"parents": [ "`+w.Public.New.String()+`",`, 1),
	} {
		_, _, err := UnmarshalPublic([]byte(bad))
		require.ErrorContains(t, err, want)
	}
}

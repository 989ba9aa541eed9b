package wire_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/quant"
	"github.com/litegpt/litegpt/sidecar/wire"
	"github.com/litegpt/litegpt/sidecar/wire/wirepb"
)

func model(t testing.TB, a learn.Arch) *learn.Model {
	t.Helper()
	m, err := learn.Init(learn.Spec{Arch: a, Numerics: learn.DefaultNumerics(8), Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Params { // non-zero biases too
		for j := range m.Params[i].Values {
			m.Params[i].Values[j] += int64((i*7+j*13)%201) - 100
		}
	}
	return m
}

var archs = []learn.Arch{
	learn.NewLogReg(64, 10),
	learn.NewMLP(64, []int{32}, 10),
	learn.NewTTMLP(64, 32, 10, []int{8, 8}, []int{4, 8}, 4),
}

func roundTrip(t *testing.T, m *learn.Model, opts wire.Options) (wire.Message, *learn.Model, int) {
	t.Helper()
	bz, sent, err := wire.Encode(m, 100, 7, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := wire.Decode(bz)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(msg.Model.Flat(), sent.Flat()) {
		t.Fatal("the decoded model differs from the one Encode said the receiver would see")
	}
	if msg.Samples != 100 || msg.Age != 7 || msg.Model.Spec.Arch.String() != m.Spec.Arch.String() || msg.Model.Spec.Seed != 9 {
		t.Fatalf("metadata: samples %d age %d spec %s", msg.Samples, msg.Age, msg.Model.Spec.Arch)
	}
	c, _ := sent.Commitment()
	if msg.Commitment != c {
		t.Fatal("commitment is not the decoded model's")
	}
	return msg, sent, len(bz)
}

func TestInt32IsLossless(t *testing.T) {
	for _, a := range archs {
		m := model(t, a)
		msg, _, size := roundTrip(t, m, wire.Plain())
		if !slices.Equal(msg.Model.Flat(), m.Flat()) {
			t.Fatalf("%s: int32 round trip changed the weights", a)
		}
		if size < 4*a.Params() || size > 4*a.Params()+512 {
			t.Fatalf("%s: %d bytes for %d params", a, size, a.Params())
		}
	}
}

func TestQuantizedPrecisionsBoundTheError(t *testing.T) {
	m := model(t, archs[1])
	plain := 0
	for _, c := range []struct {
		p     quant.Precision
		ratio float64 // bytes vs int32, upper bound
		err   float64 // max error as a fraction of the tensor's largest magnitude
	}{{quant.Int32, 1.01, 0}, {quant.FP16, 0.52, 1.0 / 2048}, {quant.Int8, 0.28, 1.0 / 254}, {quant.Int4, 0.16, 1.0 / 14}} {
		msg, _, size := roundTrip(t, m, wire.Options{Precision: c.p, BlockSize: 64})
		if c.p == quant.Int32 {
			plain = size
		}
		if r := float64(size) / float64(plain); r > c.ratio {
			t.Errorf("%s: %.3f of int32's bytes, want <= %.2f", c.p, r, c.ratio)
		}
		for i, p := range m.Params {
			top := 0.0
			for _, v := range p.Values {
				top = math.Max(top, math.Abs(float64(v)))
			}
			for j, v := range p.Values {
				if d := math.Abs(float64(v - msg.Model.Params[i].Values[j])); d > c.err*top+1 {
					t.Fatalf("%s: %s[%d] off by %g (max |v| %g)", c.p, p.Name, j, d, top)
				}
			}
		}
	}
}

func TestTTEncodingOfDenseMatrices(t *testing.T) {
	m := model(t, learn.NewMLP(64, []int{32}, 16)) // 32x64 and 16x32 factor into 2 modes each
	_, _, fullSize := roundTrip(t, m, wire.Plain())
	msg, _, size := roundTrip(t, m, wire.Options{Precision: quant.Int32, TTRank: 32, TTCores: 2})
	// Rank 32 >= the ranks of a 2-core split of these matrices: near lossless.
	for i, p := range m.Params {
		for j, v := range p.Values {
			if d := v - msg.Model.Params[i].Values[j]; d > 64 || d < -64 {
				t.Fatalf("full-rank TT: %s[%d] off by %d raw", p.Name, j, d)
			}
		}
	}
	low, _, lowSize := roundTrip(t, m, wire.Options{Precision: quant.Int8, BlockSize: 64, TTRank: 2, TTCores: 2})
	if lowSize >= size || lowSize >= fullSize/4 {
		t.Fatalf("rank-2 int8 TT is %d bytes; full-rank TT %d, int32 %d", lowSize, size, fullSize)
	}
	if slices.Equal(low.Model.Flat(), m.Flat()) {
		t.Fatal("a rank-2 encoding of random matrices cannot be lossless")
	}
	// The TT-MLP's cores and every bias travel as values, not as TT.
	tm := model(t, archs[2])
	got, _, _ := roundTrip(t, tm, wire.Options{Precision: quant.Int32, TTRank: 2, TTCores: 2})
	if !slices.Equal(got.Model.Params[0].Values, tm.Params[0].Values) {
		t.Fatal("TT cores must not be re-decomposed")
	}
}

func TestFeedbackRepaysQuantizationError(t *testing.T) {
	m := model(t, archs[0])
	fb := quant.NewFeedback()
	opts := wire.Options{Precision: quant.Int4, BlockSize: 64}
	sum := make([]int64, len(m.Flat()))
	const rounds = 20
	for range rounds {
		_, sent, err := wire.Encode(m, 1, 1, opts, fb)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range sent.Flat() {
			sum[i] += v
		}
	}
	_, once, _ := wire.Encode(m, 1, 1, opts, nil)
	var fbErr, plainErr float64
	for i, v := range m.Flat() {
		fbErr += math.Abs(float64(sum[i])/rounds - float64(v))
		plainErr += math.Abs(float64(once.Flat()[i] - v))
	}
	if fbErr > plainErr/4 {
		t.Fatalf("with feedback the mean of %d messages is off by %g in total, without %g: feedback should repay the error", rounds, fbErr, plainErr)
	}
}

// mutate encodes m, lets f change the message, and returns the bytes.
func mutate(t *testing.T, m *learn.Model, f func(*wirepb.ModelMessage)) []byte {
	t.Helper()
	bz, _, err := wire.Encode(m, 1, 1, wire.Options{Precision: quant.Int8, BlockSize: 16}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var msg wirepb.ModelMessage
	if err := msg.Unmarshal(bz); err != nil {
		t.Fatal(err)
	}
	f(&msg)
	out, err := msg.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecodeRejectsMalformedMessages(t *testing.T) {
	m := model(t, archs[1])
	good, _, err := wire.Encode(m, 1, 1, wire.Plain(), nil)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		bz   []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "protobuf"},
		{"empty", nil, "wire version 0"},
		{"version", mutate(t, m, func(x *wirepb.ModelMessage) { x.Version = 2 }), "wire version 2, this node reads version 1"},
		{"spec", mutate(t, m, func(x *wirepb.ModelMessage) { x.Spec.Classes = 1 }), "spec: classes must be 2..4096, got 1"},
		{"tensor count", mutate(t, m, func(x *wirepb.ModelMessage) { x.Tensors = x.Tensors[:3] }), "3 tensors, the spec mlp 64-32-10 has 4"},
		{"tensor name", mutate(t, m, func(x *wirepb.ModelMessage) { x.Tensors[1].Name = "bias" }), `named "bias", expected "layer0.bias"`},
		{"tensor shape", mutate(t, m, func(x *wirepb.ModelMessage) { x.Tensors[0].Shape = []uint32{64, 32} }), "shape [64 32], expected [32 64]"},
		{"no values", mutate(t, m, func(x *wirepb.ModelMessage) { x.Tensors[2].Values = nil }), "has neither values nor a TT matrix"},
		{"count", mutate(t, m, func(x *wirepb.ModelMessage) { x.Tensors[1].Values.Count = 31 }), "31 values, expected 32"},
		{"precision", mutate(t, m, func(x *wirepb.ModelMessage) { x.Tensors[1].Values.Precision = 9 }), "unknown precision 9"},
		{"scale", mutate(t, m, func(x *wirepb.ModelMessage) { x.Tensors[0].Values.Scales[0] = 0 }), "tensor 0 (layer0.weight)"},
		{"tt on a bias", mutate(t, m, func(x *wirepb.ModelMessage) {
			x.Tensors[1].Values, x.Tensors[1].Tt = nil, &wirepb.TTMatrix{}
		}), "only dense weight matrices may be sent as TT matrices"},
		{"bad tt", mutate(t, m, func(x *wirepb.ModelMessage) {
			x.Tensors[0].Values, x.Tensors[0].Tt = nil, &wirepb.TTMatrix{RowModes: []uint32{4, 8}, ColModes: []uint32{8, 8}, Ranks: []uint32{1, 2, 1}}
		}), "2 row modes, 2 column modes, 3 ranks and 0 cores"},
		{"no commitment", mutate(t, m, func(x *wirepb.ModelMessage) { x.Commitment = nil }), "carries no weights commitment"},
		{"short commitment", mutate(t, m, func(x *wirepb.ModelMessage) { x.Commitment = x.Commitment[:5] }), "commitment:"},
		{"altered weights", mutate(t, m, func(x *wirepb.ModelMessage) { x.Tensors[0].Values.Data[3] ^= 1 }), "commitment mismatch: the message claims"},
		{"other spec seed", mutate(t, m, func(x *wirepb.ModelMessage) { x.Spec.Seed++ }), ""},
	}
	for _, c := range cases {
		_, err := wire.Decode(c.bz)
		if c.want == "" { // the seed is not part of the weights commitment
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if !errors.Is(err, wire.ErrMalformed) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want ErrMalformed containing %q", c.name, err, c.want)
		}
	}
	if _, err := wire.Decode(good); err != nil {
		t.Fatal(err)
	}
}

func TestEncodeRejectsBadOptions(t *testing.T) {
	m := model(t, archs[0])
	for _, c := range []struct {
		opts wire.Options
		want string
	}{
		{wire.Options{}, "unknown precision 0"},
		{wire.Options{Precision: quant.Int8}, "int8 needs a block size of 1..65536, got 0"},
		{wire.Options{Precision: quant.Int32, TTRank: 4}, "TT encoding needs 2..8 cores, got 0"},
		{wire.Options{Precision: quant.Int32, TTRank: -1}, "TT rank must be 0..256, got -1"},
	} {
		if _, _, err := wire.Encode(m, 1, 1, c.opts, nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.opts, err, c.want)
		}
	}
	bz, _, err := wire.Encode(m, 1, 1, wire.Options{Precision: quant.Int32, Uncommitted: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wire.Decode(bz); err == nil || !strings.Contains(err.Error(), "no weights commitment") {
		t.Fatalf("uncommitted message: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	for _, a := range archs {
		m := model(f, a)
		for _, opts := range []wire.Options{wire.Plain(), {Precision: quant.Int4, BlockSize: 8}, {Precision: quant.FP16}} {
			bz, _, err := wire.Encode(m, 3, 4, opts, nil)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(bz)
		}
	}
	tt, _, err := wire.Encode(model(f, learn.NewMLP(64, []int{32}, 16)), 1, 1, wire.Options{Precision: quant.Int8, BlockSize: 32, TTRank: 3, TTCores: 2}, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tt)
	f.Fuzz(func(t *testing.T, bz []byte) {
		msg, err := wire.Decode(bz)
		if err != nil {
			if !errors.Is(err, wire.ErrMalformed) {
				t.Fatalf("error not wrapping ErrMalformed: %v", err)
			}
			return
		}
		if err := msg.Model.Validate(); err != nil {
			t.Fatalf("decoded an invalid model: %v", err)
		}
		again, _, err := wire.Encode(msg.Model, msg.Samples, msg.Age, wire.Plain(), nil)
		if err != nil {
			t.Fatal(err)
		}
		back, err := wire.Decode(again)
		if err != nil || back.Commitment != msg.Commitment {
			t.Fatalf("re-encoding a decoded model: %v", err)
		}
	})
}

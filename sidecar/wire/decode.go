package wire

import (
	"errors"
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/quant"
	"github.com/litegpt/litegpt/sidecar/wire/wirepb"
)

// ErrMalformed wraps every decoding error.
var ErrMalformed = errors.New("malformed model message")

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// Decode parses, validates and decodes a model message and checks its
// commitment against the decoded parameters.
func Decode(bz []byte) (Message, error) {
	if len(bz) > MaxMessageBytes {
		return Message{}, malformed("%d bytes exceed the %d-byte limit", len(bz), MaxMessageBytes)
	}
	var msg wirepb.ModelMessage
	if err := msg.Unmarshal(bz); err != nil {
		return Message{}, malformed("protobuf: %s", err)
	}
	if msg.Version != Version {
		return Message{}, malformed("wire version %d, this node reads version %d", msg.Version, Version)
	}
	spec, err := specFromProto(msg.Spec)
	if err != nil {
		return Message{}, malformed("%s", err)
	}
	layout := learn.ParamLayout(spec.Arch)
	if len(msg.Tensors) != len(layout) {
		return Message{}, malformed("%d tensors, the spec %s has %d", len(msg.Tensors), spec.Arch, len(layout))
	}
	m := &learn.Model{Spec: spec, Params: layout}
	for i, want := range layout {
		values, err := decodeTensor(msg.Tensors[i], want, spec)
		if err != nil {
			return Message{}, malformed("tensor %d (%s): %s", i, want.Name, err)
		}
		m.Params[i].Values = values
	}
	if len(msg.Commitment) == 0 {
		return Message{}, malformed("the message carries no weights commitment")
	}
	claimed, err := commit.DigestFromBytes(msg.Commitment)
	if err != nil {
		return Message{}, malformed("commitment: %s", err)
	}
	got, err := m.Commitment()
	if err != nil {
		return Message{}, malformed("decoded weights: %s", err)
	}
	if got != claimed {
		return Message{}, malformed("commitment mismatch: the message claims %s, its decoded weights commit to %s", claimed, got)
	}
	return Message{Model: m, Samples: msg.Samples, Age: msg.Age, Commitment: got}, nil
}

// decodeTensor checks a tensor's name and shape against the layout and
// decodes its values.
func decodeTensor(t wirepb.Tensor, want learn.Param, spec learn.Spec) ([]int64, error) {
	if t.Name != want.Name {
		return nil, fmt.Errorf("named %q, expected %q", t.Name, want.Name)
	}
	if !sameShape(t.Shape, want.Shape) {
		return nil, fmt.Errorf("shape %v, expected %v", t.Shape, want.Shape)
	}
	n := 1
	for _, d := range want.Shape {
		n *= d
	}
	switch {
	case t.Values != nil && t.Tt != nil:
		return nil, errors.New("has both values and a TT matrix; expected one")
	case t.Values != nil:
		values, err := dequantize(*t.Values, n)
		if err != nil {
			return nil, err
		}
		clampInt32(values)
		return values, nil
	case t.Tt != nil:
		if !isDenseWeight(spec.Arch, want.Name) {
			return nil, errors.New("only dense weight matrices may be sent as TT matrices")
		}
		return decodeTT(*t.Tt, want.Shape, spec.Numerics.WeightFrac)
	}
	return nil, errors.New("has neither values nor a TT matrix")
}

func sameShape(got []uint32, want []int) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if int64(got[i]) != int64(want[i]) {
			return false
		}
	}
	return true
}

// dequantize checks the count before sidecar/quant validates the rest.
func dequantize(q wirepb.Quantized, want int) ([]int64, error) {
	if int64(q.Count) != int64(want) {
		return nil, fmt.Errorf("%d values, expected %d", q.Count, want)
	}
	if q.Precision < wirepb.Precision_PRECISION_INT32 || q.Precision > wirepb.Precision_PRECISION_INT4 {
		return nil, fmt.Errorf("unknown precision %d: expected int32, fp16, int8 or int4", q.Precision)
	}
	return quant.Dequantize(quant.Encoded{Precision: quant.Precision(q.Precision), BlockSize: int(q.BlockSize),
		Count: int(q.Count), Scales: q.Scales, Data: q.Data})
}

// decodeTT checks a TT matrix against the tensor's shape and contracts
// its decoded cores in fixed point.
func decodeTT(t wirepb.TTMatrix, shape []int, frac uint8) ([]int64, error) {
	d := len(t.RowModes)
	if d < 2 || d > learn.MaxTTCores || len(t.ColModes) != d || len(t.Ranks) != d+1 || len(t.Cores) != d {
		return nil, fmt.Errorf("TT matrix with %d row modes, %d column modes, %d ranks and %d cores; expected d, d, d+1 and d with d in 2..%d",
			d, len(t.ColModes), len(t.Ranks), len(t.Cores), learn.MaxTTCores)
	}
	rowModes, colModes, ranks := toInts(t.RowModes), toInts(t.ColModes), toInts(t.Ranks)
	rows, cols := 1, 1
	for k := range d {
		rows *= max(rowModes[k], 1)
		cols *= max(colModes[k], 1)
		if rows > learn.MaxWidth || cols > learn.MaxWidth {
			return nil, fmt.Errorf("TT modes exceed width %d", learn.MaxWidth)
		}
	}
	if rows != shape[0] || cols != shape[1] {
		return nil, fmt.Errorf("TT modes give a %dx%d matrix, expected %dx%d", rows, cols, shape[0], shape[1])
	}
	cores := make([][]int64, d)
	for k := range d {
		r, r2 := ranks[k], ranks[k+1]
		if r < 1 || r > learn.MaxTTRank || r2 < 1 || r2 > learn.MaxTTRank || rowModes[k] < 1 || colModes[k] < 1 {
			return nil, fmt.Errorf("TT core %d: ranks %d, %d and modes %d, %d must be positive and ranks at most %d",
				k, r, r2, rowModes[k], colModes[k], learn.MaxTTRank)
		}
		core, err := dequantize(t.Cores[k], r*rowModes[k]*colModes[k]*r2)
		if err != nil {
			return nil, fmt.Errorf("TT core %d: %s", k, err)
		}
		clampInt32(core)
		cores[k] = core
	}
	full, err := learn.TTFull(rowModes, colModes, ranks, cores, frac)
	if err != nil {
		return nil, err
	}
	clampInt32(full.Data)
	return full.Data, nil
}

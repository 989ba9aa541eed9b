package wire

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/quant"
	"github.com/litegpt/litegpt/sidecar/tt"
	"github.com/litegpt/litegpt/sidecar/wire/wirepb"
)

// Message is a decoded model message.
type Message struct {
	Model      *learn.Model
	Samples    uint64
	Age        uint64
	Commitment commit.Digest
}

// Encode serialises a model with its gossip metadata. feedback, when not
// nil, carries each quantized tensor's error into the next message
// (sidecar/quant error feedback, keyed by tensor name); TT-encoded
// matrices get none, since what a rank cannot represent is not an error
// that later messages could repay. Encode returns the bytes and the model
// the receiver will decode, whose commitment the message carries.
func Encode(m *learn.Model, samples, age uint64, opts Options, feedback *quant.Feedback) ([]byte, *learn.Model, error) {
	if err := opts.Validate(); err != nil {
		return nil, nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, nil, fmt.Errorf("wire: model: %w", err)
	}
	msg := wirepb.ModelMessage{Version: Version, Spec: specToProto(m.Spec), Samples: samples, Age: age}
	decoded := m.Clone()
	frac := m.Spec.Numerics.WeightFrac
	for i, p := range m.Params {
		t := wirepb.Tensor{Name: p.Name, Shape: toUint32s(p.Shape)}
		var values []int64
		var err error
		if rowModes, colModes, ok := denseMatrixModes(m, i, opts); ok {
			t.Tt, values, err = encodeTT(p, rowModes, colModes, frac, opts)
		} else {
			t.Values, values, err = encodeValues(p, opts, feedback)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("wire: tensor %s: %w", p.Name, err)
		}
		decoded.Params[i].Values = values
		msg.Tensors = append(msg.Tensors, t)
	}
	if !opts.Uncommitted {
		c, err := decoded.Commitment()
		if err != nil {
			return nil, nil, fmt.Errorf("wire: commitment: %w", err)
		}
		msg.Commitment = c[:]
	}
	bz, err := msg.Marshal()
	if err != nil {
		return nil, nil, fmt.Errorf("wire: marshal: %w", err)
	}
	return bz, decoded, nil
}

// denseMatrixModes reports the TT modes for parameter i when it is a
// dense weight matrix and opts ask for TT encoding.
func denseMatrixModes(m *learn.Model, i int, opts Options) ([]int, []int, bool) {
	p := m.Params[i]
	if opts.TTRank == 0 || len(p.Shape) != 2 || !isDenseWeight(m.Spec.Arch, p.Name) {
		return nil, nil, false
	}
	return opts.ttModes(p.Shape[0], p.Shape[1])
}

// isDenseWeight reports whether name is the weight of a dense layer.
func isDenseWeight(a learn.Arch, name string) bool {
	for l, layer := range a.Layers {
		if name == fmt.Sprintf("layer%d.weight", l) {
			return layer.Kind == learn.Dense
		}
	}
	return false
}

// encodeValues quantizes a tensor and returns its wire form and decoding.
func encodeValues(p learn.Param, opts Options, feedback *quant.Feedback) (*wirepb.Quantized, []int64, error) {
	var e quant.Encoded
	var err error
	if feedback != nil {
		e, err = feedback.Compress(p.Name, p.Values, opts.Precision, opts.blockSize())
	} else {
		e, err = quant.Quantize(p.Values, opts.Precision, opts.blockSize())
	}
	if err != nil {
		return nil, nil, err
	}
	values, err := quant.Dequantize(e)
	if err != nil {
		return nil, nil, err
	}
	clampInt32(values)
	return quantizedToProto(e), values, nil
}

// encodeTT sends a dense matrix as a TT-SVD with ranks capped at
// opts.TTRank, its cores rounded to fixed point and quantized; the
// decoding is the fixed-point contraction of the decoded cores.
func encodeTT(p learn.Param, rowModes, colModes []int, frac uint8, opts Options) (*wirepb.TTMatrix, []int64, error) {
	rows, cols := p.Shape[0], p.Shape[1]
	w := mat.NewDense(rows, cols, nil)
	for i, v := range p.Values {
		w.RawMatrix().Data[i] = math.Ldexp(float64(v), -int(frac))
	}
	t, err := tt.Decompose(w, rowModes, colModes, tt.Options{MaxRank: opts.TTRank})
	if err != nil {
		return nil, nil, err
	}
	out := &wirepb.TTMatrix{RowModes: toUint32s(rowModes), ColModes: toUint32s(colModes), Ranks: toUint32s(t.Ranks)}
	cores := make([][]int64, len(t.Cores))
	for k, core := range t.Cores {
		raw := make([]int64, len(core))
		for j, x := range core {
			r := math.Round(math.Ldexp(x, int(frac)))
			if r < math.MinInt32 || r > math.MaxInt32 {
				return nil, nil, fmt.Errorf("TT core %d value %g does not fit the int32 weight format", k, x)
			}
			raw[j] = int64(r)
		}
		e, err := quant.Quantize(raw, opts.Precision, opts.blockSize())
		if err != nil {
			return nil, nil, err
		}
		if cores[k], err = quant.Dequantize(e); err != nil {
			return nil, nil, err
		}
		clampInt32(cores[k])
		out.Cores = append(out.Cores, *quantizedToProto(e))
	}
	full, err := learn.TTFull(rowModes, colModes, t.Ranks, cores, frac)
	if err != nil {
		return nil, nil, err
	}
	clampInt32(full.Data)
	return out, full.Data, nil
}

// clampInt32 bounds decoded values to the int32 master-weight range
// (quantized decodings may exceed it by less than one scale step).
func clampInt32(values []int64) {
	for i, v := range values {
		values[i] = min(max(v, math.MinInt32), math.MaxInt32)
	}
}

func quantizedToProto(e quant.Encoded) *wirepb.Quantized {
	return &wirepb.Quantized{Precision: wirepb.Precision(e.Precision), Count: uint32(e.Count),
		BlockSize: uint32(e.BlockSize), Scales: e.Scales, Data: e.Data}
}

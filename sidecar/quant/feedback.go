package quant

import (
	"fmt"
	"slices"
	"sync"
)

// Feedback is error-feedback state for compressed gossip (as in
// CHOCO-SGD): per tensor name, the residual that earlier rounds' encodings
// left out. Compress adds it back before quantizing, so quantization error
// is carried forward instead of lost: after any number of rounds, for every
// coordinate,
//
//	sum of decoded messages = sum of inputs - current residual,
//
// exactly, and the residual is the last round's quantization error of
// value+residual: at most half that round's block scale for Int8 and
// Int4, at most |value+residual|·2^-11 for FP16, zero for Int32 (plus
// whatever clamping to the int32 range removed, see Compress). So the
// decoded stream tracks the input stream within one block's scale however
// long it runs. Without feedback a bias (say a
// small weight that always rounds to zero) accumulates without bound.
//
// Everything is integer and deterministic. The zero value is ready to
// use; a Feedback is safe for concurrent use.
type Feedback struct {
	mu       sync.Mutex
	residual map[string][]int64
	// corrected and decoded are scratch buffers reused across calls.
	corrected, decoded []int64
}

// NewFeedback returns an empty Feedback.
func NewFeedback() *Feedback { return &Feedback{} }

// Compress quantizes values+residual(name) with Quantize(·, p, blockSize)
// and stores the new residual values+residual(name) - decoded. The first
// call for a name starts from a zero residual. values must lie in the
// int32 range; a corrected value outside it is clamped to it before
// quantizing (the clamped part stays in the residual, so the identity
// above still holds). A name whose length differs from its stored
// residual is an ErrShape error (call Forget after a shape change, e.g. a
// TT rank change); on any error the state is unchanged.
func (f *Feedback) Compress(name string, values []int64, p Precision, blockSize int) (Encoded, error) {
	for i, v := range values {
		if v < minValue || v > maxValue {
			return Encoded{}, fmt.Errorf("%w: tensor %q value %d is %d, want within the int32 range [%d, %d]",
				ErrRange, name, i, v, minValue, maxValue)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	r, seen := f.residual[name]
	if seen && len(r) != len(values) {
		return Encoded{}, fmt.Errorf("%w: tensor %q has %d values, its residual %d; call Forget(%q) after a shape change",
			ErrShape, name, len(values), len(r), name)
	}
	f.corrected = resize(f.corrected, len(values))
	copy(f.corrected, values)
	if seen {
		for i, x := range r {
			f.corrected[i] = min(max(f.corrected[i]+x, minValue), maxValue)
		}
	}
	e, err := Quantize(f.corrected, p, blockSize)
	if err != nil {
		return Encoded{}, err
	}
	f.decoded, err = AppendDequantize(f.decoded[:0], e)
	if err != nil {
		return Encoded{}, fmt.Errorf("quant: internal error, Quantize emitted an invalid encoding: %w", err)
	}
	// Nothing can fail from here on: update the residual in place.
	if !seen {
		r = make([]int64, len(values))
		if f.residual == nil {
			f.residual = make(map[string][]int64)
		}
		f.residual[name] = r
	}
	for i, v := range values {
		r[i] += v - f.decoded[i]
	}
	return e, nil
}

// Residual is a copy of the residual stored for name, or nil if name has
// not been compressed (or was forgotten).
func (f *Feedback) Residual(name string) []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.residual[name])
}

// Names lists the tensor names that have a residual, sorted.
func (f *Feedback) Names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	names := make([]string, 0, len(f.residual))
	for n := range f.residual {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Forget drops the residual of name (the next Compress starts from zero).
func (f *Feedback) Forget(name string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.residual, name)
}

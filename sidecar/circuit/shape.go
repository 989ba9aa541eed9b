package circuit

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
)

// Shape is everything a step circuit is compiled for. Its ID names it on
// chain (x/buildermarket circuit ids), so a verifying key is never used for
// another shape.
type Shape struct {
	Batch     int // samples per leaf (the task's batch size)
	Features  int
	Classes   int
	Parents   int   // most parents merged before the step (1: no merge)
	Depth     int   // the data tree holds at most 2^Depth leaves
	InputBits uint8 // total bits of the batch's fixed-point format (its frac bits are Numerics.InputFrac)
	Numerics  learn.Numerics
	KeepBps   uint32 // trimmed-loss fraction of the step
}

// Limits of a shape, so a hostile id cannot make a node compile without
// bound.
const (
	MaxBatch    = 1024
	MaxFeatures = 4096
	MaxClasses  = 64
	MaxDepth    = 32
	MaxValues   = 1 << 20 // batch x features and classes x features
)

// LogitBits bounds logits and their pre-bias products: |z| < 2^(ActFrac +
// LogitBits - 1), i.e. |logit| < 2^14 in real units. Steps whose logits
// exceed it cannot be proven (Assign says so) and are verified by
// re-execution instead.
const LogitBits = 15

// Validate checks the shape and that the numerics fit the circuit.
func (s Shape) Validate() error {
	if s.Batch < 1 || s.Batch > MaxBatch {
		return fmt.Errorf("circuit batch must be 1..%d, got %d", MaxBatch, s.Batch)
	}
	if s.Features < 1 || s.Features > MaxFeatures {
		return fmt.Errorf("circuit features must be 1..%d, got %d", MaxFeatures, s.Features)
	}
	if s.Classes < 2 || s.Classes > MaxClasses {
		return fmt.Errorf("circuit classes must be 2..%d, got %d", MaxClasses, s.Classes)
	}
	if s.Batch*s.Features > MaxValues || s.Classes*s.Features > MaxValues {
		return fmt.Errorf("circuit of %d x %d features and %d classes exceeds %d values", s.Batch, s.Features, s.Classes, MaxValues)
	}
	if s.Parents < 1 || s.Parents > commit.MaxStepParents {
		return fmt.Errorf("circuit parents must be 1..%d, got %d", commit.MaxStepParents, s.Parents)
	}
	if s.Depth < 0 || s.Depth > MaxDepth {
		return fmt.Errorf("circuit tree depth must be 0..%d, got %d", MaxDepth, s.Depth)
	}
	if s.KeepBps < 1 || s.KeepBps > 10000 {
		return fmt.Errorf("circuit keep fraction must be 1..10000 basis points, got %d", s.KeepBps)
	}
	if err := s.Numerics.Validate(); err != nil {
		return err
	}
	if err := s.InputFormat().Validate(); err != nil {
		return fmt.Errorf("circuit input format: %w", err)
	}
	if int(s.Numerics.InputFrac) >= int(s.InputBits) {
		return fmt.Errorf("circuit input format Q%d.%d has no integer bits for labels", int(s.InputBits)-int(s.Numerics.InputFrac), s.Numerics.InputFrac)
	}
	if s.Classes > 1<<(s.InputBits-1) {
		return fmt.Errorf("labels up to %d do not fit %d-bit inputs", s.Classes-1, s.InputBits)
	}
	if s.Numerics.WeightFrac < s.Numerics.ActFrac && 32+int(s.Numerics.ActFrac)-int(s.Numerics.WeightFrac) > int(s.Numerics.ActFrac)+LogitBits-1 {
		return fmt.Errorf("biases scaled to %d activation bits exceed the logit bound", s.Numerics.ActFrac)
	}
	return nil
}

// InputFormat is the batch's fixed-point format.
func (s Shape) InputFormat() commit.Format {
	return commit.Format{Bits: s.InputBits, Frac: s.Numerics.InputFrac}
}

// Arch is the model the circuit trains: multinomial logistic regression.
func (s Shape) Arch() learn.Arch { return learn.NewLogReg(s.Features, s.Classes) }

// Params is the model's parameter count: classes x features weights and
// classes biases.
func (s Shape) Params() int { return s.Classes*s.Features + s.Classes }

// Keep is the number of samples the trimmed-loss step trains on.
func (s Shape) Keep() int { return (s.Batch*int(s.KeepBps) + 9999) / 10000 }

// ID names the shape: logreg.b32.f64.c10.p2.d12.q16-8.w20.a16.p16.g20.l16.k9000
// (batch, features, classes, parents, tree depth, input bits-frac, weight,
// activation, probability, gradient and learning-rate frac bits, keep bps).
func (s Shape) ID() string {
	n := s.Numerics
	return fmt.Sprintf("logreg.b%d.f%d.c%d.p%d.d%d.q%d-%d.w%d.a%d.p%d.g%d.l%d.k%d",
		s.Batch, s.Features, s.Classes, s.Parents, s.Depth, s.InputBits, n.InputFrac,
		n.WeightFrac, n.ActFrac, n.ProbFrac, n.GradFrac, n.LRFrac, s.KeepBps)
}

var idPattern = regexp.MustCompile(`^logreg\.b(\d+)\.f(\d+)\.c(\d+)\.p(\d+)\.d(\d+)\.q(\d+)-(\d+)\.w(\d+)\.a(\d+)\.p(\d+)\.g(\d+)\.l(\d+)\.k(\d+)$`)

// ParseID is the inverse of ID; it validates the shape.
func ParseID(id string) (Shape, error) {
	m := idPattern.FindStringSubmatch(id)
	if m == nil {
		return Shape{}, fmt.Errorf("circuit id %q is not of the form logreg.b<batch>.f<features>.c<classes>.p<parents>.d<depth>.q<bits>-<frac>.w<w>.a<a>.p<p>.g<g>.l<l>.k<keep>", id)
	}
	v := make([]int, len(m)-1)
	for i, s := range m[1:] {
		n, err := strconv.Atoi(s)
		if err != nil || n > 1<<20 {
			return Shape{}, fmt.Errorf("circuit id %q: field %d (%q) is not a small number", id, i, s)
		}
		v[i] = n
	}
	for _, i := range []int{5, 6, 7, 8, 9, 10, 11} {
		if v[i] > 255 {
			return Shape{}, fmt.Errorf("circuit id %q: bit count %d too large", id, v[i])
		}
	}
	s := Shape{Batch: v[0], Features: v[1], Classes: v[2], Parents: v[3], Depth: v[4], InputBits: uint8(v[5]),
		Numerics: learn.Numerics{InputFrac: uint8(v[6]), WeightFrac: uint8(v[7]), ActFrac: uint8(v[8]),
			ProbFrac: uint8(v[9]), GradFrac: uint8(v[10]), LRFrac: uint8(v[11])},
		KeepBps: uint32(v[12])}
	if err := s.Validate(); err != nil {
		return Shape{}, fmt.Errorf("circuit id %q: %w", id, err)
	}
	if s.ID() != id {
		return Shape{}, fmt.Errorf("circuit id %q is not canonical (want %q)", id, s.ID())
	}
	return s, nil
}

package learn

import (
	"fmt"
	"strings"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Kind names a model family.
type Kind uint8

// Model families.
const (
	// LogReg is multinomial logistic regression: one dense layer.
	LogReg Kind = iota + 1
	// MLP is a multi-layer perceptron with ReLU between dense layers.
	MLP
	// TTMLP is an MLP whose first layer is a tensor-train (TT) matrix.
	TTMLP
)

// String is the name used by flags and files.
func (k Kind) String() string {
	switch k {
	case LogReg:
		return "logreg"
	case MLP:
		return "mlp"
	case TTMLP:
		return "tt-mlp"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// ParseKind is the inverse of String.
func ParseKind(s string) (Kind, error) {
	for _, k := range []Kind{LogReg, MLP, TTMLP} {
		if strings.EqualFold(s, k.String()) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown model kind %q: expected logreg, mlp or tt-mlp", s)
}

// LayerKind is how a layer stores its weight matrix.
type LayerKind uint8

// Layer kinds.
const (
	// Dense stores W (Out x In) and a bias b (Out).
	Dense LayerKind = iota + 1
	// TensorTrain stores W as TT cores G_k of shape
	// (Ranks[k], OutModes[k], InModes[k], Ranks[k+1]) and a bias (Out).
	TensorTrain
)

// Limits on a specification, so a hostile file cannot make a node
// allocate without bound.
const (
	MaxLayers     = 8
	MaxWidth      = 1 << 16
	MaxParams     = 1 << 26
	MaxTTCores    = 8
	MaxTTRank     = 256
	MaxClasses    = 1 << 12
	MaxTTModeSize = 1 << 12
)

// Layer is one layer of a model. ReLU follows every layer but the last.
type Layer struct {
	Kind     LayerKind
	In, Out  int
	InModes  []int // TensorTrain: factors of In, one per core
	OutModes []int // TensorTrain: factors of Out, one per core
	Ranks    []int // TensorTrain: len(InModes)+1 ranks, first and last 1
}

// Arch is a model's architecture.
type Arch struct {
	Kind    Kind
	Inputs  int
	Classes int
	Layers  []Layer
}

// NewLogReg is multinomial logistic regression over inputs features.
func NewLogReg(inputs, classes int) Arch {
	return Arch{Kind: LogReg, Inputs: inputs, Classes: classes,
		Layers: []Layer{{Kind: Dense, In: inputs, Out: classes}}}
}

// NewMLP is a ReLU MLP with the given hidden widths.
func NewMLP(inputs int, hidden []int, classes int) Arch {
	a := Arch{Kind: MLP, Inputs: inputs, Classes: classes}
	in := inputs
	for _, h := range hidden {
		a.Layers = append(a.Layers, Layer{Kind: Dense, In: in, Out: h})
		in = h
	}
	a.Layers = append(a.Layers, Layer{Kind: Dense, In: in, Out: classes})
	return a
}

// NewTTMLP is a ReLU MLP with one hidden layer whose first weight matrix
// (hidden x inputs) is a TT matrix with the given modes and internal rank
// (every internal rank is rank).
func NewTTMLP(inputs, hidden, classes int, inModes, outModes []int, rank int) Arch {
	ranks := make([]int, len(inModes)+1)
	for i := range ranks {
		ranks[i] = rank
	}
	ranks[0], ranks[len(ranks)-1] = 1, 1
	return Arch{Kind: TTMLP, Inputs: inputs, Classes: classes, Layers: []Layer{
		{Kind: TensorTrain, In: inputs, Out: hidden,
			InModes: append([]int(nil), inModes...), OutModes: append([]int(nil), outModes...), Ranks: ranks},
		{Kind: Dense, In: hidden, Out: classes},
	}}
}

// Validate checks the architecture's shapes and limits.
func (a Arch) Validate() error {
	if a.Kind < LogReg || a.Kind > TTMLP {
		return fmt.Errorf("unknown model kind %d", a.Kind)
	}
	if a.Inputs < 1 || a.Inputs > MaxWidth {
		return fmt.Errorf("inputs must be 1..%d, got %d", MaxWidth, a.Inputs)
	}
	if a.Classes < 2 || a.Classes > MaxClasses {
		return fmt.Errorf("classes must be 2..%d, got %d", MaxClasses, a.Classes)
	}
	if len(a.Layers) < 1 || len(a.Layers) > MaxLayers {
		return fmt.Errorf("a model has 1..%d layers, got %d", MaxLayers, len(a.Layers))
	}
	if a.Kind == LogReg && len(a.Layers) != 1 {
		return fmt.Errorf("logistic regression has exactly one layer, got %d", len(a.Layers))
	}
	in := a.Inputs
	params := 0
	for i, l := range a.Layers {
		if l.In != in {
			return fmt.Errorf("layer %d: input width %d, previous layer gives %d", i, l.In, in)
		}
		if l.Out < 1 || l.Out > MaxWidth {
			return fmt.Errorf("layer %d: output width must be 1..%d, got %d", i, MaxWidth, l.Out)
		}
		switch l.Kind {
		case Dense:
			if len(l.InModes)+len(l.OutModes)+len(l.Ranks) != 0 {
				return fmt.Errorf("layer %d: a dense layer has no TT modes or ranks", i)
			}
		case TensorTrain:
			if a.Kind != TTMLP {
				return fmt.Errorf("layer %d: tensor-train layers need kind tt-mlp, got %s", i, a.Kind)
			}
			if err := l.validateTT(); err != nil {
				return fmt.Errorf("layer %d: %w", i, err)
			}
		default:
			return fmt.Errorf("layer %d: unknown layer kind %d", i, l.Kind)
		}
		params += l.Params()
		if params > MaxParams {
			return fmt.Errorf("model exceeds %d parameters", MaxParams)
		}
		in = l.Out
	}
	if in != a.Classes {
		return fmt.Errorf("last layer gives %d outputs, want %d classes", in, a.Classes)
	}
	if a.Kind == TTMLP && a.Layers[0].Kind != TensorTrain {
		return fmt.Errorf("tt-mlp: the first layer must be a tensor-train layer")
	}
	return nil
}

func (l Layer) validateTT() error {
	d := len(l.InModes)
	if d < 2 || d > MaxTTCores {
		return fmt.Errorf("tensor-train layer needs 2..%d cores, got %d", MaxTTCores, d)
	}
	if len(l.OutModes) != d || len(l.Ranks) != d+1 {
		return fmt.Errorf("tensor-train layer: %d in modes need %d out modes and %d ranks, got %d and %d",
			d, d, d+1, len(l.OutModes), len(l.Ranks))
	}
	if l.Ranks[0] != 1 || l.Ranks[d] != 1 {
		return fmt.Errorf("tensor-train ranks must start and end with 1, got %v", l.Ranks)
	}
	pIn, pOut := 1, 1
	for k := range d {
		if l.InModes[k] < 1 || l.InModes[k] > MaxTTModeSize || l.OutModes[k] < 1 || l.OutModes[k] > MaxTTModeSize {
			return fmt.Errorf("tensor-train mode sizes must be 1..%d, got in %v out %v", MaxTTModeSize, l.InModes, l.OutModes)
		}
		pIn *= l.InModes[k]
		pOut *= l.OutModes[k]
		if pIn > MaxWidth || pOut > MaxWidth {
			return fmt.Errorf("tensor-train modes exceed width %d", MaxWidth)
		}
	}
	for k, r := range l.Ranks {
		if r < 1 || r > MaxTTRank {
			return fmt.Errorf("tensor-train rank %d must be 1..%d, got %d", k, MaxTTRank, r)
		}
	}
	if pIn != l.In || pOut != l.Out {
		return fmt.Errorf("tensor-train modes multiply to %dx%d (out x in), layer is %dx%d", pOut, pIn, l.Out, l.In)
	}
	return nil
}

// Params is the layer's parameter count.
func (l Layer) Params() int {
	if l.Kind == TensorTrain {
		n := l.Out
		for k := range l.InModes {
			n += l.Ranks[k] * l.OutModes[k] * l.InModes[k] * l.Ranks[k+1]
		}
		return n
	}
	return l.Out*l.In + l.Out
}

// Params is the model's parameter count.
func (a Arch) Params() int {
	n := 0
	for _, l := range a.Layers {
		n += l.Params()
	}
	return n
}

// String describes the architecture, e.g. "mlp 784-128-10".
func (a Arch) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d", a.Kind, a.Inputs)
	for _, l := range a.Layers {
		fmt.Fprintf(&b, "-%d", l.Out)
		if l.Kind == TensorTrain {
			fmt.Fprintf(&b, "(tt %v x %v ranks %v)", l.OutModes, l.InModes, l.Ranks)
		}
	}
	return b.String()
}

// Numerics pins every fractional-bit count of the fixed-point step. Two
// nodes agree on a step only if they agree on these.
type Numerics struct {
	InputFrac  uint8 // fractional bits of input features (the data's format)
	WeightFrac uint8 // fractional bits of int32 master weights
	ActFrac    uint8 // fractional bits of pre-activations, activations and logits
	ProbFrac   uint8 // fractional bits of softmax probabilities and back-propagated errors
	GradFrac   uint8 // fractional bits of mean gradients
	LRFrac     uint8 // fractional bits of the learning rate
}

// DefaultNumerics is Q12.20 weights, 16-bit activations and probabilities,
// 20-bit gradients and 16-bit learning rates, for inputs with inputFrac
// fractional bits (8 for features scaled to [0, 1] in Q8.8).
func DefaultNumerics(inputFrac uint8) Numerics {
	return Numerics{InputFrac: inputFrac, WeightFrac: 20, ActFrac: 16, ProbFrac: 16, GradFrac: 20, LRFrac: 16}
}

// Validate checks that the fractional bits fit the step's arithmetic.
func (n Numerics) Validate() error {
	if n.InputFrac > 16 {
		return fmt.Errorf("input frac bits must be 0..16, got %d", n.InputFrac)
	}
	if n.WeightFrac < 8 || n.WeightFrac > 24 {
		return fmt.Errorf("weight frac bits must be 8..24 (weights are int32), got %d", n.WeightFrac)
	}
	if n.ActFrac < ExpTableBits || n.ActFrac > 24 {
		return fmt.Errorf("activation frac bits must be %d..24, got %d", ExpTableBits, n.ActFrac)
	}
	if n.ActFrac > n.WeightFrac+n.InputFrac {
		return fmt.Errorf("activation frac bits (%d) exceed input plus weight frac bits (%d)", n.ActFrac, n.WeightFrac+n.InputFrac)
	}
	if n.ProbFrac < 8 || n.ProbFrac > 24 {
		return fmt.Errorf("probability frac bits must be 8..24, got %d", n.ProbFrac)
	}
	if n.GradFrac < 8 || n.GradFrac > 28 {
		return fmt.Errorf("gradient frac bits must be 8..28, got %d", n.GradFrac)
	}
	if n.LRFrac < 4 || n.LRFrac > 24 {
		return fmt.Errorf("learning-rate frac bits must be 4..24, got %d", n.LRFrac)
	}
	if n.LRFrac+n.GradFrac < n.WeightFrac {
		return fmt.Errorf("learning-rate (%d) plus gradient (%d) frac bits must reach weight frac bits (%d)", n.LRFrac, n.GradFrac, n.WeightFrac)
	}
	return nil
}

// WeightFormat is the commit format of the master weights: 32-bit raw
// values with WeightFrac fractional bits.
func (n Numerics) WeightFormat() commit.Format {
	return commit.Format{Bits: 32, Frac: n.WeightFrac}
}

// Spec is everything that determines a model's initial weights and its
// training arithmetic.
type Spec struct {
	Arch     Arch
	Numerics Numerics
	Seed     uint64 // seed of the shared initialisation
}

// Validate checks the spec.
func (s Spec) Validate() error {
	if err := s.Arch.Validate(); err != nil {
		return err
	}
	return s.Numerics.Validate()
}

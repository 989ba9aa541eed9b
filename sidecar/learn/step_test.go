package learn_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/litegpt/litegpt/sidecar/learn"
)

func mustInit(t testing.TB, a learn.Arch, seed uint64) *learn.Model {
	t.Helper()
	m, err := learn.Init(learn.Spec{Arch: a, Numerics: learn.DefaultNumerics(8), Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// trained is logistic regression after three epochs on the digits.
func trained(t testing.TB) *learn.Model {
	t.Helper()
	d := loadDigits(t)
	m := mustInit(t, learn.NewLogReg(64, 10), 1)
	cfg := learn.StepConfig{LearningRate: learn.LearningRateRaw(0.1, m.Spec.Numerics), KeepBps: 10000}
	var err error
	for range 3 {
		for from := 0; from+32 <= d.train.Len(); from += 32 {
			if m, _, err = learn.Step(m, slice(d.train, 64, from, from+32), cfg); err != nil {
				t.Fatal(err)
			}
		}
	}
	return m
}

// TestTrimmedLossDropsPlantedBadSamples plants six mislabelled samples in a
// batch of 32: keeping 26/32 trains exactly as if they were never there.
func TestTrimmedLossDropsPlantedBadSamples(t *testing.T) {
	d := loadDigits(t)
	m := trained(t)
	all := d.test
	pred, err := learn.Predict(m, all)
	if err != nil {
		t.Fatal(err)
	}
	var clean learn.Batch // 32 samples the model gets right
	for i := 0; clean.Len() < 32; i++ {
		if pred[i] == all.Labels[i] {
			clean.Features = append(clean.Features, all.Features[i*64:(i+1)*64]...)
			clean.Labels = append(clean.Labels, all.Labels[i])
		}
	}
	mixed := learn.Batch{Features: slices.Clone(clean.Features), Labels: slices.Clone(clean.Labels)}
	var good learn.Batch
	bad := map[int]bool{}
	for i := 0; i < 32 && len(bad) < 6; i += 5 {
		mixed.Labels[i] = (clean.Labels[i] + 3) % 10 // a right sample, now labelled wrong
		bad[i] = true
	}
	for i := range 32 {
		if !bad[i] {
			good.Features = append(good.Features, clean.Features[i*64:(i+1)*64]...)
			good.Labels = append(good.Labels, clean.Labels[i])
		}
	}
	lr := learn.LearningRateRaw(0.1, m.Spec.Numerics)
	keep := uint32(10000 * (32 - len(bad)) / 32)
	trimmed, stats, err := learn.Step(m, mixed, learn.StepConfig{LearningRate: lr, KeepBps: keep})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Kept != 32-len(bad) {
		t.Fatalf("kept %d, want %d", stats.Kept, 32-len(bad))
	}
	reference, _, err := learn.Step(m, good, learn.StepConfig{LearningRate: lr, KeepBps: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(trimmed.Flat(), reference.Flat()) {
		t.Fatal("the trimmed step on the poisoned batch differs from the step on the clean rows: a bad sample was kept")
	}
	untrimmed, _, err := learn.Step(m, mixed, learn.StepConfig{LearningRate: lr, KeepBps: 10000})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(untrimmed.Flat(), reference.Flat()) {
		t.Fatal("without trimming the poisoned batch should train differently")
	}
}

func TestStepRejectsBadInputAndLeavesTheModel(t *testing.T) {
	m := mustInit(t, learn.NewLogReg(4, 3), 1)
	before := m.Flat()
	good := learn.Batch{Features: []int64{1, 2, 3, 4, 5, 6, 7, 8}, Labels: []int{0, 2}}
	cfg := learn.StepConfig{LearningRate: 100, KeepBps: 10000}
	broken := m.Clone()
	broken.Params[0].Values = broken.Params[0].Values[:3]
	cases := []struct {
		name  string
		model *learn.Model
		batch learn.Batch
		cfg   learn.StepConfig
		want  string
	}{
		{"short features", m, learn.Batch{Features: []int64{1, 2, 3}, Labels: []int{0, 1}}, cfg, "batch: batch of 2 samples with 4 inputs needs 8 feature values, got 3"},
		{"label out of range", m, learn.Batch{Features: good.Features, Labels: []int{0, 3}}, cfg, "sample 1: label 3 outside 0..2"},
		{"empty", m, learn.Batch{}, cfg, "a batch has 1..65536 samples, got 0"},
		{"huge feature", m, learn.Batch{Features: []int64{1, 2, 3, 1 << 40, 5, 6, 7, 8}, Labels: []int{0, 1}}, cfg, "sample 0 feature 3: raw value 1099511627776 outside"},
		{"zero learning rate", m, good, learn.StepConfig{LearningRate: 0, KeepBps: 10000}, "learning rate must be a raw value in 1..2^30, got 0"},
		{"keep zero", m, good, learn.StepConfig{LearningRate: 1, KeepBps: 0}, "keep fraction must be 1..10000 basis points, got 0"},
		{"keep too much", m, good, learn.StepConfig{LearningRate: 1, KeepBps: 10001}, "got 10001"},
		{"broken model", broken, good, cfg, "model: parameter layer0.weight has 3 values, want 12"},
	}
	for _, c := range cases {
		out, _, err := learn.Step(c.model, c.batch, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) || out != nil {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	if !slices.Equal(m.Flat(), before) {
		t.Fatal("a failed step modified its input model")
	}
	if _, _, err := learn.Step(m, good, cfg); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.Flat(), before) {
		t.Fatal("a step modified its input model")
	}
}

func TestStepDetectsOverflow(t *testing.T) {
	m := mustInit(t, learn.NewLogReg(4, 3), 1)
	// W[1][0] near the int32 edge is pushed over it: class 1 is the label
	// but scores far below class 0, so the step raises W[1][0].
	edge := m.Clone()
	w := edge.Params[0].Values // 3 x 4
	w[1*4+0], w[1*4+1] = 1<<31-100, -(1<<31 - 100)
	edge.Params[1].Values[0] = 1 << 30 // bias of class 0
	b := learn.Batch{Features: []int64{256, 256, 0, 0}, Labels: []int{1}}
	_, _, err := learn.Step(edge, b, learn.StepConfig{LearningRate: 1 << 20, KeepBps: 10000})
	if !errors.Is(err, learn.ErrOverflow) || !strings.Contains(err.Error(), "layer0.weight value 4") {
		t.Fatalf("weight overflow: got %v, want ErrOverflow naming layer0.weight value 4", err)
	}
	// Inputs and weights so large that no exact product exists.
	big := m.Clone()
	for i := range big.Params[0].Values {
		big.Params[0].Values[i] = 1<<31 - 1
	}
	huge := learn.Batch{Features: []int64{1<<31 - 1, 1<<31 - 1, 1<<31 - 1, 1<<31 - 1}, Labels: []int{0}}
	_, _, err = learn.Step(big, huge, learn.StepConfig{LearningRate: 1, KeepBps: 10000})
	if !errors.Is(err, learn.ErrProductRange) || !strings.Contains(err.Error(), "layer 0 forward") {
		t.Fatalf("product range: got %v, want ErrProductRange naming layer 0 forward", err)
	}
}

func TestInitIsSeededAndShared(t *testing.T) {
	for _, a := range testArchs() {
		x, y, z := mustInit(t, a, 5), mustInit(t, a, 5), mustInit(t, a, 6)
		if !slices.Equal(x.Flat(), y.Flat()) {
			t.Fatalf("%s: same seed, different weights", a)
		}
		if slices.Equal(x.Flat(), z.Flat()) {
			t.Fatalf("%s: different seeds, same weights", a)
		}
		if len(x.Flat()) != a.Params() {
			t.Fatalf("%s: %d values, want %d", a, len(x.Flat()), a.Params())
		}
		cx, err := x.Commitment()
		if err != nil {
			t.Fatal(err)
		}
		cy, _ := y.Commitment()
		cz, _ := z.Commitment()
		if cx != cy || cx == cz {
			t.Fatalf("%s: commitments %s %s %s", a, cx, cy, cz)
		}
	}
}

func TestSpecValidation(t *testing.T) {
	num := learn.DefaultNumerics(8)
	cases := []struct {
		name string
		spec learn.Spec
		want string
	}{
		{"one class", learn.Spec{Arch: learn.NewLogReg(4, 1), Numerics: num}, "classes must be 2..4096, got 1"},
		{"no inputs", learn.Spec{Arch: learn.NewLogReg(0, 3), Numerics: num}, "inputs must be 1..65536, got 0"},
		{"tt modes", learn.Spec{Arch: learn.NewTTMLP(64, 32, 10, []int{8, 4}, []int{4, 8}, 4), Numerics: num}, "modes multiply to 32x32 (out x in), layer is 32x64"},
		{"tt one core", learn.Spec{Arch: learn.NewTTMLP(64, 32, 10, []int{64}, []int{32}, 4), Numerics: num}, "needs 2..8 cores, got 1"},
		{"tt rank", learn.Spec{Arch: learn.NewTTMLP(64, 32, 10, []int{8, 8}, []int{4, 8}, 0), Numerics: num}, "rank 1 must be 1..256, got 0"},
		{"weight frac", learn.Spec{Arch: learn.NewLogReg(4, 3), Numerics: learn.Numerics{InputFrac: 8, WeightFrac: 30, ActFrac: 16, ProbFrac: 16, GradFrac: 20, LRFrac: 16}}, "weight frac bits must be 8..24"},
		{"lr frac", learn.Spec{Arch: learn.NewLogReg(4, 3), Numerics: learn.Numerics{InputFrac: 8, WeightFrac: 20, ActFrac: 16, ProbFrac: 16, GradFrac: 8, LRFrac: 8}}, "must reach weight frac bits (20)"},
	}
	for _, c := range cases {
		if _, err := learn.Init(c.spec); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
	a := learn.NewMLP(784, []int{128}, 10)
	if a.Params() != 101770 || a.String() != "mlp 784-128-10" {
		t.Fatalf("mlp: %d params, %q", a.Params(), a.String())
	}
	tt := learn.NewTTMLP(784, 128, 10, []int{4, 7, 4, 7}, []int{4, 4, 4, 2}, 8)
	if err := tt.Validate(); err != nil {
		t.Fatal(err)
	}
	if tt.Params() >= 101770/10 {
		t.Fatalf("tt-mlp has %d params, want under a tenth of the dense MLP's", tt.Params())
	}
	if k, err := learn.ParseKind("TT-MLP"); err != nil || k != learn.TTMLP {
		t.Fatalf("ParseKind: %v %v", k, err)
	}
	if _, err := learn.ParseKind("cnn"); err == nil || !strings.Contains(err.Error(), "expected logreg, mlp or tt-mlp") {
		t.Fatalf("ParseKind(cnn): %v", err)
	}
}

func TestArgmaxTiesGoToTheLowestClass(t *testing.T) {
	for _, c := range []struct {
		row  []int64
		want int
	}{{[]int64{1, 3, 3, 2}, 1}, {[]int64{-5, -5}, 0}, {[]int64{0, -1, 7}, 2}} {
		if got := learn.Argmax(c.row); got != c.want {
			t.Errorf("Argmax(%v) = %d, want %d", c.row, got, c.want)
		}
	}
}

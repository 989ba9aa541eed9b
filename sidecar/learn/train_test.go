package learn_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/litegpt/litegpt/sidecar/learn"
)

// testArchs are the three model families on the digits shape.
func testArchs() []learn.Arch {
	return []learn.Arch{
		learn.NewLogReg(64, 10),
		learn.NewMLP(64, []int{32}, 10),
		learn.NewTTMLP(64, 32, 10, []int{8, 8}, []int{4, 8}, 4),
	}
}

// floatFeatures is a batch's features as real values.
func floatFeatures(b learn.Batch, inputs int, frac uint8) *mat.Dense {
	x := make([]float64, len(b.Features))
	for i, v := range b.Features {
		x[i] = math.Ldexp(float64(v), -int(frac))
	}
	return mat.NewDense(b.Len(), inputs, x)
}

func floatAccuracy(f *learn.FloatModel, b learn.Batch) float64 {
	pred := f.FloatPredict(floatFeatures(b, f.Arch.Inputs, inputFormat.Frac))
	ok := 0
	for i, p := range pred {
		if p == b.Labels[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(pred))
}

// TestFixedPointTrainingMatchesFloat trains every family for five epochs
// on the digits in fixed point and in the float64 reference from the same
// initial weights: both learn, and fixed point costs at most two points.
func TestFixedPointTrainingMatchesFloat(t *testing.T) {
	d := loadDigits(t)
	for _, arch := range testArchs() {
		spec := learn.Spec{Arch: arch, Numerics: learn.DefaultNumerics(8), Seed: 7}
		m, err := learn.Init(spec)
		if err != nil {
			t.Fatal(err)
		}
		f := learn.ToFloat(m)
		const lr = 0.1
		cfg := learn.StepConfig{LearningRate: learn.LearningRateRaw(lr, spec.Numerics), KeepBps: 10000}
		before := accuracy(t, m, d.test)
		n := d.train.Len()
		for range 5 {
			for from := 0; from+32 <= n; from += 32 {
				b := slice(d.train, 64, from, from+32)
				if m, _, err = learn.Step(m, b, cfg); err != nil {
					t.Fatal(err)
				}
				if f, err = learn.FloatStep(f, floatFeatures(b, 64, 8), b.Labels, lr, 1); err != nil {
					t.Fatal(err)
				}
			}
		}
		fixedAcc, floatAcc := accuracy(t, m, d.test), floatAccuracy(f, d.test)
		t.Logf("%s: accuracy %.3f before, fixed %.3f, float %.3f", arch, before, fixedAcc, floatAcc)
		if fixedAcc < 0.88 || floatAcc < 0.88 {
			t.Errorf("%s: accuracy fixed %.3f float %.3f, want both >= 0.88 after five epochs", arch, fixedAcc, floatAcc)
		}
		if fixedAcc < floatAcc-0.02 {
			t.Errorf("%s: fixed point %.3f is more than 2 points below float %.3f", arch, fixedAcc, floatAcc)
		}
	}
}

// TestStepUpdateMatchesFloatUpdate compares one step's update in fixed
// point with the float reference's from the same weights: the vectors
// agree to within 2 % of the update's norm.
func TestStepUpdateMatchesFloatUpdate(t *testing.T) {
	d := loadDigits(t)
	for _, arch := range testArchs() {
		spec := learn.Spec{Arch: arch, Numerics: learn.DefaultNumerics(8), Seed: 11}
		m, err := learn.Init(spec)
		if err != nil {
			t.Fatal(err)
		}
		b := slice(d.train, 64, 0, 64)
		next, stats, err := learn.Step(m, b, learn.StepConfig{LearningRate: learn.LearningRateRaw(0.5, spec.Numerics), KeepBps: 10000})
		if err != nil {
			t.Fatal(err)
		}
		if stats.Samples != 64 || stats.Kept != 64 || stats.Loss <= 0 {
			t.Fatalf("%s: stats %+v", arch, stats)
		}
		f, err := learn.FloatStep(learn.ToFloat(m), floatFeatures(b, 64, 8), b.Labels, 0.5, 1)
		if err != nil {
			t.Fatal(err)
		}
		base, got := learn.ToFloat(m), learn.ToFloat(next)
		var diff, norm float64
		for i := range base.Params {
			for j := range base.Params[i] {
				want := f.Params[i][j] - base.Params[i][j]
				have := got.Params[i][j] - base.Params[i][j]
				diff += (want - have) * (want - have)
				norm += want * want
			}
		}
		if rel := math.Sqrt(diff / norm); rel > 0.02 || norm == 0 {
			t.Fatalf("%s: fixed-point update differs from float by %.4f of its norm %.4g", arch, rel, math.Sqrt(norm))
		} else {
			t.Logf("%s: relative update error %.5f", arch, rel)
		}
	}
}

// TestFloatReferenceGradientIsTheLossGradient checks the float reference
// (and with it the backward pass the fixed step mirrors, TT cores
// included) against central finite differences of the mean cross-entropy.
func TestFloatReferenceGradientIsTheLossGradient(t *testing.T) {
	d := loadDigits(t)
	b := slice(d.train, 64, 0, 16)
	x := floatFeatures(b, 64, 8)
	loss := func(f *learn.FloatModel) float64 {
		z, _ := f.FloatForward(x)
		var total float64
		for r := range b.Len() {
			top := math.Inf(-1)
			for c := range 10 {
				top = math.Max(top, z.At(r, c))
			}
			var sum float64
			for c := range 10 {
				sum += math.Exp(z.At(r, c) - top)
			}
			total += -(z.At(r, b.Labels[r]) - top - math.Log(sum))
		}
		return total / float64(b.Len())
	}
	for _, arch := range testArchs() {
		m, err := learn.Init(learn.Spec{Arch: arch, Numerics: learn.DefaultNumerics(8), Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		f := learn.ToFloat(m)
		const lr = 1e-3
		next, err := learn.FloatStep(f, x, b.Labels, lr, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i := range f.Params {
			for _, j := range []int{0, len(f.Params[i]) / 3, len(f.Params[i]) - 1} {
				analytic := (f.Params[i][j] - next.Params[i][j]) / lr
				const h = 1e-5
				plus, minus := f.Clone(), f.Clone()
				plus.Params[i][j] += h
				minus.Params[i][j] -= h
				numeric := (loss(plus) - loss(minus)) / (2 * h)
				if math.Abs(analytic-numeric) > 1e-5+1e-3*math.Abs(numeric) {
					t.Fatalf("%s param %d[%d]: gradient %.8f, finite difference %.8f", arch, i, j, analytic, numeric)
				}
			}
		}
	}
}

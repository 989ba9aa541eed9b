package learn

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// naiveMatMul is the pure-integer reference product: int64 loops, no
// floats, with a big.Int check that no sum overflowed.
func naiveMatMul(a IntMat, ta bool, b IntMat, tb bool, what string) (IntMat, error) {
	at := func(m IntMat, t bool, i, j int) int64 {
		if t {
			return m.Data[j*m.Cols+i]
		}
		return m.Data[i*m.Cols+j]
	}
	ar, ac := a.Rows, a.Cols
	if ta {
		ar, ac = ac, ar
	}
	bc := b.Cols
	if tb {
		bc = b.Rows
	}
	out := NewIntMat(ar, bc)
	for i := range ar {
		for j := range bc {
			var s int64
			for k := range ac {
				s += at(a, ta, i, k) * at(b, tb, k, j)
			}
			out.Data[i*bc+j] = s
		}
	}
	return out, nil
}

func randomIntMat(r *rand.Rand, rows, cols int, bound int64) IntMat {
	m := NewIntMat(rows, cols)
	for i := range m.Data {
		m.Data[i] = r.Int64N(2*bound+1) - bound
	}
	return m
}

func TestMatMulIsExactAgainstIntegerLoops(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name   string
		ba, bb int64
		limbs  bool
	}{
		{"small", 255, 1 << 20, false},
		{"near 2^53", 1 << 16, 1 << 28, false},
		{"needs limbs", 1 << 20, 1 << 31, true},
		{"int32 by int32", 1 << 24, 1 << 31, true},
	}
	for _, c := range cases {
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				a := randomIntMat(r, 37, 29, c.ba)
				b := randomIntMat(r, 29, 23, c.bb)
				if ta {
					a = transpose(a)
				}
				if tb {
					b = transpose(b)
				}
				got, err := MatMul(a, ta, b, tb, c.name)
				if err != nil {
					t.Fatalf("%s: %v", c.name, err)
				}
				want, _ := naiveMatMul(a, ta, b, tb, c.name)
				if !slices.Equal(got.Data, want.Data) {
					t.Fatalf("%s (ta=%v tb=%v): gonum product differs from integer loops", c.name, ta, tb)
				}
				if got.Rows != 37 || got.Cols != 23 {
					t.Fatalf("%s: shape %dx%d, want 37x23", c.name, got.Rows, got.Cols)
				}
			}
		}
		if oneProduct := checkProductRange(uint64(c.ba), uint64(c.bb), 29, c.name) == nil; oneProduct == c.limbs {
			t.Fatalf("%s: the case should need limbs=%v", c.name, c.limbs)
		}
	}
}

func transpose(m IntMat) IntMat {
	out := NewIntMat(m.Cols, m.Rows)
	for i := range m.Rows {
		for j := range m.Cols {
			out.Data[j*m.Rows+i] = m.Data[i*m.Cols+j]
		}
	}
	return out
}

func TestMatMulRefusesInexactProducts(t *testing.T) {
	a := IntMat{Rows: 1, Cols: 2, Data: []int64{1 << 40, 1}}
	b := IntMat{Rows: 2, Cols: 1, Data: []int64{1 << 30, 3}}
	_, err := MatMul(a, noTrans, b, noTrans, "huge")
	if !errors.Is(err, ErrProductRange) {
		t.Fatalf("got %v, want ErrProductRange", err)
	}
	for _, part := range []string{"huge", "max|a| = 1099511627776", "max|b| = 1073741824", "inner dimension 2", "2^53"} {
		if !strings.Contains(err.Error(), part) {
			t.Fatalf("error %q does not mention %q", err, part)
		}
	}
	if _, err := MatMul(a, noTrans, a, noTrans, "shape"); err == nil || !strings.Contains(err.Error(), "inner dimensions differ: 1x2 times 1x2") {
		t.Fatalf("shape mismatch: got %v", err)
	}
}

func TestExp2TableIsExact(t *testing.T) {
	const prec = 256
	for i := range Exp2Table {
		// 2^(i/256) = (2^(1/256))^i, the root by eight square roots.
		root := new(big.Float).SetPrec(prec).SetInt64(2)
		for range 8 {
			root.Sqrt(root)
		}
		v := new(big.Float).SetPrec(prec).SetInt64(1)
		for range i {
			v.Mul(v, root)
		}
		v.SetMantExp(v, ExpTableFrac)
		v.Add(v, new(big.Float).SetPrec(prec).SetFloat64(0.5))
		want, _ := v.Int(nil)
		if want.Int64() != Exp2Table[i] {
			t.Fatalf("Exp2Table[%d] = %d, want %d", i, Exp2Table[i], want.Int64())
		}
	}
	want := int64(math.Round(math.Log2E * (1 << Log2eFrac)))
	if Log2eRaw != want {
		t.Fatalf("Log2eRaw = %d, want %d", Log2eRaw, want)
	}
}

func TestPinnedSoftmaxIsCloseToExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const actFrac, probFrac = 16, 16
	for trial := range 500 {
		classes := 2 + trial%9
		logits := make([]int64, classes)
		for c := range logits {
			logits[c] = r.Int64N(20<<actFrac) - 10<<actFrac
		}
		probs := make([]int64, classes)
		softmaxRow(logits, probs, actFrac, probFrac)
		top := math.Inf(-1)
		for _, z := range logits {
			top = math.Max(top, float64(z)/(1<<actFrac))
		}
		var sum float64
		exact := make([]float64, classes)
		for c, z := range logits {
			exact[c] = math.Exp(float64(z)/(1<<actFrac) - top)
			sum += exact[c]
		}
		var total int64
		for c := range logits {
			got := float64(probs[c]) / (1 << probFrac)
			// 2^(1/256) table steps: relative error below 0.6 %, plus the floor.
			if diff := math.Abs(got - exact[c]/sum); diff > 0.006*exact[c]/sum+2.0/(1<<probFrac) {
				t.Fatalf("trial %d class %d: pinned %.6f, exact %.6f", trial, c, got, exact[c]/sum)
			}
			total += probs[c]
		}
		if total > 1<<probFrac || total < 1<<probFrac-int64(classes) {
			t.Fatalf("trial %d: probabilities sum to %d, want within %d of 2^%d", trial, total, classes, probFrac)
		}
	}
}

func TestSoftmaxPinnedCases(t *testing.T) {
	probs := make([]int64, 2)
	softmaxRow([]int64{0, 0}, probs, 16, 16)
	if probs[0] != 1<<15 || probs[1] != 1<<15 {
		t.Fatalf("equal logits: %v, want [32768 32768]", probs)
	}
	// A logit 100 below the top is clamped to e^-40 and counts as zero.
	softmaxRow([]int64{0, -100 << 16}, probs, 16, 16)
	if probs[0] != 1<<16 || probs[1] != 0 {
		t.Fatalf("far logits: %v, want [65536 0]", probs)
	}
	// ln 2 below: exactly half the weight (table entry 0, shifted by one).
	softmaxRow([]int64{0, -45426}, probs, 16, 16) // round(ln 2 * 2^16)
	if probs[0] != 43690 || probs[1] != 21845 {
		t.Fatalf("ln 2 apart: %v, want [43690 21845]", probs)
	}
}

func TestRounding(t *testing.T) {
	for _, c := range []struct {
		x    int64
		s    int
		want int64
	}{{5, 1, 3}, {4, 1, 2}, {-5, 1, -2}, {-6, 1, -3}, {7, 2, 2}, {6, 2, 2}, {-6, 2, -1}, {3, 0, 3}, {3, -2, 12}} {
		if got := roundShift(c.x, c.s); got != c.want {
			t.Errorf("roundShift(%d, %d) = %d, want %d", c.x, c.s, got, c.want)
		}
	}
	for _, c := range []struct{ x, d, want int64 }{{7, 2, 4}, {5, 2, 3}, {-5, 2, -2}, {-7, 2, -3}, {10, 4, 3}, {-10, 4, -2}, {9, 4, 2}, {-9, 4, -2}} {
		if got := roundDiv(c.x, c.d); got != c.want {
			t.Errorf("roundDiv(%d, %d) = %d, want %d", c.x, c.d, got, c.want)
		}
	}
	if _, ok := mulChecked(1<<40, 1<<30); ok {
		t.Fatal("mulChecked(2^40, 2^30) should overflow")
	}
	if v, ok := mulChecked(-3, 1<<40); !ok || v != -3<<40 {
		t.Fatalf("mulChecked(-3, 2^40) = %d, %v", v, ok)
	}
}

// TestStepMatchesPureIntegerReference replaces gonum by integer loops and
// checks that every architecture's step is bit-identical on random models
// and batches.
func TestStepMatchesPureIntegerReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	archs := []Arch{
		NewLogReg(20, 3),
		NewMLP(20, []int{12, 8}, 4),
		NewTTMLP(24, 12, 5, []int{2, 3, 4}, []int{2, 3, 2}, 3),
	}
	for _, a := range archs {
		for trial := range 10 {
			spec := Spec{Arch: a, Numerics: DefaultNumerics(8), Seed: uint64(trial)}
			m, err := Init(spec)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range m.Params { // biases and weights of every sign and size
				for i := range p.Values {
					p.Values[i] += r.Int64N(1<<19) - 1<<18
				}
			}
			rows := 1 + r.IntN(16)
			b := Batch{Features: make([]int64, rows*a.Inputs), Labels: make([]int, rows)}
			for i := range b.Features {
				b.Features[i] = r.Int64N(1 << 9)
			}
			for i := range b.Labels {
				b.Labels[i] = r.IntN(a.Classes)
			}
			cfg := StepConfig{LearningRate: 1 + r.Int64N(1<<15), KeepBps: uint32(5000 + r.IntN(5001))}
			got, gotStats, err := Step(m, b, cfg)
			if err != nil {
				t.Fatalf("%s trial %d: %v", a, trial, err)
			}
			matMul = naiveMatMul
			want, wantStats, err := Step(m, b, cfg)
			matMul = MatMul
			if err != nil {
				t.Fatalf("%s trial %d (reference): %v", a, trial, err)
			}
			if !slices.Equal(got.Flat(), want.Flat()) || gotStats != wantStats {
				t.Fatalf("%s trial %d: gonum step differs from the integer reference", a, trial)
			}
			if slices.Equal(got.Flat(), m.Flat()) {
				t.Fatalf("%s trial %d: the step changed nothing", a, trial)
			}
		}
	}
}

package quant

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"
)

// feedbackRound is one round's input: per block of 64, coordinate 0 is a
// large value that fixes the scale, coordinate 1 a bias value that plain
// quantization always gets wrong in the same direction, the rest random.
func feedbackRound(r *rng, n int, big, bias, spread int64) []int64 {
	v := make([]int64, n)
	for i := range v {
		switch i % 64 {
		case 0:
			v[i] = big
		case 1:
			v[i] = bias
		default:
			v[i] = r.between(-spread, spread)
		}
	}
	return v
}

// TestFeedbackTracksCumulativeSum is the error-feedback property: with
// Feedback the cumulative sum of decoded messages equals the cumulative
// sum of inputs minus the residual, exactly, and the residual stays
// within the round's quantization bound (half a block scale, or |c|/2048
// for FP16) for all rounds; without feedback the same stream drifts
// further every round.
func TestFeedbackTracksCumulativeSum(t *testing.T) {
	const n, rounds = 256, 400
	for _, c := range []struct {
		p                 Precision
		big, bias, spread int64
	}{
		{Int8, 100000, 300, 50000},         // scale 788: 300 always rounds to 0
		{Int4, 100000, 5000, 50000},        // scale 14286: 5000 always rounds to 0
		{FP16, 1 << 21, 1<<20 + 511, 3000}, // ulp 1024 at 2^20: rounds down by 511
	} {
		t.Run(c.p.String(), func(t *testing.T) {
			r := &rng{s: 7}
			f := NewFeedback()
			cumIn := make([]int64, n)
			cumFB := make([]int64, n)
			cumPlain := make([]int64, n)
			prev := make([]int64, n)
			var worstFB int64
			var plainDrift []int64
			for round := range rounds {
				v := feedbackRound(r, n, c.big, c.bias, c.spread)
				e, err := f.Compress("w", v, c.p, 64)
				if err != nil {
					t.Fatal(err)
				}
				dFB := mustDequantize(t, e)
				dPlain := mustDequantize(t, mustQuantize(t, v, c.p, 64))
				res := f.Residual("w")
				var drift int64
				for i := range v {
					cumIn[i] += v[i]
					cumFB[i] += dFB[i]
					cumPlain[i] += dPlain[i]
					if cumIn[i]-cumFB[i] != res[i] {
						t.Fatalf("round %d value %d: inputs - decoded = %d, residual %d", round, i, cumIn[i]-cumFB[i], res[i])
					}
					corrected := v[i] + prev[i]
					if c.p == FP16 {
						if 2048*abs64(res[i]) > abs64(corrected) {
							t.Fatalf("round %d value %d: residual %d above |%d|/2048", round, i, res[i], corrected)
						}
					} else if s := int64(e.Scales[i/64]); 2*abs64(res[i]) > s {
						t.Fatalf("round %d value %d: residual %d above scale %d / 2", round, i, res[i], s)
					}
					worstFB = max(worstFB, abs64(res[i]))
					drift = max(drift, abs64(cumIn[i]-cumPlain[i]))
				}
				copy(prev, res)
				plainDrift = append(plainDrift, drift)
			}
			// Without feedback the bias coordinate loses |bias error| every
			// round: the drift grows linearly, far past the feedback error.
			for k := 100; k < rounds; k += 100 {
				if plainDrift[k] <= plainDrift[k-100] {
					t.Fatalf("plain drift did not grow: %d at round %d, %d at round %d", plainDrift[k-100], k-100, plainDrift[k], k)
				}
			}
			if last := plainDrift[rounds-1]; last < 100*worstFB {
				t.Fatalf("plain drift %d after %d rounds, feedback error at most %d: want a 100x gap", last, rounds, worstFB)
			}
			t.Logf("%s: feedback |sum in - sum out| <= %d, plain drift %d after %d rounds", c.p, worstFB, plainDrift[rounds-1], rounds)
		})
	}
}

func TestFeedbackInt32HasNoResidual(t *testing.T) {
	f := NewFeedback()
	v := testValues(8, 300)
	e, err := f.Compress("b", v, Int32, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d := mustDequantize(t, e); !slices.Equal(d, v) {
		t.Fatal("int32 through Feedback is not exact")
	}
	for i, r := range f.Residual("b") {
		if r != 0 {
			t.Fatalf("int32 residual %d = %d", i, r)
		}
	}
}

// TestFeedbackDeterministic: the same rounds give the same bytes and
// residuals in two independent Feedbacks, one of them the zero value.
func TestFeedbackDeterministic(t *testing.T) {
	a, b := NewFeedback(), &Feedback{}
	for round := range 20 {
		v := testValues(uint64(100+round), 500)
		for _, p := range allPrecisions {
			name := "t/" + p.String()
			ea, err1 := a.Compress(name, v, p, 32)
			eb, err2 := b.Compress(name, v, p, 32)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if string(ea.Data) != string(eb.Data) || !slices.Equal(ea.Scales, eb.Scales) || !slices.Equal(a.Residual(name), b.Residual(name)) {
				t.Fatalf("round %d %s: two Feedbacks disagree", round, p)
			}
		}
	}
}

// TestFeedbackClampsAtTheRangeEnd: a tensor pinned at MaxInt32 makes the
// corrected value leave the int32 range; Compress clamps it, the identity
// still holds and the residual stays bounded.
func TestFeedbackClampsAtTheRangeEnd(t *testing.T) {
	for _, p := range []Precision{Int8, Int4, FP16} {
		f := NewFeedback()
		var cumIn, cumOut int64
		v := []int64{math.MaxInt32, math.MaxInt32 - 3, -5}
		for range 50 {
			e, err := f.Compress("x", v, p, 3)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			d := mustDequantize(t, e)
			cumIn += v[0]
			cumOut += d[0]
			r := f.Residual("x")
			if cumIn-cumOut != r[0] {
				t.Fatalf("%s: inputs - decoded = %d, residual %d", p, cumIn-cumOut, r[0])
			}
			if abs64(r[0]) > maxScale(Int4) {
				t.Fatalf("%s: residual %d grew beyond one scale", p, r[0])
			}
		}
	}
}

func TestFeedbackState(t *testing.T) {
	f := NewFeedback()
	if f.Residual("none") != nil || len(f.Names()) != 0 {
		t.Fatal("a new Feedback has state")
	}
	for _, name := range []string{"layer2", "layer10", "bias", "a"} {
		if _, err := f.Compress(name, []int64{1000, 3, -3}, Int4, 3); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.Names(); !slices.Equal(got, []string{"a", "bias", "layer10", "layer2"}) {
		t.Fatalf("Names() = %v, want sorted", got)
	}
	r := f.Residual("a")
	if !slices.Equal(r, []int64{1000 - 7*143, 3, -3}) { // scale ceil(1000/7) = 143, 3 and -3 round to 0
		t.Fatalf("residual %v", r)
	}
	r[0] = 99 // a copy
	if f.Residual("a")[0] == 99 {
		t.Fatal("Residual returned the stored slice")
	}

	_, err := f.Compress("a", []int64{1, 2}, Int4, 3)
	wantErr(t, err, ErrShape, `"a"`, "2 values", "residual 3", "Forget")
	_, err = f.Compress("a", []int64{1, 2, 1 << 31}, Int4, 3)
	wantErr(t, err, ErrRange, `tensor "a" value 2`)
	_, err = f.Compress("a", []int64{1, 2, 3}, Int4, 0)
	wantErr(t, err, ErrBlockSize)
	_, err = f.Compress("a", []int64{1, 2, 3}, 0, 3)
	wantErr(t, err, ErrPrecision)
	if got := f.Residual("a"); !slices.Equal(got, []int64{1000 - 7*143, 3, -3}) {
		t.Fatalf("failed calls changed the residual to %v", got)
	}

	f.Forget("a")
	if f.Residual("a") != nil || slices.Contains(f.Names(), "a") {
		t.Fatal("Forget kept the residual")
	}
	if _, err := f.Compress("a", []int64{1, 2}, Int4, 3); err != nil {
		t.Fatalf("after Forget a new shape is allowed: %v", err)
	}
}

func TestFeedbackConcurrent(t *testing.T) {
	f := NewFeedback()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for round := range 20 {
				if _, err := f.Compress(fmt.Sprint("t", g%4), testValues(uint64(round), 200), Int8, 64); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	if len(f.Names()) != 4 {
		t.Fatalf("names %v", f.Names())
	}
}

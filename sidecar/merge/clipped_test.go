package merge

import (
	"errors"
	"math/big"
	"strings"
	"testing"
)

func TestClippedHandComputed(t *testing.T) {
	local := []int64{0, 0}
	received := [][]int64{{30, 40}} // ||v|| = 50
	cases := []struct {
		tau  uint64
		want []int64
	}{
		{100, []int64{30, 40}}, // inside: unchanged
		{50, []int64{30, 40}},  // on the radius: unchanged
		{10, []int64{6, 8}},    // 30*10/50, 40*10/50 exactly
		{7, []int64{4, 5}},     // trunc(4.2), trunc(5.6)
		{1, []int64{0, 0}},     // trunc(0.6), trunc(0.8)
		{0, []int64{0, 0}},
	}
	for _, c := range cases {
		got, err := Clipped(local, received, c.tau)
		mustNoErr(t, "Clipped", err)
		equalOrFatal(t, "Clipped", got, c.want)
	}

	// Centered on local = (100, -100); two received differences
	// (-30, -40) and (3, 4); tau 10 clips the first to (-6, -8):
	// mean of (-6, -8) and (3, 4) is (-1.5, -2) -> (-1, -2) (halves up).
	local = []int64{100, -100}
	received = [][]int64{{70, -140}, {103, -96}}
	got, err := Clipped(local, received, 10)
	mustNoErr(t, "Clipped", err)
	equalOrFatal(t, "Clipped centered", got, []int64{99, -102})

	// c rounds the norm up: ||(1,1,1)|| = sqrt(3), c = 2, tau 1:
	// each coordinate trunc(1/2) = 0.
	got, err = Clipped([]int64{0, 0, 0}, [][]int64{{1, 1, 1}}, 1)
	mustNoErr(t, "Clipped", err)
	equalOrFatal(t, "Clipped ceil norm", got, []int64{0, 0, 0})
}

func TestAdaptiveTau(t *testing.T) {
	local := []int64{0, 0}
	received := [][]int64{{3, 4}, {300, 400}, {6, 8}, {1, 1}}
	// Norms 5, 500, 10, ceil(sqrt 2) = 2; sorted 2, 5, 10, 500: index 1.
	tau, err := AdaptiveTau(local, received)
	mustNoErr(t, "AdaptiveTau", err)
	if tau != 5 {
		t.Fatalf("AdaptiveTau = %d, want 5", tau)
	}
}

func TestClippedErrors(t *testing.T) {
	if _, err := Clipped([]int64{1}, nil, 5); !errors.Is(err, ErrEmpty) {
		t.Fatalf("no received: err = %v, want ErrEmpty", err)
	}
	_, err := Clipped([]int64{1, 2}, [][]int64{{1, 2}, {3}}, 5)
	if !errors.Is(err, ErrLength) || !strings.Contains(err.Error(), "model 2 has 1 parameters") || !strings.Contains(err.Error(), "received[i]") {
		t.Fatalf("length mismatch: err = %v, want ErrLength naming model 2 = received[1]", err)
	}
	if _, err := Clipped([]int64{MaxParam + 1}, [][]int64{{1}}, 5); !errors.Is(err, ErrRange) {
		t.Fatalf("local out of range: err = %v, want ErrRange", err)
	}
	if _, err := AdaptiveTau([]int64{1}, nil); !errors.Is(err, ErrEmpty) {
		t.Fatalf("AdaptiveTau no received: err = %v, want ErrEmpty", err)
	}
}

func TestClippedAgreesWithBig(t *testing.T) {
	r := newRand(40)
	for iter := range 300 {
		n := 1 + r.IntN(9)
		d := 1 + r.IntN(40)
		all := randModels(r, n+1, d)
		local, received := all[0], all[1:]
		var tau uint64
		switch iter % 4 {
		case 0:
			tau = r.Uint64()
		case 1:
			tau = r.Uint64N(1 << 36)
		case 2:
			tau = r.Uint64N(1000)
		default:
			tau = refAdaptiveTau(local, received)
		}
		got, err := Clipped(local, received, tau)
		mustNoErr(t, "Clipped", err)
		equalOrFatal(t, "Clipped", got, refClipped(local, received, tau))
		at, err := AdaptiveTau(local, received)
		mustNoErr(t, "AdaptiveTau", err)
		if at != refAdaptiveTau(local, received) {
			t.Fatalf("AdaptiveTau = %d, want %d", at, refAdaptiveTau(local, received))
		}
	}
}

// Every clipped difference has norm <= tau, checked on single received
// models where the merge is local + clip(r - local).
func TestClippedNormBound(t *testing.T) {
	r := newRand(41)
	for range 300 {
		d := 1 + r.IntN(50)
		all := randModels(r, 2, d)
		tau := r.Uint64N(1 << 34)
		got, err := Clipped(all[0], all[1:], tau)
		mustNoErr(t, "Clipped", err)
		norm := refSqDist(got, all[0])
		tt := new(big.Int).SetUint64(tau)
		if norm.Cmp(tt.Mul(tt, tt)) > 0 {
			t.Fatalf("||clip|| ^2 = %v > tau^2 = %v", norm, tt)
		}
		for j := range got { // between local and received
			lo, hi := min(all[0][j], all[1][j]), max(all[0][j], all[1][j])
			if got[j] < lo || got[j] > hi {
				t.Fatalf("coordinate %d = %d, not between %d and %d", j, got[j], lo, hi)
			}
		}
	}
}

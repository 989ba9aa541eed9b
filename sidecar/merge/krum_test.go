package merge

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestKrumHandComputed(t *testing.T) {
	// n = 5, f = 1: scores sum the k = 2 smallest squared distances.
	// 0: 1+4 = 5; 1: 1+1 = 2; 2: 1+4 = 5; 10: 64+81 = 145;
	// 50: 1600+2304 = 3904.
	models := [][]int64{{0}, {1}, {2}, {10}, {50}}
	i, err := Krum(models, 1)
	mustNoErr(t, "Krum", err)
	if i != 1 {
		t.Fatalf("Krum = %d, want 1", i)
	}
	sel, err := KrumSelect(models, 1, 5)
	mustNoErr(t, "KrumSelect", err)
	// 0 and 2 tie at 5: the lower index first.
	if !slices.Equal(sel, []int{1, 0, 2, 3, 4}) {
		t.Fatalf("KrumSelect = %v, want [1 0 2 3 4]", sel)
	}
	got, err := MultiKrum(models, 1, 3)
	mustNoErr(t, "MultiKrum", err)
	equalOrFatal(t, "MultiKrum m=3", got, []int64{1}) // (1+0+2)/3
	got, err = MultiKrum(models, 1, 2)
	mustNoErr(t, "MultiKrum", err)
	equalOrFatal(t, "MultiKrum m=2", got, []int64{1}) // (1+0)/2 = 0.5 -> 1

	// Two dimensions, the outlier far on the second axis.
	models = [][]int64{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 1000}}
	sel, err = KrumSelect(models, 1, 4)
	mustNoErr(t, "KrumSelect", err)
	if slices.Contains(sel, 4) {
		t.Fatalf("KrumSelect = %v, picked the outlier 4", sel)
	}
}

func TestKrumTiesGoToLowerIndex(t *testing.T) {
	// All three models are at distance 1 from their nearest neighbour.
	models := [][]int64{{0}, {1}, {2}}
	i, err := Krum(models, 0)
	mustNoErr(t, "Krum", err)
	if i != 0 {
		t.Fatalf("Krum = %d, want 0", i)
	}
	same := [][]int64{{5, 5}, {5, 5}, {5, 5}, {5, 5}}
	sel, err := KrumSelect(same, 0, 4)
	mustNoErr(t, "KrumSelect", err)
	if !slices.Equal(sel, []int{0, 1, 2, 3}) {
		t.Fatalf("KrumSelect of equal models = %v, want index order", sel)
	}
}

// Distances of order 2^64 per coordinate: a 64-bit sum would wrap and
// misorder the scores.
func TestKrumDistancesExactNearOverflow(t *testing.T) {
	const d = 64
	lo := make([]int64, d)
	hi := make([]int64, d)
	hi2 := make([]int64, d)
	for j := range d {
		lo[j] = MinParam
		hi[j] = MaxParam
		hi2[j] = MaxParam
	}
	hi2[0] = MaxParam - 1
	// Each lo-hi distance is 64 * (2^32-1)^2 ~ 2^70.
	got := sqDist(lo, hi)
	want := refSqDist(lo, hi)
	if got.big().Cmp(want) != 0 {
		t.Fatalf("sqDist = %v, want %v", got.big(), want)
	}
	models := [][]int64{lo, hi, hi2, hi}
	// n = 4, f = 0, k = 2: model 1 and 3 are equal; 1, 2, 3 are close.
	sel, err := KrumSelect(models, 0, 4)
	mustNoErr(t, "KrumSelect", err)
	if !slices.Equal(sel, refKrumOrder(models, 0)) || sel[3] != 0 {
		t.Fatalf("KrumSelect = %v, want %v with the far model 0 last", sel, refKrumOrder(models, 0))
	}
}

func TestKrumErrors(t *testing.T) {
	four := [][]int64{{1}, {2}, {3}, {4}}
	_, err := Krum(four, 1)
	if !errors.Is(err, ErrTooFewModels) || !strings.Contains(err.Error(), "f=1 needs more than 2f+2 = 2*1+2 models, got 4") {
		t.Fatalf("n=4 f=1: err = %v, want ErrTooFewModels naming counts", err)
	}
	if _, err := Krum(four[:2], 0); !errors.Is(err, ErrTooFewModels) {
		t.Fatalf("n=2 f=0: err = %v, want ErrTooFewModels", err)
	}
	if _, err := Krum(four, int(^uint(0)>>1)); !errors.Is(err, ErrTooFewModels) {
		t.Fatalf("huge f: err = %v, want ErrTooFewModels", err)
	}
	if _, err := Krum(four, -1); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("f=-1: err = %v, want ErrInvalidArgument", err)
	}
	for _, m := range []int{0, -1, 5} {
		_, err := MultiKrum(four, 0, m)
		if !errors.Is(err, ErrInvalidArgument) || !strings.Contains(err.Error(), "want 1..4") {
			t.Fatalf("m=%d: err = %v, want ErrInvalidArgument with 1..4", m, err)
		}
	}
	if _, err := Krum(nil, 0); !errors.Is(err, ErrEmpty) {
		t.Fatalf("no models: err = %v, want ErrEmpty", err)
	}
	if _, err := Krum([][]int64{{1}, {2}, {3, 4}}, 0); !errors.Is(err, ErrLength) {
		t.Fatalf("length mismatch: err = %v, want ErrLength", err)
	}
	if _, err := Krum([][]int64{{1}, {2}, {-1 << 33}}, 0); !errors.Is(err, ErrRange) {
		t.Fatalf("out of range: err = %v, want ErrRange", err)
	}
}

func TestKrumAgreesWithBig(t *testing.T) {
	r := newRand(30)
	for range 300 {
		n := 3 + r.IntN(10)
		f := r.IntN((n-3)/2 + 1)
		models := randModels(r, n, 1+r.IntN(30))
		if r.IntN(3) == 0 { // duplicates make ties
			models[r.IntN(n)] = models[0]
		}
		order := refKrumOrder(models, f)
		sel, err := KrumSelect(models, f, n)
		mustNoErr(t, "KrumSelect", err)
		if !slices.Equal(sel, order) {
			t.Fatalf("KrumSelect(n=%d f=%d) = %v, want %v", n, f, sel, order)
		}
		m := 1 + r.IntN(n)
		got, err := MultiKrum(models, f, m)
		mustNoErr(t, "MultiKrum", err)
		equalOrFatal(t, "MultiKrum", got, refMultiKrum(models, f, m))
	}
}

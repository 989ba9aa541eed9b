package dataset_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

func TestSplitDirichletPartitions(t *testing.T) {
	ds := loadDigits(t)
	for _, alpha := range []float64{0.01, 0.1, 0.5, 1, 100} {
		for _, nodes := range []int{1, 3, 8, 50} {
			parts, err := dataset.SplitDirichlet(ds, nodes, alpha, 11)
			if err != nil {
				t.Fatal(err)
			}
			if len(parts) != nodes {
				t.Fatalf("alpha %v: %d parts for %d nodes", alpha, len(parts), nodes)
			}
			requirePartition(t, parts, ds.Len())
			for k, p := range parts {
				if len(p) == 0 {
					t.Fatalf("alpha %v, %d nodes: node %d is empty", alpha, nodes, k)
				}
			}
		}
	}
}

func TestSplitDirichletNoEmptyNode(t *testing.T) {
	// As many nodes as samples, and a tiny alpha: most nodes get nothing
	// from the Dirichlet draws, so all but the fill-up would be empty.
	ds := tiny([]int{0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0})
	for seed := range uint64(20) {
		parts, err := dataset.SplitDirichlet(ds, ds.Len(), 0.01, seed)
		if err != nil {
			t.Fatal(err)
		}
		requirePartition(t, parts, ds.Len())
		for k, p := range parts {
			if len(p) != 1 {
				t.Fatalf("seed %d: node %d holds %d samples, expected 1 each (12 nodes, 12 samples)", seed, k, len(p))
			}
		}
	}
}

func TestSplitDirichletSkewFollowsAlpha(t *testing.T) {
	ds := loadDigits(t)
	skew := func(alpha float64) float64 {
		total := 0.0
		for seed := range uint64(5) {
			parts, err := dataset.SplitDirichlet(ds, 10, alpha, seed)
			if err != nil {
				t.Fatal(err)
			}
			total += meanLabelSkew(ds, parts)
		}
		return total / 5
	}
	skewed, mild, iid := skew(0.5), skew(100), 0.0
	for seed := range uint64(5) {
		parts, _ := dataset.SplitIID(ds, 10, seed)
		iid += meanLabelSkew(ds, parts) / 5
	}
	t.Logf("mean label skew over 10 nodes: alpha 0.5 %.3f, alpha 100 %.3f, iid %.3f", skewed, mild, iid)
	if skewed < 0.35 {
		t.Errorf("alpha 0.5 gives mean label skew %.3f, expected a strong skew (> 0.35)", skewed)
	}
	if mild > 0.1 {
		t.Errorf("alpha 100 gives mean label skew %.3f, expected near IID (< 0.1)", mild)
	}
	if skewed < 4*mild {
		t.Errorf("alpha 0.5 (skew %.3f) is not much more skewed than alpha 100 (%.3f)", skewed, mild)
	}
}

func TestSplitDirichletDeterminism(t *testing.T) {
	ds := loadDigits(t)
	a, err := dataset.SplitDirichlet(ds, 8, 0.5, 9)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := dataset.SplitDirichlet(ds, 8, 0.5, 9)
	c, _ := dataset.SplitDirichlet(ds, 8, 0.5, 10)
	if !slices.EqualFunc(a, b, slices.Equal) {
		t.Fatal("the same seed gave two different Dirichlet splits")
	}
	if slices.EqualFunc(a, c, slices.Equal) {
		t.Fatal("seeds 9 and 10 gave the same Dirichlet split")
	}
}

// splitDigest is the sha256 of the parts: for each part its length, then
// its indices, each a big-endian uint64.
func splitDigest(parts [][]int) string {
	h := sha256.New()
	var word [8]byte
	for _, part := range parts {
		binary.BigEndian.PutUint64(word[:], uint64(len(part)))
		h.Write(word[:])
		for _, i := range part {
			binary.BigEndian.PutUint64(word[:], uint64(i))
			h.Write(word[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestSplitGolden pins the splits of the bundled digits so that a change
// of algorithm, random stream or floating-point behaviour (FMA on arm64 or
// GOAMD64=v3, another Go release) shows up. Run it with GOAMD64=v1 and v3;
// the digests must never change without a deliberate decision, since nodes
// on different machines must agree on who holds which samples.
func TestSplitGolden(t *testing.T) {
	ds := loadDigits(t)
	dirichlet, err := dataset.SplitDirichlet(ds, 8, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	sizes := make([]int, len(dirichlet))
	for k, p := range dirichlet {
		sizes[k] = len(p)
	}
	iid, _ := dataset.SplitIID(ds, 8, 1)
	train, test, _ := dataset.TrainTestSplit(ds, 0.2, 1)
	tiny, _ := dataset.SplitDirichlet(ds, 8, 1e-3, 1)
	for _, c := range []struct {
		name  string
		parts [][]int
		want  string
	}{
		{"SplitDirichlet(digits, 8, 0.5, 1)", dirichlet, goldenDirichlet},
		{"SplitDirichlet(digits, 8, 0.001, 1)", tiny, goldenDirichletTiny},
		{"SplitIID(digits, 8, 1)", iid, goldenIID},
		{"TrainTestSplit(digits, 0.2, 1)", [][]int{train, test}, goldenTrainTest},
	} {
		if got := splitDigest(c.parts); got != c.want {
			t.Errorf("%s has digest %s, expected %s", c.name, got, c.want)
		}
	}
	if !slices.Equal(sizes, goldenDirichletSizes) {
		t.Errorf("SplitDirichlet(digits, 8, 0.5, 1) node sizes %v, expected %v", sizes, goldenDirichletSizes)
	}
}

// The golden digests, identical with GOAMD64=v1, GOAMD64=v3 and GOARCH=386.
const (
	goldenDirichlet     = "2b4b7d03e62d620cd80a72d741d8d531baf87f2c7f31a85d8c363b0824cf8f54"
	goldenDirichletTiny = "0741f3ed3016f2c693774f76e0fcb568b7b95f708e6f963daf2269f12434a52d"
	goldenIID           = "da935bfb18d4331dcc29a0b8862703ab48d16439a2959bd8b1cbac0b33c18550"
	goldenTrainTest     = "44ccd560c4e54c83e8e44be6d572dbc8ac0b46be56919185b633f46222767f66"
)

var goldenDirichletSizes = []int{150, 388, 184, 192, 90, 224, 318, 251}

func TestSplitDirichletExtremeAlpha(t *testing.T) {
	ds := tiny([]int{0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0})
	for _, alpha := range []float64{math.SmallestNonzeroFloat64, 1e-300, 1e300, math.MaxFloat64} {
		parts, err := dataset.SplitDirichlet(ds, 3, alpha, 2)
		if err != nil {
			t.Fatalf("alpha %v: %v", alpha, err)
		}
		requirePartition(t, parts, ds.Len())
	}
	// A huge alpha is an even split of each class: 6 of each class over 3
	// nodes is 2 + 2 per node.
	parts, _ := dataset.SplitDirichlet(ds, 3, 1e300, 2)
	for k, hist := range labelHistograms(ds, parts) {
		if !slices.Equal(hist, []int{2, 2}) {
			t.Fatalf("alpha 1e300: node %d has labels %v, expected [2 2]", k, hist)
		}
	}
}

func TestSplitDirichletErrors(t *testing.T) {
	ds := tiny([]int{0, 1, 1})
	for _, alpha := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		_, err := dataset.SplitDirichlet(ds, 2, alpha, 1)
		requireErrorContains(t, err, "dirichlet split: alpha must be a finite number > 0")
	}
	_, err := dataset.SplitDirichlet(ds, 0, 1, 1)
	requireErrorContains(t, err, "dirichlet split: nodes must be at least 1, got 0")
	_, err = dataset.SplitDirichlet(ds, 4, 1, 1)
	requireErrorContains(t, err, "dirichlet split: 4 nodes for 3 samples")
	bad := tiny([]int{0, -1})
	_, err = dataset.SplitDirichlet(bad, 2, 1, 1)
	requireErrorContains(t, err, "sample 1 has label -1")
}

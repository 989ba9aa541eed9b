package sortition

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	gomath "math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"cosmossdk.io/math"
)

// addr returns a deterministic 20-byte address for i.
func addr(i int) []byte {
	h := sha256.Sum256(append([]byte("addr"), be64(uint64(i))...))
	return h[:20]
}

// cands returns one candidate per weight, with addresses addr(0), addr(1), ...
func cands(weights ...int64) []Candidate {
	out := make([]Candidate, len(weights))
	for i, w := range weights {
		out[i] = Candidate{Address: addr(i), Weight: math.NewInt(w)}
	}
	return out
}

// seedN returns the i-th test seed.
func seedN(tag string, i int) [32]byte {
	return sha256.Sum256(append([]byte(tag), be64(uint64(i))...))
}

// hexAddrs returns the hex addresses of cs, in order.
func hexAddrs(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = hex.EncodeToString(c.Address)
	}
	return out
}

// mustSample calls Sample and fails the test on error.
func mustSample(t testing.TB, seed [32]byte, cs []Candidate, k int) []Candidate {
	t.Helper()
	got, err := Sample(seed, cs, k)
	if err != nil {
		t.Fatalf("Sample: %v", err)
	}
	return got
}

// goldenCandidates is the fixed list the golden vectors sample from: mixed
// magnitudes, a zero weight and a weight above 2^64.
func goldenCandidates() []Candidate {
	huge, _ := math.NewIntFromString("1000000000000000000000000000000") // 10^30
	cs := cands(10, 20, 30, 0, 40, 50, 60, 70, 80, 90)
	cs[9].Weight = huge
	return cs
}

func TestSampleGolden(t *testing.T) {
	for _, tc := range []struct {
		seed [32]byte
		k    int
		want []string
	}{
		// addr(9), weighing 10^30, is all but certain to come first.
		{seedN("golden", 0), 4, []string{
			"4d4ed785e8c09b6b2862f291a594bcab6729ce15",
			"87b97776c26f03e9cfe17fe3c2c56273143fc80f",
			"0255d88431bbbdcdfae6b01d246a553e5f2e2463",
			"3f265ec0a3a6f79ef559dde80d3884e57ab6320e",
		}},
		{seedN("golden", 1), 3, []string{
			"4d4ed785e8c09b6b2862f291a594bcab6729ce15",
			"09d09cb16663a0da83e46000b0857331e0e76ed9",
			"87b97776c26f03e9cfe17fe3c2c56273143fc80f",
		}},
	} {
		got := hexAddrs(mustSample(t, tc.seed, goldenCandidates(), tc.k))
		if !slices.Equal(got, tc.want) {
			t.Errorf("Sample(seed %x, k=%d) = %q; want %q", tc.seed[:4], tc.k, got, tc.want)
		}
	}
}

func TestSampleGoldenSmallWeights(t *testing.T) {
	// Without the 10^30 weight the draws spread out; this pins the walk order.
	cs := goldenCandidates()[:9]
	got := hexAddrs(mustSample(t, seedN("golden", 2), cs, 5))
	want := []string{
		"87b97776c26f03e9cfe17fe3c2c56273143fc80f",
		"0255d88431bbbdcdfae6b01d246a553e5f2e2463",
		"09d09cb16663a0da83e46000b0857331e0e76ed9",
		"b22c13cdf377c7fe4a2043ffd50ec3e5e8d338a1",
		"3f265ec0a3a6f79ef559dde80d3884e57ab6320e",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Sample = %q; want %q", got, want)
	}
}

func TestStreamLayout(t *testing.T) {
	seed := seedN("stream", 0)
	var want []byte
	for i := range uint64(3) {
		h := sha256.Sum256(cat([]byte("litegpt/pog/sample/v1"), seed[:], be64(i)))
		want = append(want, h[:]...)
	}
	s := newStream(seed)
	var got []byte
	for _, n := range []int{1, 5, 31, 2, 40, 17} { // 96 bytes in uneven reads
		p := make([]byte, n)
		s.read(p)
		got = append(got, p...)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("stream bytes = %x; want %x", got, want)
	}
}

func TestUniformIsExactAndInRange(t *testing.T) {
	// total = 5 needs 3 bits, so 3 of 8 attempts are rejected; a modulo
	// reduction of 3 bits would give 0, 1 and 2 twice the weight of 3 and 4.
	const draws = 40_000
	total := big.NewInt(5)
	s := newStream(seedN("uniform", 0))
	var counts [5]int
	for range draws {
		r := s.uniform(total)
		if r.Sign() < 0 || r.Cmp(total) >= 0 {
			t.Fatalf("uniform(5) = %v; want 0 <= r < 5", r)
		}
		counts[r.Int64()]++
	}
	for v, c := range counts {
		checkBinomial(t, fmt.Sprintf("value %d", v), c, draws, 0.2)
	}
	if r := newStream(seedN("uniform", 1)).uniform(big.NewInt(1)); r.Sign() != 0 {
		t.Fatalf("uniform(1) = %v; want 0", r)
	}
}

// checkBinomial fails t if count is more than 6 standard deviations from the
// mean of Binomial(n, p). The seeds are fixed, so this is deterministic; the
// bound only says how far a correct sampler could plausibly land.
func checkBinomial(t *testing.T, what string, count, n int, p float64) {
	t.Helper()
	mean := float64(n) * p
	sigma := gomath.Sqrt(float64(n) * p * (1 - p))
	if d := gomath.Abs(float64(count) - mean); d > 6*sigma {
		t.Errorf("%s: chosen %d times in %d; want %.0f +- %.0f (6 sigma)", what, count, n, mean, 6*sigma)
	}
}

// countSingleDraws returns, for each candidate index, how often Sample with
// k=1 chose it over n seeds.
func countSingleDraws(t *testing.T, cs []Candidate, n int, tag string) []int {
	t.Helper()
	index := map[string]int{}
	for i, c := range cs {
		index[string(c.Address)] = i
	}
	counts := make([]int, len(cs))
	for i := range n {
		got := mustSample(t, seedN(tag, i), cs, 1)
		if len(got) != 1 {
			t.Fatalf("Sample(k=1) returned %d candidates; want 1", len(got))
		}
		counts[index[string(got[0].Address)]]++
	}
	return counts
}

func TestSampleSingleDrawIsProportionalToWeight(t *testing.T) {
	const n = 20_000
	weights := []int64{1, 3, 2, 0, 4}
	counts := countSingleDraws(t, cands(weights...), n, "stat")
	for i, w := range weights {
		checkBinomial(t, fmt.Sprintf("weight %d", w), counts[i], n, float64(w)/10)
	}
	if counts[3] != 0 {
		t.Errorf("zero-weight candidate chosen %d times; want 0", counts[3])
	}
	// Weight 3 against weight 1: the 6-sigma ranges of both counts give the
	// ratio roughly [2.52, 3.63]; a sampler off by 20% in either falls out.
	if ratio := float64(counts[1]) / float64(counts[0]); ratio < 2.5 || ratio > 3.6 {
		t.Errorf("weight 3 chosen %.3f times as often as weight 1; want about 3", ratio)
	}
}

func TestSampleHugeWeightsAreProportional(t *testing.T) {
	// Weights of 10^30 and near 2^256: the total exceeds both 2^64 and 2^256.
	const n = 4_000
	e30, _ := math.NewIntFromString("1000000000000000000000000000000")
	max256 := math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))
	cs := []Candidate{
		{Address: addr(0), Weight: e30},
		{Address: addr(1), Weight: e30.MulRaw(3)},
		{Address: addr(2), Weight: math.NewInt(1)},
	}
	counts := countSingleDraws(t, cs, n, "huge")
	checkBinomial(t, "10^30", counts[0], n, 0.25)
	checkBinomial(t, "3*10^30", counts[1], n, 0.75)

	cs = []Candidate{
		{Address: addr(0), Weight: max256},
		{Address: addr(1), Weight: max256},
		{Address: addr(2), Weight: max256},
		{Address: addr(3), Weight: e30},
	}
	counts = countSingleDraws(t, cs, n, "max256")
	for i := range 3 {
		checkBinomial(t, fmt.Sprintf("2^256-1 #%d", i), counts[i], n, 1.0/3)
	}
}

func TestSampleInclusionWithoutReplacement(t *testing.T) {
	// For k=2, candidate i is in the sample with probability
	// p_i + sum_{j != i} p_j * w_i / (W - w_j).
	const n = 20_000
	weights := []int64{1, 2, 3, 6}
	cs := cands(weights...)
	counts := make([]int, len(cs))
	for s := range n {
		for _, c := range mustSample(t, seedN("k2", s), cs, 2) {
			counts[slices.IndexFunc(cs, func(x Candidate) bool { return bytes.Equal(x.Address, c.Address) })]++
		}
	}
	const total = 12.0
	for i, wi := range weights {
		p := float64(wi) / total
		for j, wj := range weights {
			if j != i {
				p += float64(wj) / total * float64(wi) / (total - float64(wj))
			}
		}
		checkBinomial(t, fmt.Sprintf("weight %d in a sample of 2", wi), counts[i], n, p)
	}
}

func TestSampleIsDeterministicAndOrderIndependent(t *testing.T) {
	cs := goldenCandidates()
	orig := slices.Clone(cs)
	rng := rand.New(rand.NewPCG(1, 2))
	for s := range 20 {
		seed := seedN("order", s)
		want := hexAddrs(mustSample(t, seed, cs, 4))
		if again := hexAddrs(mustSample(t, seed, cs, 4)); !slices.Equal(again, want) {
			t.Fatalf("two calls gave %q and %q", want, again)
		}
		shuffled := slices.Clone(cs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := hexAddrs(mustSample(t, seed, shuffled, 4)); !slices.Equal(got, want) {
			t.Fatalf("shuffled input gave %q; want %q", got, want)
		}
	}
	if !slices.EqualFunc(cs, orig, func(a, b Candidate) bool { return bytes.Equal(a.Address, b.Address) && a.Weight.Equal(b.Weight) }) {
		t.Fatal("Sample reordered or changed its input")
	}
}

func TestSampleIsDistinctAndSkipsZeroWeight(t *testing.T) {
	cs := cands(5, 0, 1, 0, 9, 2, 0, 7)
	for s := range 2_000 {
		got := mustSample(t, seedN("distinct", s), cs, 4)
		if len(got) != 4 {
			t.Fatalf("Sample(k=4) returned %d; want 4", len(got))
		}
		seen := map[string]bool{}
		for _, c := range got {
			if seen[string(c.Address)] {
				t.Fatalf("seed %d: %x chosen twice", s, c.Address)
			}
			seen[string(c.Address)] = true
			if c.Weight.IsZero() {
				t.Fatalf("seed %d: zero-weight %x chosen", s, c.Address)
			}
		}
	}
}

func TestSampleReturnsAllPositiveWhenKIsLarge(t *testing.T) {
	cs := cands(5, 0, 1, 0, 9)
	var want []string
	for _, c := range cs {
		if c.Weight.IsPositive() {
			want = append(want, hex.EncodeToString(c.Address))
		}
	}
	slices.Sort(want) // hex order is byte order
	for _, k := range []int{3, 4, 5, gomath.MaxInt} {
		if got := hexAddrs(mustSample(t, seedN("all", 0), cs, k)); !slices.Equal(got, want) {
			t.Errorf("Sample(k=%d) = %q; want all positive-weight candidates in address order %q", k, got, want)
		}
	}
	if got := mustSample(t, seedN("all", 0), cs, 0); len(got) != 0 {
		t.Errorf("Sample(k=0) = %q; want none", hexAddrs(got))
	}
	if got := mustSample(t, seedN("all", 0), nil, 3); len(got) != 0 {
		t.Errorf("Sample(no candidates) = %q; want none", hexAddrs(got))
	}
	if got := mustSample(t, seedN("all", 0), cands(0, 0), 1); len(got) != 0 {
		t.Errorf("Sample(only zero weights) = %q; want none", hexAddrs(got))
	}
}

func TestSampleReturnsCopiedAddresses(t *testing.T) {
	cs := cands(1, 2, 3)
	got := mustSample(t, seedN("copy", 0), cs, 2)
	before := hexAddrs(cs)
	for _, c := range got {
		c.Address[0] ^= 0xff
	}
	if after := hexAddrs(cs); !slices.Equal(before, after) {
		t.Fatal("changing a returned address changed the input")
	}
}

func TestSampleRejectsBadInput(t *testing.T) {
	dupZero := cands(1, 2, 0)
	dupZero[2].Address = addr(0)
	for _, tc := range []struct {
		name   string
		cs     []Candidate
		k      int
		target error
		want   string
	}{
		{"negative k", cands(1, 2), -1, ErrInvalidSize, "k = -1; want k >= 0"},
		{"duplicate", append(cands(1, 2, 3), Candidate{Address: addr(1), Weight: math.NewInt(4)}), 1, ErrInvalidCandidate,
			fmt.Sprintf("candidates 1 and 3 both have address %x; want each address once", addr(1))},
		{"duplicate with zero weight", dupZero, 1, ErrInvalidCandidate, "candidates 0 and 2 both have address"},
		{"negative weight", append(cands(1), Candidate{Address: addr(1), Weight: math.NewInt(-5)}), 1, ErrInvalidCandidate,
			fmt.Sprintf("candidate 1 (address %x) has weight -5; want an integer >= 0", addr(1))},
		{"nil weight", append(cands(1), Candidate{Address: addr(1)}), 1, ErrInvalidCandidate, "candidate 1 (address"},
		{"empty address", append(cands(1), Candidate{Address: []byte{}, Weight: math.NewInt(1)}), 1, ErrInvalidCandidate,
			"candidate 1 has an empty address; want a non-empty address"},
		{"nil address", append(cands(1), Candidate{Weight: math.NewInt(1)}), 1, ErrInvalidCandidate, "candidate 1 has an empty address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Sample(seedN("err", 0), tc.cs, tc.k)
			if !errors.Is(err, tc.target) {
				t.Fatalf("Sample error = %v; want one wrapping %v", err, tc.target)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Sample error = %q; want it to contain %q", err, tc.want)
			}
			if _, err2 := Eligible(seedN("err", 0), tc.cs, tc.k, addr(0)); err2 == nil || err2.Error() != err.Error() {
				t.Fatalf("Eligible error = %v; want Sample's %v", err2, err)
			}
		})
	}
}

func TestEligibleMatchesSample(t *testing.T) {
	cs := goldenCandidates()
	for s := range 50 {
		seed := seedN("eligible", s)
		chosen := hexAddrs(mustSample(t, seed, cs, 3))
		for _, c := range append(cs, Candidate{Address: addr(99)}) {
			got, err := Eligible(seed, cs, 3, c.Address)
			if err != nil {
				t.Fatal(err)
			}
			if want := slices.Contains(chosen, hex.EncodeToString(c.Address)); got != want {
				t.Fatalf("seed %d: Eligible(%x) = %v; want %v", s, c.Address, got, want)
			}
		}
	}
	if _, err := Eligible(seedN("eligible", 0), cs, 3, nil); !errors.Is(err, ErrInvalidCandidate) {
		t.Fatalf("Eligible(empty address) error = %v; want one wrapping ErrInvalidCandidate", err)
	}
}

// fuzzCandidates decodes data as 4-byte records (id, weight hi, weight lo,
// shift): address = id repeated 1 + id%3 times, weight = (hi<<8|lo) << (shift%200).
// Equal ids give equal addresses, so duplicates occur; it reports whether any did.
func fuzzCandidates(data []byte) ([]Candidate, bool) {
	var cs []Candidate
	seen := map[byte]bool{}
	dup := false
	for len(data) >= 4 && len(cs) < 64 {
		id, w, shift := data[0], int64(data[1])<<8|int64(data[2]), uint(data[3])%200
		data = data[4:]
		dup = dup || seen[id]
		seen[id] = true
		cs = append(cs, Candidate{
			Address: bytes.Repeat([]byte{id}, 1+int(id%3)),
			Weight:  math.NewIntFromBigInt(new(big.Int).Lsh(big.NewInt(w), shift)),
		})
	}
	return cs, dup
}

func FuzzSample(f *testing.F) {
	f.Add([]byte("seed"), []byte{1, 0, 1, 0, 2, 0, 3, 0, 3, 0, 0, 0}, uint8(1))
	f.Add([]byte("seed"), []byte{1, 0, 1, 0, 1, 0, 2, 0}, uint8(1)) // duplicate
	f.Add([]byte{}, []byte{}, uint8(3))
	f.Add([]byte("big"), []byte{9, 255, 255, 199, 10, 0, 1, 0, 11, 128, 0, 150, 12, 0, 0, 0, 13, 1, 1, 64}, uint8(2))
	f.Add([]byte("many"), bytes.Repeat([]byte{0, 0, 7, 3}, 1), uint8(0))
	many := make([]byte, 0, 4*40)
	for i := range 40 {
		many = append(many, byte(i*5), byte(i), byte(i*3), byte(i*11))
	}
	f.Add([]byte("forty"), many, uint8(7))
	f.Add([]byte("forty"), many, uint8(39))
	f.Fuzz(func(t *testing.T, seedBytes, data []byte, k uint8) {
		var seed [32]byte
		copy(seed[:], seedBytes)
		cs, dup := fuzzCandidates(data)
		got, err := Sample(seed, cs, int(k))
		if dup {
			if !errors.Is(err, ErrInvalidCandidate) {
				t.Fatalf("duplicate addresses: error = %v; want ErrInvalidCandidate", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid input: %v", err)
		}
		checkSampleInvariants(t, seed, cs, int(k), got)
	})
}

// checkSampleInvariants checks a valid Sample result: size min(k, positive),
// distinct, each an input candidate with its weight, positive, independent
// of input order, address order when everything is returned, and Eligible
// agreeing.
func checkSampleInvariants(t *testing.T, seed [32]byte, cs []Candidate, k int, got []Candidate) {
	byAddr := map[string]math.Int{}
	positive := 0
	for _, c := range cs {
		byAddr[string(c.Address)] = c.Weight
		if c.Weight.IsPositive() {
			positive++
		}
	}
	if len(got) != min(k, positive) {
		t.Fatalf("sample size %d; want min(k=%d, positive=%d)", len(got), k, positive)
	}
	seen := map[string]bool{}
	for _, c := range got {
		w, ok := byAddr[string(c.Address)]
		switch {
		case !ok:
			t.Fatalf("chosen %x is not an input candidate", c.Address)
		case !w.Equal(c.Weight) || !c.Weight.IsPositive():
			t.Fatalf("chosen %x has weight %s; want its positive input weight %s", c.Address, c.Weight, w)
		case seen[string(c.Address)]:
			t.Fatalf("chosen %x twice", c.Address)
		}
		seen[string(c.Address)] = true
	}
	if k >= positive && !slices.IsSortedFunc(got, func(a, b Candidate) int { return bytes.Compare(a.Address, b.Address) }) {
		t.Fatalf("k >= positive returned %q; want address order", hexAddrs(got))
	}
	reversed := slices.Clone(cs)
	slices.Reverse(reversed)
	if again, err := Sample(seed, reversed, k); err != nil || !slices.Equal(hexAddrs(again), hexAddrs(got)) {
		t.Fatalf("reversed input gave %q, %v; want %q", hexAddrs(again), err, hexAddrs(got))
	}
	for _, c := range cs {
		if ok, err := Eligible(seed, cs, k, c.Address); err != nil || ok != seen[string(c.Address)] {
			t.Fatalf("Eligible(%x) = %v, %v; want %v", c.Address, ok, err, seen[string(c.Address)])
		}
	}
}

// benchCandidates returns n candidates with weight stake x reputation, stake
// 1..1000 x 10^18 and reputation 1..1000.
func benchCandidates(n int) []Candidate {
	e18 := math.NewIntWithDecimal(1, 18)
	cs := make([]Candidate, n)
	for i := range cs {
		stake := e18.MulRaw(int64(i*7919%1000 + 1))
		cs[i] = Candidate{Address: addr(i), Weight: stake.MulRaw(int64(i*104729%1000 + 1))}
	}
	return cs
}

func BenchmarkSample(b *testing.B) {
	for _, n := range []int{100, 1000} {
		cs := benchCandidates(n)
		for _, k := range []int{7, 21} {
			b.Run(fmt.Sprintf("n=%d/k=%d", n, k), func(b *testing.B) {
				b.ReportAllocs()
				seed := seedN("bench", 0)
				for b.Loop() {
					if _, err := Sample(seed, cs, k); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

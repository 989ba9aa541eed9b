package rewards

import (
	"encoding/binary"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"cosmossdk.io/math"
)

// pow10 returns 10^k.
func pow10(k int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil) }

// randAmount returns a non-negative amount of a random size: often 0 or
// tiny, sometimes up to about 10^40, sometimes the largest math.Int.
func randAmount(rng *rand.Rand) math.Int {
	switch rng.IntN(8) {
	case 0:
		return math.ZeroInt()
	case 1:
		return math.NewInt(rng.Int64N(10))
	case 2:
		return maxInt
	case 3:
		return math.NewIntFromBigInt(new(big.Int).Mul(big.NewInt(rng.Int64N(1000)), pow10(30)))
	default:
		v := new(big.Int).SetUint64(rng.Uint64())
		return math.NewIntFromBigInt(v.Mul(v, pow10(rng.IntN(22))))
	}
}

// randWeights returns up to 20 weights mixing zeros, ties, small values
// and values near 10^30.
func randWeights(rng *rand.Rand) []math.Int {
	weights := make([]math.Int, rng.IntN(21))
	for i := range weights {
		switch rng.IntN(6) {
		case 0:
			weights[i] = math.ZeroInt()
		case 1:
			weights[i] = math.NewInt(1 + rng.Int64N(3))
		case 2:
			weights[i] = math.NewIntFromBigInt(pow10(30))
		case 3:
			v := new(big.Int).SetUint64(rng.Uint64())
			weights[i] = math.NewIntFromBigInt(v.Add(v, pow10(30)))
		default:
			weights[i] = math.NewInt(rng.Int64N(1_000_000))
		}
	}
	return weights
}

// checkProportional checks Proportional's result against its definition,
// recomputed here: the shares sum to amount (or all are zero with unspent
// amount when the weights sum to zero); each share is its floor or one
// more; only positive weights get one more, and every entry that does
// ranks before every entry that does not (larger remainder, then lower
// index); a larger weight never gets less.
func checkProportional(t *testing.T, amount math.Int, weights []math.Int) {
	t.Helper()
	shares, unspent, err := Proportional(amount, weights)
	if err != nil {
		t.Fatalf("Proportional(%s, %v): %v", amount, weights, err)
	}
	if len(shares) != len(weights) {
		t.Fatalf("Proportional(%s, %v): %d shares, want %d", amount, weights, len(shares), len(weights))
	}
	// The weights may sum past 256 bits, beyond math.Int.
	sumW, sumShares := new(big.Int), math.ZeroInt()
	for i := range weights {
		sumW.Add(sumW, weights[i].BigInt())
		sumShares = sumShares.Add(shares[i])
	}
	if sumW.Sign() == 0 {
		for i, s := range shares {
			if !s.IsZero() {
				t.Fatalf("weights sum to 0 but shares[%d] = %s", i, s)
			}
		}
		if !unspent.Equal(amount) {
			t.Fatalf("weights sum to 0: unspent %s, want the amount %s", unspent, amount)
		}
		return
	}
	if !unspent.IsZero() || !sumShares.Equal(amount) {
		t.Fatalf("Proportional(%s, %v): shares sum to %s with unspent %s, want %s and 0", amount, weights, sumShares, unspent, amount)
	}
	floor := make([]*big.Int, len(weights))
	rem := make([]*big.Int, len(weights))
	extra := make([]bool, len(weights))
	for i, w := range weights {
		p := new(big.Int).Mul(amount.BigInt(), w.BigInt())
		floor[i], rem[i] = p.DivMod(p, sumW, new(big.Int))
		d := new(big.Int).Sub(shares[i].BigInt(), floor[i])
		if d.Sign() < 0 || d.Cmp(big.NewInt(1)) > 0 {
			t.Fatalf("shares[%d] = %s, want floor %s or one more", i, shares[i], floor[i])
		}
		extra[i] = d.Sign() > 0
		if w.IsZero() && !shares[i].IsZero() {
			t.Fatalf("weights[%d] is 0 but gets %s", i, shares[i])
		}
	}
	for i := range weights {
		for j := range weights {
			if extra[i] && !extra[j] && (rem[i].Cmp(rem[j]) < 0 || (rem[i].Cmp(rem[j]) == 0 && i > j)) {
				t.Fatalf("shares[%d] got the extra unit with remainder %s over shares[%d] with remainder %s", i, rem[i], j, rem[j])
			}
			if weights[i].GT(weights[j]) && shares[i].LT(shares[j]) {
				t.Fatalf("weights[%d] = %s > weights[%d] = %s but gets %s < %s", i, weights[i], j, weights[j], shares[i], shares[j])
			}
		}
	}
}

func TestProportionalExamples(t *testing.T) {
	ints := func(xs ...int64) []math.Int {
		out := make([]math.Int, len(xs))
		for i, x := range xs {
			out[i] = math.NewInt(x)
		}
		return out
	}
	cases := []struct {
		name    string
		amount  int64
		weights []math.Int
		want    []math.Int
		unspent int64
	}{
		{"ties go to the lower index", 10, ints(1, 1, 1), ints(4, 3, 3), 0},
		{"two leftovers by index", 5, ints(1, 1, 1), ints(2, 2, 1), 0},
		{"zero weight gets nothing", 5, ints(0, 1), ints(0, 5), 0},
		{"spam versions get nothing", 7, ints(0, 3, 0, 0, 4, 0), ints(0, 3, 0, 0, 4, 0), 0},
		{"largest remainder wins", 1, ints(1, 2), ints(0, 1), 0},
		{"largest remainder beats index", 2, ints(1, 1, 2), ints(1, 0, 1), 0},
		{"exact", 100, ints(1, 3), ints(25, 75), 0},
		{"nothing to split", 0, ints(5, 0, 9), ints(0, 0, 0), 0},
		{"all zero weights", 9, ints(0, 0), ints(0, 0), 9},
		{"no weights", 9, nil, ints(), 9},
	}
	for _, tc := range cases {
		shares, unspent, err := Proportional(math.NewInt(tc.amount), tc.weights)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(shares) != len(tc.want) {
			t.Fatalf("%s: shares %v, want %v", tc.name, shares, tc.want)
		}
		for i := range shares {
			if !shares[i].Equal(tc.want[i]) {
				t.Errorf("%s: shares %v, want %v", tc.name, shares, tc.want)
				break
			}
		}
		if !unspent.Equal(math.NewInt(tc.unspent)) {
			t.Errorf("%s: unspent %s, want %d", tc.name, unspent, tc.unspent)
		}
		checkProportional(t, math.NewInt(tc.amount), tc.weights)
	}
}

func TestProportionalHuge(t *testing.T) {
	e30 := math.NewIntFromBigInt(pow10(30))
	// Weights whose sum exceeds 256 bits, and the largest amount.
	weights := []math.Int{maxInt, maxInt, math.ZeroInt(), maxInt, e30, math.OneInt()}
	checkProportional(t, maxInt, weights)
	checkProportional(t, e30, weights)
	checkProportional(t, math.OneInt(), weights)
	checkProportional(t, math.NewInt(2), []math.Int{e30, e30, e30})
}

func TestProportionalRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 7))
	for range 5000 {
		checkProportional(t, randAmount(rng), randWeights(rng))
	}
}

func TestProportionalMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		weights := make([]math.Int, 2+rng.IntN(15))
		w := int64(0)
		for i := range weights {
			w += rng.Int64N(3)
			weights[i] = math.NewInt(w)
		}
		amount := math.NewInt(rng.Int64N(1000))
		shares, _, err := Proportional(amount, weights)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(shares); i++ {
			if weights[i].GT(weights[i-1]) && shares[i].LT(shares[i-1]) {
				t.Fatalf("amount %s weights %v: shares %v decrease at %d", amount, weights, shares, i)
			}
		}
	}
}

func TestProportionalErrors(t *testing.T) {
	cases := []struct {
		name    string
		amount  math.Int
		weights []math.Int
		want    string
	}{
		{"nil amount", math.Int{}, []math.Int{math.OneInt()}, "amount is nil"},
		{"negative amount", math.NewInt(-3), []math.Int{math.OneInt()}, "amount is -3"},
		{"nil weight", math.OneInt(), []math.Int{math.OneInt(), {}}, "weights[1] is nil"},
		{"negative weight", math.OneInt(), []math.Int{math.OneInt(), math.OneInt(), math.NewInt(-2)}, "weights[2] is -2"},
	}
	for _, tc := range cases {
		shares, _, err := Proportional(tc.amount, tc.weights)
		if err == nil || !strings.Contains(err.Error(), tc.want) || shares != nil {
			t.Errorf("%s: got shares %v, error %v; want no shares and an error containing %q", tc.name, shares, err, tc.want)
		}
	}
}

// FuzzProportional decodes an amount and up to 64 weights (8 bytes each,
// scaled by a power of ten so they reach 10^30 and beyond) and checks
// every property of checkProportional.
func FuzzProportional(f *testing.F) {
	f.Add(uint64(10), uint8(0), []byte{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, uint8(0))
	f.Add(uint64(7), uint8(0), []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}, uint8(30))
	f.Add(uint64(0), uint8(0), []byte{1, 2, 3}, uint8(5))
	f.Add(^uint64(0), uint8(57), []byte{255, 255, 255, 255, 255, 255, 255, 255, 1, 2, 3, 4, 5, 6, 7, 8}, uint8(40))
	f.Add(uint64(12345), uint8(3), []byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, amount uint64, amountExp uint8, data []byte, weightExp uint8) {
		a := new(big.Int).SetUint64(amount)
		a.Mul(a, pow10(int(amountExp%58)))
		var weights []math.Int
		for len(data) > 0 && len(weights) < 64 {
			var chunk [8]byte
			n := copy(chunk[:], data)
			data = data[n:]
			w := new(big.Int).SetUint64(binary.BigEndian.Uint64(chunk[:]))
			weights = append(weights, math.NewIntFromBigInt(w.Mul(w, pow10(int(weightExp%58)))))
		}
		checkProportional(t, math.NewIntFromBigInt(a), weights)
	})
}

func TestSplitBps(t *testing.T) {
	cases := []struct {
		amount     math.Int
		bps        uint32
		part, rest math.Int
	}{
		{math.ZeroInt(), 2500, math.ZeroInt(), math.ZeroInt()},
		{math.NewInt(10_000), 2500, math.NewInt(2500), math.NewInt(7500)},
		{math.NewInt(9999), 1, math.ZeroInt(), math.NewInt(9999)},
		{math.NewInt(10_001), 9999, math.NewInt(9999), math.NewInt(2)},
		{math.NewInt(123_456), 3333, math.NewInt(41147), math.NewInt(82309)},
		{math.NewInt(7), 0, math.ZeroInt(), math.NewInt(7)},
		{math.NewInt(7), 10_000, math.NewInt(7), math.ZeroInt()},
		{maxInt, 10_000, maxInt, math.ZeroInt()},
		{maxInt, 5000, maxInt.QuoRaw(2), maxInt.Sub(maxInt.QuoRaw(2))},
	}
	for _, tc := range cases {
		part, rest, err := SplitBps(tc.amount, tc.bps)
		if err != nil || !part.Equal(tc.part) || !rest.Equal(tc.rest) {
			t.Errorf("SplitBps(%s, %d) = %v, %v, %v; want %s, %s", tc.amount, tc.bps, part, rest, err, tc.part, tc.rest)
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		amount, bps := randAmount(rng), rng.Uint32N(BpsDenominator+1)
		part, rest, err := SplitBps(amount, bps)
		if err != nil {
			t.Fatal(err)
		}
		want := new(big.Int).Mul(amount.BigInt(), big.NewInt(int64(bps)))
		want.Quo(want, big.NewInt(BpsDenominator))
		if part.BigInt().Cmp(want) != 0 || !part.Add(rest).Equal(amount) || rest.IsNegative() {
			t.Fatalf("SplitBps(%s, %d) = %s, %s; want %s and the rest", amount, bps, part, rest, want)
		}
	}
}

func TestSplitBpsErrors(t *testing.T) {
	cases := []struct {
		amount math.Int
		bps    uint32
		want   string
	}{
		{math.NewInt(1), BpsDenominator + 1, "bps is 10001, expected 0..10000"},
		{math.NewInt(1), ^uint32(0), "bps is 4294967295"},
		{math.Int{}, 1, "amount is nil"},
		{math.NewInt(-1), 1, "amount is -1"},
	}
	for _, tc := range cases {
		part, rest, err := SplitBps(tc.amount, tc.bps)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !part.IsNil() || !rest.IsNil() {
			t.Errorf("SplitBps(%v, %d) = %v, %v, %v; want nil Ints and an error containing %q", tc.amount, tc.bps, part, rest, err, tc.want)
		}
	}
}

package rewards

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/app/tokenomics"
)

// maxInt is the largest math.Int, 2^256-1.
var maxInt = math.NewIntFromBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)))

func mustInt(t testing.TB, s string) math.Int {
	t.Helper()
	v, ok := math.NewIntFromString(s)
	if !ok {
		t.Fatalf("bad integer %q", s)
	}
	return v
}

// naiveReleases is the definition, computed step by step in O(StepEpochs):
// one entry per epoch 0..Epochs()-1.
func naiveReleases(s Schedule) []math.Int {
	w := math.NewIntFromUint64(s.StepEpochs * (s.StepEpochs + 1) / 2)
	out := make([]math.Int, s.IdleEpochs+s.StepEpochs)
	for e := range s.IdleEpochs {
		out[e] = math.ZeroInt()
	}
	paid := math.ZeroInt()
	for i := range s.StepEpochs {
		// Total*(S-i) may pass 256 bits, so only the quotient is a math.Int.
		product := new(big.Int).Mul(s.Total.BigInt(), new(big.Int).SetUint64(s.StepEpochs-i))
		step := math.NewIntFromBigIntMut(product.Quo(product, w.BigInt()))
		out[s.IdleEpochs+i] = step
		paid = paid.Add(step)
	}
	out[s.IdleEpochs] = out[s.IdleEpochs].Add(s.Total.Sub(paid))
	return out
}

// checkSchedule compares every epoch's Release and ReleasedThrough (every
// stride-th one, and the first and last few, when stride > 1) with the
// definition, and checks the sum, the order and the zeros around the steps.
func checkSchedule(t *testing.T, s Schedule, stride uint64) {
	t.Helper()
	want := naiveReleases(s)
	end := s.Epochs()
	running, prev := math.ZeroInt(), math.Int{}
	for e := range end {
		got := s.Release(e)
		if !got.Equal(want[e]) {
			t.Fatalf("%+v: epoch %d releases %s, want %s", s, e, got, want[e])
		}
		running = running.Add(got)
		if e%stride == 0 || e < s.IdleEpochs+3 || e+3 >= end {
			if through := s.ReleasedThrough(e); !through.Equal(running) {
				t.Fatalf("%+v: released through epoch %d is %s, want the running sum %s", s, e, through, running)
			}
		}
		if e < s.IdleEpochs && !got.IsZero() {
			t.Fatalf("%+v: idle epoch %d releases %s, want 0", s, e, got)
		}
		if e > s.IdleEpochs {
			if got.GT(prev) {
				t.Fatalf("%+v: epoch %d releases %s, more than epoch %d's %s", s, e, got, e-1, prev)
			}
			if s.Total.GTE(math.NewIntFromUint64(s.StepEpochs*(s.StepEpochs+1)/2)) && !got.LT(prev) {
				t.Fatalf("%+v: Total >= W but epoch %d releases %s, not less than %s", s, e, got, prev)
			}
		}
		prev = got
	}
	if !running.Equal(s.Total) {
		t.Fatalf("%+v: releases sum to %s, want Total %s", s, running, s.Total)
	}
	for _, e := range []uint64{end, end + 1, end + 1000, ^uint64(0)} {
		if got := s.Release(e); !got.IsZero() {
			t.Fatalf("%+v: epoch %d after the end releases %s, want 0", s, e, got)
		}
		if got := s.ReleasedThrough(e); !got.Equal(s.Total) {
			t.Fatalf("%+v: released through epoch %d after the end is %s, want Total", s, e, got)
		}
	}
	if rem := s.Remainder(); rem.IsNegative() || rem.GTE(math.NewIntFromUint64(s.StepEpochs)) {
		t.Fatalf("%+v: remainder %s, want 0 <= remainder < StepEpochs", s, rem)
	}
}

func TestScheduleMatchesRewardsMonthlyRelease(t *testing.T) {
	totals := []string{"0", "1", "2", "71", "72", "100", "2627", "2628", "2629", "1000003", "2000000000000000", "10000000000000000000"}
	for _, total := range totals {
		s := Schedule{Total: mustInt(t, total), IdleEpochs: tokenomics.RewardsIdleMonths, StepEpochs: tokenomics.RewardsStepMonths}
		monthly := tokenomics.RewardsMonthlyRelease(s.Total)
		if s.Epochs() != uint64(len(monthly)) {
			t.Fatalf("total %s: %d epochs, want %d months", total, s.Epochs(), len(monthly))
		}
		running := math.ZeroInt()
		for e, want := range monthly {
			if got := s.Release(uint64(e)); !got.Equal(want) {
				t.Errorf("total %s: epoch %d releases %s, RewardsMonthlyRelease month %d releases %s", total, e, got, e+1, want)
			}
			running = running.Add(want)
			if got := s.ReleasedThrough(uint64(e)); !got.Equal(running) {
				t.Errorf("total %s: released through epoch %d is %s, want %s", total, e, got, running)
			}
		}
		checkSchedule(t, s, 1)
	}
	// The real pool's figures, as tokenomics' own test pins them.
	s := Schedule{Total: math.NewInt(2_000_000_000_000_000), IdleEpochs: 12, StepEpochs: 72}
	if got := s.Remainder(); !got.Equal(math.NewInt(34)) {
		t.Errorf("pool remainder %s, want 34", got)
	}
	if got := s.Release(12); got.String() != "54794520547979" {
		t.Errorf("pool step 0 releases %s, want 54794520547979", got)
	}
}

func TestScheduleSumsToTotal(t *testing.T) {
	schedules := []Schedule{
		{Total: math.ZeroInt(), IdleEpochs: 0, StepEpochs: 1},
		{Total: math.NewInt(1), IdleEpochs: 0, StepEpochs: 1},
		{Total: math.NewInt(12345), IdleEpochs: 0, StepEpochs: 1},
		{Total: math.NewInt(12345), IdleEpochs: 7, StepEpochs: 1},
		{Total: math.NewInt(1), IdleEpochs: 3, StepEpochs: 2},
		{Total: math.NewInt(2), IdleEpochs: 0, StepEpochs: 2},
		{Total: math.NewInt(3), IdleEpochs: 0, StepEpochs: 2},
		{Total: math.NewInt(1), IdleEpochs: 0, StepEpochs: 10},
		{Total: math.NewInt(54), IdleEpochs: 0, StepEpochs: 10},
		{Total: math.NewInt(55), IdleEpochs: 0, StepEpochs: 10},
		{Total: math.NewInt(2_000_000_000_000_000), IdleEpochs: 365, StepEpochs: 2192},
		{Total: math.NewInt(2_403_027), IdleEpochs: 365, StepEpochs: 2192},
		{Total: math.NewInt(2_403_028), IdleEpochs: 0, StepEpochs: 2192},
		{Total: maxInt, IdleEpochs: 1, StepEpochs: 2192},
		{Total: math.NewInt(999_999_999_999), IdleEpochs: MaxStepEpochs, StepEpochs: 3},
	}
	for _, s := range schedules {
		t.Run(fmt.Sprintf("%s/%d/%d", s.Total, s.IdleEpochs, s.StepEpochs), func(t *testing.T) {
			checkSchedule(t, s, 1)
		})
	}
}

// TestScheduleExtremes runs the largest schedule with Total 10^19 and with
// the largest math.Int: Total*S exceeds 256 bits in the second, and the
// arithmetic must neither overflow nor lose a unit.
func TestScheduleExtremes(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the 10^6-epoch extremes take about 2 s; make test runs them")
	}
	for _, total := range []math.Int{mustInt(t, "10000000000000000000"), maxInt, math.NewInt(499_999_500_000)} {
		s := Schedule{Total: total, IdleEpochs: MaxStepEpochs, StepEpochs: MaxStepEpochs}
		checkSchedule(t, s, 997)
	}
}

func TestScheduleRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 72))
	for range 300 {
		s := Schedule{Total: randAmount(rng), IdleEpochs: rng.Uint64N(20), StepEpochs: 1 + rng.Uint64N(300)}
		checkSchedule(t, s, 1)
	}
}

func TestFloorSumMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	brute := func(n, m, a, b int64) *big.Int {
		sum := new(big.Int)
		for i := range n {
			sum.Add(sum, big.NewInt((a*i+b)/m))
		}
		return sum
	}
	for range 20000 {
		n, m := rng.Int64N(200), 1+rng.Int64N(1000)
		a, b := rng.Int64N(5000), rng.Int64N(5000)
		if rng.IntN(4) == 0 {
			a, b = rng.Int64N(m), rng.Int64N(m)
		}
		want := brute(n, m, a, b)
		got := floorSum(big.NewInt(n), big.NewInt(m), big.NewInt(a), big.NewInt(b))
		if got.Cmp(want) != 0 {
			t.Fatalf("floorSum(%d, %d, %d, %d) = %s, want %s", n, m, a, b, got, want)
		}
	}
}

func TestFloorSumLeavesArgumentsAlone(t *testing.T) {
	n, m, a, b := big.NewInt(100), big.NewInt(7), big.NewInt(50), big.NewInt(9)
	floorSum(n, m, a, b)
	if n.Int64() != 100 || m.Int64() != 7 || a.Int64() != 50 || b.Int64() != 9 {
		t.Fatalf("floorSum changed its arguments to %s %s %s %s", n, m, a, b)
	}
}

func TestScheduleValidate(t *testing.T) {
	good := Schedule{Total: math.NewInt(1), IdleEpochs: 12, StepEpochs: 72}
	cases := []struct {
		name  string
		edit  func(*Schedule)
		field string
	}{
		{"nil total", func(s *Schedule) { s.Total = math.Int{} }, "Total is nil"},
		{"negative total", func(s *Schedule) { s.Total = math.NewInt(-1) }, "Total is -1"},
		{"no steps", func(s *Schedule) { s.StepEpochs = 0 }, "StepEpochs is 0, expected 1..1000000"},
		{"too many steps", func(s *Schedule) { s.StepEpochs = MaxStepEpochs + 1 }, "StepEpochs is 1000001"},
		{"huge steps", func(s *Schedule) { s.StepEpochs = ^uint64(0) }, "StepEpochs is 18446744073709551615"},
		{"too idle", func(s *Schedule) { s.IdleEpochs = MaxStepEpochs + 1 }, "IdleEpochs is 1000001, expected 0..1000000"},
	}
	for _, tc := range cases {
		s := good
		tc.edit(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: Validate() = %v, want an error containing %q", tc.name, err, tc.field)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Release on an invalid schedule did not panic", tc.name)
				}
			}()
			s.Release(0)
		}()
	}
	for _, s := range []Schedule{good, {Total: math.ZeroInt(), StepEpochs: 1}, {Total: maxInt, IdleEpochs: MaxStepEpochs, StepEpochs: MaxStepEpochs}} {
		if err := s.Validate(); err != nil {
			t.Errorf("%+v: Validate() = %v, want nil", s, err)
		}
	}
}

// The schedule of six years of daily epochs after an idle year.
var benchSchedule = Schedule{Total: math.NewInt(2_000_000_000_000_000), IdleEpochs: 365, StepEpochs: 2192}

// benchStep returns the epoch of a step that moves around the schedule
// with a prime stride, so that a short run still visits steps everywhere.
func benchStep(n uint64) uint64 {
	return benchSchedule.IdleEpochs + n*997%benchSchedule.StepEpochs
}

func BenchmarkRelease(b *testing.B) {
	b.Run("any-step", func(b *testing.B) {
		var n uint64
		for b.Loop() {
			benchSchedule.Release(benchStep(n))
			n++
		}
	})
	b.Run("first-step", func(b *testing.B) {
		for b.Loop() {
			benchSchedule.Release(benchSchedule.IdleEpochs)
		}
	})
	b.Run("later-step", func(b *testing.B) {
		for b.Loop() {
			benchSchedule.Release(benchSchedule.IdleEpochs + 1000)
		}
	})
	b.Run("idle", func(b *testing.B) {
		for b.Loop() {
			benchSchedule.Release(100)
		}
	})
}

func BenchmarkReleasedThrough(b *testing.B) {
	var n uint64
	for b.Loop() {
		benchSchedule.ReleasedThrough(benchStep(n))
		n++
	}
}

func BenchmarkRemainder(b *testing.B) {
	b.Run("floorSum", func(b *testing.B) {
		for b.Loop() {
			benchSchedule.Remainder()
		}
	})
	b.Run("naive-O(S)", func(b *testing.B) {
		for b.Loop() {
			naiveReleases(benchSchedule)
		}
	})
}

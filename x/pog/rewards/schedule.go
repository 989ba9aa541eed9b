package rewards

import (
	"fmt"
	"math/big"

	"cosmossdk.io/math"
)

// MaxStepEpochs is the largest StepEpochs (and IdleEpochs) a Schedule may
// have: a million epochs, over 2,700 years of daily epochs.
const MaxStepEpochs = 1_000_000

// Schedule is a linearly decreasing emission of Total over StepEpochs
// epochs, after IdleEpochs epochs that release nothing. Epochs are numbered
// from 0:
//
//   - epochs 0..IdleEpochs-1 release 0;
//   - step i = 0..StepEpochs-1, epoch IdleEpochs+i, has weight S-i
//     (S = StepEpochs) and releases floor(Total*(S-i)/W), where
//     W = S*(S+1)/2 is the sum of the weights;
//   - step 0 also releases the Remainder, Total minus the sum of all those
//     floors, so the releases sum exactly to Total;
//   - epochs from IdleEpochs+StepEpochs on release 0.
//
// With IdleEpochs = 12 and StepEpochs = 72 it is exactly
// tokenomics.RewardsMonthlyRelease, epoch m for month m+1.
//
// The methods other than Validate panic if the schedule is invalid: check it
// with Validate when it is loaded (genesis, parameter change).
type Schedule struct {
	// Total is the amount the schedule releases, in ulgpt.
	Total math.Int
	// IdleEpochs is the number of leading epochs that release nothing.
	IdleEpochs uint64
	// StepEpochs is the number of decreasing release steps.
	StepEpochs uint64
}

// Validate returns nil if the schedule is usable, and otherwise an error
// naming the first bad field, what it holds and what is expected: Total must
// be set and non-negative, StepEpochs in 1..MaxStepEpochs and IdleEpochs at
// most MaxStepEpochs.
func (s Schedule) Validate() error {
	switch {
	case s.Total.IsNil():
		return fmt.Errorf("rewards schedule: Total is nil, expected a non-negative amount")
	case s.Total.IsNegative():
		return fmt.Errorf("rewards schedule: Total is %s, expected a non-negative amount", s.Total)
	case s.StepEpochs == 0 || s.StepEpochs > MaxStepEpochs:
		return fmt.Errorf("rewards schedule: StepEpochs is %d, expected 1..%d", s.StepEpochs, MaxStepEpochs)
	case s.IdleEpochs > MaxStepEpochs:
		return fmt.Errorf("rewards schedule: IdleEpochs is %d, expected 0..%d", s.IdleEpochs, MaxStepEpochs)
	}
	return nil
}

// Epochs returns the length of the schedule, IdleEpochs+StepEpochs: epoch
// Epochs()-1 is the last step, and every epoch from Epochs() on releases 0.
func (s Schedule) Epochs() uint64 {
	s.mustBeValid()
	return s.IdleEpochs + s.StepEpochs
}

// Release returns the amount the schedule releases in epoch: 0 in the idle
// epochs and from Epochs() on; floor(Total*(S-i)/W) in step i > 0; that plus
// Remainder() in step 0. It costs O(1) big-integer operations in steps
// i > 0 and O(log StepEpochs) in step 0 (through Remainder).
func (s Schedule) Release(epoch uint64) math.Int {
	s.mustBeValid()
	if epoch < s.IdleEpochs || epoch-s.IdleEpochs >= s.StepEpochs {
		return math.ZeroInt()
	}
	i := epoch - s.IdleEpochs
	release := s.stepFloor(s.StepEpochs - i)
	if i == 0 {
		release.Add(release, s.remainder())
	}
	return math.NewIntFromBigIntMut(release)
}

// ReleasedThrough returns the sum of Release(e) over epochs e = 0..epoch
// inclusive: 0 before the first step, Total from the last step on. For step
// j it is Total minus the floors of the S-1-j later steps, whose weights are
// 1..S-1-j, and that sum of floors is one floorSum: O(log StepEpochs)
// big-integer operations, not O(j).
func (s Schedule) ReleasedThrough(epoch uint64) math.Int {
	s.mustBeValid()
	if epoch < s.IdleEpochs {
		return math.ZeroInt()
	}
	j := epoch - s.IdleEpochs
	if j >= s.StepEpochs-1 {
		return math.NewIntFromBigIntMut(s.Total.BigInt())
	}
	later := s.lightestFloors(s.StepEpochs - 1 - j)
	return math.NewIntFromBigIntMut(later.Sub(s.Total.BigInt(), later))
}

// Remainder returns Total minus the sum of floor(Total*(S-i)/W) over all
// steps i: the rounding remainder step 0 releases on top of its own floor.
// It is less than StepEpochs (each floor drops less than 1), and it costs
// O(log StepEpochs) big-integer operations.
func (s Schedule) Remainder() math.Int {
	s.mustBeValid()
	return math.NewIntFromBigIntMut(s.remainder())
}

// mustBeValid panics with Validate's error if s is invalid.
func (s Schedule) mustBeValid() {
	if err := s.Validate(); err != nil {
		panic(err)
	}
}

// weightSum returns W = S*(S+1)/2; S <= MaxStepEpochs keeps it in uint64.
func (s Schedule) weightSum() *big.Int {
	return new(big.Int).SetUint64(s.StepEpochs * (s.StepEpochs + 1) / 2)
}

// stepFloor returns floor(Total*k/W), the floor part of the step of weight
// k. The product is taken in math/big, so it cannot overflow.
func (s Schedule) stepFloor(k uint64) *big.Int {
	product := new(big.Int).Mul(s.Total.BigIntMut(), new(big.Int).SetUint64(k))
	return product.Quo(product, s.weightSum())
}

// lightestFloors returns the sum of floor(Total*k/W) for k = 1..n: the floor
// parts of the n last steps, whose weights are 1..n. With k = i+1 it is
// floorSum(n, W, Total, Total).
func (s Schedule) lightestFloors(n uint64) *big.Int {
	total := s.Total.BigIntMut()
	return floorSum(new(big.Int).SetUint64(n), s.weightSum(), total, total)
}

// remainder returns Total minus the floors of all StepEpochs steps.
func (s Schedule) remainder() *big.Int {
	floors := s.lightestFloors(s.StepEpochs)
	return floors.Sub(s.Total.BigIntMut(), floors)
}

// floorSum returns f(n, m, a, b) = sum_{i=0}^{n-1} floor((a*i+b)/m) for
// n, a, b >= 0 and m >= 1, in O(log m) iterations. It does not modify its
// arguments.
//
// Proof. Two reductions keep the value and bring a and b below m:
//
//	f(n, m, a, b) = f(n, m, a mod m, b) + floor(a/m)*n*(n-1)/2
//	f(n, m, a, b) = f(n, m, a, b mod m) + floor(b/m)*n
//
// since floor((a*i+b)/m) splits exactly when a multiple of m is taken out
// of a*i or of b. Now let 0 <= a, b < m and Y = a*n+b. The sum counts the
// lattice points (i, y) with 0 <= i < n, y >= 1 and y*m <= a*i+b. For a
// fixed y, substitute t = n-i: the condition becomes a*t <= Y-y*m, and
// t <= n holds by itself because Y-y*m <= a*n+b-m < a*n; so y contributes
// floor((Y-y*m)/a) points when Y >= y*m, and nothing otherwise. Hence, with
// n' = floor(Y/m) and b' = Y mod m, and y = n'-j,
//
//	f(n, m, a, b) = sum_{y=1}^{n'} floor((Y-y*m)/a)
//	              = sum_{j=0}^{n'-1} floor((m*j+b')/a) = f(n', a, m, b').
//
// If Y < m, then n' = 0 and the sum is 0: the loop stops. Otherwise a > 0
// (b < m <= Y), and the next pass reduces m mod a: the pair (m, a) follows
// Euclid's algorithm, so there are O(log m) passes. Every intermediate is
// at most about a*n + m, far from any bound in math/big.
func floorSum(n, m, a, b *big.Int) *big.Int {
	n, m, a, b = new(big.Int).Set(n), new(big.Int).Set(m), new(big.Int).Set(a), new(big.Int).Set(b)
	sum := new(big.Int)
	for n.Sign() > 0 {
		if a.Cmp(m) >= 0 {
			q, r := new(big.Int).DivMod(a, m, new(big.Int))
			pairs := new(big.Int).Sub(n, big.NewInt(1))
			pairs.Mul(pairs, n).Rsh(pairs, 1)
			sum.Add(sum, pairs.Mul(pairs, q))
			a = r
		}
		if b.Cmp(m) >= 0 {
			q, r := new(big.Int).DivMod(b, m, new(big.Int))
			sum.Add(sum, q.Mul(q, n))
			b = r
		}
		y := new(big.Int).Mul(a, n)
		y.Add(y, b)
		if y.Cmp(m) < 0 {
			break
		}
		n, b = new(big.Int).DivMod(y, m, new(big.Int))
		m, a = a, m
	}
	return sum
}

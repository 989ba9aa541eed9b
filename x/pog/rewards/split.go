package rewards

import (
	"fmt"
	"math/big"
	"slices"

	"cosmossdk.io/math"
)

// BpsDenominator is the number of basis points in a whole: 10,000 bps is
// 100%.
const BpsDenominator = 10_000

// SplitBps returns part = floor(amount*bps/10000) and rest = amount-part,
// so part+rest == amount and part is rounded down. It returns an error (and
// nil Ints) if amount is nil or negative or bps exceeds BpsDenominator.
func SplitBps(amount math.Int, bps uint32) (part, rest math.Int, err error) {
	if err := checkAmount(amount); err != nil {
		return math.Int{}, math.Int{}, err
	}
	if bps > BpsDenominator {
		return math.Int{}, math.Int{}, fmt.Errorf("rewards: bps is %d, expected 0..%d", bps, BpsDenominator)
	}
	p := new(big.Int).Mul(amount.BigIntMut(), big.NewInt(int64(bps)))
	p.Quo(p, big.NewInt(BpsDenominator))
	part = math.NewIntFromBigIntMut(p)
	return part, amount.Sub(part), nil
}

// Proportional divides amount among weights by the largest-remainder
// method. With sumW the sum of the weights, entry i first gets
// floor(amount*w_i/sumW); the leftover, amount minus those floors (fewer
// than the number of positive weights), goes one unit each to the entries
// with the largest remainders amount*w_i mod sumW, ties broken by the lower
// index. So shares[i] is within one unit of amount*w_i/sumW, a zero weight
// gets exactly 0, a larger weight never gets less, and sum(shares) ==
// amount with unspent zero.
//
// If weights is empty or sumW is zero, every share is zero and unspent is
// amount. It returns an error if amount or a weight is nil or negative. The
// products are taken in math/big, so huge weights (sumW beyond 256 bits
// even) cannot overflow; it costs O(n log n) for n weights.
func Proportional(amount math.Int, weights []math.Int) (shares []math.Int, unspent math.Int, err error) {
	if err := checkAmount(amount); err != nil {
		return nil, math.Int{}, err
	}
	sumW, err := sumWeights(weights)
	if err != nil {
		return nil, math.Int{}, err
	}
	if sumW.Sign() == 0 {
		return zeroShares(len(weights)), amount, nil
	}
	floors, remainders, leftover := floorShares(amount.BigIntMut(), weights, sumW)
	one := big.NewInt(1)
	for _, i := range largestRemainders(remainders, leftover) {
		floors[i].Add(floors[i], one)
	}
	shares = make([]math.Int, len(floors))
	for i, f := range floors {
		shares[i] = math.NewIntFromBigIntMut(f)
	}
	return shares, math.ZeroInt(), nil
}

// checkAmount returns an error unless amount is set and non-negative.
func checkAmount(amount math.Int) error {
	if amount.IsNil() {
		return fmt.Errorf("rewards: amount is nil, expected a non-negative amount")
	}
	if amount.IsNegative() {
		return fmt.Errorf("rewards: amount is %s, expected a non-negative amount", amount)
	}
	return nil
}

// sumWeights returns the sum of weights, or an error naming the first nil
// or negative weight.
func sumWeights(weights []math.Int) (*big.Int, error) {
	sum := new(big.Int)
	for i, w := range weights {
		if w.IsNil() {
			return nil, fmt.Errorf("rewards: weights[%d] is nil, expected a non-negative weight", i)
		}
		if w.IsNegative() {
			return nil, fmt.Errorf("rewards: weights[%d] is %s, expected a non-negative weight", i, w)
		}
		sum.Add(sum, w.BigIntMut())
	}
	return sum, nil
}

// zeroShares returns n zero shares.
func zeroShares(n int) []math.Int {
	shares := make([]math.Int, n)
	for i := range shares {
		shares[i] = math.ZeroInt()
	}
	return shares
}

// floorShares returns, for each weight, floor(amount*w_i/sumW) and
// amount*w_i mod sumW, and the leftover amount minus the sum of the floors.
// The leftover is the sum of the remainders divided by sumW, and each
// remainder is below sumW and zero for a zero weight, so it is smaller than
// the number of positive remainders: it fits an int.
func floorShares(amount *big.Int, weights []math.Int, sumW *big.Int) (floors, remainders []*big.Int, leftover int) {
	floors = make([]*big.Int, len(weights))
	remainders = make([]*big.Int, len(weights))
	left := new(big.Int).Set(amount)
	for i, w := range weights {
		product := new(big.Int).Mul(amount, w.BigIntMut())
		floors[i], remainders[i] = product.DivMod(product, sumW, new(big.Int))
		left.Sub(left, floors[i])
	}
	return floors, remainders, int(left.Int64())
}

// largestRemainders returns the indices of the n largest positive
// remainders, ties broken by the lower index. Only positive remainders are
// candidates, so a zero weight is never picked; there are always at least
// n + 1 of them when n > 0 (see floorShares).
func largestRemainders(remainders []*big.Int, n int) []int {
	if n == 0 {
		return nil
	}
	candidates := make([]int, 0, len(remainders))
	for i, r := range remainders {
		if r.Sign() > 0 {
			candidates = append(candidates, i)
		}
	}
	slices.SortFunc(candidates, func(i, j int) int {
		if c := remainders[j].Cmp(remainders[i]); c != 0 {
			return c
		}
		return i - j
	})
	if n > len(candidates) {
		panic(fmt.Sprintf("rewards: leftover %d exceeds the %d positive remainders", n, len(candidates)))
	}
	return candidates[:n]
}

package tt

import (
	"fmt"
	"slices"
)

// MaxModesInput bounds the n accepted by Modes (2^40, the same as
// MaxElements), which keeps its trial-division factorization below 2^20
// steps.
const MaxModesInput = MaxElements

// Modes splits n into d factors, each at least 2 (or n itself for d = 1),
// whose product is exactly n and which are as equal as the prime
// factorization of n allows, sorted non-increasing. For example
// Modes(784, 4) = [7 7 4 4] and Modes(128, 4) = [4 4 4 2].
//
// The prime factors of n, largest first, each go to the factor with the
// smallest product so far (ties to the first). Modes fails when n < 1,
// d < 1, n > MaxModesInput, or n has fewer than d prime factors counted
// with multiplicity (a prime n with d ≥ 2, 12 = 2·2·3 with d = 4): a
// mode of size 1 would add a core that compresses nothing, so the caller
// should pick a smaller d or pad the dimension. Near-equal factors need
// n smooth: a large prime factor p (n = 2·p) gives a mode p no matter d.
func Modes(n, d int) ([]int, error) {
	if d < 1 {
		return nil, fmt.Errorf("%w: %d modes requested; want at least 1", ErrShape, d)
	}
	if n < 1 || n > MaxModesInput {
		return nil, fmt.Errorf("%w: dimension %d; want 1..%d", ErrShape, n, MaxModesInput)
	}
	if d == 1 {
		return []int{n}, nil
	}
	primes := primeFactors(n)
	if len(primes) < d {
		return nil, fmt.Errorf("%w: %d = %s has %d prime factors; %d modes of size at least 2 need at least %d",
			ErrShape, n, formatFactors(primes), len(primes), d, d)
	}
	modes := make([]int, d)
	for i := range modes {
		modes[i] = 1
	}
	for i := len(primes) - 1; i >= 0; i-- {
		smallest := 0
		for k := 1; k < d; k++ {
			if modes[k] < modes[smallest] {
				smallest = k
			}
		}
		modes[smallest] *= primes[i]
	}
	slices.SortFunc(modes, func(a, b int) int { return b - a })
	return modes, nil
}

// primeFactors returns the prime factors of n ≥ 2 in non-decreasing order,
// with multiplicity.
func primeFactors(n int) []int {
	var ps []int
	for p := 2; p*p <= n; p++ {
		for n%p == 0 {
			ps = append(ps, p)
			n /= p
		}
	}
	if n > 1 {
		ps = append(ps, n)
	}
	return ps
}

// formatFactors writes prime factors as "2·2·7", or "1" for none.
func formatFactors(ps []int) string {
	if len(ps) == 0 {
		return "1"
	}
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += "·"
		}
		s += fmt.Sprint(p)
	}
	return s
}

package merge

import (
	"fmt"
	"math/bits"
	"slices"
)

// Clipped returns the centered-clipping merge of the received models
// around the local one (Karimireddy, He and Jaggi, 2021, one iteration
// centered on the local model):
//
//	local + (1/n) * sum_i clip(r_i - local, tau)
//
// where clip leaves a difference vector v unchanged when ||v||_2 <= tau and
// otherwise scales it by tau / c, rounding every coordinate toward zero:
//
//	c    = ceil(sqrt(sum_j v_j^2))   exact: 128-bit sum, integer square root
//	v'_j = trunc(v_j * tau / c)      exact, c > tau here
//
// Since c >= ||v|| and each coordinate is rounded toward zero,
// ||v'|| <= tau always holds, and every v'_j lies between 0 and v_j, so
// local_j + v'_j stays between local_j and r_ij. The quotient is computed
// without a division per coordinate: with the Q0.128 factor
// s = ceil(tau * 2^128 / c), floor(|v_j| * s / 2^128) equals
// floor(|v_j| * tau / c) exactly, because the excess |v_j| * (s - tau *
// 2^128/c) / 2^128 is below 2^-96 while a non-integer |v_j| * tau / c is at
// least 1/c > 2^-64 below the next integer. The mean over the n received
// models is rounded half up as in Average. tau = 0 clips every
// difference to zero and returns a copy of local; see AdaptiveTau for a
// data-driven tau.
//
// Errors: ErrEmpty (no received model), ErrLength, ErrRange. Inputs are
// not modified.
func Clipped(local []int64, received [][]int64, tau uint64) ([]int64, error) {
	norms, err := clipNorms(local, received)
	if err != nil {
		return nil, fmt.Errorf("%w (model 0 is local, model i+1 is received[i])", err)
	}
	return clipMerge(local, received, norms, tau), nil
}

// AdaptiveTau returns the lower median of the received models' L2
// distances to local, ceil(sqrt(||r_i - local||^2)), sorted with index
// (n-1)/2. Clipping at it leaves at least half of the received models
// unchanged; when fewer than half of them are Byzantine, it is at most the
// distance of some honest model, so no Byzantine model moves the merge
// further than an honest one can.
//
// Errors: as Clipped.
func AdaptiveTau(local []int64, received [][]int64) (uint64, error) {
	norms, err := clipNorms(local, received)
	if err != nil {
		return 0, fmt.Errorf("%w (model 0 is local, model i+1 is received[i])", err)
	}
	return medianNorm(norms), nil
}

func medianNorm(norms []uint64) uint64 {
	s := slices.Clone(norms)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// clipNorms validates local and received and returns ceil(||r_i - local||).
func clipNorms(local []int64, received [][]int64) ([]uint64, error) {
	if len(received) == 0 {
		return nil, fmt.Errorf("%w: clipped merge needs at least 1 received model, got 0", ErrEmpty)
	}
	all := make([][]int64, 0, len(received)+1)
	all = append(all, local)
	all = append(all, received...)
	if _, err := checkVectors(all); err != nil {
		return nil, err // model 0 is local, model i+1 is received[i]
	}
	norms := make([]uint64, len(received))
	for i, r := range received {
		norms[i] = ceilSqrt(sqDist(r, local))
	}
	return norms, nil
}

// clipMerge applies the clipped merge to validated input.
func clipMerge(local []int64, received [][]int64, norms []uint64, tau uint64) []int64 {
	acc := make([]int64, len(local))
	for i, r := range received {
		r = r[:len(local)]
		if norms[i] <= tau {
			// c <= tau implies ||v|| <= tau: unchanged.
			for j, x := range local {
				acc[j] += r[j] - x
			}
			continue
		}
		sh, sl := clipFactor(tau, norms[i])
		for j, x := range local {
			v := r[j] - x
			m := v >> 63
			a := uint64((v ^ m) - m) // |v|
			// floor(a * (sh:sl) / 2^128) = hi(a*sh) + carry(lo(a*sh) + hi(a*sl)).
			b1, b0 := bits.Mul64(a, sh)
			a1, _ := bits.Mul64(a, sl)
			_, c := bits.Add64(b0, a1, 0)
			q := int64(b1 + c)
			acc[j] += (q ^ m) - m
		}
	}
	div := newDivider(uint64(len(received)))
	for j, x := range local {
		acc[j] = x + div.round(acc[j])
	}
	return acc
}

// clipFactor returns s = ceil(tau * 2^128 / c) as sh:sl for tau < c; it is
// below 2^128 because tau/c <= 1 - 1/c.
func clipFactor(tau, c uint64) (sh, sl uint64) {
	sh, r := bits.Div64(tau, 0, c)
	sl, r = bits.Div64(r, 0, c)
	if r != 0 {
		var carry uint64
		sl, carry = bits.Add64(sl, 1, 0)
		sh += carry
	}
	return sh, sl
}

package merge

import (
	"fmt"
	"slices"
)

// Krum returns the index of the model Krum selects among n models of which
// at most f may be Byzantine (Blanchard et al., 2017): the model whose
// squared L2 distances to its n-f-2 nearest other models have the
// smallest sum. Distances are exact (see KrumSelect); equal scores go to
// the lower index.
//
// Errors: ErrEmpty, ErrLength, ErrRange, ErrInvalidArgument (f < 0),
// ErrTooFewModels (n <= 2f+2).
func Krum(models [][]int64, f int) (int, error) {
	sel, err := KrumSelect(models, f, 1)
	if err != nil {
		return 0, err
	}
	return sel[0], nil
}

// KrumSelect returns the indices of the m models with the lowest Krum
// scores, lowest score first, equal scores in increasing index order.
//
// Every squared distance sum_j (a_j-b_j)^2 is exact: a coordinate's
// difference is below 2^32 in magnitude, its square fits in a uint64, and
// the sum over the vector is accumulated in 128 bits (bits.Add64), so
// scores are compared exactly; the sum cannot wrap for vectors shorter than
// 2^64 / n coordinates, far beyond what memory holds.
//
// Errors: as Krum, plus ErrInvalidArgument when m is not in 1..n.
func KrumSelect(models [][]int64, f, m int) ([]int, error) {
	scores, err := krumScores(models, f)
	if err != nil {
		return nil, err
	}
	n := len(models)
	if m < 1 || m > n {
		return nil, fmt.Errorf("%w: krum selects m=%d models, want 1..%d", ErrInvalidArgument, m, n)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return scores[a].cmp(scores[b]) })
	return idx[:m], nil
}

// MultiKrum returns the mean of the m models with the lowest Krum scores
// (Multi-Krum, El Mhamdi et al., 2018, with scores computed once over all
// n models), rounded half up as in Average. m = 1 is Krum's
// model itself; m = n is the plain mean.
//
// Errors: as KrumSelect. Inputs are not modified.
func MultiKrum(models [][]int64, f, m int) ([]int64, error) {
	sel, err := KrumSelect(models, f, m)
	if err != nil {
		return nil, err
	}
	return meanSelected(models, sel), nil
}

// meanSelected returns the coordinate-wise mean of models[sel[k]].
func meanSelected(models [][]int64, sel []int) []int64 {
	out := make([]int64, len(models[sel[0]]))
	for _, i := range sel {
		p := models[i][:len(out)]
		for j, x := range p {
			out[j] += x
		}
	}
	div := newDivider(uint64(len(sel)))
	for j, s := range out {
		out[j] = div.round(s)
	}
	return out
}

// krumScores validates the input and returns every model's score: the sum
// of its n-f-2 smallest squared distances to the other models.
func krumScores(models [][]int64, f int) ([]u128, error) {
	if f < 0 {
		return nil, fmt.Errorf("%w: krum f=%d Byzantine models, want >= 0", ErrInvalidArgument, f)
	}
	if _, err := checkVectors(models); err != nil {
		return nil, err
	}
	n := len(models)
	if f > (n-3)/2 || n < 3 { // n <= 2f+2, without overflow
		return nil, fmt.Errorf("%w: krum with f=%d needs more than 2f+2 = 2*%d+2 models, got %d",
			ErrTooFewModels, f, f, n)
	}
	k := n - f - 2
	dist := pairDistances(models)
	scores := make([]u128, n)
	row := make([]u128, 0, n-1)
	for a := range n {
		row = row[:0]
		for b := range n {
			if b != a {
				row = append(row, dist[a*n+b])
			}
		}
		slices.SortFunc(row, u128.cmp)
		var s u128
		for _, v := range row[:k] {
			s = s.add(v)
		}
		scores[a] = s
	}
	return scores, nil
}

// sqDist returns sum_j (a_j-b_j)^2 for domain vectors of equal length,
// exactly.
func sqDist(a, b []int64) u128 {
	var s u128
	for len(a) > sqChunk {
		s = s.add(sqDistChunk(a[:sqChunk], b[:sqChunk]))
		a, b = a[sqChunk:], b[sqChunk:]
	}
	return s.add(sqDistChunk(a, b))
}

// sqChunk bounds the length sqDistChunk is given.
const sqChunk = 1 << 30

// sqDistChunk is sqDist for at most sqChunk coordinates. Each square is
// below 2^64; its high and low 32-bit halves are summed in separate 64-bit
// words, which cannot overflow for fewer than 2^32 coordinates, so the loop
// carries no flag dependency from one coordinate to the next.
func sqDistChunk(a, b []int64) u128 {
	b = b[:len(a)]
	var h0, l0, h1, l1 uint64
	j := 0
	for ; j+1 < len(a); j += 2 {
		d0 := uint64(a[j] - b[j])
		d1 := uint64(a[j+1] - b[j+1])
		s0, s1 := d0*d0, d1*d1
		h0 += s0 >> 32
		l0 += s0 & 0xffffffff
		h1 += s1 >> 32
		l1 += s1 & 0xffffffff
	}
	if j < len(a) {
		d := uint64(a[j] - b[j])
		s := d * d
		h0 += s >> 32
		l0 += s & 0xffffffff
	}
	h := h0 + h1 // < 2^33 * 2^32
	return u128{h >> 32, h << 32}.add64(l0).add64(l1)
}

// distBlock is the number of coordinates pairDistances handles at a time:
// n blocks of 8 KiB stay in the L1/L2 caches while all pairs use them.
const distBlock = 1024

// pairDistances returns the n*n matrix of exact squared distances,
// computed block by block so each block of every model is read from
// memory once rather than once per pair.
func pairDistances(models [][]int64) []u128 {
	n := len(models)
	dist := make([]u128, n*n)
	d := len(models[0])
	for lo := 0; lo < d; lo += distBlock {
		hi := min(lo+distBlock, d)
		for a := range n {
			for b := a + 1; b < n; b++ {
				dist[a*n+b] = dist[a*n+b].add(sqDist(models[a][lo:hi], models[b][lo:hi]))
			}
		}
	}
	for a := range n {
		for b := a + 1; b < n; b++ {
			dist[b*n+a] = dist[a*n+b]
		}
	}
	return dist
}

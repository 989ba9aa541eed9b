package merge

// Median and TrimmedMean sort every coordinate's n values. They do it a
// block of coordinates at a time with a sorting network applied to whole
// rows: each comparator (a, b) replaces rows a and b of the block by their
// element-wise minimum and maximum, a branch-free loop over contiguous
// memory, instead of sorting each coordinate's handful of values with
// data-dependent branches.

// sortBlock is the number of coordinates sorted at a time; n rows of
// 4 KiB stay in the L1/L2 caches.
const sortBlock = 512

// comparator is one compare-exchange of a sorting network: afterwards
// row a holds the minima and row b the maxima.
type comparator struct{ a, b int }

// oddEvenMergeNetwork returns Batcher's odd-even merge sorting network for
// n inputs (Knuth, TAOCP 5.3.4, in its form for any n): it sorts every
// input, as the tests check by the 0-1 principle, with O(n log^2 n)
// comparators (19 for n = 8, 28 for n = 9).
func oddEvenMergeNetwork(n int) []comparator {
	var net []comparator
	for p := 1; p < n; p <<= 1 {
		for k := p; k >= 1; k >>= 1 {
			for j := k % p; j+k < n; j += 2 * k {
				for i := 0; i < k && i+j+k < n; i++ {
					if (i+j)/(2*p) == (i+j+k)/(2*p) {
						net = append(net, comparator{i + j, i + j + k})
					}
				}
			}
		}
	}
	return net
}

// sortedColumns calls emit(lo, rows) for consecutive blocks of coordinates
// [lo, lo+len(rows[0])), rows[i][k] being the i-th smallest value of
// coordinate lo+k over the models. models must be validated, non-empty
// and of equal length; rows are scratch, valid only during emit.
func sortedColumns(models [][]int64, emit func(lo int, rows [][]int64)) {
	n, d := len(models), len(models[0])
	net := oddEvenMergeNetwork(n)
	scratch := make([]int64, n*sortBlock)
	rows := make([][]int64, n)
	for lo := 0; lo < d; lo += sortBlock {
		bl := min(sortBlock, d-lo)
		for i := range rows {
			rows[i] = scratch[i*sortBlock : i*sortBlock+bl]
			copy(rows[i], models[i][lo:lo+bl])
		}
		for _, c := range net {
			ra, rb := rows[c.a], rows[c.b]
			rb = rb[:len(ra)]
			for k, x := range ra {
				y := rb[k]
				ra[k], rb[k] = min(x, y), max(x, y)
			}
		}
		emit(lo, rows)
	}
}

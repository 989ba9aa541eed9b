package tt

// interleaveOffsets maps W[i][j] to its position in the interleaved tensor
// (i_1 j_1, i_2 j_2, …, i_d j_d) stored row-major: the position is
// rowOff[i] + colOff[j]. Mode k of that tensor has size m_k·n_k and stride
// s_{k+1}·…·s_d; i_k contributes i_k·n_k·stride and j_k contributes
// j_k·stride.
func interleaveOffsets(rowModes, colModes []int) (rowOff, colOff []int) {
	d := len(rowModes)
	strides := make([]int, d)
	s := 1
	for k := d - 1; k >= 0; k-- {
		strides[k] = s
		s *= rowModes[k] * colModes[k]
	}
	rowOff = radixOffsets(rowModes, func(k, ik int) int { return ik * colModes[k] * strides[k] })
	colOff = radixOffsets(colModes, func(k, jk int) int { return jk * strides[k] })
	return rowOff, colOff
}

// radixOffsets returns, for every index x in [0, prod modes) written in
// mixed radix (x_1 most significant), the sum over k of weight(k, x_k).
func radixOffsets(modes []int, weight func(k, xk int) int) []int {
	off := []int{0}
	for k, m := range modes {
		next := make([]int, 0, len(off)*m)
		for _, o := range off {
			for x := range m {
				next = append(next, o+weight(k, x))
			}
		}
		off = next
	}
	return off
}

// splitIndex writes x in mixed radix over modes, most significant first.
func splitIndex(x int, modes []int, digits []int) {
	for k := len(modes) - 1; k >= 0; k-- {
		digits[k] = x % modes[k]
		x /= modes[k]
	}
}

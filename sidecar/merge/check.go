package merge

import (
	"fmt"
	"math"
)

// The parameter domain: raw fixed-point int32 values held in int64. Every
// rule rejects a value outside it with ErrRange, and every result lies
// inside it, so merges compose.
const (
	MinParam = math.MinInt32
	MaxParam = math.MaxInt32
)

// checkVectors verifies that there is at least one vector, that all have
// the length of the first and that every value lies in the parameter
// domain. It returns the common length.
func checkVectors(models [][]int64) (int, error) {
	if len(models) == 0 {
		return 0, ErrEmpty
	}
	d := len(models[0])
	for i, m := range models {
		if len(m) != d {
			return 0, fmt.Errorf("%w: model %d has %d parameters, want %d (as model 0)", ErrLength, i, len(m), d)
		}
		if err := checkRange(i, m); err != nil {
			return 0, err
		}
	}
	return d, nil
}

// checkRange reports the first value of model i outside [MinParam, MaxParam].
func checkRange(i int, m []int64) error {
	for j, x := range m {
		// x-MinParam maps the domain onto [0, 2^32-1]; anything else is
		// above it once read as unsigned.
		if uint64(x-MinParam) > math.MaxUint32 {
			return fmt.Errorf("%w: model %d parameter %d is %d, want %d..%d", ErrRange, i, j, x, MinParam, MaxParam)
		}
	}
	return nil
}

// paramsOf returns the parameter vectors of models (no copy).
func paramsOf(models []Weighted) [][]int64 {
	out := make([][]int64, len(models))
	for i := range models {
		out[i] = models[i].Params
	}
	return out
}

package dataset

import (
	"math/bits"
	"math/rand/v2"
)

// pcgStream is the second PCG seed word of every split: "LiteGPT-" in
// ASCII, so a split's stream is fixed by its seed alone.
const pcgStream = 0x4c6974654750542d

// rng draws the random choices of the splits. It uses only the PCG
// generator's Uint64 (a fixed algorithm) and integer or IEEE-exact float64
// operations of its own, not math/rand/v2's Rand methods, so a seed gives
// the same choices on every machine and Go release.
type rng struct{ src *rand.PCG }

// newRNG returns the generator of seed.
func newRNG(seed uint64) *rng { return &rng{src: rand.NewPCG(seed, pcgStream)} }

// uintN returns a uniform integer in [0, n), n > 0 (Lemire's multiply and
// reject method).
func (r *rng) uintN(n uint64) uint64 {
	hi, lo := bits.Mul64(r.src.Uint64(), n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(r.src.Uint64(), n)
		}
	}
	return hi
}

// intN returns a uniform int in [0, n), n > 0.
func (r *rng) intN(n int) int { return int(r.uintN(uint64(n))) }

// shuffle permutes s uniformly (Fisher-Yates).
func (r *rng) shuffle(s []int) {
	for i := len(s) - 1; i > 0; i-- {
		j := r.intN(i + 1)
		s[i], s[j] = s[j], s[i]
	}
}

// unitOpen returns a uniform float64 in (0, 1), a multiple of 2^-53.
func (r *rng) unitOpen() float64 {
	for {
		if u := float64(r.src.Uint64()>>11) * 0x1p-53; u > 0 {
			return u
		}
	}
}

// normal returns a standard normal draw (Marsaglia's polar method).
func (r *rng) normal() float64 {
	for {
		u := float64(2*r.unitOpen()) - 1
		v := float64(2*r.unitOpen()) - 1
		s := float64(u*u) + float64(v*v)
		if s >= 1 || s == 0 {
			continue
		}
		return float64(u * sqrt(float64(-2*detLog(s))/s))
	}
}

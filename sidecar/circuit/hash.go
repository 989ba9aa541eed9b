package circuit

import (
	"math/big"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/std/permutation/poseidon2"

	"github.com/litegpt/litegpt/pkg/commit"
)

// hasher recomputes pkg/commit's digests in the circuit: the same Poseidon2
// permutation (width 3, 8 full and 56 partial rounds, gnark-crypto's round
// constants) and the same sponge.
type hasher struct {
	api  frontend.API
	perm *poseidon2.Permutation
}

func newHasher(api frontend.API) (*hasher, error) {
	perm, err := poseidon2.NewPoseidon2FromParameters(api, commit.Width, commit.FullRounds, commit.PartialRounds)
	if err != nil {
		return nil, err
	}
	return &hasher{api: api, perm: perm}, nil
}

// hash is commit.Hash(tag, inputs...). With a constant tag and a fixed
// input count the first permutation is evaluated at compile time.
func (h *hasher) hash(domain string, inputs ...frontend.Variable) frontend.Variable {
	state := []frontend.Variable{element(commit.Tag(domain)), len(inputs), 0}
	if err := h.perm.Permutation(state); err != nil {
		panic(err) // the width is fixed
	}
	for i := 0; i < len(inputs); i += commit.Rate {
		state[0] = h.api.Add(state[0], inputs[i])
		if i+1 < len(inputs) {
			state[1] = h.api.Add(state[1], inputs[i+1])
		}
		if err := h.perm.Permutation(state); err != nil {
			panic(err)
		}
	}
	return state[0]
}

// pack is commit's packing of already range-checked signed values of a
// format with bits bits: offset by 2^(bits-1), PerElement(bits) values to
// an element, little-endian. It is linear: it costs no constraint.
func (h *hasher) pack(values []frontend.Variable, bits uint8) []frontend.Variable {
	k := commit.PerElement(bits)
	offset := pow2(int(bits) - 1)
	var out []frontend.Variable
	for start := 0; start < len(values); start += k {
		var acc frontend.Variable = 0
		for j := start; j < min(start+k, len(values)); j++ {
			term := h.api.Mul(h.api.Add(values[j], offset), pow2(int(bits)*(j-start)))
			acc = h.api.Add(acc, term)
		}
		out = append(out, acc)
	}
	return out
}

// weights is commit.WeightsCommitment of a flat tensor of range-checked
// int32 values with frac fractional bits.
func (h *hasher) weights(values []frontend.Variable, frac uint8) frontend.Variable {
	f := commit.Format{Bits: 32, Frac: frac}
	in := []frontend.Variable{element(commit.TensorHeader(1, f)), len(values)}
	return h.hash(commit.DomainWeights, append(in, h.pack(values, 32)...)...)
}

// leaf is commit.Leaf of a batch given as its values in leaf order (each
// sample's features, then its label), range-checked to format f.
func (h *hasher) leaf(values []frontend.Variable, samples, features int, f commit.Format) frontend.Variable {
	in := []frontend.Variable{element(commit.BatchHeader(samples, features, f))}
	return h.hash(commit.DomainLeaf, append(in, h.pack(values, f.Bits)...)...)
}

func element(e fr.Element) *big.Int {
	var b big.Int
	e.BigInt(&b)
	return &b
}

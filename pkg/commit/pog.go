package commit

import (
	"fmt"
	"math"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"
)

// The public inputs of a Proof-of-Gradient step proof, laid out here so the
// chain rebuilds them exactly as the sidecar's circuit declares them. For a
// circuit merging up to P parents the vector is, in order:
//
//	Parents[0..P)        weights commitments of the parent versions
//	ParentWeights[0..P)  merge weights (only when P > 1)
//	New                  weights commitment of the new version
//	DataRoot             data commitment the trained batch is a leaf of
//	LeafIndex            index of that leaf
//	LearningRate         raw fixed-point learning rate of the step
//	Binding              BindingHash(submitter, chain-id)
//
// A version with fewer parents than P fills the remaining slots with its
// first parent and weight 0 (PadParents), so the vector has a fixed length.

// Limits of a step's public inputs.
const (
	MaxStepParents      = 16
	MaxMergeWeightSum   = uint64(1) << 32 // merge weights sum to 1..2^32
	MaxStepLearningRate = uint64(1) << 30
)

// StepPublic is the public input of a step proof.
type StepPublic struct {
	Parents       []Digest
	ParentWeights []uint64 // empty when the circuit takes one parent
	New           Digest
	DataRoot      Digest
	LeafIndex     uint64
	LearningRate  uint64
	Binding       Digest
}

// PadParents returns parents and weights padded to maxParents slots with
// the first parent at weight 0. With maxParents = 1 the weights are
// dropped (a single parent is not merged).
func PadParents(parents []Digest, weights []uint64, maxParents int) ([]Digest, []uint64, error) {
	if maxParents < 1 || maxParents > MaxStepParents {
		return nil, nil, fmt.Errorf("a step circuit takes 1..%d parents, got %d", MaxStepParents, maxParents)
	}
	if len(parents) == 0 || len(parents) > maxParents {
		return nil, nil, fmt.Errorf("a step merges 1..%d parents, got %d", maxParents, len(parents))
	}
	if len(weights) != len(parents) {
		return nil, nil, fmt.Errorf("%d parents need %d merge weights, got %d", len(parents), len(parents), len(weights))
	}
	outP := append([]Digest(nil), parents...)
	outW := append([]uint64(nil), weights...)
	for len(outP) < maxParents {
		outP = append(outP, parents[0])
		outW = append(outW, 0)
	}
	if maxParents == 1 {
		return outP, nil, nil
	}
	return outP, outW, nil
}

// Validate checks the ranges a circuit enforces, for a circuit of
// maxParents parents.
func (p StepPublic) Validate(maxParents int) error {
	if len(p.Parents) != maxParents {
		return fmt.Errorf("the circuit takes %d parent commitments, got %d", maxParents, len(p.Parents))
	}
	wantWeights := maxParents
	if maxParents == 1 {
		wantWeights = 0
	}
	if len(p.ParentWeights) != wantWeights {
		return fmt.Errorf("the circuit takes %d merge weights, got %d", wantWeights, len(p.ParentWeights))
	}
	var sum uint64
	for i, w := range p.ParentWeights {
		if w > math.MaxUint32 {
			return fmt.Errorf("merge weight %d is %d, above 2^32-1", i, w)
		}
		sum += w
	}
	if wantWeights > 0 && (sum == 0 || sum > MaxMergeWeightSum) {
		return fmt.Errorf("merge weights sum to %d, want 1..2^32", sum)
	}
	if p.LearningRate < 1 || p.LearningRate > MaxStepLearningRate {
		return fmt.Errorf("learning rate %d outside 1..2^30", p.LearningRate)
	}
	if p.LeafIndex >= MaxLeaves {
		return fmt.Errorf("leaf index %d outside a tree of at most 2^40 leaves", p.LeafIndex)
	}
	if p.Binding == (Digest{}) {
		return fmt.Errorf("binding hash is zero")
	}
	return nil
}

// Elements is the public-input vector, in the circuit's order.
func (p StepPublic) Elements() []fr.Element {
	out := make([]fr.Element, 0, 2*len(p.Parents)+5)
	for _, d := range p.Parents {
		out = append(out, d.Element())
	}
	for _, w := range p.ParentWeights {
		out = append(out, fr.NewElement(w))
	}
	return append(out, p.New.Element(), p.DataRoot.Element(), fr.NewElement(p.LeafIndex),
		fr.NewElement(p.LearningRate), p.Binding.Element())
}

// BindingHash binds a proof to the account that submits it and to the
// chain: Hash("litegpt/binding/v1", len(submitter), submitter bytes,
// len(chainID), chain-id bytes), bytes packed 31 to a field element,
// big-endian. A proof copied into another account's transaction, or onto
// another chain, fails verification.
func BindingHash(submitter []byte, chainID string) (Digest, error) {
	if len(submitter) == 0 || len(submitter) > 255 {
		return Digest{}, fmt.Errorf("submitter address must be 1..255 bytes, got %d", len(submitter))
	}
	if len(chainID) == 0 || len(chainID) > 255 {
		return Digest{}, fmt.Errorf("chain-id must be 1..255 bytes, got %d", len(chainID))
	}
	in := append([]fr.Element{fr.NewElement(uint64(len(submitter)))}, bytesElements(submitter)...)
	in = append(in, fr.NewElement(uint64(len(chainID))))
	in = append(in, bytesElements([]byte(chainID))...)
	return digestOf(Hash(tagBinding, in...)), nil
}

// bytesElements packs bytes 31 to a field element, big-endian.
func bytesElements(b []byte) []fr.Element {
	var out []fr.Element
	for start := 0; start < len(b); start += 31 {
		var e fr.Element
		e.SetBytes(b[start:min(start+31, len(b))])
		out = append(out, e)
	}
	return out
}

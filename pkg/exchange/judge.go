package exchange

import (
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
)

// LeafKind is what a deal's leaves are.
type LeafKind uint8

// Leaf kinds.
const (
	// LeafBatch is a batch of samples (DATA offers): the elements decode to
	// a commit.Batch of the task's shape and the leaf is commit.Leaf.
	LeafBatch LeafKind = iota + 1
	// LeafWeights is a run of weights elements (MODEL_UPDATE offers): the
	// leaf is commit.WeightsChunkLeaf.
	LeafWeights
)

// BatchShape is the shape every leaf of a DATA offer must have: the task's
// batch size, feature count and fixed-point format. Labels must be in
// [0, Classes) when Classes > 0 (classification).
type BatchShape struct {
	Samples  int
	Features int
	Format   commit.Format
	Classes  int64
}

// Delivery is what a chunk of a deal is judged against: the deal (id, the
// first leaf it sold), the offer's data commitment and the shape of its
// leaves.
type Delivery struct {
	DealID     uint64
	LeafStart  uint64
	DataRoot   commit.Digest
	TreeLeaves uint64
	Kind       LeafKind
	Shape      BatchShape // LeafBatch only
}

// Judge decides whether chunk index of a delivery, decrypted with the
// revealed key k, is what the seller sold. It returns the empty string for
// a good chunk and otherwise a fault saying what is wrong: the chunk does
// not authenticate under k, its plaintext is malformed, it names another
// leaf, its leaf is not under the data root, or (DATA) its batch does not
// have the task's shape. The ciphertext's place in the seller's ciphertext
// tree is checked separately (VerifyCiphertext), before Judge.
func Judge(d Delivery, k Key, index uint64, ciphertext []byte) string {
	plaintext, err := Open(k, d.DealID, index, ciphertext)
	if err != nil {
		return err.Error()
	}
	c, err := UnmarshalChunk(plaintext)
	if err != nil {
		return fmt.Sprintf("chunk %d plaintext is malformed: %v", index, err)
	}
	if want := d.LeafStart + index; c.LeafIndex != want {
		return fmt.Sprintf("chunk %d carries leaf %d, the deal sold leaf %d there", index, c.LeafIndex, want)
	}
	var leaf commit.Digest
	switch d.Kind {
	case LeafBatch:
		digest, batch, err := commit.LeafOfElements(c.Elements)
		if err != nil {
			return fmt.Sprintf("chunk %d is not a batch: %v", index, err)
		}
		if fault := d.Shape.check(batch); fault != "" {
			return fmt.Sprintf("chunk %d %s", index, fault)
		}
		leaf = digest
	case LeafWeights:
		digest, err := commit.WeightsChunkLeaf(c.Elements)
		if err != nil {
			return fmt.Sprintf("chunk %d is not a weights chunk: %v", index, err)
		}
		leaf = digest
	default:
		return fmt.Sprintf("delivery names unknown leaf kind %d", d.Kind)
	}
	proof := commit.Proof{Index: c.LeafIndex, Count: d.TreeLeaves, Siblings: c.Path}
	if err := proof.Verify(d.DataRoot, leaf); err != nil {
		return fmt.Sprintf("chunk %d is not leaf %d of the offer's data root: %v", index, c.LeafIndex, err)
	}
	return ""
}

// check returns what is wrong with b's shape, or "".
func (s BatchShape) check(b commit.Batch) string {
	switch {
	case len(b.Samples) != s.Samples:
		return fmt.Sprintf("holds %d samples, the task's batch size is %d", len(b.Samples), s.Samples)
	case len(b.Samples[0].Features) != s.Features:
		return fmt.Sprintf("has %d features per sample, the task has %d", len(b.Samples[0].Features), s.Features)
	case b.Format != s.Format:
		return fmt.Sprintf("is encoded in %s, the task uses %s", b.Format, s.Format)
	}
	if s.Classes > 0 {
		for i, smp := range b.Samples {
			if smp.Label < 0 || smp.Label >= s.Classes {
				return fmt.Sprintf("sample %d has label %d, the task has classes 0..%d", i, smp.Label, s.Classes-1)
			}
		}
	}
	return ""
}

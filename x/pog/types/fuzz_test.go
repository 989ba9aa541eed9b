package types_test

import (
	"testing"

	"github.com/litegpt/litegpt/x/pog/types"
)

// FuzzSubmitUpdateValidate: Validate never panics on any message decoded
// from bytes, and a message it accepts has the shape the keeper relies on.
func FuzzSubmitUpdateValidate(f *testing.F) {
	good := types.MsgSubmitUpdate{
		Learner: "lgpt1learner", ModelId: 1, Parents: []uint64{0, 4}, MergeWeights: []uint64{1, 2}, ParentDeals: []uint64{0, 3},
		WeightsCommitment: digest(7), Mode: types.ModeZK, MergeRule: types.MergeWeightedAverage, Data: types.DataCitation{DealId: 2, Leaf: 3},
		LearningRate: 16, Samples: 4, Proof: make([]byte, 196),
	}
	bz, err := good.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bz)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, bz []byte) {
		var m types.MsgSubmitUpdate
		if m.Unmarshal(bz) != nil {
			return
		}
		if m.Validate() != nil {
			return
		}
		if len(m.Parents) == 0 || len(m.Parents) > types.MaxParents || len(m.MergeWeights) != len(m.Parents) {
			t.Fatalf("accepted %d parents with %d weights", len(m.Parents), len(m.MergeWeights))
		}
		if len(m.WeightsCommitment) != 32 || len(m.Proof) == 0 || len(m.Proof) > types.MaxProofBytes {
			t.Fatalf("accepted a %d-byte commitment or a %d-byte proof", len(m.WeightsCommitment), len(m.Proof))
		}
		if m.Data.DealId == 0 && len(m.Data.DataRoot) != 32 {
			t.Fatal("accepted own data without a root")
		}
	})
}

package circuit

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/litegpt/litegpt/pkg/commit"
)

// PublicJSON is the public input of a step proof as a file: what `prove`
// writes, `verify` reads and a MsgSubmitUpdate carries field by field.
type PublicJSON struct {
	Circuit       string   `json:"circuit"`
	Parents       []string `json:"parents"`
	ParentWeights []uint64 `json:"parent_weights,omitempty"`
	New           string   `json:"new"`
	DataRoot      string   `json:"data_root"`
	LeafIndex     uint64   `json:"leaf_index"`
	LearningRate  uint64   `json:"learning_rate"`
	Binding       string   `json:"binding"`
}

// MarshalPublic encodes pub of circuit id as indented JSON.
func MarshalPublic(id string, pub commit.StepPublic) ([]byte, error) {
	j := PublicJSON{Circuit: id, ParentWeights: pub.ParentWeights, New: pub.New.String(), DataRoot: pub.DataRoot.String(),
		LeafIndex: pub.LeafIndex, LearningRate: pub.LearningRate, Binding: pub.Binding.String()}
	for _, p := range pub.Parents {
		j.Parents = append(j.Parents, p.String())
	}
	bz, err := json.MarshalIndent(j, "", "  ")
	return append(bz, '\n'), err
}

// UnmarshalPublic decodes and validates a public-input file against its
// circuit's shape, rejecting unknown fields.
func UnmarshalPublic(bz []byte) (Shape, commit.StepPublic, error) {
	var j PublicJSON
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return Shape{}, commit.StepPublic{}, fmt.Errorf("public input is not valid JSON of the expected fields: %w", err)
	}
	s, err := ParseID(j.Circuit)
	if err != nil {
		return Shape{}, commit.StepPublic{}, err
	}
	pub := commit.StepPublic{ParentWeights: j.ParentWeights, LeafIndex: j.LeafIndex, LearningRate: j.LearningRate}
	for i, p := range j.Parents {
		d, err := commit.ParseDigest(p)
		if err != nil {
			return Shape{}, commit.StepPublic{}, fmt.Errorf("parents[%d]: %w", i, err)
		}
		pub.Parents = append(pub.Parents, d)
	}
	for _, f := range []struct {
		name string
		hex  string
		dst  *commit.Digest
	}{{"new", j.New, &pub.New}, {"data_root", j.DataRoot, &pub.DataRoot}, {"binding", j.Binding, &pub.Binding}} {
		d, err := commit.ParseDigest(f.hex)
		if err != nil {
			return Shape{}, commit.StepPublic{}, fmt.Errorf("%s: %w", f.name, err)
		}
		*f.dst = d
	}
	if err := pub.Validate(s.Parents); err != nil {
		return Shape{}, commit.StepPublic{}, fmt.Errorf("public input for %s: %w", s.ID(), err)
	}
	return s, pub, nil
}

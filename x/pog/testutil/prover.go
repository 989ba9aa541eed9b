// Package testutil proves real training steps for x/pog's tests: a small
// step circuit compiled and set up once (a single-party setup, a
// test-only trust model), data sets of synthetic batches with their trees,
// and steps from any parents on any leaf for any submitter and chain-id.
package testutil

import (
	"bytes"
	"fmt"
	"math/rand/v2"

	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/constraint"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/circuit"
	"github.com/litegpt/litegpt/sidecar/learn"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
)

// SmallShape is the test circuit: logistic regression on batches of 4
// samples of 3 features in 3 classes, merging up to 2 parents, over data
// trees of up to 8 leaves (about 40,000 constraints, a few seconds to set
// up on 2 cores).
var SmallShape = circuit.Shape{Batch: 4, Features: 3, Classes: 3, Parents: 2, Depth: 3, InputBits: 16,
	Numerics: learn.DefaultNumerics(8), KeepBps: 7500}

// Prover proves steps of one circuit.
type Prover struct {
	Shape circuit.Shape
	// VerifyingKey is the key in gnark's WriteTo encoding, as
	// x/buildermarket stores an approved circuit's key.
	VerifyingKey []byte
	ccs          constraint.ConstraintSystem
	pk           groth16.ProvingKey
}

// NewProver compiles the circuit of s and runs a single-party setup.
func NewProver(s circuit.Shape) (*Prover, error) {
	ccs, err := circuit.Compile(s)
	if err != nil {
		return nil, err
	}
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := vk.WriteTo(&buf); err != nil {
		return nil, err
	}
	return &Prover{Shape: s, VerifyingKey: buf.Bytes(), ccs: ccs, pk: pk}, nil
}

// CircuitShape is the x/buildermarket shape of the prover's circuit.
func (p *Prover) CircuitShape() buildertypes.CircuitShape {
	f := p.Shape.InputFormat()
	return buildertypes.CircuitShape{
		Family: buildertypes.FamilyLogisticRegression, Purpose: buildertypes.PurposeTrainStep,
		BatchSize: uint32(p.Shape.Batch), Features: uint32(p.Shape.Features), Classes: uint32(p.Shape.Classes),
		Format:     buildertypes.FixedPointFormat{Bits: uint32(f.Bits), Frac: uint32(f.Frac)},
		MaxParents: uint32(p.Shape.Parents), TreeDepth: uint32(p.Shape.Depth), Steps: 1,
	}
}

// Initial is the seeded initialization of the circuit's model, which a
// builder registers as the model's initial weights, and its commitment.
func (p *Prover) Initial(seed uint64) (*learn.Model, commit.Digest, error) {
	m, err := learn.Init(learn.Spec{Arch: p.Shape.Arch(), Numerics: p.Shape.Numerics, Seed: seed})
	if err != nil {
		return nil, commit.Digest{}, err
	}
	c, err := m.Commitment()
	return m, c, err
}

// Data is a committed data set: its batches (leaves), tree and root.
type Data struct {
	Batches []commit.Batch
	Tree    *commit.Tree
	Root    commit.Digest
}

// Dataset returns leaves synthetic batches of the circuit's shape from
// seed, with labels and features in range.
func (p *Prover) Dataset(seed uint64, leaves int) (Data, error) {
	if leaves < 1 || commit.Depth(uint64(leaves)) > p.Shape.Depth {
		return Data{}, fmt.Errorf("the circuit proves trees of 1..%d leaves, asked for %d", 1<<p.Shape.Depth, leaves)
	}
	r := rand.New(rand.NewPCG(seed, 0xda7a))
	batches := make([]commit.Batch, leaves)
	span := 1 << (p.Shape.Numerics.InputFrac + 2)
	for i := range batches {
		b := commit.Batch{Format: p.Shape.InputFormat()}
		for range p.Shape.Batch {
			s := commit.Sample{Label: int64(r.IntN(p.Shape.Classes))}
			for range p.Shape.Features {
				s.Features = append(s.Features, int64(r.IntN(span)-span/2))
			}
			b.Samples = append(b.Samples, s)
		}
		batches[i] = b
	}
	root, tree, err := commit.Root(batches)
	return Data{Batches: batches, Tree: tree, Root: root}, err
}

// Step is a proven step.
type Step struct {
	// Proof is the proof in the encoding MsgSubmitUpdate carries.
	Proof []byte
	// Public is the statement proven.
	Public commit.StepPublic
	// New is the trained model and NewCommitment its commitment.
	New           *learn.Model
	NewCommitment commit.Digest
}

// StepInput says what to prove.
type StepInput struct {
	Parents      []*learn.Model
	Weights      []uint64
	Data         Data
	Leaf         uint64
	LearningRate uint64
	Submitter    []byte
	ChainID      string
}

// Prove merges the parents, trains one step on the leaf and proves it,
// bound to the submitter and chain-id.
func (p *Prover) Prove(in StepInput) (Step, error) {
	if in.Leaf >= uint64(len(in.Data.Batches)) {
		return Step{}, fmt.Errorf("leaf %d of a data set of %d leaves", in.Leaf, len(in.Data.Batches))
	}
	path, err := in.Data.Tree.Prove(in.Leaf)
	if err != nil {
		return Step{}, err
	}
	w, err := circuit.Assign(p.Shape, circuit.Input{
		Parents: in.Parents, Weights: in.Weights, Batch: in.Data.Batches[in.Leaf], Proof: path, DataRoot: in.Data.Root,
		LearningRate: int64(in.LearningRate), Submitter: in.Submitter, ChainID: in.ChainID,
	})
	if err != nil {
		return Step{}, err
	}
	proof, err := circuit.Prove(p.ccs, p.pk, w)
	if err != nil {
		return Step{}, err
	}
	var buf bytes.Buffer
	if _, err := proof.WriteTo(&buf); err != nil {
		return Step{}, err
	}
	return Step{Proof: buf.Bytes(), Public: w.Public, New: w.New, NewCommitment: w.Public.New}, nil
}

// LearningRate is the raw learning rate 0.25 in the circuit's numerics.
func (p *Prover) LearningRate() uint64 {
	return uint64(learn.LearningRateRaw(0.25, p.Shape.Numerics))
}

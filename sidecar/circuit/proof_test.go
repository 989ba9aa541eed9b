package circuit

import (
	"bytes"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/constraint"
	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/pkg/commit"
)

// keys of provedShape, made once for the package with a single-party
// setup (a test-only trust model).
var (
	provedShape = tinyShape(2, 7500)
	provedCCS   constraint.ConstraintSystem
	provedPK    groth16.ProvingKey
	provedVK    groth16.VerifyingKey
)

func TestMain(m *testing.M) {
	var err error
	if provedCCS, err = Compile(provedShape); err != nil {
		panic(err)
	}
	if provedPK, provedVK, err = groth16.Setup(provedCCS); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func TestProofVerifiesOnlyItsStatement(t *testing.T) {
	f := newFixture(t, provedShape, 21, 2, 6)
	w, err := Assign(provedShape, f.input)
	require.NoError(t, err)
	proof, err := Prove(provedCCS, provedPK, w)
	require.NoError(t, err)
	require.NoError(t, Verify(provedShape, provedVK, proof, w.Public))

	otherSubmitter, err := commit.BindingHash([]byte("lgpt1someone-else"), f.input.ChainID)
	require.NoError(t, err)
	otherChain, err := commit.BindingHash(f.input.Submitter, "litegpt-1")
	require.NoError(t, err)
	digest := func(b byte) commit.Digest { return commit.Digest{31: b} }
	for name, change := range map[string]func(p *commit.StepPublic){
		"other new weights":   func(p *commit.StepPublic) { p.New = digest(1) },
		"other parent":        func(p *commit.StepPublic) { p.Parents[1] = digest(2) },
		"other merge weights": func(p *commit.StepPublic) { p.ParentWeights[0]++ },
		"other data root":     func(p *commit.StepPublic) { p.DataRoot = digest(3) },
		"other leaf":          func(p *commit.StepPublic) { p.LeafIndex ^= 1 },
		"other learning rate": func(p *commit.StepPublic) { p.LearningRate++ },
		"other submitter":     func(p *commit.StepPublic) { p.Binding = otherSubmitter },
		"other chain-id":      func(p *commit.StepPublic) { p.Binding = otherChain },
	} {
		pub := w.Public
		pub.Parents = append([]commit.Digest(nil), pub.Parents...)
		pub.ParentWeights = append([]uint64(nil), pub.ParentWeights...)
		change(&pub)
		require.Error(t, Verify(provedShape, provedVK, proof, pub), name)
	}

	var buf bytes.Buffer
	_, err = proof.WriteTo(&buf)
	require.NoError(t, err)
	good := buf.Bytes()
	for _, at := range []int{0, 40, 70, 100, len(good) - 1} {
		bad := append([]byte(nil), good...)
		bad[at] ^= 0x01
		p := groth16.NewProof(ecc.BN254)
		if _, err := p.ReadFrom(bytes.NewReader(bad)); err != nil {
			continue // not a point: rejected when decoding
		}
		require.Error(t, Verify(provedShape, provedVK, p, w.Public), "proof with byte %d flipped", at)
	}
}

func TestProverRefusesAForgedStep(t *testing.T) {
	f := newFixture(t, provedShape, 22, 1, 3)
	w, err := Assign(provedShape, f.input)
	require.NoError(t, err)
	flat := w.New.Flat()
	flat[3] += 5
	forged, err := w.New.WithFlat(flat)
	require.NoError(t, err)
	c, err := forged.Commitment()
	require.NoError(t, err)
	w.Assignment.NewParams = variables(flat)
	w.Assignment.NewCommitment = element(c.Element())
	_, err = Prove(provedCCS, provedPK, w)
	require.Error(t, err, "a step that is not learn.Step's output cannot be proven")
}

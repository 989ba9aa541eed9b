package types_test

import (
	"bytes"
	"crypto/rand"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/constraint"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/circuit"
	"github.com/litegpt/litegpt/sidecar/learn"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/pog/types"
)

// The tests prove real steps of a small two-parent circuit with keys made
// once here (a single-party setup, a test-only trust model). The chain
// side (this package) never compiles the circuit: it verifies with the
// key's bytes, as x/buildermarket stores them, and the public input.
var (
	shape = circuit.Shape{Batch: 4, Features: 3, Classes: 3, Parents: 2, Depth: 3, InputBits: 16,
		Numerics: learn.DefaultNumerics(8), KeepBps: 7500}
	ccs     constraint.ConstraintSystem
	pk      groth16.ProvingKey
	vkBytes []byte
	other   []byte // the verifying key of another setup of the same circuit
)

func TestMain(m *testing.M) {
	var err error
	if ccs, err = circuit.Compile(shape); err != nil {
		panic(err)
	}
	var vk, vk2 groth16.VerifyingKey
	if pk, vk, err = groth16.Setup(ccs); err != nil {
		panic(err)
	}
	if _, vk2, err = groth16.Setup(ccs); err != nil {
		panic(err)
	}
	vkBytes, other = encode(vk), encode(vk2)
	os.Exit(m.Run())
}

func encode(vk groth16.VerifyingKey) []byte {
	var buf bytes.Buffer
	if _, err := vk.WriteTo(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// step is a proven step: the proof's bytes and its public input.
type step struct {
	proof []byte
	pub   commit.StepPublic
}

// prove proves a synthetic step of the shape from seed.
func prove(t testing.TB, seed uint64) step {
	t.Helper()
	in, err := circuit.SyntheticInput(shape, seed, 2, 5)
	require.NoError(t, err)
	w, err := circuit.Assign(shape, in)
	require.NoError(t, err)
	p, err := circuit.Prove(ccs, pk, w)
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = p.WriteTo(&buf)
	require.NoError(t, err)
	return step{proof: buf.Bytes(), pub: w.Public}
}

// approvedKey decodes key bytes as the chain does.
func approvedKey(t testing.TB, bz []byte) groth16.VerifyingKey {
	t.Helper()
	vk, err := buildertypes.DecodeVerifyingKey(bz)
	require.NoError(t, err)
	return vk
}

func TestValidProofVerifies(t *testing.T) {
	s := prove(t, 1)
	require.Len(t, s.proof, 196, "one commitment: 32+64+32+4+32+32 bytes")
	require.NoError(t, types.VerifyStep(approvedKey(t, vkBytes), s.proof, s.pub))
}

// TestProofOfAnotherStatementIsRejected: the proof verifies for its own
// public input only. Each case changes one part of the statement as a
// cheater would (another step's weights, another batch, other parents,
// another leaf, a copied proof under another submitter or chain), keeping
// it well-formed so only the pairing check can refuse it.
func TestProofOfAnotherStatementIsRejected(t *testing.T) {
	s := prove(t, 2)
	otherStep := prove(t, 3)
	vk := approvedKey(t, vkBytes)
	copied, err := commit.BindingHash([]byte("lgpt1someone-who-copied-it"), "litegpt-local-1")
	require.NoError(t, err)
	elsewhere, err := commit.BindingHash([]byte("lgpt1submitter-address-bytes"), "litegpt-1")
	require.NoError(t, err)
	for name, change := range map[string]func(*commit.StepPublic){
		"other new weights":    func(p *commit.StepPublic) { p.New = otherStep.pub.New },
		"another batch's root": func(p *commit.StepPublic) { p.DataRoot = otherStep.pub.DataRoot },
		"other parents":        func(p *commit.StepPublic) { p.Parents = otherStep.pub.Parents },
		"other merge weights":  func(p *commit.StepPublic) { p.ParentWeights = []uint64{p.ParentWeights[0] + 1, p.ParentWeights[1]} },
		"another leaf":         func(p *commit.StepPublic) { p.LeafIndex ^= 1 },
		"another rate":         func(p *commit.StepPublic) { p.LearningRate++ },
		"another submitter":    func(p *commit.StepPublic) { p.Binding = copied },
		"another chain-id":     func(p *commit.StepPublic) { p.Binding = elsewhere },
	} {
		t.Run(name, func(t *testing.T) {
			pub := s.pub
			pub.Parents = append([]commit.Digest(nil), s.pub.Parents...)
			pub.ParentWeights = append([]uint64(nil), s.pub.ParentWeights...)
			change(&pub)
			require.ErrorIs(t, types.VerifyStep(vk, s.proof, pub), types.ErrProofRejected)
		})
	}
	// The other step's own proof is fine; this one's under another key is not.
	require.NoError(t, types.VerifyStep(vk, otherStep.proof, otherStep.pub))
	require.ErrorIs(t, types.VerifyStep(approvedKey(t, other), s.proof, s.pub), types.ErrProofRejected, "a key not approved for it")
}

func TestMalformedProofsAreRejected(t *testing.T) {
	s := prove(t, 4)
	vk := approvedKey(t, vkBytes)
	flipped := func(i int) []byte {
		b := append([]byte(nil), s.proof...)
		b[i] ^= 0x01
		return b
	}
	for name, c := range map[string]struct {
		bz   []byte
		want string
	}{
		"empty":              {nil, "a step proof is 164..292 bytes (gnark's compressed Groth16 BN254 encoding), got 0"},
		"truncated":          {s.proof[:195], "a proof with 1 commitments is 196 bytes, got 195"},
		"trailing byte":      {append(append([]byte(nil), s.proof...), 0), "a proof with 1 commitments is 196 bytes, got 197"},
		"too long":           {make([]byte, 400), "a step proof is 164..292 bytes (gnark's compressed Groth16 BN254 encoding), got 400"},
		"commitment count":   {withCount(s.proof, 9), "proof claims 9 commitments, at most 4"},
		"count against size": {withCount(s.proof, 2), "a proof with 2 commitments is 228 bytes, got 196"},
		"Ar marked raw":      {masked(s.proof, 0), ""},
		"Bs off the curve":   {flipped(95), "not a Groth16 BN254 proof"},
		"pok marked raw":     {masked(s.proof, 164), ""},
	} {
		t.Run(name, func(t *testing.T) {
			err := types.VerifyStep(vk, c.bz, s.pub)
			require.ErrorIs(t, err, types.ErrInvalidProof)
			require.ErrorContains(t, err, c.want)
		})
	}
	// A bit flip that still decodes to valid points fails the pairing.
	for i := 0; i < len(s.proof); i += 7 {
		err := types.VerifyStep(vk, flipped(i), s.pub)
		require.Error(t, err, "byte %d flipped", i)
		require.True(t, types.ErrInvalidProof.Is(err) || types.ErrProofRejected.Is(err), "byte %d: %v", i, err)
	}
}

// masked clears the compression flags of the point at offset i (gnark's
// "uncompressed" marker), so the point claims 64 bytes it does not have.
func masked(proof []byte, i int) []byte {
	b := append([]byte(nil), proof...)
	b[i] &^= 0xC0
	return b
}

func withCount(proof []byte, n byte) []byte {
	b := append([]byte(nil), proof...)
	b[128], b[129], b[130], b[131] = 0, 0, 0, n
	return b
}

func TestMalformedPublicInputIsRejected(t *testing.T) {
	s := prove(t, 5)
	vk := approvedKey(t, vkBytes)
	for name, c := range map[string]struct {
		change func(*commit.StepPublic)
		want   string
	}{
		"one parent slot":    {func(p *commit.StepPublic) { p.Parents = p.Parents[:1] }, "the circuit takes 2 parent commitments, got 1"},
		"weights sum to 0":   {func(p *commit.StepPublic) { p.ParentWeights = []uint64{0, 0} }, "merge weights sum to 0, want 1..2^32"},
		"zero learning rate": {func(p *commit.StepPublic) { p.LearningRate = 0 }, "learning rate 0 outside 1..2^30"},
		"zero binding":       {func(p *commit.StepPublic) { p.Binding = commit.Digest{} }, "binding hash is zero"},
	} {
		t.Run(name, func(t *testing.T) {
			pub := s.pub
			pub.Parents = append([]commit.Digest(nil), s.pub.Parents...)
			c.change(&pub)
			err := types.VerifyStep(vk, s.proof, pub)
			require.ErrorIs(t, err, types.ErrInvalidPublic)
			require.ErrorContains(t, err, c.want)
		})
	}
}

func TestKeyOfAnotherCurveIsRejected(t *testing.T) {
	_, err := types.PublicInputs(groth16.NewVerifyingKey(ecc.BLS12_381))
	require.ErrorIs(t, err, types.ErrInvalidPublic)
	require.ErrorContains(t, err, "not a Groth16 BN254 key")
}

func TestParentsOf(t *testing.T) {
	for n, want := range map[int]int{6: 1, 9: 2, 11: 3, 37: 16} {
		got, err := types.ParentsOf(n)
		require.NoError(t, err)
		require.Equal(t, want, got, "%d public inputs", n)
	}
	for _, n := range []int{0, 5, 7, 8, 10, 39, 100} {
		_, err := types.ParentsOf(n)
		require.ErrorIs(t, err, types.ErrInvalidPublic, "%d public inputs", n)
	}
	n, err := types.PublicInputs(approvedKey(t, vkBytes))
	require.NoError(t, err)
	require.Equal(t, 9, n, "the test circuit: 2 parents, 2 weights, 5 more")
}

func TestPublicWitnessMatchesTheCircuits(t *testing.T) {
	s := prove(t, 6)
	chain, err := types.PublicWitness(s.pub, 2)
	require.NoError(t, err)
	sidecar, err := circuit.PublicWitness(shape, s.pub)
	require.NoError(t, err)
	require.Equal(t, sidecar.Vector(), chain.Vector())
}

// BenchmarkVerifyStep times a step verification as the chain does it
// (decode, witness, pairing check) next to a secp256k1 signature check,
// the SDK's 1,000-gas baseline, in the same run.
func BenchmarkVerifyStep(b *testing.B) {
	b.Run("secp256k1", func(b *testing.B) {
		key := secp256k1.GenPrivKey()
		msg := make([]byte, 200)
		_, _ = rand.Read(msg)
		sig, err := key.Sign(msg)
		require.NoError(b, err)
		pub := key.PubKey()
		b.ResetTimer()
		for range b.N {
			if !pub.VerifySignature(msg, sig) {
				b.Fatal("signature does not verify")
			}
		}
	})
	b.Run("step", func(b *testing.B) {
		s := prove(b, 7)
		vk := approvedKey(b, vkBytes)
		b.ResetTimer()
		for range b.N {
			if err := types.VerifyStep(vk, s.proof, s.pub); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package ceremony

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	cs "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// cubicCircuit proves knowledge of x with x³ + x + 5 = y, y public.
type cubicCircuit struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *cubicCircuit) Define(api frontend.API) error {
	x3 := api.Mul(c.X, c.X, c.X)
	api.AssertIsEqual(c.Y, api.Add(x3, c.X, 5))
	return nil
}

// committedCircuit is cubicCircuit plus a Pedersen commitment to x and y
// (as gnark's range checks and lookups make), so phase 2 has σ updates.
type committedCircuit struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *committedCircuit) Define(api frontend.API) error {
	x3 := api.Mul(c.X, c.X, c.X)
	api.AssertIsEqual(c.Y, api.Add(x3, c.X, 5))
	cm, err := api.(frontend.Committer).Commit(c.X, c.Y)
	if err != nil {
		return err
	}
	api.AssertIsDifferent(cm, 0)
	return nil
}

// squareCircuit has one constraint, x·x = y, so N is MinDomainSize.
type squareCircuit struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *squareCircuit) Define(api frontend.API) error {
	api.AssertIsEqual(api.Mul(c.X, c.X), c.Y)
	return nil
}

func compile(t testing.TB, c frontend.Circuit) *cs.R1CS {
	t.Helper()
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		t.Fatal(err)
	}
	return ccs.(*cs.R1CS)
}

var (
	cubicOnce sync.Once
	cubicCS   *cs.R1CS
)

func cubicR1CS(t testing.TB) *cs.R1CS {
	cubicOnce.Do(func() { cubicCS = compile(t, &cubicCircuit{}) })
	return cubicCS
}

// proveVerify proves assignment, checks the proof, and checks that it does
// not verify for the public input y=37 (wrong for each test assignment).
func proveVerify(t *testing.T, ccs *cs.R1CS, pk groth16.ProvingKey, vk groth16.VerifyingKey, assignment frontend.Circuit) {
	t.Helper()
	w, err := frontend.NewWitness(assignment, ecc.BN254.ScalarField())
	if err != nil {
		t.Fatal(err)
	}
	pub, err := w.Public()
	if err != nil {
		t.Fatal(err)
	}
	proof, err := groth16.Prove(ccs, pk, w)
	if err != nil {
		t.Fatalf("prove: %v", err)
	}
	if err := groth16.Verify(proof, vk, pub); err != nil {
		t.Fatalf("verify: %v", err)
	}
	// the same proof must not verify another public input
	bad, err := frontend.NewWitness(&squareCircuit{X: 0, Y: 37}, ecc.BN254.ScalarField(), frontend.PublicOnly())
	if err != nil {
		t.Fatal(err)
	}
	if err := groth16.Verify(proof, vk, bad); err == nil {
		t.Fatal("proof verified against a wrong public input")
	}
}

// ceremony runs a full ceremony with n1 phase-1 and n2 phase-2
// contributors named p1-0.., p2-0...
func ceremony(t testing.TB, id string, ccs *cs.R1CS, n1, n2 int) (*Transcript, *Keys) {
	t.Helper()
	tr, err := NewCeremony(id, ccs)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n1; i++ {
		if err := ContributePhase1(tr, phaseName(1, i)); err != nil {
			t.Fatalf("phase-1 contribution %d: %v", i, err)
		}
	}
	if err := SealPhase1(tr, []byte("beacon one"), "test beacon 1", ccs); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n2; i++ {
		if err := ContributePhase2(tr, phaseName(2, i), ccs); err != nil {
			t.Fatalf("phase-2 contribution %d: %v", i, err)
		}
	}
	keys, err := Seal(tr, []byte("beacon two"), "test beacon 2", ccs)
	if err != nil {
		t.Fatal(err)
	}
	return tr, keys
}

func phaseName(phase, i int) string {
	return fmt.Sprintf("%s (phase %d)", []string{"alice", "bob", "carol", "dave"}[i%4], phase)
}

var (
	sealedOnce sync.Once
	sealedTr   *Transcript
	sealedKeys *Keys
	otherTr    *Transcript
)

// sealedCubic is a 3x3 ceremony of the cubic circuit, and otherCubic an
// independent 3x3 ceremony of the same circuit; callers must Clone.
func sealedCubic(t testing.TB) (*Transcript, *Keys, *Transcript) {
	sealedOnce.Do(func() {
		sealedTr, sealedKeys = ceremony(t, "cubic-test", cubicR1CS(t), 3, 3)
		otherTr, _ = ceremony(t, "cubic-test", cubicR1CS(t), 3, 3)
	})
	return sealedTr, sealedKeys, otherTr
}

// contributionError asserts err is a *ContributionError for phase and
// index wrapping one of wants.
func contributionError(t *testing.T, err error, phase, index int, wants ...error) {
	t.Helper()
	var ce *ContributionError
	if !errors.As(err, &ce) {
		t.Fatalf("want a ContributionError for phase %d index %d, got %v", phase, index, err)
	}
	if ce.Phase != phase || ce.Index != index {
		t.Fatalf("error names phase %d index %d, want phase %d index %d: %v", ce.Phase, ce.Index, phase, index, err)
	}
	for _, w := range wants {
		if errors.Is(err, w) {
			return
		}
	}
	t.Fatalf("error %v wraps none of %v", err, wants)
}

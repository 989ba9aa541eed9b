package ceremony

import (
	"bytes"
	"errors"
	"testing"
)

func TestCeremonyThreeByThree(t *testing.T) {
	tr, keys, _ := sealedCubic(t)
	ccs := cubicR1CS(t)
	if keys.Kind != MultiParty {
		t.Fatalf("kind %v, want MultiParty", keys.Kind)
	}
	if tr.Stage() != StageSealed || len(tr.Phase1) != 3 || len(tr.Phase2) != 3 {
		t.Fatalf("stage %v with %d/%d contributions, want sealed with 3/3", tr.Stage(), len(tr.Phase1), len(tr.Phase2))
	}
	if tr.Phase1[1].Name != "bob (phase 1)" || tr.Phase2[2].Name != "carol (phase 2)" {
		t.Fatalf("names not recorded: %q, %q", tr.Phase1[1].Name, tr.Phase2[2].Name)
	}
	proveVerify(t, ccs, keys.ProvingKey, keys.VerifyingKey, &cubicCircuit{X: 3, Y: 35})

	// Verify (from a decoded copy, as a voter would) yields the same key
	// bytes and the transcript hash Seal reported.
	enc, err := tr.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := DecodeTranscript(enc)
	if err != nil {
		t.Fatal(err)
	}
	vk, err := Verify(dec, ccs)
	if err != nil {
		t.Fatal(err)
	}
	vkb, err := VerifyingKeyBytes(vk)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(vkb, keys.VerifyingKeyBytes) || !bytes.Equal(vkb, dec.VerifyingKey) {
		t.Fatal("Verify's verifying key differs from Seal's")
	}
	h, err := TranscriptHash(dec)
	if err != nil {
		t.Fatal(err)
	}
	if h != keys.TranscriptHash {
		t.Fatal("transcript hash after decode differs from Seal's")
	}
	// VerifyKeys rebuilds a proving key that proves for Seal's verifying key.
	k2, err := VerifyKeys(dec, ccs)
	if err != nil {
		t.Fatal(err)
	}
	proveVerify(t, ccs, k2.ProvingKey, keys.VerifyingKey, &cubicCircuit{X: 3, Y: 35})
	if err := Check(dec, ccs); err != nil {
		t.Fatal(err)
	}
}

func TestCeremonyWithCommitment(t *testing.T) {
	ccs := compile(t, &committedCircuit{})
	tr, keys := ceremony(t, "committed-test", ccs, 2, 2)
	proveVerify(t, ccs, keys.ProvingKey, keys.VerifyingKey, &committedCircuit{X: 3, Y: 35})
	vk, err := Verify(tr, ccs)
	if err != nil {
		t.Fatal(err)
	}
	vkb, _ := VerifyingKeyBytes(vk)
	if !bytes.Equal(vkb, keys.VerifyingKeyBytes) {
		t.Fatal("Verify's verifying key differs from Seal's")
	}
	sh, err := scanPhase2(tr.Phase2[0].Data, tr.DomainSize)
	if err != nil || len(sh.ckk) != 1 {
		t.Fatalf("phase-2 shape %v, %v: want one commitment", sh, err)
	}
}

func TestCeremonyMinimumDomain(t *testing.T) {
	ccs := compile(t, &squareCircuit{})
	n, err := DomainSize(ccs)
	if err != nil || n != MinDomainSize {
		t.Fatalf("DomainSize of a %d-constraint circuit = %d, %v; want %d", ccs.GetNbConstraints(), n, err, MinDomainSize)
	}
	_, keys := ceremony(t, "square-test", ccs, 1, 1)
	proveVerify(t, ccs, keys.ProvingKey, keys.VerifyingKey, &squareCircuit{X: 6, Y: 36})
}

func TestStageRules(t *testing.T) {
	ccs := cubicR1CS(t)
	tr, err := NewCeremony("stage-test", ccs)
	if err != nil {
		t.Fatal(err)
	}
	if err := SealPhase1(tr, []byte("b"), "src", ccs); !errors.Is(err, ErrWrongStage) {
		t.Fatalf("sealing phase 1 without contributions: %v, want ErrWrongStage", err)
	}
	if err := ContributePhase2(tr, "", ccs); !errors.Is(err, ErrWrongStage) {
		t.Fatalf("phase-2 contribution in phase 1: %v, want ErrWrongStage", err)
	}
	if _, err := Seal(tr, []byte("b"), "src", ccs); !errors.Is(err, ErrWrongStage) {
		t.Fatalf("Seal in phase 1: %v, want ErrWrongStage", err)
	}
	if err := ContributePhase1(tr, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(tr, ccs); !errors.Is(err, ErrWrongStage) {
		t.Fatalf("Verify of an open ceremony: %v, want ErrWrongStage", err)
	}
	if err := Check(tr, ccs); err != nil {
		t.Fatalf("Check of an open ceremony: %v", err)
	}
	if err := SealPhase1(tr, nil, "src", ccs); !errors.Is(err, ErrInvalid) {
		t.Fatalf("empty beacon: %v, want ErrInvalid", err)
	}
	if err := SealPhase1(tr, []byte("b"), "", ccs); !errors.Is(err, ErrInvalid) {
		t.Fatalf("beacon without source: %v, want ErrInvalid", err)
	}
	if err := SealPhase1(tr, []byte("b"), "src", compile(t, &squareCircuit{})); !errors.Is(err, ErrWrongCircuit) {
		t.Fatalf("sealing with another circuit: %v, want ErrWrongCircuit", err)
	}
	if tr.Stage() != StagePhase1 {
		t.Fatal("failed seals changed the stage")
	}
	if err := SealPhase1(tr, []byte("b"), "src", ccs); err != nil {
		t.Fatal(err)
	}
	if err := ContributePhase1(tr, ""); !errors.Is(err, ErrWrongStage) {
		t.Fatalf("phase-1 contribution after seal: %v, want ErrWrongStage", err)
	}
	if _, err := Seal(tr, []byte("b"), "src", ccs); !errors.Is(err, ErrWrongStage) {
		t.Fatalf("Seal without phase-2 contributions: %v, want ErrWrongStage", err)
	}
	if err := ContributePhase2(tr, "bad\x00name", ccs); !errors.Is(err, ErrInvalid) {
		t.Fatalf("control character in name: %v, want ErrInvalid", err)
	}
	if err := ContributePhase2(tr, "ok", ccs); err != nil {
		t.Fatal(err)
	}
	if err := Check(tr, ccs); err != nil {
		t.Fatalf("Check in phase 2: %v", err)
	}
	keys, err := Seal(tr, []byte("b"), "src", ccs)
	if err != nil {
		t.Fatal(err)
	}
	if err := SealPhase1(tr, []byte("b"), "src", ccs); !errors.Is(err, ErrWrongStage) {
		t.Fatalf("sealing phase 1 twice: %v, want ErrWrongStage", err)
	}
	if err := ContributePhase2(tr, "", ccs); !errors.Is(err, ErrWrongStage) {
		t.Fatalf("phase-2 contribution after Seal: %v, want ErrWrongStage", err)
	}
	proveVerify(t, ccs, keys.ProvingKey, keys.VerifyingKey, &cubicCircuit{X: 3, Y: 35})
}

func TestNewCeremonyRejects(t *testing.T) {
	ccs := cubicR1CS(t)
	for _, id := range []string{"", "ab", "Upper", "has space", "x/y", string(make([]byte, 65))} {
		if _, err := NewCeremony(id, ccs); !errors.Is(err, ErrInvalid) {
			t.Errorf("circuit id %q: %v, want ErrInvalid", id, err)
		}
	}
	if _, err := NewCeremony("good.id_1-x", nil); !errors.Is(err, ErrWrongCircuit) {
		t.Errorf("nil r1cs: %v, want ErrWrongCircuit", err)
	}
	tr, err := NewCeremony("good.id_1-x", ccs)
	if err != nil {
		t.Fatal(err)
	}
	if tr.DomainSize != 4 || tr.Version != FormatVersion {
		t.Fatalf("N=%d version %d, want N=4 (3 constraints) version %d", tr.DomainSize, tr.Version, FormatVersion)
	}
}

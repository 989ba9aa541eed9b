package ceremony

import (
	"bytes"
	"errors"
	"testing"

	cs "github.com/consensys/gnark/constraint/bn254"
)

func TestLocalSetup(t *testing.T) {
	ccs := cubicR1CS(t)
	keys, err := LocalSetup("cubic-local", ccs)
	if err != nil {
		t.Fatal(err)
	}
	if keys.Kind != SingleParty || keys.Kind.EnumName() != "CEREMONY_KIND_SINGLE_PARTY" {
		t.Fatalf("kind %v (%s), want SingleParty", keys.Kind, keys.Kind.EnumName())
	}
	proveVerify(t, ccs, keys.ProvingKey, keys.VerifyingKey, &cubicCircuit{X: 3, Y: 35})

	vkb, err := VerifyingKeyBytes(keys.VerifyingKey)
	if err != nil || !bytes.Equal(vkb, keys.VerifyingKeyBytes) {
		t.Fatalf("VerifyingKeyBytes differs from the keys' (%v)", err)
	}
	h, err := SinglePartyHash("cubic-local", ccs, keys.VerifyingKeyBytes)
	if err != nil || h != keys.TranscriptHash {
		t.Fatalf("SinglePartyHash does not reproduce the setup's hash (%v)", err)
	}
	if h2, _ := SinglePartyHash("cubic-other", ccs, vkb); h2 == h {
		t.Fatal("single-party hash ignores the circuit id")
	}
	if h2, _ := SinglePartyHash("cubic-local", compile(t, &squareCircuit{}), vkb); h2 == h {
		t.Fatal("single-party hash ignores the constraint system")
	}
	vkb[len(vkb)-1] ^= 1
	if h2, _ := SinglePartyHash("cubic-local", ccs, vkb); h2 == h {
		t.Fatal("single-party hash ignores the verifying key")
	}
	if _, err := SinglePartyHash("cubic-local", ccs, nil); !errors.Is(err, ErrInvalid) {
		t.Fatalf("empty key: %v, want ErrInvalid", err)
	}

	// a second setup has other keys (fresh toxic waste) and another hash
	k2, err := LocalSetup("cubic-local", ccs)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(k2.VerifyingKeyBytes, keys.VerifyingKeyBytes) || k2.TranscriptHash == keys.TranscriptHash {
		t.Fatal("two single-party setups gave the same keys")
	}
	if _, err := LocalSetup("X", ccs); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad circuit id: %v, want ErrInvalid", err)
	}
	if _, err := LocalSetup("cubic-local", nil); !errors.Is(err, ErrWrongCircuit) {
		t.Fatalf("nil r1cs: %v, want ErrWrongCircuit", err)
	}
}

func TestKind(t *testing.T) {
	// values of CeremonyKind in proto/litegpt/buildermarket/v1/buildermarket.proto
	if MultiParty != 1 || SingleParty != 2 {
		t.Fatal("Kind values differ from the chain enum")
	}
	for _, tc := range []struct {
		k         Kind
		str, enum string
		valid     bool
	}{
		{MultiParty, "multi-party", "CEREMONY_KIND_MULTI_PARTY", true},
		{SingleParty, "single-party (local networks only)", "CEREMONY_KIND_SINGLE_PARTY", true},
		{0, "unknown ceremony kind", "CEREMONY_KIND_UNSPECIFIED", false},
		{3, "unknown ceremony kind", "CEREMONY_KIND_UNSPECIFIED", false},
	} {
		if tc.k.String() != tc.str || tc.k.EnumName() != tc.enum || tc.k.Valid() != tc.valid {
			t.Errorf("Kind(%d) = %q %q %v, want %q %q %v", tc.k, tc.k.String(), tc.k.EnumName(), tc.k.Valid(), tc.str, tc.enum, tc.valid)
		}
	}
}

func TestR1CSHashAndDomainSize(t *testing.T) {
	a, b := compile(t, &cubicCircuit{}), compile(t, &cubicCircuit{})
	ha, err := R1CSHash(a)
	if err != nil {
		t.Fatal(err)
	}
	hb, _ := R1CSHash(b)
	if ha != hb {
		t.Fatal("two compilations of the same circuit hash differently")
	}
	hc, _ := R1CSHash(compile(t, &committedCircuit{}))
	if hc == ha {
		t.Fatal("different circuits hash the same")
	}
	for _, tc := range []struct {
		name string
		ccs  *cs.R1CS
		want uint64
	}{
		{"square", compile(t, &squareCircuit{}), 2},
		{"cubic", a, 4},
		{"committed", compile(t, &committedCircuit{}), 8},
	} {
		if n, err := DomainSize(tc.ccs); err != nil || n != tc.want {
			t.Errorf("%s (%d constraints): N=%d, %v; want %d", tc.name, tc.ccs.GetNbConstraints(), n, err, tc.want)
		}
	}
	if _, err := DomainSize(nil); !errors.Is(err, ErrWrongCircuit) {
		t.Fatalf("nil: %v", err)
	}
}

package ceremony

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	cs "github.com/consensys/gnark/constraint/bn254"
)

// (a) A phase-1 contribution replaced by an unrelated one (the same
// position of an independent ceremony of the same circuit) fails, and the
// error names it. Index 0 is special: any first contribution starts from
// the same public initial object, so an unrelated first contribution is a
// valid alternative and the chain breaks at index 1 instead.
func TestTamperPhase1Replaced(t *testing.T) {
	sealed, _, other := sealedCubic(t)
	ccs := cubicR1CS(t)
	for _, tc := range []struct{ replace, failsAt int }{{0, 1}, {1, 1}, {2, 2}} {
		tr := sealed.Clone()
		tr.Phase1[tc.replace].Data = bytes.Clone(other.Phase1[tc.replace].Data)
		_, err := Verify(tr, ccs)
		contributionError(t, err, 1, tc.failsAt, ErrVerification)
		if !strings.Contains(err.Error(), tr.Phase1[tc.failsAt].Name) {
			t.Errorf("error %q does not name contributor %q", err, tr.Phase1[tc.failsAt].Name)
		}
		if err := Check(tr, ccs); err == nil {
			t.Errorf("Check accepted phase-1 contribution %d replaced", tc.replace)
		}
	}
	// A fresh contribution made on top of the real predecessor is valid by
	// itself, but the recorded phase-1 output no longer matches, and every
	// later contribution's challenge breaks.
	tr := sealed.Clone()
	open := &Transcript{Version: tr.Version, CircuitID: tr.CircuitID, R1CSHash: tr.R1CSHash, DomainSize: tr.DomainSize,
		Phase1: cloneContributions(tr.Phase1[:2])}
	if err := ContributePhase1(open, "mallory"); err != nil {
		t.Fatal(err)
	}
	tr.Phase1[2] = open.Phase1[2]
	_, err := Verify(tr, ccs)
	if !errors.Is(err, ErrBeaconMismatch) || !strings.Contains(err.Error(), "phase-1 beacon") {
		t.Fatalf("re-made last phase-1 contribution: %v, want ErrBeaconMismatch for the phase-1 beacon", err)
	}
}

// (b) Flipping any byte of a phase-2 contribution fails with an error that
// names the contribution: a decode error (layout, point encoding,
// canonical form) or a verification error.
func TestTamperPhase2ByteFlip(t *testing.T) {
	sealed, _, _ := sealedCubic(t)
	ccs := cubicR1CS(t)
	data := sealed.Phase2[1].Data
	offsets := []int{0, 1, 2, 3, 20, 34, 35, 40, 70, len(data) / 2, len(data) - 34, len(data) - 33, len(data) - 1}
	for off := 0; off < len(data); off += 37 {
		offsets = append(offsets, off)
	}
	for _, off := range offsets {
		for _, mask := range []byte{0x01, 0x80} {
			tr := sealed.Clone()
			tr.Phase2[1].Data[off] ^= mask
			_, err := Verify(tr, ccs)
			if err == nil {
				t.Fatalf("flipping bit %#x of byte %d of phase-2 contribution 1 went unnoticed", mask, off)
			}
			contributionError(t, err, 2, 1, ErrMalformed, ErrVerification)
			if !strings.Contains(err.Error(), `"bob (phase 2)"`) {
				t.Fatalf("error %q does not name the contributor", err)
			}
		}
	}
}

// Flipping bytes of a phase-1 contribution likewise fails, naming it.
func TestTamperPhase1ByteFlip(t *testing.T) {
	sealed, _, _ := sealedCubic(t)
	ccs := cubicR1CS(t)
	data := sealed.Phase1[0].Data
	for off := 0; off < len(data); off += 41 {
		tr := sealed.Clone()
		tr.Phase1[0].Data[off] ^= 0x04
		err := Check(tr, ccs)
		if err == nil {
			t.Fatalf("flipping byte %d of phase-1 contribution 0 went unnoticed", off)
		}
		// the challenge of contribution 0 is the hash of the initial
		// object; a flipped challenge or point fails contribution 0.
		contributionError(t, err, 1, 0, ErrMalformed, ErrVerification)
	}
}

// A phase-2 contribution from an independent ceremony fails at its index.
func TestTamperPhase2Replaced(t *testing.T) {
	sealed, _, other := sealedCubic(t)
	ccs := cubicR1CS(t)
	for i := range sealed.Phase2 {
		tr := sealed.Clone()
		tr.Phase2[i].Data = bytes.Clone(other.Phase2[i].Data)
		_, err := Verify(tr, ccs)
		contributionError(t, err, 2, i, ErrVerification)
	}
	// A valid last contribution re-made on the real predecessor passes the
	// chain but does not yield the recorded verifying key.
	tr := sealed.Clone()
	open := tr.Clone()
	open.Phase2, open.Phase2Beacon, open.VerifyingKey = open.Phase2[:2], Beacon{}, nil
	if err := ContributePhase2(open, "mallory", ccs); err != nil {
		t.Fatal(err)
	}
	tr.Phase2[2] = open.Phase2[2]
	_, err := Verify(tr, ccs)
	if !errors.Is(err, ErrBeaconMismatch) || !strings.Contains(err.Error(), "verifying key") {
		t.Fatalf("re-made last phase-2 contribution: %v, want ErrBeaconMismatch for the verifying key", err)
	}
}

// (c) Beacons: a different beacon than the one recorded, in either phase,
// is caught, and sealing with a different beacon yields different keys.
func TestTamperBeacon(t *testing.T) {
	sealed, keys, other := sealedCubic(t)
	ccs := cubicR1CS(t)

	tr := sealed.Clone()
	tr.Phase1Beacon.Value = []byte("beacon one, but later")
	_, err := Verify(tr, ccs)
	if !errors.Is(err, ErrBeaconMismatch) || !strings.Contains(err.Error(), "phase-1 beacon (test beacon 1)") {
		t.Fatalf("changed phase-1 beacon: %v, want ErrBeaconMismatch naming the phase-1 beacon", err)
	}

	tr = sealed.Clone()
	tr.Phase2Beacon.Value = []byte("beacon two, but later")
	_, err = Verify(tr, ccs)
	if !errors.Is(err, ErrBeaconMismatch) || !strings.Contains(err.Error(), "phase-2 beacon (test beacon 2)") {
		t.Fatalf("changed phase-2 beacon: %v, want ErrBeaconMismatch naming the phase-2 beacon", err)
	}
	if err := Check(tr, ccs); !errors.Is(err, ErrBeaconMismatch) {
		t.Fatalf("Check with changed phase-2 beacon: %v, want ErrBeaconMismatch", err)
	}

	// another ceremony's verifying key in place of the recorded one
	tr = sealed.Clone()
	tr.VerifyingKey = bytes.Clone(other.VerifyingKey)
	if _, err := Verify(tr, ccs); !errors.Is(err, ErrBeaconMismatch) {
		t.Fatalf("swapped verifying key: %v, want ErrBeaconMismatch", err)
	}

	// re-sealing the same contributions with another beacon gives other keys
	tr = sealed.Clone()
	tr.Phase2Beacon, tr.VerifyingKey = Beacon{}, nil
	k2, err := Seal(tr, []byte("another beacon"), "test beacon 2b", ccs)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(k2.VerifyingKeyBytes, keys.VerifyingKeyBytes) || k2.TranscriptHash == keys.TranscriptHash {
		t.Fatal("a different phase-2 beacon gave the same verifying key or transcript hash")
	}
}

// (d) A different constraint system than the ceremony's is rejected before
// any cryptography.
func TestTamperWrongCircuit(t *testing.T) {
	sealed, _, _ := sealedCubic(t)
	for _, ccs := range []*cs.R1CS{compile(t, &committedCircuit{}), compile(t, &squareCircuit{})} {
		_, err := Verify(sealed.Clone(), ccs)
		if !errors.Is(err, ErrWrongCircuit) || !strings.Contains(err.Error(), "cubic-test") {
			t.Fatalf("other circuit: %v, want ErrWrongCircuit naming the circuit", err)
		}
	}
	// a transcript whose recorded hash is changed fails against the real one
	tr := sealed.Clone()
	tr.R1CSHash[0] ^= 1
	if _, err := Verify(tr, cubicR1CS(t)); !errors.Is(err, ErrWrongCircuit) {
		t.Fatalf("changed R1CS hash: %v, want ErrWrongCircuit", err)
	}
	if err := ContributePhase2(sealed.Clone(), "x", compile(t, &squareCircuit{})); err == nil {
		t.Fatal("contribution with another circuit accepted")
	}
}

// Contributing checks the last contribution first and leaves the
// transcript unchanged on error.
func TestContributeChecksLast(t *testing.T) {
	sealed, _, other := sealedCubic(t)
	ccs := cubicR1CS(t)

	open1 := &Transcript{Version: sealed.Version, CircuitID: sealed.CircuitID, R1CSHash: sealed.R1CSHash, DomainSize: sealed.DomainSize,
		Phase1: cloneContributions(sealed.Phase1)}
	open1.Phase1[2].Data = bytes.Clone(other.Phase1[2].Data)
	before, _ := open1.MarshalBinary()
	contributionError(t, ContributePhase1(open1, "dave"), 1, 2, ErrVerification)
	after, _ := open1.MarshalBinary()
	if !bytes.Equal(before, after) {
		t.Fatal("failed ContributePhase1 changed the transcript")
	}

	open2 := sealed.Clone()
	open2.Phase2Beacon, open2.VerifyingKey = Beacon{}, nil
	for _, i := range []int{0, 2} {
		tr := open2.Clone()
		tr.Phase2 = tr.Phase2[:i+1]
		tr.Phase2[i].Data = bytes.Clone(other.Phase2[i].Data)
		contributionError(t, ContributePhase2(tr, "dave", ccs), 2, i, ErrVerification)
		if len(tr.Phase2) != i+1 {
			t.Fatal("failed ContributePhase2 appended")
		}
	}
	// a changed phase-1 beacon is caught by the first phase-2 contributor
	tr := open2.Clone()
	tr.Phase2 = nil
	tr.Phase1Beacon.Value = []byte("other")
	if err := ContributePhase2(tr, "dave", ccs); !errors.Is(err, ErrBeaconMismatch) {
		t.Fatalf("first phase-2 contribution after a changed phase-1 beacon: %v, want ErrBeaconMismatch", err)
	}
}

func TestContributionErrorMessage(t *testing.T) {
	inner := errors.New("boom")
	named := &ContributionError{Phase: 2, Index: 1, Name: "bob", Err: inner}
	unnamed := &ContributionError{Phase: 1, Index: 0, Err: inner}
	if named.Error() != `phase-2 contribution 1 ("bob"): boom` || unnamed.Error() != "phase-1 contribution 0 (unnamed): boom" {
		t.Fatalf("messages %q, %q", named, unnamed)
	}
	if !errors.Is(named, inner) {
		t.Fatal("ContributionError does not unwrap")
	}
}

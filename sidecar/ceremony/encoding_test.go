package ceremony

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// stages returns a transcript at each stage: open phase 1 (two
// contributions), open phase 2 (one contribution), sealed.
func stages(t testing.TB) []*Transcript {
	sealed, _, _ := sealedCubic(t)
	p1 := &Transcript{Version: sealed.Version, CircuitID: sealed.CircuitID, R1CSHash: sealed.R1CSHash, DomainSize: sealed.DomainSize,
		Phase1: cloneContributions(sealed.Phase1[:2])}
	p2 := sealed.Clone()
	p2.Phase2, p2.Phase2Beacon, p2.VerifyingKey = p2.Phase2[:1], Beacon{}, nil
	fresh, err := NewCeremony("cubic-test", cubicR1CS(t))
	if err != nil {
		t.Fatal(err)
	}
	return []*Transcript{fresh, p1, p2, sealed.Clone()}
}

func TestEncodingRoundTrip(t *testing.T) {
	for _, tr := range stages(t) {
		b, err := tr.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeTranscript(b)
		if err != nil {
			t.Fatalf("%v: %v", tr.Stage(), err)
		}
		if !reflect.DeepEqual(got, tr) {
			t.Fatalf("%v: decoded transcript differs", tr.Stage())
		}
		b2, err := got.MarshalBinary()
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("%v: re-encoding differs (%v)", tr.Stage(), err)
		}
		h1, err1 := TranscriptHash(tr)
		h2, err2 := TranscriptHash(got)
		if err1 != nil || err2 != nil || h1 != h2 {
			t.Fatalf("%v: hash not stable across encode/decode", tr.Stage())
		}
	}
}

func TestFileRoundTrip(t *testing.T) {
	sealed, _, _ := sealedCubic(t)
	path := filepath.Join(t.TempDir(), "cubic.ceremony")
	if err := WriteFile(path, sealed); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sealed) {
		t.Fatal("file round trip differs")
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("reading a missing file succeeded")
	}
	bad := sealed.Clone()
	bad.CircuitID = "NO"
	if err := WriteFile(path, bad); !errors.Is(err, ErrInvalid) {
		t.Fatalf("writing an invalid transcript: %v, want ErrInvalid", err)
	}
}

// Every proper prefix of a valid encoding is rejected as malformed, with
// no panic; so are trailing bytes.
func TestEncodingTruncatedAndTrailing(t *testing.T) {
	for _, tr := range stages(t) {
		b, err := tr.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; n < len(b); n++ {
			_, err := DecodeTranscript(b[:n])
			if err == nil {
				t.Fatalf("%v: prefix of %d of %d bytes decoded", tr.Stage(), n, len(b))
			}
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrInvalid) {
				t.Fatalf("%v: prefix %d: %v wraps neither ErrMalformed nor ErrInvalid", tr.Stage(), n, err)
			}
		}
		for _, extra := range [][]byte{{0}, {1, 2, 3}} {
			_, err := DecodeTranscript(append(bytes.Clone(b), extra...))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "trailing") {
				t.Fatalf("%v: %d trailing bytes: %v", tr.Stage(), len(extra), err)
			}
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	sealed, _, _ := sealedCubic(t)
	good, err := sealed.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	idLen := len(sealed.CircuitID)
	countOff := 8 + 2 + 2 + idLen + 32 + 8 // phase-1 contribution count
	nameLenOff := countOff + 4
	dataLenOff := nameLenOff + 2 + len(sealed.Phase1[0].Name)
	edit := func(f func(b []byte)) []byte {
		b := bytes.Clone(good)
		f(b)
		return b
	}
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "magic"},
		{"bad magic", edit(func(b []byte) { b[0] = 'X' }), "bad magic"},
		{"version 2", edit(func(b []byte) { binary.BigEndian.PutUint16(b[8:], 2) }), "format version 2"},
		{"id length past end", edit(func(b []byte) { binary.BigEndian.PutUint16(b[10:], 0xffff) }), "circuit id"},
		{"bad id", edit(func(b []byte) { b[12] = 'X' }), "circuit id"},
		{"N not a power of two", edit(func(b []byte) { binary.BigEndian.PutUint64(b[countOff-8:], 6) }), "power of two"},
		{"N too large", edit(func(b []byte) { binary.BigEndian.PutUint64(b[countOff-8:], 1<<40) }), "power of two"},
		{"huge count", edit(func(b []byte) { binary.BigEndian.PutUint32(b[countOff:], 0xffffffff) }), "at most 65536"},
		{"count past end", edit(func(b []byte) { binary.BigEndian.PutUint32(b[countOff:], 60000) }), "bytes are left"},
		{"name length past end", edit(func(b []byte) { binary.BigEndian.PutUint16(b[nameLenOff:], 0xffff) }), "name"},
		{"data length past end", edit(func(b []byte) { binary.BigEndian.PutUint32(b[dataLenOff:], 0xfffffff0) }), "need 4294967280 bytes"},
		{"data one byte short (misaligns the rest)", edit(func(b []byte) {
			binary.BigEndian.PutUint32(b[dataLenOff:], uint32(len(sealed.Phase1[0].Data)-1))
		}), "truncated"},
		{"uncompressed point", edit(func(b []byte) { b[dataLenOff+4] &^= pointFlagMask }), "compressed form"},
	} {
		_, err := DecodeTranscript(tc.b)
		if err == nil {
			t.Errorf("%s: decoded", tc.name)
			continue
		}
		if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v wraps neither ErrMalformed nor ErrInvalid", tc.name, err)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not mention %q", tc.name, err, tc.want)
		}
	}
}

func TestValidateRejects(t *testing.T) {
	sealed, _, _ := sealedCubic(t)
	for _, tc := range []struct {
		name   string
		modify func(tr *Transcript)
	}{
		{"version", func(tr *Transcript) { tr.Version = 0 }},
		{"circuit id", func(tr *Transcript) { tr.CircuitID = "a b" }},
		{"N", func(tr *Transcript) { tr.DomainSize = 1 }},
		{"name control character", func(tr *Transcript) { tr.Phase1[0].Name = "eve\n" }},
		{"name too long", func(tr *Transcript) { tr.Phase2[0].Name = strings.Repeat("x", MaxNameLen+1) }},
		{"name not UTF-8", func(tr *Transcript) { tr.Phase1[1].Name = "\xff" }},
		{"beacon without source", func(tr *Transcript) { tr.Phase1Beacon.Source = "" }},
		{"source without beacon", func(tr *Transcript) { tr.Phase2Beacon.Value = nil }},
		{"beacon too long", func(tr *Transcript) { tr.Phase2Beacon.Value = make([]byte, MaxBeaconLen+1) }},
		{"sealed without vk", func(tr *Transcript) { tr.VerifyingKey = nil }},
		{"vk before seal", func(tr *Transcript) { tr.Phase2Beacon = Beacon{} }},
		{"phase 2 before phase 1 sealed", func(tr *Transcript) {
			tr.Phase1Beacon, tr.Phase1Output, tr.Phase2Beacon, tr.VerifyingKey = Beacon{}, [32]byte{}, Beacon{}, nil
		}},
		{"output before seal", func(tr *Transcript) {
			tr.Phase1Beacon, tr.Phase2, tr.Phase2Beacon, tr.VerifyingKey = Beacon{}, nil, Beacon{}, nil
		}},
		{"sealed without output", func(tr *Transcript) { tr.Phase1Output = [32]byte{} }},
		{"sealed phase 1 without contributions", func(tr *Transcript) {
			tr.Phase1, tr.Phase2, tr.Phase2Beacon, tr.VerifyingKey = nil, nil, Beacon{}, nil
		}},
		{"sealed phase 2 without contributions", func(tr *Transcript) { tr.Phase2 = nil }},
		{"phase-2 shapes differ", func(tr *Transcript) { tr.Phase2[1].Data = tr.Phase2[1].Data[:len(tr.Phase2[1].Data)-1] }},
		{"phase-1 contribution for another N", func(tr *Transcript) { tr.DomainSize = 8 }},
		{"phase-1 data one byte short", func(tr *Transcript) { tr.Phase1[2].Data = tr.Phase1[2].Data[1:] }},
		{"phase-2 data with trailing byte", func(tr *Transcript) { tr.Phase2[0].Data = append(tr.Phase2[0].Data, 0) }},
	} {
		tr := sealed.Clone()
		tc.modify(tr)
		err := tr.Validate()
		if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Validate = %v, want ErrInvalid or ErrMalformed", tc.name, err)
		}
		if _, err := tr.MarshalBinary(); err == nil {
			t.Errorf("%s: MarshalBinary succeeded", tc.name)
		}
		if _, err := TranscriptHash(tr); err == nil {
			t.Errorf("%s: TranscriptHash succeeded", tc.name)
		}
		if _, err := Verify(tr, cubicR1CS(t)); err == nil {
			t.Errorf("%s: Verify succeeded", tc.name)
		}
	}
}

// The transcript hash commits to every field: changing any contribution
// (for another valid one), any name, beacon, source or the key changes it.
func TestTranscriptHashChanges(t *testing.T) {
	sealed, _, other := sealedCubic(t)
	base, err := TranscriptHash(sealed)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[32]byte]string{base: "base"}
	check := func(what string, modify func(tr *Transcript)) {
		t.Helper()
		tr := sealed.Clone()
		modify(tr)
		h, err := TranscriptHash(tr)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if prev, ok := seen[h]; ok {
			t.Fatalf("%s: hash equals that of %s", what, prev)
		}
		seen[h] = what
	}
	for i := range sealed.Phase1 {
		check("phase-1 data "+string(rune('0'+i)), func(tr *Transcript) { tr.Phase1[i].Data = bytes.Clone(other.Phase1[i].Data) })
		check("phase-1 name "+string(rune('0'+i)), func(tr *Transcript) { tr.Phase1[i].Name += "!" })
	}
	for i := range sealed.Phase2 {
		check("phase-2 data "+string(rune('0'+i)), func(tr *Transcript) { tr.Phase2[i].Data = bytes.Clone(other.Phase2[i].Data) })
		check("phase-2 name "+string(rune('0'+i)), func(tr *Transcript) { tr.Phase2[i].Name = "" })
	}
	check("phase-1 beacon", func(tr *Transcript) { tr.Phase1Beacon.Value[0] ^= 1 })
	check("phase-1 source", func(tr *Transcript) { tr.Phase1Beacon.Source += "." })
	check("phase-1 output", func(tr *Transcript) { tr.Phase1Output[31] ^= 1 })
	check("phase-2 beacon", func(tr *Transcript) { tr.Phase2Beacon.Value = append(tr.Phase2Beacon.Value, 0) })
	check("phase-2 source", func(tr *Transcript) { tr.Phase2Beacon.Source = "x" })
	check("verifying key", func(tr *Transcript) { tr.VerifyingKey = bytes.Clone(other.VerifyingKey) })
	check("circuit id", func(tr *Transcript) { tr.CircuitID = "cubic-test2" })
	check("r1cs hash", func(tr *Transcript) { tr.R1CSHash[0] ^= 1 })
	check("contribution order", func(tr *Transcript) { tr.Phase1[0], tr.Phase1[1] = tr.Phase1[1], tr.Phase1[0] })
}

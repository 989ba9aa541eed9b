package sortition

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"testing"
)

// seq returns n bytes start, start+1, ...
func seq(start byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = start + byte(i)
	}
	return b
}

// secretOf returns a 32-byte secret filled with seq(start, 32).
func secretOf(start byte) [32]byte {
	return [32]byte(seq(start, 32))
}

// be64 returns v as 8 big-endian bytes.
func be64(v uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, v)
}

// lp returns b prefixed with its big-endian u64 length.
func lp(b []byte) []byte {
	return append(be64(uint64(len(b))), b...)
}

// cat concatenates parts.
func cat(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}

func TestCommitHashGolden(t *testing.T) {
	got := CommitHash("litegpt-1", 42, seq(1, 20), secretOf(0))
	const want = "be198245e6f53068a0325cb5c9abecf0b2f3683caa2a36cc4046af8f1b66067f"
	if hex.EncodeToString(got[:]) != want {
		t.Fatalf("CommitHash golden = %x; want %s", got, want)
	}
}

func TestCommitHashLayout(t *testing.T) {
	secret := secretOf(0)
	pre := cat([]byte("litegpt/pog/beacon/v1"), lp([]byte("litegpt-1")), be64(42), lp(seq(1, 20)), secret[:])
	if got, want := CommitHash("litegpt-1", 42, seq(1, 20), secret), sha256.Sum256(pre); got != want {
		t.Fatalf("CommitHash = %x; want SHA-256 of the documented preimage %x", got, want)
	}
}

func TestCommitHashBindsEveryField(t *testing.T) {
	base := CommitHash("litegpt-1", 7, []byte("alice"), secretOf(9))
	variants := map[string][32]byte{
		"chain-id":    CommitHash("litegpt-2", 7, []byte("alice"), secretOf(9)),
		"round":       CommitHash("litegpt-1", 8, []byte("alice"), secretOf(9)),
		"participant": CommitHash("litegpt-1", 7, []byte("alicf"), secretOf(9)),
		"secret":      CommitHash("litegpt-1", 7, []byte("alice"), secretOf(10)),
		// The lengths keep a chain-id ending from reading as a participant start.
		"boundary": CommitHash("litegpt-1a", 7, []byte("lice"), secretOf(9)),
	}
	for name, h := range variants {
		if h == base {
			t.Errorf("changing the %s left CommitHash unchanged", name)
		}
	}
}

// reveals3 returns three reveals in non-sorted participant order.
func reveals3() []Reveal {
	return []Reveal{
		{Participant: []byte("carol"), Secret: secretOf(3)},
		{Participant: []byte("alice"), Secret: secretOf(1)},
		{Participant: []byte("bob"), Secret: secretOf(2)},
	}
}

func TestSeedGolden(t *testing.T) {
	got, err := Seed("litegpt-1", 42, reveals3())
	if err != nil {
		t.Fatal(err)
	}
	const want = "dec27e96c31870daf5d9d1485df6b21208c4742f57d6cbb3644a4bf88ef883d3"
	if hex.EncodeToString(got[:]) != want {
		t.Fatalf("Seed golden = %x; want %s", got, want)
	}
}

func TestSeedLayout(t *testing.T) {
	s1, s2, s3 := secretOf(1), secretOf(2), secretOf(3)
	pre := cat([]byte("litegpt/pog/seed/v1"), lp([]byte("litegpt-1")), be64(42), be64(3),
		lp([]byte("alice")), s1[:], lp([]byte("bob")), s2[:], lp([]byte("carol")), s3[:])
	got, err := Seed("litegpt-1", 42, reveals3())
	if err != nil {
		t.Fatal(err)
	}
	if want := sha256.Sum256(pre); got != want {
		t.Fatalf("Seed = %x; want SHA-256 of the documented preimage %x", got, want)
	}
}

func TestSeedIsOrderIndependentAndLeavesInputAlone(t *testing.T) {
	in := reveals3()
	orig := slices.Clone(in)
	want, err := Seed("litegpt-1", 42, in)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(in, orig, func(a, b Reveal) bool { return bytes.Equal(a.Participant, b.Participant) && a.Secret == b.Secret }) {
		t.Fatal("Seed reordered or changed its input")
	}
	perms := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	for _, p := range perms {
		got, err := Seed("litegpt-1", 42, []Reveal{in[p[0]], in[p[1]], in[p[2]]})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("Seed with order %v = %x; want %x", p, got, want)
		}
	}
}

func TestSeedDependsOnRoundChainIDAndEveryReveal(t *testing.T) {
	base, _ := Seed("litegpt-1", 42, reveals3())
	changed := map[string][]Reveal{}
	for i := range 3 {
		withheld := slices.Delete(reveals3(), i, i+1)
		changed["withholding reveal "+string(rune('0'+i))] = withheld
		other := reveals3()
		other[i].Secret[31] ^= 1
		changed["secret "+string(rune('0'+i))] = other
	}
	for name, rs := range changed {
		if got, _ := Seed("litegpt-1", 42, rs); got == base {
			t.Errorf("%s left the seed unchanged", name)
		}
	}
	if got, _ := Seed("litegpt-1", 43, reveals3()); got == base {
		t.Error("another round gave the same seed")
	}
	if got, _ := Seed("litegpt-2", 42, reveals3()); got == base {
		t.Error("another chain-id gave the same seed")
	}
}

func TestSeedWithZeroRevealsIsDefined(t *testing.T) {
	for _, rs := range [][]Reveal{nil, {}} {
		got, err := Seed("litegpt-1", 5, rs)
		if err != nil {
			t.Fatal(err)
		}
		want := sha256.Sum256(cat([]byte("litegpt/pog/seed/v1"), lp([]byte("litegpt-1")), be64(5), be64(0)))
		if got != want {
			t.Fatalf("Seed with no reveals = %x; want %x", got, want)
		}
	}
	a, _ := Seed("litegpt-1", 5, nil)
	b, _ := Seed("litegpt-1", 6, nil)
	if a == b {
		t.Fatal("empty rounds 5 and 6 gave the same seed")
	}
}

func TestSeedRejectsBadReveals(t *testing.T) {
	dup := append(reveals3(), Reveal{Participant: []byte("alice"), Secret: secretOf(7)})
	empty := append(reveals3(), Reveal{Secret: secretOf(7)})
	for _, tc := range []struct {
		name    string
		reveals []Reveal
		want    string
	}{
		{"duplicate", dup, "reveals 1 and 3 are both from participant 616c696365; want one reveal per participant"},
		{"empty participant", empty, "reveal 3 has an empty participant; want a non-empty address"},
		{"empty but not nil", []Reveal{{Participant: []byte{}}}, "reveal 0 has an empty participant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Seed("litegpt-1", 1, tc.reveals)
			if !errors.Is(err, ErrInvalidReveal) {
				t.Fatalf("Seed error = %v; want one wrapping ErrInvalidReveal", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Seed error = %q; want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestTagsArePrefixFree(t *testing.T) {
	tags := []string{commitTag, seedTag, sampleTag}
	for i, a := range tags {
		for j, b := range tags {
			if i != j && strings.HasPrefix(a, b) {
				t.Errorf("tag %q is a prefix of tag %q", b, a)
			}
		}
	}
}

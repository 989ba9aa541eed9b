package merge

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRuleRoundTrip(t *testing.T) {
	names := []string{"average", "median", "trimmed-mean", "krum", "clipped"}
	rules := Rules()
	if len(rules) != len(names) {
		t.Fatalf("Rules() = %v, want %d rules", rules, len(names))
	}
	for i, name := range names {
		r, err := ParseRule(name)
		mustNoErr(t, "ParseRule", err)
		if r != rules[i] || r.String() != name {
			t.Fatalf("ParseRule(%q) = %v (%d), want rule %d", name, r, int(r), i)
		}
		text, err := r.MarshalText()
		mustNoErr(t, "MarshalText", err)
		var back Rule
		if err := back.UnmarshalText(text); err != nil || back != r {
			t.Fatalf("UnmarshalText(%q) = %v, %v", text, back, err)
		}
	}
}

func TestParseRuleErrors(t *testing.T) {
	for _, bad := range []string{"", "Krum", "trimmed_mean", "mean", " median"} {
		_, err := ParseRule(bad)
		if !errors.Is(err, ErrUnknownRule) {
			t.Fatalf("ParseRule(%q): err = %v, want ErrUnknownRule", bad, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, "average, median, trimmed-mean, krum, clipped") || !strings.Contains(msg, "\""+bad+"\"") {
			t.Fatalf("ParseRule(%q): message %q does not quote the input and list the names", bad, msg)
		}
	}
	var r Rule
	if err := r.UnmarshalText([]byte("nope")); !errors.Is(err, ErrUnknownRule) {
		t.Fatalf("UnmarshalText: err = %v", err)
	}
	if _, err := Rule(5).MarshalText(); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("MarshalText(5): err = %v", err)
	}
	if s := Rule(-2).String(); s != "Rule(-2)" {
		t.Fatalf("String = %q", s)
	}
}

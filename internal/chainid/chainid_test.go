package chainid_test

import (
	"testing"

	"github.com/litegpt/litegpt/internal/chainid"
)

func TestIsLocal(t *testing.T) {
	for _, tc := range []struct {
		chainID string
		local   bool
	}{
		{"litegpt-local", true},
		{"litegpt-local-1", true},
		{"litegpt-local-apptest", true},
		{"litegpt-1", false},
		{"litegpt-mainnet", false},
		{"LITEGPT-LOCAL-1", false},
		{"x-litegpt-local-1", false},
		{"litegpt-loca", false},
		{"", false},
	} {
		if got := chainid.IsLocal(tc.chainID); got != tc.local {
			t.Errorf("IsLocal(%q) = %v, want %v", tc.chainID, got, tc.local)
		}
	}
}

func TestLocalPrefix(t *testing.T) {
	if chainid.LocalPrefix != "litegpt-local" {
		t.Fatalf("LocalPrefix = %q: local networks and their scripts use litegpt-local", chainid.LocalPrefix)
	}
}

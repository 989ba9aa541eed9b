// Package chainid tells local chain-ids (throwaway networks made by
// `make localnet` and tests) from real ones. Modules use it to allow, only
// locally, what a real network must refuse: liquid test accounts at genesis
// (app/tokenomics) and single-party Groth16 keys (x/buildermarket).
package chainid

import "strings"

// LocalPrefix starts every local chain-id, e.g. "litegpt-local-1".
const LocalPrefix = "litegpt-local"

// IsLocal reports whether chainID names a throwaway local network: it starts
// with LocalPrefix. The comparison is exact (case-sensitive).
func IsLocal(chainID string) bool {
	return strings.HasPrefix(chainID, LocalPrefix)
}

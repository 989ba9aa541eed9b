// Package types defines x/buildermarket's messages, state records, params,
// genesis, events and errors, and the stateless validation of each.
package types

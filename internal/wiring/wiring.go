// Package wiring holds the registry behind capabilities that only the app's
// construction may hand out (x/reputation Reporters, x/stake Slashers): each
// module may claim one, and claims end when the app seals the registry.
package wiring

import "fmt"

// Registry records which modules claimed a capability. Keepers share one
// through a pointer, so every copy of a keeper sees the same state.
type Registry struct {
	capability string
	sealed     bool
	names      map[string]bool
}

// NewRegistry returns an open registry for the named capability (used in
// panic messages, e.g. "reputation reporter").
func NewRegistry(capability string) *Registry {
	return &Registry{capability: capability, names: map[string]bool{}}
}

// Claim records module's claim. It panics after Seal, for an empty name and
// for a second claim by the same module: these are wiring mistakes.
func (r *Registry) Claim(module string) {
	switch {
	case r.sealed:
		panic(fmt.Sprintf("%s for %q requested after Seal: it can only be created while the app is built", r.capability, module))
	case module == "":
		panic(fmt.Sprintf("%s needs the claiming module's name", r.capability))
	case r.names[module]:
		panic(fmt.Sprintf("module %q already has a %s", module, r.capability))
	}
	r.names[module] = true
}

// Seal ends construction: later claims panic.
func (r *Registry) Seal() { r.sealed = true }

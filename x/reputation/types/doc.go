// Package types holds the x/reputation state types, parameters, genesis,
// messages, events and errors, and the integer math of score decay and of
// the decay-invariant ranking key.
package types

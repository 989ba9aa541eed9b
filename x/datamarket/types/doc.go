// Package types defines x/datamarket's messages, orders, deals, params,
// genesis, events and errors, and the stateless validation of each.
package types

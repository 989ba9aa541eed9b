// Package types holds x/stake's state types, parameters, genesis, messages,
// events and errors, and the integer math that turns staking power and
// reputation into CometBFT voting power.
package types

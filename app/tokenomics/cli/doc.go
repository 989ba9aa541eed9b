// Package cli provides `litegptd genesis allocate`, the command that
// writes the genesis allocation of the fixed LGPT supply (package
// tokenomics) into <home>/config/genesis.json and prints a summary table.
package cli

// Package config is the sidecar's configuration file, sidecar.toml: the
// node it talks to and the key it signs with, its roles, its peer-to-peer
// listener and limits, where it keeps its state, its metrics endpoint and
// its logs. Load reads a file strictly (an unknown key is an error, so a
// typo is not silently ignored), Validate says which field is wrong and
// what it must be, and Template is the commented default file that
// `litegpt-sidecar init` writes.
package config

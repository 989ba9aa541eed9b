// Package zkfile reads and writes the sidecar's Groth16 (BN254, gnark
// v0.14) files: proofs, proving keys and verifying keys, each in gnark's own
// binary encoding inside a small versioned envelope, so a truncated,
// altered or wrong-kind file gets a clear error instead of a gnark panic or
// a confusing failure later.
//
// Envelope, all integers big-endian:
//
//	offset  size  field
//	0       6     magic "LGPTZK"
//	6       2     format version (1)
//	8       1     kind: 1 proof, 2 proving key, 3 verifying key
//	9       1     circuit id length n (3..64)
//	10      n     circuit id (a-z 0-9 . _ -, as x/buildermarket circuit ids)
//	10+n    8     payload length L
//	18+n    32    SHA-256 of bytes 0..18+n and the payload
//	50+n    L     payload: gnark WriteTo (compressed points) of the object
//
// Readers check each field in order and name what they expected; the
// payload length is checked against a per-kind limit and the bytes left
// before anything is allocated, the checksum before gnark decodes, and
// gnark must consume exactly the payload.
package zkfile

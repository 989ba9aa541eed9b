package circuit

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/consensys/gnark/backend/groth16"
)

// BenchmarkStep proves and verifies one step of each benchmark shape
// (keys from a single-party setup, made once per shape outside the timed
// loop). Run it with
//
//	go test ./sidecar/circuit -run x -bench Step -benchtime 3x
//
// or `litegpt-sidecar bench-proof`, which prints the table of
// docs/proof-of-gradient.md.
func BenchmarkStep(b *testing.B) {
	for _, s := range BenchmarkShapes() {
		b.Run(fmt.Sprintf("b%d-f%d-c%d-p%d", s.Batch, s.Features, s.Classes, s.Parents), func(b *testing.B) {
			ccs, err := Compile(s)
			if err != nil {
				b.Fatal(err)
			}
			pk, vk, err := groth16.Setup(ccs)
			if err != nil {
				b.Fatal(err)
			}
			in, err := SyntheticInput(s, 1, s.Parents, 64)
			if err != nil {
				b.Fatal(err)
			}
			w, err := Assign(s, in)
			if err != nil {
				b.Fatal(err)
			}
			var proof groth16.Proof
			b.Run("prove", func(b *testing.B) {
				for b.Loop() {
					if proof, err = Prove(ccs, pk, w); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(ccs.GetNbConstraints()), "constraints")
			})
			b.Run("verify", func(b *testing.B) {
				for b.Loop() {
					if err := Verify(s, vk, proof, w.Public); err != nil {
						b.Fatal(err)
					}
				}
				var buf bytes.Buffer
				if _, err := proof.WriteTo(&buf); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(buf.Len()), "proof-bytes")
			})
		})
	}
}

// BenchmarkAssign is the native cost of a witness: merge, step and
// commitments (the part a learner pays even without proving).
func BenchmarkAssign(b *testing.B) {
	s := DigitsShape(2)
	in, err := SyntheticInput(s, 1, 2, 64)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Assign(s, in); err != nil {
			b.Fatal(err)
		}
	}
}

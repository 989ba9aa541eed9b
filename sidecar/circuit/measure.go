package circuit

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/consensys/gnark/backend/groth16"
)

// Measurement is the cost of a shape's circuit on this machine.
type Measurement struct {
	Shape       Shape
	Constraints int
	Compile     time.Duration
	Setup       time.Duration // single-party groth16.Setup
	Prove       time.Duration // witness solving included
	Verify      time.Duration
	ProofBytes  int    // gnark's compressed encoding
	PeakHeap    uint64 // largest heap in use while proving
}

// Measure compiles the shape, runs a single-party setup, proves a
// synthetic step and verifies it, timing each phase.
func Measure(s Shape, seed uint64) (Measurement, error) {
	m := Measurement{Shape: s}
	start := time.Now()
	ccs, err := Compile(s)
	if err != nil {
		return m, err
	}
	m.Compile, m.Constraints = time.Since(start), ccs.GetNbConstraints()
	start = time.Now()
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		return m, fmt.Errorf("setup: %w", err)
	}
	m.Setup = time.Since(start)
	in, err := SyntheticInput(s, seed, s.Parents, min(1<<s.Depth, 64))
	if err != nil {
		return m, err
	}
	w, err := Assign(s, in)
	if err != nil {
		return m, err
	}
	runtime.GC()
	stop := sampleHeap(&m.PeakHeap)
	start = time.Now()
	proof, err := Prove(ccs, pk, w)
	m.Prove = time.Since(start)
	stop()
	if err != nil {
		return m, err
	}
	start = time.Now()
	if err := Verify(s, vk, proof, w.Public); err != nil {
		return m, err
	}
	m.Verify = time.Since(start)
	var buf bytes.Buffer
	if _, err := proof.WriteTo(&buf); err != nil {
		return m, err
	}
	m.ProofBytes = buf.Len()
	return m, nil
}

// sampleHeap records the largest HeapInuse every 5 ms until stopped.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// WriteTable prints measurements as a Markdown table.
func WriteTable(w io.Writer, rows []Measurement) error {
	if _, err := fmt.Fprintln(w, "| circuit | batch x features x classes | parents | depth | constraints | setup | prove | verify | proof | peak heap (prove) |\n|---|---|---|---|---|---|---|---|---|---|"); err != nil {
		return err
	}
	for _, r := range rows {
		s := r.Shape
		if _, err := fmt.Fprintf(w, "| `%s` | %d x %d x %d | %d | %d | %d | %.2f s | %.3f s | %.2f ms | %d B | %d MiB |\n",
			s.ID(), s.Batch, s.Features, s.Classes, s.Parents, s.Depth, r.Constraints,
			r.Setup.Seconds(), r.Prove.Seconds(), float64(r.Verify.Microseconds())/1000, r.ProofBytes, r.PeakHeap>>20); err != nil {
			return err
		}
	}
	return nil
}

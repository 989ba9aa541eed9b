package learn_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"

	"github.com/litegpt/litegpt/sidecar/learn"
)

// goldenSteps pins the step's output: three steps of each family from a
// seeded model on seeded batches. A change of any hash is a change of
// the training arithmetic, which every verifier and circuit must follow.
var goldenSteps = map[string]string{
	"logreg": "7686d0bcc5b7e57cb905c4b0bb102253f968aa6feab775d613f1bd1ea2d49bf0",
	"mlp":    "2135cc4922ca31b64ef49cb6d0756af9100235372c90ecae608e6831f610f4eb",
	"tt-mlp": "81d3b3e0224ad92b11d06175c65ebe448c25d56db1e609d113d8b93d427405fe",
}

func goldenHash(t testing.TB, a learn.Arch) string {
	t.Helper()
	m := mustInit(t, a, 42)
	r := rand.New(rand.NewPCG(42, 43))
	cfg := learn.StepConfig{LearningRate: learn.LearningRateRaw(0.25, m.Spec.Numerics), KeepBps: 8000}
	for range 3 {
		b := learn.Batch{Features: make([]int64, 32*a.Inputs), Labels: make([]int, 32)}
		for i := range b.Features {
			b.Features[i] = r.Int64N(257)
		}
		for i := range b.Labels {
			b.Labels[i] = r.IntN(a.Classes)
		}
		var err error
		if m, _, err = learn.Step(m, b, cfg); err != nil {
			t.Fatal(err)
		}
	}
	h := sha256.New()
	for _, v := range m.Flat() {
		h.Write(binary.LittleEndian.AppendUint64(nil, uint64(v)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestGoldenStepHashes(t *testing.T) {
	for _, a := range testArchs() {
		first := goldenHash(t, a)
		if again := goldenHash(t, a); again != first {
			t.Fatalf("%s: two runs differ: %s then %s", a, first, again)
		}
		if want := goldenSteps[a.Kind.String()]; first != want {
			t.Errorf("%s: step hash %s, want %s (GOAMD64=%s, GOMAXPROCS=%d)", a, first, want, os.Getenv("GOAMD64"), runtime.GOMAXPROCS(0))
		}
	}
}

// TestGoldenStepHashesAcrossBuilds re-runs the golden test in builds for
// the baseline x86-64 (GOAMD64=v1: SSE2, no FMA) and for v3 (AVX2, FMA),
// with one and two threads: the hashes must not move.
func TestGoldenStepHashesAcrossBuilds(t *testing.T) {
	if os.Getenv("LITEGPT_GOLDEN_CHILD") != "" {
		t.Skip("running as the child of the cross-build test")
	}
	levels := []string{""} // not amd64: no GOAMD64 levels, the GOMAXPROCS runs only
	switch {
	case runtime.GOARCH != "amd64":
		t.Logf("GOAMD64 levels exist only on amd64; checking GOMAXPROCS 1 and 2 on %s", runtime.GOARCH)
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpu.X86.HasBMI2:
		levels = []string{"v1", "v3"}
	default:
		levels = []string{"v1"}
		t.Log("this CPU cannot run GOAMD64=v3 binaries; checking v1 only")
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	for _, level := range levels {
		for _, procs := range []string{"1", "2"} {
			cmd := exec.Command(goBin, "test", "-count=1", "-run", "^TestGoldenStepHashes$", ".")
			cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs, "LITEGPT_GOLDEN_CHILD=1")
			if level != "" {
				cmd.Env = append(cmd.Env, "GOAMD64="+level)
			}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("GOAMD64=%s GOMAXPROCS=%s: %v\n%s", level, procs, err, out)
			}
			if !strings.Contains(string(out), "ok") {
				t.Fatalf("GOAMD64=%s GOMAXPROCS=%s: unexpected output\n%s", level, procs, out)
			}
		}
	}
}

package ceremony

import (
	"fmt"
	"sync"
	"testing"

	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/backend/groth16/bn254/mpcsetup"
	cs "github.com/consensys/gnark/constraint/bn254"
	"github.com/consensys/gnark/frontend"
)

// chainCircuit squares X Muls times and asserts the result is Y: Muls+1
// constraints.
type chainCircuit struct {
	X    frontend.Variable
	Y    frontend.Variable `gnark:",public"`
	Muls int               `gnark:"-"`
}

func (c *chainCircuit) Define(api frontend.API) error {
	v := c.X
	for i := 0; i < c.Muls; i++ {
		v = api.Mul(v, v)
	}
	api.AssertIsEqual(c.Y, v)
	return nil
}

// benchFixture is a ceremony of a chain circuit with N = 2^log, at every
// stage the benchmarks start from.
type benchFixture struct {
	ccs     *cs.R1CS
	open1   *Transcript // phase 1, one contribution
	open2   *Transcript // phase 2, two contributions
	sealed  *Transcript // 1 + 1 contributions, sealed
	commons mpcsetup.SrsCommons
	init2   *mpcsetup.Phase2
	shape   phase2Shape
}

var benchFixtures sync.Map // log2 N -> *benchFixture

func fixture(b *testing.B, log int) *benchFixture {
	if f, ok := benchFixtures.Load(log); ok {
		return f.(*benchFixture)
	}
	b.Helper()
	ccs := compile(b, &chainCircuit{Muls: 1<<log - 2})
	f := &benchFixture{ccs: ccs}
	if n, _ := DomainSize(ccs); n != 1<<log {
		b.Fatalf("chain circuit has N=%d, want 2^%d", n, log)
	}
	tr, err := NewCeremony("bench-chain", ccs)
	must(b, err)
	must(b, ContributePhase1(tr, "one"))
	f.open1 = tr.Clone()
	must(b, SealPhase1(tr, []byte("b1"), "bench beacon 1", ccs))
	must(b, ContributePhase2(tr, "one", ccs))
	sealed := tr.Clone()
	must(b, ContributePhase2(tr, "two", ccs))
	f.open2 = tr
	_, err = Seal(sealed, []byte("b2"), "bench beacon 2", ccs)
	must(b, err)
	f.sealed = sealed
	f.commons, err = sealedCommons(tr, nil)
	must(b, err)
	f.init2, _, err = initialPhase2(ccs, &f.commons)
	must(b, err)
	f.shape = shapeOf(f.init2)
	benchFixtures.Store(log, f)
	return f
}

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

var benchLogs = []int{10, 12, 14}

func forSizes(b *testing.B, run func(b *testing.B, f *benchFixture)) {
	for _, log := range benchLogs {
		b.Run(fmt.Sprintf("N=2^%d", log), func(b *testing.B) {
			f := fixture(b, log)
			b.ResetTimer()
			run(b, f)
		})
	}
}

// BenchmarkSetupSingleParty is the baseline: gnark's groth16.Setup.
func BenchmarkSetupSingleParty(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		for i := 0; i < b.N; i++ {
			if _, _, err := groth16.Setup(f.ccs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPhase1ContributeGnark is gnark's Contribute alone, on a decoded
// object: the baseline for BenchmarkPhase1Contribute.
func BenchmarkPhase1ContributeGnark(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		p, err := parsePhase1(f.open1.Phase1[0].Data, f.open1.DomainSize)
		must(b, err)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			p.Contribute()
		}
	})
}

// BenchmarkPhase1Contribute is one contributor's step: decode the last
// contribution, verify it, contribute, encode.
func BenchmarkPhase1Contribute(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		for i := 0; i < b.N; i++ {
			tr := f.open1.Clone()
			must(b, ContributePhase1(tr, "bench"))
		}
	})
}

// BenchmarkPhase1VerifyOne decodes and verifies one phase-1 contribution.
func BenchmarkPhase1VerifyOne(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		for i := 0; i < b.N; i++ {
			if _, err := verifyPhase1Chain(f.open1); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPhase2Initialize is Phase2.Initialize from the phase-1 output,
// which the first phase-2 contributor and every verifier run.
func BenchmarkPhase2Initialize(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		for i := 0; i < b.N; i++ {
			if _, _, err := initialPhase2(f.ccs, &f.commons); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPhase2ContributeFirst is the first phase-2 contributor's step:
// apply the phase-1 beacon to the last phase-1 contribution, check the
// recorded output, Phase2.Initialize, contribute, encode.
func BenchmarkPhase2ContributeFirst(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		for i := 0; i < b.N; i++ {
			tr := f.open2.Clone()
			tr.Phase2 = nil
			must(b, ContributePhase2(tr, "bench", f.ccs))
		}
	})
}

// BenchmarkPhase2Contribute is a later phase-2 contributor's step (two
// contributions exist): decode two, verify the last, contribute, encode.
func BenchmarkPhase2Contribute(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		for i := 0; i < b.N; i++ {
			tr := f.open2.Clone()
			must(b, ContributePhase2(tr, "bench", f.ccs))
		}
	})
}

// BenchmarkPhase2VerifyOne decodes and verifies one phase-2 contribution
// against its predecessor.
func BenchmarkPhase2VerifyOne(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		for i := 0; i < b.N; i++ {
			next, err := parsePhase2(f.open2.Phase2[0].Data, f.open2.DomainSize, f.shape)
			must(b, err)
			must(b, f.init2.Verify(next))
		}
	})
}

// BenchmarkVerify is the voter's Verify of a sealed 1 + 1 ceremony.
func BenchmarkVerify(b *testing.B) {
	forSizes(b, func(b *testing.B, f *benchFixture) {
		for i := 0; i < b.N; i++ {
			if _, err := Verify(f.sealed, f.ccs); err != nil {
				b.Fatal(err)
			}
		}
	})
}

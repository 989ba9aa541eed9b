package sim_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/dataset"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/merge"
	"github.com/litegpt/litegpt/sidecar/quant"
	"github.com/litegpt/litegpt/sidecar/sim"
	"github.com/litegpt/litegpt/sidecar/wire"
)

var (
	digitsOnce sync.Once
	digitsData sim.Data
	digitsErr  error
)

func digits(t testing.TB) sim.Data {
	t.Helper()
	digitsOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		ds, err := dataset.Digits(filepath.Join(filepath.Dir(file), "..", "datasets", "uci-digits", "digits.csv.gz"))
		if err != nil {
			digitsErr = err
			return
		}
		train, test, err := dataset.TrainTestSplit(ds, 0.25, 1)
		if err != nil {
			digitsErr = err
			return
		}
		digitsData = sim.Data{Train: ds.Subset(train), Test: ds.Subset(test), Format: commit.Format{Bits: 16, Frac: 8}}
	})
	if digitsErr != nil {
		t.Fatal(digitsErr)
	}
	return digitsData
}

func mlpSpec() learn.Spec {
	return learn.Spec{Arch: learn.NewMLP(64, []int{32}, 10), Numerics: learn.DefaultNumerics(8), Seed: 1}
}

func ttSpec() learn.Spec {
	return learn.Spec{Arch: learn.NewTTMLP(64, 32, 10, []int{8, 8}, []int{4, 8}, 4), Numerics: learn.DefaultNumerics(8), Seed: 1}
}

func baseConfig() sim.Config {
	c := sim.DefaultConfig()
	c.Nodes, c.Rounds, c.LocalSteps, c.BatchSize, c.LearningRate = 8, 60, 5, 16, 0.3
	c.EvalEvery = 10
	c.EvalSamples, c.EvalNodes = 0, 0
	return c
}

func run(t *testing.T, spec learn.Spec, c sim.Config) sim.Result {
	t.Helper()
	res, err := sim.Run(spec, c, digits(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%-24s final %.3f (min %.3f) bytes/node %.0f msg %.0f B in %v", c.Name, res.FinalAccuracy, res.FinalMin, res.BytesPerNode, res.MessageBytes, res.Elapsed)
	return res
}

func TestGossipLearnsAndIsReproducible(t *testing.T) {
	c := baseConfig()
	central := c
	central.Name, central.Centralized = "centralized", true
	cr := run(t, mlpSpec(), central)
	g1 := run(t, mlpSpec(), c)
	g2 := run(t, mlpSpec(), c)
	if cr.FinalAccuracy < 0.93 || g1.FinalAccuracy < 0.85 {
		t.Fatalf("centralized %.3f, gossip %.3f: both should learn the digits", cr.FinalAccuracy, g1.FinalAccuracy)
	}
	if g1.FinalAccuracy != g2.FinalAccuracy || g1.BytesPerNode != g2.BytesPerNode || len(g1.Rounds) != len(g2.Rounds) {
		t.Fatal("two runs with the same seed differ")
	}
	for i := range g1.Rounds {
		if g1.Rounds[i] != g2.Rounds[i] {
			t.Fatalf("round %d differs between identical runs", i+1)
		}
	}
	if first, last := g1.Rounds[0].MeanAccuracy, g1.Rounds[len(g1.Rounds)-1].MeanAccuracy; last <= first+0.05 {
		t.Fatalf("accuracy %.3f -> %.3f: gossip should improve across rounds", first, last)
	}
	if cr.BytesPerNode != 0 || g1.BytesPerNode <= 0 || g1.MessageBytes < 4*float64(mlpSpec().Arch.Params()) {
		t.Fatalf("bytes: centralized %.0f, gossip %.0f per node, %.0f per message", cr.BytesPerNode, g1.BytesPerNode, g1.MessageBytes)
	}
}

func TestCompressedGossipSendsFewerBytes(t *testing.T) {
	c := baseConfig()
	plain := run(t, mlpSpec(), c)
	c.Name, c.Wire, c.Feedback = "int8", wire.Options{Precision: quant.Int8, BlockSize: 64}, true
	int8 := run(t, mlpSpec(), c)
	c.Name = "tt-int8"
	ttr := run(t, ttSpec(), c)
	if int8.MessageBytes > plain.MessageBytes/3 || ttr.MessageBytes > int8.MessageBytes/1.5 {
		t.Fatalf("message bytes: plain %.0f, int8 %.0f, tt-int8 %.0f", plain.MessageBytes, int8.MessageBytes, ttr.MessageBytes)
	}
	if int8.FinalAccuracy < plain.FinalAccuracy-0.03 || ttr.FinalAccuracy < 0.8 {
		t.Fatalf("accuracy: plain %.3f, int8 %.3f, tt-int8 %.3f", plain.FinalAccuracy, int8.FinalAccuracy, ttr.FinalAccuracy)
	}
}

func TestRobustMergeResistsSignFlip(t *testing.T) {
	c := baseConfig()
	c.ByzantineBps, c.Attack, c.AttackScale = 2500, sim.SignFlip, 30
	c.Name = "average"
	avg := run(t, mlpSpec(), c)
	c.Name, c.Rule = "median", merge.RuleMedian
	med := run(t, mlpSpec(), c)
	if avg.FinalAccuracy > 0.5 || med.FinalAccuracy < 0.85 {
		t.Fatalf("under 25%% sign-flip nodes: average %.3f (should collapse), median %.3f (should hold)", avg.FinalAccuracy, med.FinalAccuracy)
	}
}

func TestChurnAndNonIID(t *testing.T) {
	c := baseConfig()
	c.ChurnBps, c.Alpha = 3000, 0.5
	res := run(t, mlpSpec(), c)
	for _, r := range res.Rounds {
		if r.Online >= c.Nodes || r.Online < 1 {
			t.Fatalf("round %d: %d of %d nodes online with 30%% churn", r.Round, r.Online, c.Nodes)
		}
	}
	if res.FinalAccuracy < 0.6 {
		t.Fatalf("non-IID gossip with churn reached %.3f", res.FinalAccuracy)
	}
}

func TestConfigValidation(t *testing.T) {
	for _, c := range []struct {
		edit func(*sim.Config)
		want string
	}{
		{func(c *sim.Config) { c.Nodes = 1 }, "nodes must be 2..4096, got 1"},
		{func(c *sim.Config) { c.Rounds = 0 }, "rounds must be 1..100000, got 0"},
		{func(c *sim.Config) { c.LearningRate = 0 }, "learning rate must be in (0, 16]"},
		{func(c *sim.Config) { c.LRFinal = 2 }, "final learning-rate fraction must be in (0, 1]"},
		{func(c *sim.Config) { c.ByzantineBps = 100 }, "Byzantine nodes need an attack"},
		{func(c *sim.Config) { c.Window = 0 }, "window must be 1..64, got 0"},
		{func(c *sim.Config) { c.Fanout = 0 }, "fanout must be 1..7 (distinct peers of 8 nodes, at most 64), got 0"},
		{func(c *sim.Config) { c.Fanout = 8 }, "fanout must be 1..7 (distinct peers of 8 nodes, at most 64), got 8"},
		{func(c *sim.Config) { c.Wire = wire.Options{} }, "unknown precision 0"},
	} {
		cfg := baseConfig()
		c.edit(&cfg)
		if _, err := sim.Run(mlpSpec(), cfg, digits(t), nil); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	wrong := learn.Spec{Arch: learn.NewLogReg(10, 10), Numerics: learn.DefaultNumerics(8)}
	if _, err := sim.Run(wrong, baseConfig(), digits(t), nil); err == nil || !strings.Contains(err.Error(), "64/64 features (train/test), the model 10 inputs") {
		t.Errorf("shape mismatch: %v", err)
	}
	if _, err := sim.ParseAttack("poison"); err == nil {
		t.Error("ParseAttack accepted an unknown attack")
	}
}

func TestReports(t *testing.T) {
	c := baseConfig()
	c.Rounds, c.EvalEvery = 4, 1
	central := c
	central.Name, central.Centralized = "centralized", true
	results := []sim.Result{run(t, mlpSpec(), central), run(t, mlpSpec(), c)}
	var table, csvOut bytes.Buffer
	if err := sim.WriteTable(&table, results, "centralized"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), "vs centralized") || !strings.Contains(table.String(), "gossip") {
		t.Fatalf("table:\n%s", table.String())
	}
	if err := sim.WriteCSV(&csvOut, results); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(csvOut.String(), "\n"); lines != 1+8 {
		t.Fatalf("CSV has %d lines, want a header and 4 rounds of 2 runs", lines)
	}
	dir := t.TempDir()
	for _, f := range []func([]sim.Result, string) error{sim.PlotRounds, sim.PlotBytes} {
		path := filepath.Join(dir, "plot.png")
		if err := f(results, path); err != nil {
			t.Fatal(err)
		}
		bz, err := os.ReadFile(path)
		if err != nil || len(bz) < 1000 || string(bz[1:4]) != "PNG" {
			t.Fatalf("plot: %d bytes, %v", len(bz), err)
		}
	}
}

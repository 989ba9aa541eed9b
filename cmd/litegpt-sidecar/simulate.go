package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/sidecar/merge"
	"github.com/litegpt/litegpt/sidecar/quant"
	"github.com/litegpt/litegpt/sidecar/sim"
	"github.com/litegpt/litegpt/sidecar/wire"
)

// scenarioNames are the runs simulate knows, in the order it runs them.
var scenarioNames = []string{"centralized", "plain", "int8", "tt-centralized", "tt-int8", "byzantine-average", "byzantine-robust", "non-iid"}

type simulateFlags struct {
	data       dataFlags
	model      modelFlags
	scenarios  []string
	base       sim.Config
	churn      float64
	byzantine  float64
	attack     string
	robust     string
	alpha      float64
	precision  string
	keep       float64
	out        string
	quiet      bool
	noFeedback bool
}

func newSimulateCmd() *cobra.Command {
	f := &simulateFlags{base: sim.DefaultConfig()}
	cmd := &cobra.Command{
		Use:   "simulate",
		Short: "Gossip learning in process: plain vs compressed vs centralized, with churn and Byzantine nodes",
		Long: `simulate runs N in-process gossip nodes (no network) on a data set and compares
training runs ("scenarios"):

  centralized        one node, all the data, as many steps per round as the whole network
  plain              gossip, lossless int32 messages, average merge
  int8               gossip, int8 blockwise messages with error feedback
  tt-centralized     centralized training of the tensor-train MLP
  tt-int8            gossip of the tensor-train MLP, int8 cores, TT rounding after merges
  byzantine-average  plain, with --byzantine nodes attacking, average merge
  byzantine-robust   the same attack, --robust merge
  non-iid            plain, with a Dirichlet(--alpha) label split

Every gossip run has --churn. It prints a progress line per round, a table at the end,
and writes rounds.csv, accuracy-rounds.png and accuracy-bytes.png to --out.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.run(cmd.OutOrStdout(), cmd.ErrOrStderr()) },
	}
	fs := cmd.Flags()
	f.data.register(fs)
	f.model.register(fs, "mlp")
	fs.StringSliceVar(&f.scenarios, "scenarios", scenarioNames, "scenarios to run: "+strings.Join(scenarioNames, ", "))
	fs.IntVar(&f.base.Nodes, "nodes", 32, "gossip nodes")
	fs.IntVar(&f.base.Rounds, "rounds", 400, "rounds")
	fs.IntVar(&f.base.LocalSteps, "local-steps", 2, "SGD steps per node per round")
	fs.IntVar(&f.base.BatchSize, "batch-size", 16, "samples per step")
	fs.Float64Var(&f.base.LearningRate, "lr", 0.3, "learning rate")
	fs.Float64Var(&f.base.LRFinal, "lr-final", 0.1, "fraction of --lr reached at the last round (linear decay; 1: constant)")
	fs.Float64Var(&f.keep, "keep", 1, "trimmed-loss: fraction of each batch kept (lowest loss), in (0, 1]")
	fs.IntVar(&f.base.GroupCap, "group-cap", 0, "cap on samples per group in each shard (0: none)")
	fs.IntVar(&f.base.Window, "window", 4, "received models a node merges at once (robust rules wait for a full window)")
	fs.IntVar(&f.base.Fanout, "fanout", 1, "distinct peers each node sends its model to per round (bytes grow with it)")
	fs.Float64Var(&f.churn, "churn", 0.1, "probability that a node is offline in a round")
	fs.Float64Var(&f.byzantine, "byzantine", 0.2, "fraction of Byzantine nodes in the byzantine-* scenarios")
	fs.StringVar(&f.attack, "attack", "sign-flip", "Byzantine attack: label-flip, sign-flip or scale")
	fs.Int64Var(&f.base.AttackScale, "attack-scale", 30, "amplification of the sign-flip and scale attacks")
	fs.StringVar(&f.robust, "robust", "median", "merge rule of byzantine-robust: median, trimmed-mean, krum or clipped")
	fs.Float64Var(&f.alpha, "alpha", 0.5, "Dirichlet concentration of the non-iid scenario")
	fs.StringVar(&f.precision, "precision", "int8", "precision of the compressed scenarios: fp16, int8 or int4")
	fs.BoolVar(&f.noFeedback, "no-feedback", false, "compressed scenarios without error feedback")
	fs.BoolVar(&f.base.Commit, "commit", false, "compute every message's Poseidon2 weights commitment (slow for large models; sizes are the same)")
	fs.IntVar(&f.base.EvalEvery, "eval-every", 20, "evaluate every this many rounds")
	fs.IntVar(&f.base.EvalSamples, "eval-samples", 1000, "test samples per round's evaluation (the final one uses the whole test set)")
	fs.IntVar(&f.base.EvalNodes, "eval-nodes", 8, "honest nodes evaluated per round (0: all; the final evaluation uses all)")
	fs.Uint64Var(&f.base.Seed, "sim-seed", 1, "seed of shards, churn, Byzantine choice and peer sampling")
	fs.StringVar(&f.out, "out", "build/simulate", "directory for rounds.csv and the PNG plots")
	fs.BoolVar(&f.quiet, "quiet", false, "no progress line")
	return cmd
}

// configs turns the flags into one sim.Config per scenario.
func (f *simulateFlags) configs() ([]sim.Config, error) {
	for _, p := range []struct {
		name string
		v    float64
		max  float64
	}{{"churn", f.churn, 0.9999}, {"byzantine", f.byzantine, 0.9999}, {"keep", f.keep, 1}} {
		if !(p.v >= 0 && p.v <= p.max) || (p.name == "keep" && p.v == 0) {
			return nil, fmt.Errorf("--%s must be in [0, %g] (keep: (0, 1]), got %v", p.name, p.max, p.v)
		}
	}
	attack, err := sim.ParseAttack(f.attack)
	if err != nil {
		return nil, fmt.Errorf("--attack: %w", err)
	}
	robust, err := merge.ParseRule(f.robust)
	if err != nil {
		return nil, fmt.Errorf("--robust: %w", err)
	}
	precision, err := quant.ParsePrecision(f.precision)
	if err != nil {
		return nil, fmt.Errorf("--precision: %w", err)
	}
	if !(f.alpha > 0) {
		return nil, fmt.Errorf("--alpha must be positive, got %v", f.alpha)
	}
	base := f.base
	base.KeepBps = uint32(f.keep*10000 + 0.5)
	base.ChurnBps = uint32(f.churn*10000 + 0.5)
	compressed := wire.Options{Precision: precision, BlockSize: wire.DefaultBlockSize}
	seen := map[string]bool{}
	var out []sim.Config
	for _, name := range f.scenarios {
		if seen[name] {
			return nil, fmt.Errorf("--scenarios: %q is listed twice", name)
		}
		seen[name] = true
		c := base
		c.Name = name
		switch name {
		case "centralized", "tt-centralized":
			c.Centralized, c.ChurnBps = true, 0
		case "plain":
		case "int8", "tt-int8":
			c.Wire, c.Feedback = compressed, !f.noFeedback
			c.Name = strings.Replace(name, "int8", precision.String(), 1)
		case "byzantine-average", "byzantine-robust":
			c.ByzantineBps, c.Attack = uint32(f.byzantine*10000+0.5), attack
			if name == "byzantine-robust" {
				c.Rule = robust
				c.Name = "byzantine-" + robust.String()
			}
		case "non-iid":
			c.Alpha = f.alpha
		default:
			return nil, fmt.Errorf("--scenarios: unknown scenario %q: expected %s", name, strings.Join(scenarioNames, ", "))
		}
		if err := c.Validate(); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--scenarios: nothing to run")
	}
	return out, nil
}

func (f *simulateFlags) run(stdout, stderr io.Writer) error {
	configs, err := f.configs()
	if err != nil {
		return err
	}
	train, test, err := f.data.load()
	if err != nil {
		return err
	}
	classes := max(train.Classes, test.Classes)
	data := sim.Data{Train: train, Test: test, Format: inputFormat}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "data: %d training and %d test samples, %d features, %d classes\n", train.Len(), test.Len(), train.Features, classes)
	tty := isTerminal(stderr)
	var results []sim.Result
	for i, c := range configs {
		kind := f.model.kind
		if strings.HasPrefix(c.Name, "tt-") {
			kind = "tt-mlp"
		}
		spec, err := f.model.spec(kind, train.Features, classes)
		if err != nil {
			return err
		}
		started := time.Now()
		progress := func(p sim.Progress) {
			if f.quiet || !p.Evaluated {
				return
			}
			if !tty { // a log: one line per evaluation
				fmt.Fprintf(stderr, "[%d/%d] %s round %d/%d accuracy %.3f (min %.3f) %.2f MB/node\n",
					i+1, len(configs), p.Name, p.Round, p.Rounds, p.Stats.MeanAccuracy, p.Stats.MinAccuracy, p.Stats.BytesPerNode/1e6)
				return
			}
			fmt.Fprintf(stderr, "\r[%d/%d] %-22s round %4d/%d  accuracy %.3f (min %.3f)  %8.2f MB/node  %5.1fs ",
				i+1, len(configs), p.Name, p.Round, p.Rounds, p.Stats.MeanAccuracy, p.Stats.MinAccuracy, p.Stats.BytesPerNode/1e6, time.Since(started).Seconds())
		}
		res, err := sim.Run(spec, c, data, progress)
		if err != nil {
			return err
		}
		if !f.quiet {
			prefix, pad := "", ""
			if tty {
				prefix, pad = "\r", strings.Repeat(" ", 30)
			}
			fmt.Fprintf(stderr, "%s[%d/%d] %-22s done: accuracy %.4f (min %.4f) in %v%s\n", prefix, i+1, len(configs), c.Name,
				res.FinalAccuracy, res.FinalMin, res.Elapsed.Round(100*time.Millisecond), pad)
		}
		results = append(results, res)
	}
	fmt.Fprintln(stdout)
	if err := sim.WriteTable(stdout, results, "centralized"); err != nil {
		return err
	}
	csvPath := filepath.Join(f.out, "rounds.csv")
	file, err := os.Create(csvPath)
	if err != nil {
		return err
	}
	if err := sim.WriteCSV(file, results); err != nil {
		file.Close()
		return err
	}
	if err := file.Close(); err != nil {
		return err
	}
	roundsPNG, bytesPNG := filepath.Join(f.out, "accuracy-rounds.png"), filepath.Join(f.out, "accuracy-bytes.png")
	if err := sim.PlotRounds(results, roundsPNG); err != nil {
		return err
	}
	if err := sim.PlotBytes(results, bytesPNG); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nwrote %s, %s and %s\n", csvPath, roundsPNG, bytesPNG)
	return nil
}

// isTerminal reports whether w is a character device (a progress line
// rewritten in place), not a file or pipe (one line per update).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

package main

import (
	"fmt"
	"io"
	"math"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/dataset"
	"github.com/litegpt/litegpt/sidecar/learn"
)

type trainFlags struct {
	data        dataFlags
	model       modelFlags
	epochs      int
	batchSize   int
	lr          float64
	keep        float64
	groupCap    int
	out         string
	init        string
	shuffleSeed uint64
	float       bool
}

// modelFlagNames are the flags that shape a new model; with --init the
// spec comes from the file, so they must not be given.
var modelFlagNames = []string{"model", "hidden", "tt-in-modes", "tt-out-modes", "tt-cores", "tt-rank", "seed"}

func newTrainCmd() *cobra.Command {
	f := &trainFlags{}
	cmd := &cobra.Command{
		Use:   "train --out FILE",
		Short: "Train a model with the fixed-point SGD step and write it as a model file",
		Long: `train runs the fixed-point mini-batch SGD step (sidecar/learn, the one verifiers
re-execute) over a data set for --epochs epochs, in a fresh seeded order each epoch,
the last partial batch included. It prints one row per epoch: the mean loss of the
rows trained on, the training accuracy (before each step), the test accuracy and the
elapsed time; then the model file, its parameter count and weights commitment.

The model file is the lossless wire message (sidecar/wire, int32) with the samples
trained on and the age (steps); --init continues from such a file. With the same
flags, two runs write byte-identical files on any machine.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.run(cmd) },
	}
	fs := cmd.Flags()
	f.data.register(fs)
	f.model.register(fs, "mlp")
	fs.IntVar(&f.epochs, "epochs", 10, "passes over the training data")
	fs.IntVar(&f.batchSize, "batch-size", 32, "samples per SGD step")
	fs.Float64Var(&f.lr, "lr", 0.1, "learning rate")
	fs.Float64Var(&f.keep, "keep", 1, "trimmed-loss: fraction of each batch trained on (lowest loss), in (0, 1]; 1 keeps all")
	fs.IntVar(&f.groupCap, "group-cap", 0, "keep at most this many training samples per group (0: no cap; CSV needs --group-column)")
	fs.StringVar(&f.out, "out", "", "model file to write (required)")
	fs.StringVar(&f.init, "init", "", "model file to continue training from (its spec must fit the data)")
	fs.Uint64Var(&f.shuffleSeed, "shuffle-seed", 1, "seed of the per-epoch order and the --group-cap choice")
	fs.BoolVar(&f.float, "float", false, "also train the float64 reference from the same weights and report its test accuracy")
	return cmd
}

// trainRun is the validated state of one run.
type trainRun struct {
	cfg      learn.StepConfig
	keep     float64 // cfg.KeepBps as a fraction, for the float reference
	model    *learn.Model
	samples  uint64
	age      uint64
	from     string // the --init file, or "" for a new model
	train    encoded
	test     encoded
	capped   string // what --group-cap did, or ""
	dataName string
}

// encoded is rows of raw Q8.8 features and their labels.
type encoded struct {
	features []int64
	labels   []int
}

func (e encoded) len() int { return len(e.labels) }

// validate checks the flags that need no data and returns the keep
// fraction in basis points.
func (f *trainFlags) validate() (uint32, error) {
	if f.out == "" {
		return 0, fmt.Errorf("--out is required: the model file to write")
	}
	dir := filepath.Dir(f.out)
	if st, err := os.Stat(dir); err != nil {
		return 0, fmt.Errorf("--out %s: its directory: %w", f.out, err)
	} else if !st.IsDir() {
		return 0, fmt.Errorf("--out %s: %s is not a directory", f.out, dir)
	}
	if st, err := os.Stat(f.out); err == nil && st.IsDir() {
		return 0, fmt.Errorf("--out %s is a directory, expected a file path", f.out)
	}
	if f.epochs < 1 {
		return 0, fmt.Errorf("--epochs must be at least 1, got %d", f.epochs)
	}
	if f.batchSize < 1 || f.batchSize > learn.MaxBatch {
		return 0, fmt.Errorf("--batch-size must be 1..%d, got %d", learn.MaxBatch, f.batchSize)
	}
	if !(f.lr > 0) || math.IsInf(f.lr, 0) {
		return 0, fmt.Errorf("--lr must be a positive number, got %v", f.lr)
	}
	if !(f.keep > 0 && f.keep <= 1) {
		return 0, fmt.Errorf("--keep must be in (0, 1] (the fraction of each batch trained on), got %v", f.keep)
	}
	bps := uint32(math.Round(f.keep * 10000))
	if bps < 1 {
		return 0, fmt.Errorf("--keep %v is below one basis point (0.0001), the smallest kept fraction", f.keep)
	}
	if f.groupCap < 0 {
		return 0, fmt.Errorf("--group-cap must be 0 (no cap) or positive, got %d", f.groupCap)
	}
	return bps, nil
}

// prepare validates the flags, loads and encodes the data and builds or
// reads the starting model.
func (f *trainFlags) prepare(cmd *cobra.Command) (*trainRun, error) {
	bps, err := f.validate()
	if err != nil {
		return nil, err
	}
	r := &trainRun{keep: float64(bps) / 10000, from: f.init}
	var initial *learn.Model
	if f.init != "" {
		var given []string
		for _, name := range modelFlagNames {
			if cmd.Flags().Changed(name) {
				given = append(given, "--"+name)
			}
		}
		if len(given) > 0 {
			return nil, fmt.Errorf("--init %s takes the model's spec from the file: do not give %s", f.init, strings.Join(given, ", "))
		}
		msg, err := readModelFile(f.init)
		if err != nil {
			return nil, fmt.Errorf("--init: %w", err)
		}
		initial, r.samples, r.age = msg.Model, msg.Samples, msg.Age
	}
	train, test, err := f.data.load()
	if err != nil {
		return nil, err
	}
	if err := checkClassNames(train, test); err != nil {
		return nil, err
	}
	r.dataName = train.Name
	if initial != nil {
		what := fmt.Sprintf("--init model %s", f.init)
		if err := checkDataShape(initial.Spec, train, what); err != nil {
			return nil, err
		}
		if err := checkDataShape(initial.Spec, test, what); err != nil {
			return nil, err
		}
		r.model = initial
	} else {
		spec, err := f.model.spec(f.model.kind, train.Features, max(train.Classes, test.Classes))
		if err != nil {
			return nil, fmt.Errorf("model: %w", err)
		}
		if r.model, err = learn.Init(spec); err != nil {
			return nil, fmt.Errorf("model: %w", err)
		}
	}
	r.cfg = learn.StepConfig{LearningRate: learn.LearningRateRaw(f.lr, r.model.Spec.Numerics), KeepBps: bps}
	if err := r.cfg.Validate(); err != nil {
		return nil, fmt.Errorf("--lr %v with %d fractional bits: %w", f.lr, r.model.Spec.Numerics.LRFrac, err)
	}
	indices := allIndices(train.Len())
	if f.groupCap > 0 {
		if train.Groups == nil {
			return nil, fmt.Errorf("--group-cap %d needs a group per sample, and the data %q has none: give --group-column (CSV)", f.groupCap, train.Name)
		}
		indices = dataset.CapPerGroup(train, indices, f.groupCap, f.shuffleSeed)
		r.capped = fmt.Sprintf("group cap %d: %d of %d training samples kept", f.groupCap, len(indices), train.Len())
	}
	if r.train.features, r.train.labels, err = dataset.Encode(train, indices, inputFormat, commit.RoundNearestEven); err != nil {
		return nil, fmt.Errorf("training data: %w", err)
	}
	if r.test.features, r.test.labels, err = dataset.Encode(test, allIndices(test.Len()), inputFormat, commit.RoundNearestEven); err != nil {
		return nil, fmt.Errorf("test data: %w", err)
	}
	return r, nil
}

func (f *trainFlags) run(cmd *cobra.Command) error {
	r, err := f.prepare(cmd)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	spec := r.model.Spec
	fmt.Fprintf(w, "data: %s: %d training and %d test samples, %d features\n", r.dataName, r.train.len(), r.test.len(), spec.Arch.Inputs)
	if r.capped != "" {
		fmt.Fprintln(w, r.capped)
	}
	if r.from != "" {
		fmt.Fprintf(w, "model: %s, %d parameters, from %s (trained on %d samples, age %d)\n", spec.Arch, spec.Arch.Params(), r.from, r.samples, r.age)
	} else {
		fmt.Fprintf(w, "model: %s, %d parameters, seed %d\n", spec.Arch, spec.Arch.Params(), spec.Seed)
	}
	fmt.Fprintf(w, "training: %d epochs, batch %d, lr %v, keep %.4f\n", f.epochs, f.batchSize, f.lr, r.keep)
	if err := f.epochsLoop(cmd, w, r); err != nil {
		return err
	}
	if err := writeModelFile(f.out, r.model, r.samples, r.age); err != nil {
		return err
	}
	c, err := r.model.Commitment()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "wrote %s: %s, %d parameters, weights commitment %s (trained on %d samples, age %d)\n",
		f.out, spec.Arch, spec.Arch.Params(), c, r.samples, r.age)
	return nil
}

// epochsLoop trains r.model in place (and the float reference with
// --float), printing a row per epoch.
func (f *trainFlags) epochsLoop(cmd *cobra.Command, w io.Writer, r *trainRun) error {
	inputs := r.model.Spec.Arch.Inputs
	inputFrac := int(r.model.Spec.Numerics.InputFrac)
	var ref *learn.FloatModel
	var testX *mat.Dense
	if f.float {
		ref = learn.ToFloat(r.model)
		testX = floatRows(r.test.features, inputs, inputFrac)
	}
	header := fmt.Sprintf("%5s  %8s  %9s  %8s", "epoch", "loss", "train acc", "test acc")
	if f.float {
		header += fmt.Sprintf("  %9s", "float acc")
	}
	fmt.Fprintf(w, "%s  %s\n", header, "elapsed")
	// The order depends on the seed and the age the run starts from, so a
	// continued run does not replay the first run's order.
	order := newShuffler(f.shuffleSeed, r.age)
	perm := allIndices(r.train.len())
	batch := learn.Batch{Features: make([]int64, 0, f.batchSize*inputs), Labels: make([]int, 0, f.batchSize)}
	started := time.Now()
	ctx := cmd.Context()
	for epoch := 1; epoch <= f.epochs; epoch++ {
		order.shuffle(perm)
		var lossSum float64
		var kept, correct, seen int
		for from := 0; from < len(perm); from += f.batchSize {
			if ctx != nil && ctx.Err() != nil {
				return fmt.Errorf("epoch %d: %w", epoch, ctx.Err())
			}
			batch.Features, batch.Labels = batch.Features[:0], batch.Labels[:0]
			for _, i := range perm[from:min(from+f.batchSize, len(perm))] {
				batch.Features = append(batch.Features, r.train.features[i*inputs:(i+1)*inputs]...)
				batch.Labels = append(batch.Labels, r.train.labels[i])
			}
			next, st, err := learn.Step(r.model, batch, r.cfg)
			if err != nil {
				return fmt.Errorf("epoch %d, batch %d: %w (a smaller --lr may help)", epoch, from/f.batchSize+1, err)
			}
			if ref != nil {
				if ref, err = learn.FloatStep(ref, floatRows(batch.Features, inputs, inputFrac), batch.Labels, f.lr, r.keep); err != nil {
					return fmt.Errorf("epoch %d: float reference: %w", epoch, err)
				}
			}
			r.model = next
			r.samples += uint64(st.Kept)
			r.age++
			lossSum += st.Loss * float64(st.Kept)
			kept += st.Kept
			correct += st.Correct
			seen += st.Samples
		}
		pred, err := predictAll(r.model, r.test.features, r.test.labels)
		if err != nil {
			return fmt.Errorf("epoch %d: test set: %w", epoch, err)
		}
		row := fmt.Sprintf("%5d  %8.4f  %9.4f  %8.4f", epoch, lossSum/float64(max(kept, 1)),
			float64(correct)/float64(max(seen, 1)), accuracyOf(pred, r.test.labels))
		if ref != nil {
			row += fmt.Sprintf("  %9.4f", accuracyOf(ref.FloatPredict(testX), r.test.labels))
		}
		fmt.Fprintf(w, "%s  %s\n", row, time.Since(started).Round(time.Millisecond))
	}
	return nil
}

// floatRows is raw fixed-point rows as real values.
func floatRows(raw []int64, inputs, frac int) *mat.Dense {
	x := make([]float64, len(raw))
	for i, v := range raw {
		x[i] = math.Ldexp(float64(v), -frac)
	}
	return mat.NewDense(len(raw)/inputs, inputs, x)
}

// shuffler is a seeded Fisher-Yates shuffle on PCG's Uint64 with Lemire's
// unbiased bounded integers: this package's own code, not rand.Rand's
// Shuffle, so the order cannot change with a Go release.
type shuffler struct{ src *rand.PCG }

func newShuffler(seed, stream uint64) shuffler {
	return shuffler{src: rand.NewPCG(seed, stream^0x747261696e6f7264)} // "trainord"
}

// below is uniform in [0, n), n > 0.
func (s shuffler) below(n uint64) uint64 {
	hi, lo := bits.Mul64(s.src.Uint64(), n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(s.src.Uint64(), n)
		}
	}
	return hi
}

func (s shuffler) shuffle(p []int) {
	for i := len(p) - 1; i > 0; i-- {
		j := s.below(uint64(i + 1))
		p[i], p[j] = p[j], p[i]
	}
}

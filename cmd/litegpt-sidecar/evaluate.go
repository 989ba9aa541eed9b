package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/dataset"
	"github.com/litegpt/litegpt/sidecar/learn"
)

type evaluateFlags struct {
	data  dataFlags
	model string
	split string
	json  bool
}

// evalSplits are the parts of the data evaluate can score.
var evalSplits = []string{"test", "train", "all"}

func newEvaluateCmd() *cobra.Command {
	f := &evaluateFlags{}
	cmd := &cobra.Command{
		Use:   "evaluate --model FILE",
		Short: "Score a model file on a data set: accuracy, per-class recall and precision, confusion matrix",
		Long: `evaluate decodes a model file written by train (the wire format: it checks every
field and the weights commitment), checks that the data has the model's shape, runs
the fixed-point forward pass and prints the accuracy, the mean cross-entropy, a
per-class table and the confusion matrix (or all of it as JSON with --json).

The data flags are those of train: with the same --data, --data-seed and
--test-fraction, --split test scores exactly the samples train reported as "test acc".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.run(cmd.OutOrStdout()) },
	}
	fs := cmd.Flags()
	f.data.register(fs)
	fs.StringVar(&f.model, "model", "", "model file to evaluate (required)")
	fs.StringVar(&f.split, "split", "test", "samples to score: test (held out or --test), train or all (both)")
	fs.BoolVar(&f.json, "json", false, "print one JSON object instead of tables")
	return cmd
}

func (f *evaluateFlags) run(stdout io.Writer) error {
	if f.model == "" {
		return fmt.Errorf("--model is required: the model file to evaluate (written by train --out)")
	}
	if !contains(evalSplits, f.split) {
		return fmt.Errorf("--split %q: expected %s", f.split, strings.Join(evalSplits, ", "))
	}
	msg, err := readModelFile(f.model)
	if err != nil {
		return err
	}
	train, test, err := f.data.load()
	if err != nil {
		return err
	}
	if err := checkClassNames(train, test); err != nil {
		return err
	}
	var ds dataset.Dataset
	switch f.split {
	case "test":
		ds = test
	case "train":
		ds = train
	case "all":
		if ds, err = concat(train, test); err != nil {
			return err
		}
	}
	spec := msg.Model.Spec
	if err := checkDataShape(spec, ds, fmt.Sprintf("model file %s", f.model)); err != nil {
		return err
	}
	features, labels, err := dataset.Encode(ds, allIndices(ds.Len()), inputFormat, commit.RoundNearestEven)
	if err != nil {
		return err
	}
	rep, err := evaluateModel(msg.Model, features, labels)
	if err != nil {
		return err
	}
	rep.Model, rep.Arch, rep.Params = f.model, spec.Arch.String(), spec.Arch.Params()
	rep.Samples, rep.Age, rep.Commitment = msg.Samples, msg.Age, msg.Commitment.String()
	rep.Data, rep.Split = ds.Name, f.split
	for i := range rep.Classes {
		if i < len(ds.ClassNames) {
			rep.Classes[i].Name = ds.ClassNames[i]
		}
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.writeText(stdout)
	return nil
}

// checkDataShape reports, naming what, a data set whose width or labels do
// not fit the spec: the model must take exactly the data's features and
// predict at least its classes.
func checkDataShape(spec learn.Spec, ds dataset.Dataset, what string) error {
	a := spec.Arch
	if ds.Features != a.Inputs {
		return fmt.Errorf("%s (%s) takes %d inputs, but the data %q has %d features per sample", what, a, a.Inputs, ds.Name, ds.Features)
	}
	if ds.Classes > a.Classes {
		return fmt.Errorf("%s (%s) predicts %d classes, but the data %q has %d (labels up to %d)", what, a, a.Classes, ds.Name, ds.Classes, ds.Classes-1)
	}
	return nil
}

// checkClassNames rejects a separate test file whose text labels number
// the classes differently from the training file's.
func checkClassNames(train, test dataset.Dataset) error {
	if train.Features != test.Features {
		return fmt.Errorf("the training data %q has %d features per sample, the test data %q has %d", train.Name, train.Features, test.Name, test.Features)
	}
	if (train.ClassNames == nil) != (test.ClassNames == nil) {
		return fmt.Errorf("the training data %q and the test data %q disagree on labels: one has class names, the other integer labels", train.Name, test.Name)
	}
	if train.ClassNames != nil && strings.Join(train.ClassNames, "\x00") != strings.Join(test.ClassNames, "\x00") {
		return fmt.Errorf("the training data %q has classes %q, the test data %q has %q: class numbers would differ", train.Name, train.ClassNames, test.Name, test.ClassNames)
	}
	return nil
}

// concat is train followed by test.
func concat(a, b dataset.Dataset) (dataset.Dataset, error) {
	if a.Features != b.Features {
		return dataset.Dataset{}, fmt.Errorf("cannot join %d-feature and %d-feature data", a.Features, b.Features)
	}
	out := dataset.Dataset{Features: a.Features, Classes: max(a.Classes, b.Classes), ClassNames: a.ClassNames, Name: a.Name}
	if len(b.ClassNames) > len(a.ClassNames) {
		out.ClassNames = b.ClassNames
	}
	out.X = append(append(out.X, a.X...), b.X...)
	out.Y = append(append(out.Y, a.Y...), b.Y...)
	return out, nil
}

func allIndices(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// evalChunk bounds the rows of one forward pass (learn.MaxBatch is the
// hard limit).
const evalChunk = 4096

// predictAll is learn.Predict over any number of rows, in chunks.
func predictAll(m *learn.Model, features []int64, labels []int) ([]int, error) {
	inputs := m.Spec.Arch.Inputs
	out := make([]int, 0, len(labels))
	for from := 0; from < len(labels); from += evalChunk {
		to := min(from+evalChunk, len(labels))
		p, err := learn.Predict(m, learn.Batch{Features: features[from*inputs : to*inputs], Labels: labels[from:to]})
		if err != nil {
			return nil, err
		}
		out = append(out, p...)
	}
	return out, nil
}

// accuracyOf is the fraction of predictions equal to their labels.
func accuracyOf(pred, labels []int) float64 {
	if len(labels) == 0 {
		return 0
	}
	ok := 0
	for i, p := range pred {
		if p == labels[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(labels))
}

// evalReport is what evaluate prints; with --json, this object.
type evalReport struct {
	Model        string       `json:"model"`
	Arch         string       `json:"arch"`
	Params       int          `json:"params"`
	Samples      uint64       `json:"samples_trained"`
	Age          uint64       `json:"age"`
	Commitment   string       `json:"commitment"`
	Data         string       `json:"data"`
	Split        string       `json:"split"`
	Total        int          `json:"total"`
	Correct      int          `json:"correct"`
	Accuracy     float64      `json:"accuracy"`
	CrossEntropy float64      `json:"mean_cross_entropy"`
	Classes      []classStats `json:"classes"`
	// Confusion[t][p] counts samples of true class t predicted as p.
	Confusion [][]int `json:"confusion"`
}

// classStats is one row of the per-class table. Recall (the class's own
// accuracy) is 0 for a class without samples, precision 0 for a class
// never predicted.
type classStats struct {
	Class     int     `json:"class"`
	Name      string  `json:"name,omitempty"`
	Samples   int     `json:"samples"`
	Correct   int     `json:"correct"`
	Predicted int     `json:"predicted"`
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
}

// evaluateModel scores m on encoded rows: predictions are learn.Predict's
// (arg-max logit, ties to the lowest class); the cross-entropy is the
// exact float64 log-softmax of the fixed-point logits, for display only.
func evaluateModel(m *learn.Model, features []int64, labels []int) (evalReport, error) {
	classes, inputs := m.Spec.Arch.Classes, m.Spec.Arch.Inputs
	rep := evalReport{Total: len(labels), Confusion: make([][]int, classes)}
	for i := range rep.Confusion {
		rep.Confusion[i] = make([]int, classes)
	}
	if len(labels) == 0 {
		return rep, fmt.Errorf("no samples to evaluate")
	}
	frac := -int(m.Spec.Numerics.ActFrac)
	ce := 0.0
	for from := 0; from < len(labels); from += evalChunk {
		to := min(from+evalChunk, len(labels))
		z, err := learn.Logits(m, learn.Batch{Features: features[from*inputs : to*inputs], Labels: labels[from:to]})
		if err != nil {
			return rep, err
		}
		for r := range z.Rows {
			row := z.Data[r*z.Cols : (r+1)*z.Cols]
			best := learn.Argmax(row)
			y := labels[from+r]
			rep.Confusion[y][best]++
			top := math.Ldexp(float64(row[best]), frac)
			sum := 0.0
			for _, v := range row {
				sum += math.Exp(math.Ldexp(float64(v), frac) - top)
			}
			ce += top + math.Log(sum) - math.Ldexp(float64(row[y]), frac)
		}
	}
	rep.CrossEntropy = ce / float64(len(labels))
	for c := range classes {
		s := classStats{Class: c}
		for p := range classes {
			s.Samples += rep.Confusion[c][p]
			s.Predicted += rep.Confusion[p][c]
		}
		s.Correct = rep.Confusion[c][c]
		if s.Samples > 0 {
			s.Recall = float64(s.Correct) / float64(s.Samples)
		}
		if s.Predicted > 0 {
			s.Precision = float64(s.Correct) / float64(s.Predicted)
		}
		rep.Correct += s.Correct
		rep.Classes = append(rep.Classes, s)
	}
	rep.Accuracy = float64(rep.Correct) / float64(rep.Total)
	return rep, nil
}

// writeText prints the report as tables.
func (r *evalReport) writeText(w io.Writer) {
	fmt.Fprintf(w, "model: %s: %s, %d parameters, trained on %d samples, age %d\n", r.Model, r.Arch, r.Params, r.Samples, r.Age)
	fmt.Fprintf(w, "commitment: %s\n", r.Commitment)
	fmt.Fprintf(w, "data: %s (%s), %d samples\n", r.Data, r.Split, r.Total)
	fmt.Fprintf(w, "accuracy: %.4f (%d/%d)\n", r.Accuracy, r.Correct, r.Total)
	fmt.Fprintf(w, "mean cross-entropy: %.4f\n\n", r.CrossEntropy)
	names := false
	nameWidth := len("name")
	for _, c := range r.Classes {
		names = names || c.Name != ""
		nameWidth = max(nameWidth, len(c.Name))
	}
	nameCol := func(s string) string {
		if !names {
			return ""
		}
		return fmt.Sprintf("  %-*s", nameWidth, s)
	}
	fmt.Fprintf(w, "%5s%s  %7s  %7s  %9s  %6s  %9s\n", "class", nameCol("name"), "samples", "correct", "predicted", "recall", "precision")
	for _, c := range r.Classes {
		fmt.Fprintf(w, "%5d%s  %7d  %7d  %9d  %6.4f  %9.4f\n", c.Class, nameCol(c.Name), c.Samples, c.Correct, c.Predicted, c.Recall, c.Precision)
	}
	fmt.Fprintln(w, "\nconfusion matrix (rows: true class, columns: predicted class)")
	width := len(fmt.Sprint(len(r.Classes) - 1))
	for _, row := range r.Confusion {
		for _, v := range row {
			width = max(width, len(fmt.Sprint(v)))
		}
	}
	fmt.Fprintf(w, "%*s", width+1, "")
	for c := range r.Classes {
		fmt.Fprintf(w, " %*d", width, c)
	}
	fmt.Fprintln(w)
	for t, row := range r.Confusion {
		fmt.Fprintf(w, "%*d:", width, t)
		for _, v := range row {
			fmt.Fprintf(w, " %*d", width, v)
		}
		fmt.Fprintln(w)
	}
}

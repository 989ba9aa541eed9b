package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/litegpt/litegpt/sidecar/wire"
)

// runCLI runs the command tree in process and returns what it printed.
func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runCLI(t, args...)
	if err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// epochRow is one parsed row of train's table.
type epochRow struct {
	epoch             int
	loss, train, test string
}

// epochRows parses the per-epoch rows of train's output.
func epochRows(t *testing.T, out string) []epochRow {
	t.Helper()
	var rows []epochRow
	inTable := false
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "epoch" {
			inTable = true
			continue
		}
		if !inTable || len(f) < 5 {
			continue
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			continue
		}
		rows = append(rows, epochRow{epoch: n, loss: f[1], train: f[2], test: f[3]})
	}
	if len(rows) == 0 {
		t.Fatalf("no epoch rows in:\n%s", out)
	}
	return rows
}

var wroteLine = regexp.MustCompile(`wrote (\S+): (.+), (\d+) parameters, weights commitment ([0-9a-f]{64}) \(trained on (\d+) samples, age (\d+)\)`)

// wrote parses train's last line: parameters, commitment, samples, age.
func wrote(t *testing.T, out string) (params int, commitment string, samples, age uint64) {
	t.Helper()
	m := wroteLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no \"wrote\" line in:\n%s", out)
	}
	params, _ = strconv.Atoi(m[3])
	samples, _ = strconv.ParseUint(m[5], 10, 64)
	age, _ = strconv.ParseUint(m[6], 10, 64)
	return params, m[4], samples, age
}

func evaluateJSON(t *testing.T, args ...string) evalReport {
	t.Helper()
	out := mustRun(t, append([]string{"evaluate", "--json"}, args...)...)
	var rep evalReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("evaluate --json: %v\n%s", err, out)
	}
	return rep
}

// TestTrainEvaluateDigits trains logistic regression on the bundled digits
// for three epochs, scores the file with evaluate (which must agree with
// train's last test accuracy and commitment), then continues from the file
// with --init.
func TestTrainEvaluateDigits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "digits.model")
	out := mustRun(t, "train", "--model", "logreg", "--epochs", "3", "--out", path)
	rows := epochRows(t, out)
	if len(rows) != 3 || rows[2].epoch != 3 {
		t.Fatalf("want 3 epoch rows, got %+v\n%s", rows, out)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("model file: %v", err)
	}
	params, commitment, samples, age := wrote(t, out)
	// 1797 digits, 20 % held out: 1438 training samples, 45 batches of
	// at most 32 (the last one partial) per epoch.
	if params != 64*10+10 || samples != 3*1438 || age != 3*45 {
		t.Errorf("wrote %d parameters, %d samples, age %d; want 650, %d, %d", params, samples, age, 3*1438, 3*45)
	}

	rep := evaluateJSON(t, "--model", path)
	if rep.Accuracy <= 0.85 {
		t.Errorf("accuracy %.4f after 3 epochs, want > 0.85", rep.Accuracy)
	}
	if got := fmt.Sprintf("%.4f", rep.Accuracy); got != rows[2].test {
		t.Errorf("evaluate accuracy %s, train's last test accuracy %s", got, rows[2].test)
	}
	if rep.Commitment != commitment || rep.Samples != samples || rep.Age != age || rep.Params != params {
		t.Errorf("evaluate read commitment %s samples %d age %d params %d, train wrote %s %d %d %d",
			rep.Commitment, rep.Samples, rep.Age, rep.Params, commitment, samples, age, params)
	}
	if rep.Total != 359 || len(rep.Classes) != 10 || len(rep.Confusion) != 10 {
		t.Fatalf("evaluate: %d samples, %d classes, %d confusion rows; want 359, 10, 10", rep.Total, len(rep.Classes), len(rep.Confusion))
	}
	sum, diag := 0, 0
	for i, row := range rep.Confusion {
		for j, v := range row {
			sum += v
			if i == j {
				diag += v
			}
		}
		if rep.Classes[i].Samples == 0 || rep.Classes[i].Recall != float64(rep.Classes[i].Correct)/float64(rep.Classes[i].Samples) {
			t.Errorf("class %d: %+v", i, rep.Classes[i])
		}
	}
	if sum != rep.Total || diag != rep.Correct {
		t.Errorf("confusion matrix sums to %d with %d on the diagonal, want %d and %d", sum, diag, rep.Total, rep.Correct)
	}
	if !(rep.CrossEntropy > 0 && rep.CrossEntropy < 2.31) {
		t.Errorf("mean cross-entropy %v, want in (0, ln 10)", rep.CrossEntropy)
	}

	text := mustRun(t, "evaluate", "--model", path, "--split", "all")
	for _, want := range []string{"data: uci-digits (all), 1797 samples", "accuracy: ", "mean cross-entropy: ", "recall", "precision", "confusion matrix"} {
		if !strings.Contains(text, want) {
			t.Errorf("evaluate output lacks %q:\n%s", want, text)
		}
	}

	// Continue for one epoch, with the float reference alongside.
	next := filepath.Join(t.TempDir(), "next.model")
	out = mustRun(t, "train", "--init", path, "--epochs", "1", "--float", "--out", next)
	if !strings.Contains(out, "from "+path) || !strings.Contains(out, "float acc") {
		t.Errorf("continued training output lacks the --init file or the float column:\n%s", out)
	}
	params2, commitment2, samples2, age2 := wrote(t, out)
	if params2 != params || samples2 != samples+1438 || age2 != age+45 || commitment2 == commitment {
		t.Errorf("continued: %d parameters, %d samples, age %d, commitment %s; want %d, %d, %d and a new commitment",
			params2, samples2, age2, commitment2, params, samples+1438, age+45)
	}
	if rep2 := evaluateJSON(t, "--model", next); rep2.Accuracy < rep.Accuracy-0.02 {
		t.Errorf("accuracy fell from %.4f to %.4f after another epoch", rep.Accuracy, rep2.Accuracy)
	}
}

// TestTrainDeterministic: the same flags give byte-identical files, and
// another shuffle seed gives another model.
func TestTrainDeterministic(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, extra ...string) []byte {
		path := filepath.Join(dir, name)
		mustRun(t, append([]string{"train", "--epochs", "2", "--keep", "0.9", "--seed", "3", "--out", path}, extra...)...)
		bz, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return bz
	}
	a, b := file("a"), file("b")
	if !bytes.Equal(a, b) {
		t.Fatalf("two runs with the same seeds wrote different files (%d and %d bytes)", len(a), len(b))
	}
	if c := file("c", "--shuffle-seed", "2"); bytes.Equal(a, c) {
		t.Errorf("--shuffle-seed 2 wrote the same file as --shuffle-seed 1")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Errorf("the directory holds %d entries, want the 3 model files (no temporary files left)", len(entries))
	}
}

// writeAnimalsCSV writes a learnable CSV with a header, text labels
// ("cat", "dog", "eel") in a named column and, with writers, a writer
// column: writer w00 wrote 150 rows, w01..w11 20 each. Features 0..2 mark
// the class; f3 is noise.
func writeAnimalsCSV(t *testing.T, dir string, writers bool) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	if writers {
		b.WriteString("f0,f1,animal,f2,writer,f3\n")
	} else {
		b.WriteString("f0,f1,animal,f2,f3\n")
	}
	names := []string{"cat", "dog", "eel"}
	row := 0
	for w := range 12 {
		n := 20
		if w == 0 {
			n = 150
		}
		for range n {
			c := row % 3
			row++
			f := make([]string, 4)
			for j := range f {
				v := 0.3 * rng.Float64()
				if j == c {
					v += 0.7
				}
				f[j] = strconv.FormatFloat(v, 'f', 3, 64)
			}
			writer := ""
			if writers {
				writer = fmt.Sprintf("w%02d,", w)
			}
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s%s\n", f[0], f[1], names[c], f[2], writer, f[3])
		}
	}
	path := filepath.Join(dir, "animals.csv")
	if !writers {
		path = filepath.Join(dir, "animals-nowriter.csv")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var cappedLine = regexp.MustCompile(`group cap 20: (\d+) of (\d+) training samples kept`)

// TestTrainCSVNamedLabelsGroupCap trains on a CSV with a header, a named
// label column of class names and a group column capped per writer.
func TestTrainCSVNamedLabelsGroupCap(t *testing.T) {
	dir := t.TempDir()
	csv := writeAnimalsCSV(t, dir, true)
	path := filepath.Join(dir, "animals.model")
	data := []string{"--data", csv, "--header", "--label-column", "animal", "--group-column", "writer"}
	out := mustRun(t, append([]string{"train", "--model", "logreg", "--epochs", "8", "--lr", "0.5", "--batch-size", "16",
		"--group-cap", "20", "--out", path}, data...)...)
	m := cappedLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no group-cap line in:\n%s", out)
	}
	kept, total := atoi(t, m[1]), atoi(t, m[2])
	// 370 rows, 74 held out: 296 training rows, about 120 of them by w00,
	// which keeps 20; every other writer has at most 20.
	if total != 296 || kept >= total-80 || kept > 12*20 {
		t.Errorf("group cap kept %d of %d, want 296 rows capped to at most 240 (w00 loses about 100)", kept, total)
	}
	if params, _, samples, _ := wrote(t, out); params != 4*3+3 || samples != uint64(8*kept) {
		t.Errorf("wrote %d parameters trained on %d samples, want 15 and %d", params, samples, 8*kept)
	}
	rows := epochRows(t, out)
	if acc, _ := strconv.ParseFloat(rows[len(rows)-1].test, 64); acc < 0.9 {
		t.Errorf("test accuracy %.4f on separable data, want >= 0.9\n%s", acc, out)
	}
	text := mustRun(t, append([]string{"evaluate", "--model", path}, data...)...)
	for _, name := range []string{"cat", "dog", "eel"} {
		if !regexp.MustCompile(`(?m)^\s+\d\s+` + name + `\s`).MatchString(text) {
			t.Errorf("per-class table lacks a row for %q:\n%s", name, text)
		}
	}
	if rep := evaluateJSON(t, append([]string{"--model", path}, data...)...); rep.Classes[1].Name != "dog" || rep.Total != 74 {
		t.Errorf("evaluate --json: class 1 is %q over %d samples, want \"dog\" over 74", rep.Classes[1].Name, rep.Total)
	}

	_, err := runCLI(t, "train", "--data", writeAnimalsCSV(t, dir, false), "--header", "--label-column", "animal", "--group-cap", "5", "--out", path)
	if err == nil || !strings.Contains(err.Error(), "--group-column") {
		t.Errorf("--group-cap without --group-column: got %v, want an error naming --group-column", err)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTrainErrors: bad flags and data fail before training, with an error
// that names the problem.
func TestTrainErrors(t *testing.T) {
	dir := t.TempDir()
	csv := writeAnimalsCSV(t, dir, false)
	digitsModel := filepath.Join(dir, "digits.model")
	mustRun(t, "train", "--model", "logreg", "--epochs", "1", "--out", digitsModel)
	out := filepath.Join(dir, "out.model")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"missing --out", []string{"train", "--epochs", "1"}, "--out is required"},
		{"--out in a missing directory", []string{"train", "--out", filepath.Join(dir, "no", "m")}, "--out"},
		{"--keep 0", []string{"train", "--keep", "0", "--out", out}, "--keep must be in (0, 1]"},
		{"--keep 1.5", []string{"train", "--keep", "1.5", "--out", out}, "--keep must be in (0, 1]"},
		{"--keep -0.5", []string{"train", "--keep", "-0.5", "--out", out}, "--keep must be in (0, 1]"},
		{"--keep NaN", []string{"train", "--keep", "NaN", "--out", out}, "--keep must be in (0, 1]"},
		{"--keep below a basis point", []string{"train", "--keep", "0.00001", "--out", out}, "basis point"},
		{"--epochs 0", []string{"train", "--epochs", "0", "--out", out}, "--epochs"},
		{"--batch-size 0", []string{"train", "--batch-size", "0", "--out", out}, "--batch-size"},
		{"--lr 0", []string{"train", "--lr", "0", "--out", out}, "--lr"},
		{"--lr too small for the format", []string{"train", "--lr", "1e-9", "--out", out}, "--lr"},
		{"--group-cap on data without groups", []string{"train", "--group-cap", "3", "--out", out}, "needs a group per sample"},
		{"--init with another shape", []string{"train", "--init", digitsModel, "--out", out,
			"--data", csv, "--header", "--label-column", "animal"}, "takes 64 inputs"},
		{"--init with model flags", []string{"train", "--init", digitsModel, "--hidden", "8", "--out", out}, "do not give --hidden"},
		{"--init missing file", []string{"train", "--init", filepath.Join(dir, "none"), "--out", out}, "no such file"},
		{"IDX --data without --labels", []string{"train", "--data", filepath.Join(dir, "images-idx3-ubyte"), "--out", out}, "--labels"},
		{"unknown model", []string{"train", "--model", "svm", "--out", out}, "unknown model kind"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := runCLI(t, c.args...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got error %v, want one containing %q", err, c.want)
			}
		})
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed run left %s behind (stat: %v)", out, err)
	}
}

// TestEvaluateErrors: corrupted, empty or missing model files and data of
// another shape are clear errors.
func TestEvaluateErrors(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "digits.model")
	mustRun(t, "train", "--model", "logreg", "--epochs", "1", "--out", model)
	good, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	// A flipped byte in the tensor values, the spec, or the commitment.
	for _, at := range []int{len(good) / 2, 3, len(good) - 20} {
		bad := bytes.Clone(good)
		bad[at] ^= 0x5a
		path := filepath.Join(dir, fmt.Sprintf("flipped-%d.model", at))
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := runCLI(t, "evaluate", "--model", path)
		if err == nil || !errors.Is(err, wire.ErrMalformed) || !strings.Contains(err.Error(), path) ||
			!(strings.Contains(err.Error(), "commitment") || strings.Contains(err.Error(), "malformed")) {
			t.Errorf("byte %d flipped: got %v, want a malformed/commitment error naming %s", at, err, path)
		}
	}
	empty := filepath.Join(dir, "empty.model")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	csv := writeAnimalsCSV(t, dir, false)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"missing --model", []string{"evaluate"}, "--model is required"},
		{"missing file", []string{"evaluate", "--model", filepath.Join(dir, "none")}, "no such file"},
		{"empty file", []string{"evaluate", "--model", empty}, "is empty"},
		{"a directory", []string{"evaluate", "--model", dir}, "not a regular file"},
		{"data of another width", []string{"evaluate", "--model", model, "--data", csv, "--header", "--label-column", "animal"},
			"takes 64 inputs, but the data \"animals-nowriter.csv\" has 4 features"},
		{"bad --split", []string{"evaluate", "--model", model, "--split", "valid"}, "--split"},
		{"IDX --data without --labels", []string{"evaluate", "--model", model, "--data", filepath.Join(dir, "x.idx")}, "--labels"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := runCLI(t, c.args...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got error %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestBundledDigitsFromAnyDirectory: --data digits is embedded in the
// binary, so train works outside the repository.
func TestBundledDigitsFromAnyDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	out := mustRun(t, "train", "--data", "digits", "--model", "logreg", "--epochs", "1", "--out", "m.model")
	if !strings.Contains(out, "1438 training") {
		t.Fatalf("train on the bundled digits from %s: expected the 1438/359 split, got\n%s", dir, out)
	}
	if st, err := os.Stat(filepath.Join(dir, "m.model")); err != nil || st.Size() == 0 {
		t.Fatalf("model file not written: %v", err)
	}
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/dataset"
)

// inputFormat is how features enter the fixed-point step: Q8.8, exact for
// pixel data scaled to [0, 1] up to 1/256.
var inputFormat = commit.Format{Bits: 16, Frac: 8}

// dataFlags select a data set.
type dataFlags struct {
	data        string // "digits", "fashion-mnist", a .csv[.gz] file or an IDX images file
	labels      string // IDX labels file (IDX only)
	test        string // optional separate test file (same kind as data)
	testLabels  string
	header      bool
	labelColumn string
	groupColumn string
	scale       float64
	testFrac    float64
	seed        uint64
}

func (f *dataFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.data, "data", "digits", `data set: "digits" (bundled UCI digits), "fashion-mnist" (from --fashion-dir), a CSV file (.csv or .csv.gz) or an IDX images file (with --labels)`)
	fs.StringVar(&f.labels, "labels", "", "IDX labels file for an IDX --data")
	fs.StringVar(&f.test, "test", "", "separate test set (same kind as --data); without it --test-fraction of --data is held out")
	fs.StringVar(&f.testLabels, "test-labels", "", "IDX labels file for an IDX --test")
	fs.BoolVar(&f.header, "header", false, "CSV: the first row names the columns")
	fs.StringVar(&f.labelColumn, "label-column", "last", `CSV: the label column, by 0-based index, header name, or "last"`)
	fs.StringVar(&f.groupColumn, "group-column", "", "CSV: optional column naming each sample's group (for --group-cap)")
	fs.Float64Var(&f.scale, "scale", 1, "CSV: divide every feature by this so features lie in about [0, 1]")
	fs.Float64Var(&f.testFrac, "test-fraction", 0.2, "held-out fraction when there is no --test (stratified)")
	fs.Uint64Var(&f.seed, "data-seed", 1, "seed of the train/test split")
}

// repoDatasets is sidecar/datasets found from the working directory up
// (fashionDir looks for ../shared beside it; the digits are embedded).
func repoDatasets() string {
	dir, _ := os.Getwd()
	for range 8 {
		p := filepath.Join(dir, "sidecar", "datasets")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
		dir = filepath.Dir(dir)
	}
	return filepath.Join("sidecar", "datasets")
}

// fashionDir is where Fashion-MNIST is read from: $LITEGPT_FASHION_MNIST
// or ../shared/datasets/fashion-mnist beside the repository.
func fashionDir() string {
	if d := os.Getenv("LITEGPT_FASHION_MNIST"); d != "" {
		return d
	}
	return filepath.Join(filepath.Dir(filepath.Dir(repoDatasets())), "..", "shared", "datasets", "fashion-mnist")
}

// load returns the training and test sets.
func (f *dataFlags) load() (train, test dataset.Dataset, err error) {
	switch f.data {
	case "digits":
		ds, err := dataset.BundledDigits()
		if err != nil {
			return train, test, err
		}
		return f.split(ds)
	case "fashion-mnist":
		dir := fashionDir()
		if train, err = dataset.LoadIDX(filepath.Join(dir, "train-images-idx3-ubyte.gz"), filepath.Join(dir, "train-labels-idx1-ubyte.gz")); err != nil {
			return train, test, fmt.Errorf("fashion-mnist (set LITEGPT_FASHION_MNIST to its directory): %w", err)
		}
		test, err = dataset.LoadIDX(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
		return train, test, err
	}
	ds, err := f.loadFile(f.data, f.labels)
	if err != nil {
		return train, test, err
	}
	if f.test == "" {
		return f.split(ds)
	}
	test, err = f.loadFile(f.test, f.testLabels)
	return ds, test, err
}

func (f *dataFlags) split(ds dataset.Dataset) (train, test dataset.Dataset, err error) {
	tr, te, err := dataset.TrainTestSplit(ds, f.testFrac, f.seed)
	if err != nil {
		return train, test, err
	}
	return ds.Subset(tr), ds.Subset(te), nil
}

func (f *dataFlags) loadFile(path, labels string) (dataset.Dataset, error) {
	if isCSV(path) {
		if labels != "" {
			return dataset.Dataset{}, fmt.Errorf("%s is a CSV file: labels come from --label-column, not --labels", path)
		}
		return dataset.LoadCSV(path, dataset.CSVOptions{Header: f.header, LabelColumn: f.labelColumn, Scale: f.scale, GroupColumn: f.groupColumn})
	}
	if labels == "" {
		return dataset.Dataset{}, fmt.Errorf("%s is not a .csv or .csv.gz file, so it is read as IDX images and needs a labels file (--labels or --test-labels)", path)
	}
	return dataset.LoadIDX(path, labels)
}

func isCSV(path string) bool {
	p := strings.ToLower(path)
	return strings.HasSuffix(p, ".csv") || strings.HasSuffix(p, ".csv.gz")
}

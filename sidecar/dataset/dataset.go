package dataset

import (
	"errors"
	"fmt"
	"math"
)

// NoGroup is the group id of a sample whose group is unknown; CapPerGroup
// never drops such samples.
const NoGroup = -1

// MaxValues caps the number of feature values of a data set (2 GiB of
// float64); loaders refuse larger inputs before allocating for them.
const MaxValues = 1 << 28

// MaxClasses caps the number of classes a loader accepts.
const MaxClasses = 1 << 16

// Dataset is a dense classification data set.
type Dataset struct {
	// Features is the number of features of each sample.
	Features int
	// Classes is the number of classes; labels are 0..Classes-1.
	Classes int
	// X holds the features, row-major: sample i is X[i*Features:(i+1)*Features].
	X []float64
	// Y holds the label of each sample.
	Y []int
	// Groups holds an optional group id per sample (e.g. the writer or
	// source), >= 0 or NoGroup; nil when unknown.
	Groups []int
	// ClassNames names the classes when the labels were read as text:
	// class k is ClassNames[k]. Nil for integer labels.
	ClassNames []string
	// GroupNames names the groups when group ids were read as text:
	// group g is GroupNames[g]. Nil for integer group ids.
	GroupNames []string
	// Name says where the data came from (e.g. the file name).
	Name string
}

// Len is the number of samples.
func (d Dataset) Len() int { return len(d.Y) }

// Row returns the features of sample i as a sub-slice of X (not a copy;
// its capacity ends with the row). It panics if i is out of range, like
// slice indexing.
func (d Dataset) Row(i int) []float64 {
	if i < 0 || i >= d.Len() {
		panic(fmt.Sprintf("dataset: row %d out of range 0..%d", i, d.Len()-1))
	}
	start, end := i*d.Features, (i+1)*d.Features
	return d.X[start:end:end]
}

// CheckIndices reports the first index that is not a sample of d.
func (d Dataset) CheckIndices(indices []int) error {
	for k, i := range indices {
		if i < 0 || i >= d.Len() {
			return fmt.Errorf("index %d (position %d) is not a sample: the data set has %d (0..%d)", i, k, d.Len(), d.Len()-1)
		}
	}
	return nil
}

// Subset returns a new data set of the samples at indices, in that order
// (repeats allowed); features, labels, groups and names are copied. It
// panics if an index is out of range (see CheckIndices).
func (d Dataset) Subset(indices []int) Dataset {
	if err := d.CheckIndices(indices); err != nil {
		panic("dataset: subset: " + err.Error())
	}
	out := Dataset{
		Features:   d.Features,
		Classes:    d.Classes,
		X:          make([]float64, 0, len(indices)*d.Features),
		Y:          make([]int, len(indices)),
		ClassNames: cloneStrings(d.ClassNames),
		GroupNames: cloneStrings(d.GroupNames),
		Name:       d.Name,
	}
	if d.Groups != nil {
		out.Groups = make([]int, len(indices))
	}
	for k, i := range indices {
		out.X = append(out.X, d.Row(i)...)
		out.Y[k] = d.Y[i]
		if d.Groups != nil {
			out.Groups[k] = d.Groups[i]
		}
	}
	return out
}

// Validate checks that the lengths agree, labels and groups are in range
// and every feature is finite.
func (d Dataset) Validate() error {
	if err := d.validate(); err != nil {
		if d.Name != "" {
			return fmt.Errorf("data set %q: %w", d.Name, err)
		}
		return fmt.Errorf("data set: %w", err)
	}
	return nil
}

func (d Dataset) validate() error {
	if err := d.checkShape(); err != nil {
		return err
	}
	if err := d.checkLabels(); err != nil {
		return err
	}
	if err := d.checkGroups(); err != nil {
		return err
	}
	for k, x := range d.X {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("sample %d, feature %d is %v, expected a finite number", k/d.Features, k%d.Features, x)
		}
	}
	return nil
}

// checkShape checks the counts and lengths.
func (d Dataset) checkShape() error {
	if d.Features < 1 {
		return fmt.Errorf("features must be at least 1, got %d", d.Features)
	}
	if d.Classes < 1 {
		return fmt.Errorf("classes must be at least 1, got %d", d.Classes)
	}
	if len(d.X) != len(d.Y)*d.Features {
		return fmt.Errorf("%d labels of %d features need %d feature values, got %d", len(d.Y), d.Features, len(d.Y)*d.Features, len(d.X))
	}
	if d.Groups != nil && len(d.Groups) != len(d.Y) {
		return fmt.Errorf("%d samples but %d group ids", len(d.Y), len(d.Groups))
	}
	if d.ClassNames != nil && len(d.ClassNames) != d.Classes {
		return fmt.Errorf("%d classes but %d class names", d.Classes, len(d.ClassNames))
	}
	if d.GroupNames != nil && d.Groups == nil {
		return errors.New("group names without group ids")
	}
	return nil
}

// checkLabels checks the shape and that every label is a class.
func (d Dataset) checkLabels() error {
	if d.Classes < 1 {
		return fmt.Errorf("classes must be at least 1, got %d", d.Classes)
	}
	for i, y := range d.Y {
		if y < 0 || y >= d.Classes {
			return fmt.Errorf("sample %d has label %d, expected 0..%d", i, y, d.Classes-1)
		}
	}
	return nil
}

// checkGroups checks every group id.
func (d Dataset) checkGroups() error {
	for i, g := range d.Groups {
		if g < NoGroup {
			return fmt.Errorf("sample %d has group %d, expected >= 0 or %d (no group)", i, g, NoGroup)
		}
		if d.GroupNames != nil && g >= len(d.GroupNames) {
			return fmt.Errorf("sample %d has group %d but there are %d group names", i, g, len(d.GroupNames))
		}
	}
	return nil
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

package dataset_test

import (
	"math"
	"slices"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

// small is a valid data set of 4 samples of 2 features, 3 classes, groups.
func small() dataset.Dataset {
	return dataset.Dataset{
		Features:   2,
		Classes:    3,
		X:          []float64{0, 1, 2, 3, 4, 5, 6, 7},
		Y:          []int{0, 1, 2, 1},
		Groups:     []int{0, 1, dataset.NoGroup, 1},
		GroupNames: []string{"alice", "bob"},
		ClassNames: []string{"a", "b", "c"},
		Name:       "small",
	}
}

func TestRowIsTheSampleSubSlice(t *testing.T) {
	ds := small()
	row := ds.Row(2)
	if !slices.Equal(row, []float64{4, 5}) {
		t.Fatalf("row 2 is %v, expected [4 5]", row)
	}
	if cap(row) != 2 {
		t.Fatalf("row capacity %d lets an append overwrite the next row", cap(row))
	}
	row[0] = 40
	if ds.X[4] != 40 {
		t.Fatal("Row returned a copy, expected a sub-slice of X")
	}
}

func TestRowPanicsOutOfRange(t *testing.T) {
	for _, i := range []int{-1, 4} {
		func() {
			defer func() {
				if recover() == nil {
					t.Fatalf("Row(%d) of 4 samples did not panic", i)
				}
			}()
			small().Row(i)
		}()
	}
}

func TestSubsetCopiesInIndexOrder(t *testing.T) {
	ds := small()
	sub := ds.Subset([]int{3, 0, 3})
	want := dataset.Dataset{
		Features: 2, Classes: 3,
		X:          []float64{6, 7, 0, 1, 6, 7},
		Y:          []int{1, 0, 1},
		Groups:     []int{1, 0, 1},
		GroupNames: []string{"alice", "bob"},
		ClassNames: []string{"a", "b", "c"},
		Name:       "small",
	}
	if !slices.Equal(sub.X, want.X) || !slices.Equal(sub.Y, want.Y) || !slices.Equal(sub.Groups, want.Groups) ||
		!slices.Equal(sub.ClassNames, want.ClassNames) || !slices.Equal(sub.GroupNames, want.GroupNames) ||
		sub.Features != 2 || sub.Classes != 3 || sub.Name != "small" {
		t.Fatalf("subset is %+v, expected %+v", sub, want)
	}
	sub.X[0], sub.Y[0], sub.Groups[0], sub.ClassNames[0], sub.GroupNames[0] = -1, -1, -1, "z", "z"
	if ds.X[6] != 6 || ds.Y[3] != 1 || ds.Groups[3] != 1 || ds.ClassNames[0] != "a" || ds.GroupNames[0] != "alice" {
		t.Fatal("changing the subset changed the original: Subset must copy")
	}
	if err := sub.Validate(); err == nil {
		t.Fatal("the changed subset has label -1 yet validates")
	}
}

func TestSubsetWithoutGroupsAndEmpty(t *testing.T) {
	ds := small()
	ds.Groups, ds.GroupNames = nil, nil
	sub := ds.Subset([]int{1})
	if sub.Groups != nil || sub.GroupNames != nil {
		t.Fatalf("subset of a set without groups has groups %v %v", sub.Groups, sub.GroupNames)
	}
	empty := ds.Subset(nil)
	if empty.Len() != 0 || len(empty.X) != 0 {
		t.Fatalf("empty subset has %d samples, %d values", empty.Len(), len(empty.X))
	}
	if err := empty.Validate(); err != nil {
		t.Fatalf("empty subset: %v", err)
	}
}

func TestSubsetPanicsOnBadIndex(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("Subset with index 4 of 4 samples did not panic")
		}
	}()
	small().Subset([]int{0, 4})
}

func TestCheckIndices(t *testing.T) {
	ds := small()
	if err := ds.CheckIndices([]int{0, 3, 3}); err != nil {
		t.Fatal(err)
	}
	requireErrorContains(t, ds.CheckIndices([]int{0, -1}), "index -1 (position 1)", "4 (0..3)")
	requireErrorContains(t, ds.CheckIndices([]int{4}), "index 4 (position 0)")
}

func TestValidate(t *testing.T) {
	if err := small().Validate(); err != nil {
		t.Fatalf("valid set: %v", err)
	}
	cases := []struct {
		name   string
		change func(*dataset.Dataset)
		want   string
	}{
		{"no features", func(d *dataset.Dataset) { d.Features = 0 }, "features must be at least 1, got 0"},
		{"no classes", func(d *dataset.Dataset) { d.Classes, d.ClassNames = 0, nil }, "classes must be at least 1, got 0"},
		{"short X", func(d *dataset.Dataset) { d.X = d.X[:7] }, "need 8 feature values, got 7"},
		{"long X", func(d *dataset.Dataset) { d.X = append(d.X, 1) }, "need 8 feature values, got 9"},
		{"groups length", func(d *dataset.Dataset) { d.Groups = d.Groups[:3] }, "4 samples but 3 group ids"},
		{"class names", func(d *dataset.Dataset) { d.ClassNames = d.ClassNames[:2] }, "3 classes but 2 class names"},
		{"names without groups", func(d *dataset.Dataset) { d.Groups = nil }, "group names without group ids"},
		{"label too big", func(d *dataset.Dataset) { d.Y[2] = 3 }, "sample 2 has label 3, expected 0..2"},
		{"negative label", func(d *dataset.Dataset) { d.Y[0] = -1 }, "sample 0 has label -1"},
		{"group below NoGroup", func(d *dataset.Dataset) { d.Groups[1] = -2 }, "sample 1 has group -2"},
		{"group without name", func(d *dataset.Dataset) { d.Groups[1] = 2 }, "sample 1 has group 2 but there are 2 group names"},
		{"NaN", func(d *dataset.Dataset) { d.X[5] = math.NaN() }, "sample 2, feature 1 is NaN"},
		{"Inf", func(d *dataset.Dataset) { d.X[0] = math.Inf(-1) }, "sample 0, feature 0 is -Inf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := small()
			c.change(&ds)
			requireErrorContains(t, ds.Validate(), `data set "small"`, c.want)
		})
	}
}

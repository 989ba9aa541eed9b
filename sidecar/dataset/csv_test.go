package dataset_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

func readCSV(text string, opts dataset.CSVOptions) (dataset.Dataset, error) {
	return dataset.ReadCSV(strings.NewReader(text), opts)
}

// requireCSV reads text and checks the result validates.
func requireCSV(t *testing.T, text string, opts dataset.CSVOptions) dataset.Dataset {
	t.Helper()
	ds, err := readCSV(text, opts)
	if err != nil {
		t.Fatalf("reading %q with %+v: %v", text, opts, err)
	}
	if err := ds.Validate(); err != nil {
		t.Fatalf("ReadCSV returned an invalid data set: %v", err)
	}
	return ds
}

func requireData(t *testing.T, ds dataset.Dataset, features, classes int, x []float64, y []int) {
	t.Helper()
	if ds.Features != features || ds.Classes != classes {
		t.Fatalf("%d features, %d classes; expected %d, %d", ds.Features, ds.Classes, features, classes)
	}
	if !slices.Equal(ds.X, x) {
		t.Fatalf("features %v, expected %v", ds.X, x)
	}
	if !slices.Equal(ds.Y, y) {
		t.Fatalf("labels %v, expected %v", ds.Y, y)
	}
}

func TestReadCSVWithoutHeader(t *testing.T) {
	ds := requireCSV(t, "1,2,0\n3,4.5,2\n-1e2,0x1p-2,1\n", dataset.CSVOptions{})
	requireData(t, ds, 2, 3, []float64{1, 2, 3, 4.5, -100, 0.25}, []int{0, 2, 1})
	if ds.Groups != nil || ds.ClassNames != nil || ds.GroupNames != nil {
		t.Fatalf("no group column and integer labels, got groups %v, names %v %v", ds.Groups, ds.ClassNames, ds.GroupNames)
	}
	// "last" is the default spelled out, and an index picks any column.
	requireData(t, requireCSV(t, "1,2,0\n3,4,1\n", dataset.CSVOptions{LabelColumn: "last"}), 2, 2, []float64{1, 2, 3, 4}, []int{0, 1})
	requireData(t, requireCSV(t, "1,2,0\n0,4,1\n", dataset.CSVOptions{LabelColumn: "0"}), 2, 2, []float64{2, 0, 4, 1}, []int{1, 0})
	requireData(t, requireCSV(t, "5,1,7\n6,0,8\n", dataset.CSVOptions{LabelColumn: "1"}), 2, 2, []float64{5, 7, 6, 8}, []int{1, 0})
}

func TestReadCSVIntegerLabelClasses(t *testing.T) {
	for _, c := range []struct {
		labels  string
		classes int
	}{
		{"0 0", 2}, // at least 2 classes
		{"0 1", 2},
		{"9 3", 10},
		{"007 +2", 8}, // integers as strconv.ParseInt reads them
		{"65535 0", 65536},
	} {
		var b strings.Builder
		for _, label := range strings.Fields(c.labels) {
			fmt.Fprintf(&b, "1,%s\n", label)
		}
		ds := requireCSV(t, b.String(), dataset.CSVOptions{})
		if ds.Classes != c.classes {
			t.Errorf("labels %s: %d classes, expected %d", c.labels, ds.Classes, c.classes)
		}
	}
}

func TestReadCSVWithHeader(t *testing.T) {
	const text = "a, b ,label,c\n1,2,1,3\n4,5,0,6\n"
	want := []float64{1, 2, 3, 4, 5, 6}
	for _, label := range []string{"label", "2"} {
		ds := requireCSV(t, text, dataset.CSVOptions{Header: true, LabelColumn: label})
		requireData(t, ds, 3, 2, want, []int{1, 0})
	}
	// Header names are trimmed, so " b " is "b".
	ds := requireCSV(t, text, dataset.CSVOptions{Header: true, LabelColumn: "b"})
	requireData(t, ds, 3, 6, []float64{1, 1, 3, 4, 0, 6}, []int{2, 5})
	// An index wins over a header name spelled the same.
	ds = requireCSV(t, "x,0,1\n5,1,0\n", dataset.CSVOptions{Header: true, LabelColumn: "0"})
	requireData(t, ds, 2, 6, []float64{1, 0}, []int{5})
	// A byte-order mark before the header is not part of the first name.
	ds = requireCSV(t, "\ufeffy,p\n1,9\n0,8\n", dataset.CSVOptions{Header: true, LabelColumn: "y"})
	requireData(t, ds, 1, 2, []float64{9, 8}, []int{1, 0})
}

func TestReadCSVClassNames(t *testing.T) {
	// Names are sorted in Go string (byte) order: upper case before lower.
	ds := requireCSV(t, "1,dog\n2,cat\n3,bird\n4,cat\n5,Zebra\n", dataset.CSVOptions{})
	wantNames := []string{"Zebra", "bird", "cat", "dog"}
	if !slices.Equal(ds.ClassNames, wantNames) {
		t.Fatalf("class names %q, expected %q", ds.ClassNames, wantNames)
	}
	requireData(t, ds, 1, 4, []float64{1, 2, 3, 4, 5}, []int{3, 2, 1, 2, 0})

	// One name is enough to make every label a name, integers included.
	ds = requireCSV(t, "1,10\n2,2\n3,x\n", dataset.CSVOptions{})
	if want := []string{"10", "2", "x"}; !slices.Equal(ds.ClassNames, want) {
		t.Fatalf("class names %q, expected %q", ds.ClassNames, want)
	}
	requireData(t, ds, 1, 3, []float64{1, 2, 3}, []int{0, 1, 2})

	// A negative integer or one above the class limit is then a name too.
	ds = requireCSV(t, "1,-1\n2,99999\n3,y\n", dataset.CSVOptions{})
	if want := []string{"-1", "99999", "y"}; !slices.Equal(ds.ClassNames, want) {
		t.Fatalf("class names %q, expected %q", ds.ClassNames, want)
	}

	// Quoted names keep their commas; padding is trimmed.
	ds = requireCSV(t, "1,\" b, c \"\n2,  a\n", dataset.CSVOptions{})
	if want := []string{"a", "b, c"}; !slices.Equal(ds.ClassNames, want) {
		t.Fatalf("class names %q, expected %q", ds.ClassNames, want)
	}
}

func TestReadCSVGroups(t *testing.T) {
	// Integer group ids; an empty group field is NoGroup.
	ds := requireCSV(t, "w,x,y\n3,1,0\n,2,1\n0,3,1\n", dataset.CSVOptions{Header: true, LabelColumn: "y", GroupColumn: "w"})
	requireData(t, ds, 1, 2, []float64{1, 2, 3}, []int{0, 1, 1})
	if want := []int{3, dataset.NoGroup, 0}; !slices.Equal(ds.Groups, want) || ds.GroupNames != nil {
		t.Fatalf("groups %v (names %q), expected %v without names", ds.Groups, ds.GroupNames, want)
	}

	// Group names, sorted like class names; by index, label first.
	ds = requireCSV(t, "1,bob,5\n0,alice,6\n1,,7\n0,bob,8\n", dataset.CSVOptions{LabelColumn: "0", GroupColumn: "1"})
	requireData(t, ds, 1, 2, []float64{5, 6, 7, 8}, []int{1, 0, 1, 0})
	if want := []string{"alice", "bob"}; !slices.Equal(ds.GroupNames, want) {
		t.Fatalf("group names %q, expected %q", ds.GroupNames, want)
	}
	if want := []int{1, 0, dataset.NoGroup, 1}; !slices.Equal(ds.Groups, want) {
		t.Fatalf("groups %v, expected %v", ds.Groups, want)
	}

	// Group ids may be as large as an int.
	ds = requireCSV(t, fmt.Sprintf("1,%d,0\n2,0,1\n", math.MaxInt), dataset.CSVOptions{GroupColumn: "1"})
	if ds.Groups[0] != math.MaxInt {
		t.Fatalf("group %d, expected math.MaxInt", ds.Groups[0])
	}
}

func TestReadCSVScale(t *testing.T) {
	ds := requireCSV(t, "0,16,8,1\n4,2,1,0\n", dataset.CSVOptions{Scale: 16})
	requireData(t, ds, 3, 2, []float64{0, 1, 0.5, 0.25, 0.125, 0.0625}, []int{1, 0})
	ds = requireCSV(t, "0,16,8,1\n", dataset.CSVOptions{Scale: 0})
	requireData(t, ds, 3, 2, []float64{0, 16, 8}, []int{1})
	ds = requireCSV(t, "3,1\n", dataset.CSVOptions{Scale: 0.5})
	requireData(t, ds, 1, 2, []float64{6}, []int{1})
}

func TestReadCSVLayout(t *testing.T) {
	// CRLF line ends, blank lines (counted in line numbers), padding,
	// quoted numbers.
	ds := requireCSV(t, "1, 2 ,0\r\n\r\n\n\"3\", 4 ,1\r\n", dataset.CSVOptions{})
	requireData(t, ds, 2, 2, []float64{1, 2, 3, 4}, []int{0, 1})
	_, err := readCSV("1,2,0\n\n\n3,x,1\n", dataset.CSVOptions{})
	requireErrorContains(t, err, "line 4, column 1:", `"x" is not a number`)
	// A record with a quoted line break starts on its first line.
	_, err = readCSV("1,2,0\n\"3\n\",x,1\n", dataset.CSVOptions{})
	requireErrorContains(t, err, "line 2, column 1:", `"x" is not a number`)
}

func TestReadCSVGzip(t *testing.T) {
	text := []byte("1,2,0\n3,4,1\n")
	ds, err := dataset.ReadCSV(bytes.NewReader(gzipped(t, text)), dataset.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	requireData(t, ds, 2, 2, []float64{1, 2, 3, 4}, []int{0, 1})

	bad := gzipped(t, text)
	bad[len(bad)-6] ^= 1 // the CRC-32
	_, err = dataset.ReadCSV(bytes.NewReader(bad), dataset.CSVOptions{})
	requireErrorContains(t, err, "after line 2", "checksum")
}

// A gzip stream cut inside a quoted first field is a read error before the
// csv reader records any field position; it once made ReadCSV panic.
func TestReadCSVTruncatedGzipInQuotedField(t *testing.T) {
	whole := gzipped(t, []byte("1,2,0\n\"3333333333333333333333333333333333333,4,1\n"))
	sawFirstRecordError := false
	for cut := len(whole) - 1; cut > 10; cut-- {
		_, err := dataset.ReadCSV(bytes.NewReader(whole[:cut]), dataset.CSVOptions{})
		if err == nil {
			t.Fatalf("a gzip stream cut at %d of %d bytes was read without error", cut, len(whole))
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			continue
		}
		sawFirstRecordError = sawFirstRecordError || strings.Contains(err.Error(), "reading the csv's first record")
	}
	if !sawFirstRecordError {
		t.Fatal("no cut was reported as a failure to read the first record")
	}
	_, err := dataset.ReadCSV(bytes.NewReader(gzipped(t, []byte("1,2,0\n\"3"))[:20]), dataset.CSVOptions{})
	if err == nil {
		t.Fatal("a truncated gzip stream was read without error")
	}
}

func TestReadCSVErrors(t *testing.T) {
	header := dataset.CSVOptions{Header: true}
	cases := []struct {
		name string
		text string
		opts dataset.CSVOptions
		want []string
	}{
		{"empty file", "", dataset.CSVOptions{}, []string{"the csv has no data rows"}},
		{"blank lines", "\n\n\r\n", dataset.CSVOptions{}, []string{"the csv has no data rows"}},
		{"header only", "a,b\n", header, []string{"the csv has no data rows"}},
		{"ragged short", "1,2,0\n3,4,1\n5,1\n", dataset.CSVOptions{}, []string{"line 3 has 2 columns, expected 3 as on line 1"}},
		{"ragged long", "a,b\n1,0\n1,2,0\n", header, []string{"line 3 has 3 columns, expected 2 as on line 1"}},
		{"non-numeric", "1,2,0\n3,abc,1\n", dataset.CSVOptions{}, []string{"line 2, column 1:", `"abc" is not a number`}},
		{"non-numeric named", "a,b,y\n1,2,0\n3,,1\n", header, []string{`line 3, column 1 ("b"):`, `"" is not a number`}},
		{"NaN", "NaN,0\n", dataset.CSVOptions{}, []string{"line 1, column 0:", `"NaN" is not a finite number`}},
		{"Inf", "1,0\n-Inf,1\n", dataset.CSVOptions{}, []string{"line 2, column 0:", `"-Inf" is not a finite number`}},
		{"overflow", "1e999,0\n", dataset.CSVOptions{}, []string{`"1e999" is not a finite number`}},
		{"overflow by scale", "1e300,0\n", dataset.CSVOptions{Scale: 1e-10}, []string{`"1e300" is not a finite number after dividing by the scale 1e-10`}},
		{"empty label", "1,0\n2,\n", dataset.CSVOptions{}, []string{"line 2, column 1:", "the label is empty"}},
		{"negative label", "1,0\n2,-1\n", dataset.CSVOptions{}, []string{"line 2, column 1:", "the label -1 is out of range", "0..65535 (or use names)"}},
		{"label too large", "1,65536\n", dataset.CSVOptions{}, []string{"line 1, column 1:", "the label 65536 is out of range"}},
		{"label beyond int64", "1,99999999999999999999\n", dataset.CSVOptions{}, []string{"the label 99999999999999999999 is out of range"}},
		{"negative group", "1,-2,0\n", dataset.CSVOptions{GroupColumn: "1"}, []string{"line 1, column 1:", "the group -2 is out of range", "or use names"}},
		{"label index out of range", "1,2,0\n", dataset.CSVOptions{LabelColumn: "3"}, []string{"line 1:", "the label column is 3 (counted from 0) but rows have 3 columns"}},
		{"group index out of range", "a,b\n1,0\n", dataset.CSVOptions{Header: true, GroupColumn: "7"}, []string{"line 1:", "the group column is 7"}},
		{"label name missing", "a,b\n1,0\n", dataset.CSVOptions{Header: true, LabelColumn: "y"}, []string{"line 1:", `the label column "y" is not in the header`}},
		{"label name ambiguous", "y,a,y\n1,0,1\n", dataset.CSVOptions{Header: true, LabelColumn: "y"}, []string{`the label column "y" is ambiguous: the header names columns 0 and 2 so`}},
		{"label is group", "1,2,0\n", dataset.CSVOptions{GroupColumn: "2"}, []string{"the label and group columns are both column 2"}},
		{"no features", "0\n1\n", dataset.CSVOptions{}, []string{"line 1 has 1 columns, leaving no feature column"}},
		{"no features with group", "1,0\n", dataset.CSVOptions{GroupColumn: "0"}, []string{"line 1 has 2 columns, leaving no feature column"}},
		{"bare quote", "1,2,0\n3,4\"x,1\n", dataset.CSVOptions{}, []string{"line 2, column 4", "bare"}},
		{"open quote", "1,2,0\n\"3,4,1\n", dataset.CSVOptions{}, []string{"line 2", "quote"}},
		{"bad gzip", "\x1f\x8b\x08\x00junk", dataset.CSVOptions{}, []string{"gzip:"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := readCSV(c.text, c.opts)
			requireErrorContains(t, err, c.want...)
			if ds.X != nil || ds.Y != nil {
				t.Fatalf("an error came with data %+v", ds)
			}
		})
	}
}

func TestReadCSVTooManyClassNames(t *testing.T) {
	var b strings.Builder
	for i := range dataset.MaxClasses + 1 {
		fmt.Fprintf(&b, "1,c%d\n", i)
	}
	_, err := readCSV(b.String(), dataset.CSVOptions{})
	requireErrorContains(t, err, "65537 class names, more than the limit of 65536 classes")
}

func TestCSVOptionsValidate(t *testing.T) {
	good := []dataset.CSVOptions{
		{},
		{Scale: 16, LabelColumn: "64"},
		{LabelColumn: "last", GroupColumn: "0"},
		{Header: true, LabelColumn: "label", GroupColumn: "writer"},
	}
	for _, o := range good {
		if err := o.Validate(); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
	bad := []struct {
		opts dataset.CSVOptions
		want string
	}{
		{dataset.CSVOptions{Scale: -1}, "scale must be a finite number > 0 (or 0 for 1), got -1"},
		{dataset.CSVOptions{Scale: math.NaN()}, "got NaN"},
		{dataset.CSVOptions{Scale: math.Inf(1)}, "got +Inf"},
		{dataset.CSVOptions{LabelColumn: "label"}, `the label column "label" is not a 0-based index or "last", and without a header it cannot be a column name`},
		{dataset.CSVOptions{LabelColumn: "-1"}, `the label column "-1" is not a 0-based index`},
		{dataset.CSVOptions{LabelColumn: "99999999999999999999"}, `the label column "99999999999999999999" is too large`},
		{dataset.CSVOptions{GroupColumn: "writer"}, `the group column "writer" is not a 0-based index`},
	}
	for _, c := range bad {
		requireErrorContains(t, c.opts.Validate(), c.want)
		// ReadCSV checks the options before reading anything.
		_, err := readCSV("1,0\n", c.opts)
		requireErrorContains(t, err, c.want)
	}
}

func TestLoadCSV(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "plain.csv.gz", []byte("1,0\n2,1\n")) // not gzip, whatever the name
	ds, err := dataset.LoadCSV(path, dataset.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Name != "plain.csv.gz" || ds.Len() != 2 {
		t.Fatalf("loaded %q with %d samples, expected plain.csv.gz with 2", ds.Name, ds.Len())
	}
	_, err = dataset.LoadCSV(filepath.Join(dir, "missing.csv"), dataset.CSVOptions{})
	requireErrorContains(t, err, "csv:", "missing.csv")
	bad := writeFile(t, dir, "bad.csv", []byte("1,0\n2\n"))
	_, err = dataset.LoadCSV(bad, dataset.CSVOptions{})
	requireErrorContains(t, err, "csv "+bad+": line 2 has 1 columns, expected 2 as on line 1")
}

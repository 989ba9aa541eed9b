package marketfiles_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/commit"
)

const digitsPath = "../../sidecar/datasets/uci-digits/digits.csv.gz"

func opts(batchSize int) marketfiles.CSVOptions {
	return marketfiles.CSVOptions{Format: q88, Rounding: commit.RoundNearestEven, BatchSize: batchSize, LabelColumn: -1}
}

func encode(t *testing.T, csv string, o marketfiles.CSVOptions) (marketfiles.EncodedCSV, error) {
	t.Helper()
	return marketfiles.EncodeCSV(strings.NewReader(csv), o)
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// Each rounding mode is the task's tie-break: half an ulp of Q8.8 (1/512)
// and one and a half ulps round as the mode says.
func TestEncodeCSVRounding(t *testing.T) {
	const csv = "0.001953125,0.005859375,-0.001953125,1\n"
	for mode, want := range map[commit.Rounding][]int64{
		commit.RoundNearestEven: {0, 2, 0},
		commit.RoundNearestAway: {1, 2, -1},
		commit.RoundTowardZero:  {0, 1, 0},
	} {
		o := opts(1)
		o.Rounding = mode
		got, err := encode(t, csv, o)
		require.NoError(t, err)
		require.Equal(t, []commit.Batch{{Format: q88, Samples: []commit.Sample{{Features: want, Label: 1}}}}, got.Batches, "mode %d", mode)
	}
}

func TestEncodeCSVLayoutOptions(t *testing.T) {
	// Label first, a header, spaces around fields, gzip by magic.
	const csv = "label,a,b\n2, 1.5 ,-2\n0,0.25,3\n1,1,1\n"
	o := opts(2)
	o.LabelColumn = 0
	o.Header = true
	got, err := marketfiles.EncodeCSV(bytes.NewReader(gzipped(t, csv)), o)
	require.NoError(t, err)
	require.Equal(t, 2, got.Features)
	require.Equal(t, 3, got.Rows)
	require.Equal(t, 1, got.Dropped)
	require.Equal(t, 2, got.Samples())
	require.Equal(t, []commit.Batch{{Format: q88, Samples: []commit.Sample{
		{Features: []int64{384, -512}, Label: 2},
		{Features: []int64{64, 768}, Label: 0},
	}}}, got.Batches)

	// Rows 1:3 of the same file (header excluded), batch 1.
	o.BatchSize = 1
	o.Rows = marketfiles.RowRange{Start: 1, End: 3}
	got, err = encode(t, csv, o)
	require.NoError(t, err)
	require.Equal(t, 2, got.Rows)
	require.Zero(t, got.Dropped)
	require.Equal(t, []commit.Batch{
		{Format: q88, Samples: []commit.Sample{{Features: []int64{64, 768}, Label: 0}}},
		{Format: q88, Samples: []commit.Sample{{Features: []int64{256, 256}, Label: 1}}},
	}, got.Batches)

	// Open-ended: from row 2 to the end.
	o.Rows = marketfiles.RowRange{Start: 2}
	got, err = encode(t, csv, o)
	require.NoError(t, err)
	require.Len(t, got.Batches, 1)
	require.Equal(t, int64(1), got.Batches[0].Samples[0].Label)
}

// digitsBatches parses the shipped digits file independently of
// EncodeCSV: 64 integer pixels (exact in Q8.8: raw = pixel << 8), then the
// label; full batches of size in file order.
func digitsBatches(t *testing.T, size int) ([]commit.Batch, int) {
	t.Helper()
	f, err := os.Open(digitsPath)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	var samples []commit.Sample
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		require.Len(t, fields, 65)
		s := commit.Sample{}
		for _, x := range fields[:64] {
			v, err := strconv.Atoi(x)
			require.NoError(t, err)
			s.Features = append(s.Features, int64(v)<<8)
		}
		label, err := strconv.Atoi(fields[64])
		require.NoError(t, err)
		s.Label = int64(label)
		samples = append(samples, s)
	}
	require.NoError(t, sc.Err())
	var out []commit.Batch
	for i := 0; i+size <= len(samples); i += size {
		out = append(out, commit.Batch{Format: q88, Samples: samples[i : i+size]})
	}
	return out, len(samples)
}

func TestEncodeDigits(t *testing.T) {
	want, rows := digitsBatches(t, 32)
	require.Equal(t, 1797, rows)
	got, err := marketfiles.EncodeCSVFile(digitsPath, opts(32))
	require.NoError(t, err)
	require.Equal(t, 1797, got.Rows)
	require.Equal(t, 5, got.Dropped)
	require.Equal(t, 64, got.Features)
	require.Len(t, got.Batches, 56)
	require.Equal(t, want, got.Batches)
	wantRoot, _, err := commit.Root(want)
	require.NoError(t, err)
	gotRoot, _, err := commit.Root(got.Batches)
	require.NoError(t, err)
	require.Equal(t, wantRoot, gotRoot)
}

func TestEncodeCSVFileGzipNames(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "rows.csv")
	require.NoError(t, os.WriteFile(plain, []byte("1,2\n3,4\n"), 0o644))
	got, err := marketfiles.EncodeCSVFile(plain, opts(2))
	require.NoError(t, err)
	require.Len(t, got.Batches, 1)

	// gzip content under a plain name is recognised by its magic.
	hidden := filepath.Join(dir, "rows.data")
	require.NoError(t, os.WriteFile(hidden, gzipped(t, "1,2\n3,4\n"), 0o644))
	fromGzip, err := marketfiles.EncodeCSVFile(hidden, opts(2))
	require.NoError(t, err)
	require.Equal(t, got, fromGzip)

	fake := filepath.Join(dir, "rows.csv.gz")
	require.NoError(t, os.WriteFile(fake, []byte("1,2\n3,4\n"), 0o644))
	_, err = marketfiles.EncodeCSVFile(fake, opts(2))
	require.ErrorContains(t, err, fake+": the name ends in .gz but the file is not gzip")

	broken := filepath.Join(dir, "broken.csv.gz")
	bz := gzipped(t, "1,2\n3,4\n")
	require.NoError(t, os.WriteFile(broken, bz[:len(bz)-6], 0o644))
	_, err = marketfiles.EncodeCSVFile(broken, opts(2))
	require.ErrorContains(t, err, broken+": reading the CSV after line")

	badHeader := filepath.Join(dir, "header.csv.gz")
	require.NoError(t, os.WriteFile(badHeader, []byte{0x1f, 0x8b, 0, 0}, 0o644))
	_, err = marketfiles.EncodeCSVFile(badHeader, opts(2))
	require.ErrorContains(t, err, badHeader+": gzip:")

	_, err = marketfiles.EncodeCSVFile(filepath.Join(dir, "missing.csv"), opts(2))
	require.ErrorContains(t, err, "no such file")
}

func TestEncodeCSVRejects(t *testing.T) {
	withOpts := func(edit func(*marketfiles.CSVOptions)) marketfiles.CSVOptions {
		o := opts(2)
		edit(&o)
		return o
	}
	for name, tc := range map[string]struct {
		csv  string
		o    marketfiles.CSVOptions
		want string
	}{
		"not a number":       {"1,2\nx,3\n", opts(2), `line 2: column 0 is "x", expected a number`},
		"empty feature":      {"1,2\n,3\n", opts(2), `line 2: column 0 is "", expected a number`},
		"NaN":                {"1,2\n3,4\nNaN,1\n", opts(2), "line 3: column 0: cannot encode NaN"},
		"infinite":           {"Inf,2\n", opts(2), "line 1: column 0: cannot encode +Inf"},
		"out of range":       {"1,2\n200,1\n", opts(2), "line 2: column 0: 200 is outside the Q8.8 range"},
		"negative label":     {"1,2\n1,-1\n", opts(2), `line 2: the label (column 1) is "-1", expected a non-negative integer`},
		"fractional label":   {"1,2.5\n", opts(2), `line 1: the label (column 1) is "2.5", expected a non-negative integer`},
		"label too big":      {"1,40000\n", opts(2), "line 1: the label (column 1): value 40000 outside the Q8.8 range"},
		"ragged row":         {"1,2,3\n4,5,6\n7,8\n", opts(2), "line 3 has 2 columns, line 1 has 3"},
		"one column":         {"1\n2\n", opts(2), "line 1 has 1 column; a row needs at least one feature and a label"},
		"label column":       {"1,2\n", withOpts(func(o *marketfiles.CSVOptions) { o.LabelColumn = 2 }), "the label column is 2 (counted from 0) but line 1 has 2 columns"},
		"bare quote":         {"1,2\n3,\"4\n", opts(2), "parse error on line 2"},
		"no rows":            {"", opts(2), "the CSV has no data rows"},
		"header only":        {"a,b\n", withOpts(func(o *marketfiles.CSVOptions) { o.Header = true }), "the CSV has no data rows"},
		"too few rows":       {"1,2\n3,4\n5,6\n", opts(4), "the 3 selected rows do not fill one batch of 4"},
		"start past end":     {"1,2\n3,4\n", withOpts(func(o *marketfiles.CSVOptions) { o.Rows.Start = 2 }), "rows from 2 were asked for but the CSV has 2 data rows (0..1)"},
		"end past end":       {"1,2\n3,4\n", withOpts(func(o *marketfiles.CSVOptions) { o.Rows.End = 3 }), "rows 0:3 were asked for but the CSV has 2 data rows (0..1)"},
		"empty range":        {"1,2\n", withOpts(func(o *marketfiles.CSVOptions) { o.Rows = marketfiles.RowRange{Start: 3, End: 3} }), "row range 3:3 is not a non-empty range"},
		"batch size 0":       {"1,2\n", opts(0), "batch size must be 1..16777216, got 0"},
		"unknown rounding":   {"1,2\n", withOpts(func(o *marketfiles.CSVOptions) { o.Rounding = 0 }), "unknown rounding mode 0"},
		"bad format":         {"1,2\n", withOpts(func(o *marketfiles.CSVOptions) { o.Format = commit.Format{Bits: 8, Frac: 8} }), "frac bits (8) must be below total bits (8)"},
		"batch too big":      {"1,2,3,4\n", opts(1<<22 + 1), "a batch of 4194305 rows of 4 values exceeds 16777216 values"},
		"bad row in a range": {"1,2\nx,3\n5,6\n", withOpts(func(o *marketfiles.CSVOptions) { o.Rows = marketfiles.RowRange{Start: 1} }), `line 2: column 0 is "x"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := encode(t, tc.csv, tc.o)
			require.ErrorContains(t, err, tc.want)
		})
	}

	// Rows outside the selection are not read as data.
	o := opts(1)
	o.Rows = marketfiles.RowRange{Start: 1, End: 2}
	got, err := encode(t, "x,y\n3,4\nz\n", o)
	require.NoError(t, err)
	require.Equal(t, []int64{768}, got.Batches[0].Samples[0].Features)
}

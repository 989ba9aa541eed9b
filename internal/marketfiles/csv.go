package marketfiles

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/litegpt/litegpt/pkg/commit"
)

// CSVOptions say how EncodeCSV turns the rows of a CSV file into batches:
// a task's fixed-point format, rounding and batch size, and where the
// label is.
type CSVOptions struct {
	Format    commit.Format
	Rounding  commit.Rounding
	BatchSize int
	// LabelColumn is the 0-based column of the label; negative means the
	// last column. Every other column is a feature, in file order.
	LabelColumn int
	// Header skips the first row.
	Header bool
	// Rows selects the data rows encoded; the zero value selects all.
	Rows RowRange
}

// RowRange selects the data rows [Start, End), counted from 0 after any
// header row; End 0 means through the last row.
type RowRange struct {
	Start int
	End   int
}

// Validate checks the options.
func (o CSVOptions) Validate() error {
	if err := o.Format.Validate(); err != nil {
		return err
	}
	if o.Rounding < commit.RoundNearestEven || o.Rounding > commit.RoundTowardZero {
		return fmt.Errorf("unknown rounding mode %d", o.Rounding)
	}
	if o.BatchSize < 1 || o.BatchSize > commit.MaxBatchValues {
		return fmt.Errorf("batch size must be 1..%d, got %d", commit.MaxBatchValues, o.BatchSize)
	}
	if o.Rows.Start < 0 || o.Rows.End < 0 || (o.Rows.End != 0 && o.Rows.End <= o.Rows.Start) {
		return fmt.Errorf("row range %d:%d is not a non-empty range of rows from 0", o.Rows.Start, o.Rows.End)
	}
	return nil
}

// EncodedCSV is a CSV file encoded as the leaves of a data set.
type EncodedCSV struct {
	// Batches are the full batches, rows in file order.
	Batches []commit.Batch
	// Features is the number of features per sample.
	Features int
	// Rows is the number of data rows selected.
	Rows int
	// Dropped is the number of trailing selected rows that did not fill a
	// batch and were left out.
	Dropped int
}

// Samples is the number of rows encoded into batches.
func (e EncodedCSV) Samples() int { return e.Rows - e.Dropped }

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// EncodeCSVFile encodes the CSV file at path; a path ending in ".gz" must
// be gzip, and gzip is recognised by its magic whatever the name.
func EncodeCSVFile(path string, opts CSVOptions) (EncodedCSV, error) {
	f, err := os.Open(path)
	if err != nil {
		return EncodedCSV{}, err
	}
	defer f.Close()
	r, gzipped, err := decompress(f)
	if err != nil {
		return EncodedCSV{}, fmt.Errorf("%s: %w", path, err)
	}
	if strings.HasSuffix(path, ".gz") && !gzipped {
		return EncodedCSV{}, fmt.Errorf("%s: the name ends in .gz but the file is not gzip (it does not start with 1f 8b)", path)
	}
	out, err := encodeCSV(r, opts)
	if err != nil {
		return EncodedCSV{}, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// EncodeCSV reads CSV rows of numbers from r (gzip is recognised by its
// magic and decompressed) and encodes them: every feature with
// opts.Format.Encode and opts.Rounding, the label as a non-negative integer
// raw value. Rows are grouped into batches of opts.BatchSize in file order;
// a trailing partial batch is dropped and counted in Dropped. A bad row is
// an error naming its line.
func EncodeCSV(r io.Reader, opts CSVOptions) (EncodedCSV, error) {
	plain, _, err := decompress(r)
	if err != nil {
		return EncodedCSV{}, err
	}
	return encodeCSV(plain, opts)
}

// decompress returns r's content, gunzipped when it starts with the gzip
// magic.
func decompress(r io.Reader) (io.Reader, bool, error) {
	br := bufio.NewReader(r)
	magic, err := br.Peek(len(gzipMagic))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, false, err
	}
	if string(magic) != string(gzipMagic) {
		return br, false, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, true, fmt.Errorf("gzip: %w", err)
	}
	return zr, true, nil
}

// rowEncoder turns CSV records into samples and batches.
type rowEncoder struct {
	opts     CSVOptions
	columns  int // of the first selected row
	label    int // resolved label column
	firstRow int // line of the first selected row
	pending  []commit.Sample
	out      EncodedCSV
}

func encodeCSV(r io.Reader, opts CSVOptions) (EncodedCSV, error) {
	if err := opts.Validate(); err != nil {
		return EncodedCSV{}, err
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, with a message naming the line
	cr.ReuseRecord = true
	e := rowEncoder{opts: opts}
	row, skipHeader := 0, opts.Header
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var parseErr *csv.ParseError
			if errors.As(err, &parseErr) {
				return EncodedCSV{}, err // it names its line
			}
			line, _ := cr.FieldPos(0)
			return EncodedCSV{}, fmt.Errorf("reading the CSV after line %d: %w", line, err)
		}
		if skipHeader {
			skipHeader = false
			continue
		}
		if row >= opts.Rows.Start && (opts.Rows.End == 0 || row < opts.Rows.End) {
			line, _ := cr.FieldPos(0)
			if err := e.add(record, line); err != nil {
				return EncodedCSV{}, err
			}
		}
		row++
	}
	return e.finish(row)
}

// add encodes one selected row found at line.
func (e *rowEncoder) add(record []string, line int) error {
	if e.columns == 0 {
		if len(record) < 2 {
			return fmt.Errorf("line %d has %d column; a row needs at least one feature and a label", line, len(record))
		}
		e.columns, e.label, e.firstRow = len(record), e.opts.LabelColumn, line
		if e.label < 0 {
			e.label = len(record) - 1
		}
		if e.label >= len(record) {
			return fmt.Errorf("the label column is %d (counted from 0) but line %d has %d columns", e.label, line, len(record))
		}
		if e.opts.BatchSize*len(record) > commit.MaxBatchValues {
			return fmt.Errorf("a batch of %d rows of %d values exceeds %d values", e.opts.BatchSize, len(record), commit.MaxBatchValues)
		}
		e.out.Features = len(record) - 1
	}
	if len(record) != e.columns {
		return fmt.Errorf("line %d has %d columns, line %d has %d", line, len(record), e.firstRow, e.columns)
	}
	s := commit.Sample{Features: make([]int64, 0, e.columns-1)}
	for i, field := range record {
		field = strings.TrimSpace(field)
		if i == e.label {
			label, err := strconv.ParseInt(field, 10, 64)
			if err != nil || label < 0 {
				return fmt.Errorf("line %d: the label (column %d) is %q, expected a non-negative integer", line, i, field)
			}
			if err := e.opts.Format.CheckRaw(label); err != nil {
				return fmt.Errorf("line %d: the label (column %d): %w", line, i, err)
			}
			s.Label = label
			continue
		}
		x, err := strconv.ParseFloat(field, 64)
		if err != nil {
			return fmt.Errorf("line %d: column %d is %q, expected a number", line, i, field)
		}
		raw, err := e.opts.Format.Encode(x, e.opts.Rounding)
		if err != nil {
			return fmt.Errorf("line %d: column %d: %w", line, i, err)
		}
		s.Features = append(s.Features, raw)
	}
	e.out.Rows++
	e.pending = append(e.pending, s)
	if len(e.pending) == e.opts.BatchSize {
		e.out.Batches = append(e.out.Batches, commit.Batch{Format: e.opts.Format, Samples: e.pending})
		e.pending = make([]commit.Sample, 0, e.opts.BatchSize)
	}
	return nil
}

// finish checks the selection against the rows read (total data rows).
func (e *rowEncoder) finish(total int) (EncodedCSV, error) {
	rows := e.opts.Rows
	switch {
	case total == 0:
		return EncodedCSV{}, errors.New("the CSV has no data rows")
	case rows.Start >= total:
		return EncodedCSV{}, fmt.Errorf("rows from %d were asked for but the CSV has %d data rows (0..%d)", rows.Start, total, total-1)
	case rows.End > total:
		return EncodedCSV{}, fmt.Errorf("rows %d:%d were asked for but the CSV has %d data rows (0..%d)", rows.Start, rows.End, total, total-1)
	case len(e.out.Batches) == 0:
		return EncodedCSV{}, fmt.Errorf("the %d selected rows do not fill one batch of %d", e.out.Rows, e.opts.BatchSize)
	}
	e.out.Dropped = len(e.pending)
	return e.out, nil
}

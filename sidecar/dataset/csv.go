package dataset

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LoadCSV reads a CSV file, plain or gzip-compressed; the data set is named
// after the file. See ReadCSV.
func LoadCSV(path string, opts CSVOptions) (Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return Dataset{}, fmt.Errorf("csv: %w", err)
	}
	defer f.Close()
	ds, err := ReadCSV(f, opts)
	if err != nil {
		return Dataset{}, fmt.Errorf("csv %s: %w", path, err)
	}
	ds.Name = filepath.Base(path)
	return ds, nil
}

// ReadCSV reads a CSV data set, plain or gzip-compressed. Every column
// other than the label and group columns is a feature, in file order,
// parsed as a float64 and divided by opts.Scale. Fields may be padded with
// spaces (a quoted field must start with its quote, as in RFC 4180) and
// empty lines are skipped.
//
// Labels that are all integers are the classes themselves (Classes =
// largest + 1, at least 2), and must be 0..MaxClasses-1. If any label is
// other text, every label is a class name: the distinct names, sorted
// byte-wise (Go string order, so "Z" < "a" and "10" < "2"), are classes
// 0, 1, ... and are kept in ClassNames. Group ids follow the same rule
// (integers 0..math.MaxInt, or GroupNames), except that an empty group
// field is NoGroup.
//
// Errors name the line (counted from 1) and the column (counted from 0):
// rows of differing widths, no data rows, non-numeric or non-finite
// features, empty or negative labels, too many classes, more than
// MaxValues features in all.
func ReadCSV(r io.Reader, opts CSVOptions) (Dataset, error) {
	if err := opts.Validate(); err != nil {
		return Dataset{}, err
	}
	plain, err := decompress(r)
	if err != nil {
		return Dataset{}, err
	}
	cr := csv.NewReader(plain)
	cr.FieldsPerRecord = -1 // checked by csvRows.add, with a message naming the line
	cr.ReuseRecord = true
	rows := csvRows{opts: opts, scale: opts.scale()}
	first := true
	lastLine := 0 // the line of the last record read whole
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var parseErr *csv.ParseError
			if errors.As(err, &parseErr) {
				return Dataset{}, err // it names its line and column
			}
			// A read error (e.g. truncated gzip). Not cr.FieldPos: after
			// a read error the reader may hold no field position at all.
			if lastLine == 0 {
				return Dataset{}, fmt.Errorf("reading the csv's first record: %w", err)
			}
			return Dataset{}, fmt.Errorf("reading the csv after line %d: %w", lastLine, err)
		}
		line, _ := cr.FieldPos(0) // a record read whole has a field
		lastLine = line
		if first {
			record[0] = strings.TrimPrefix(record[0], "\ufeff") // a byte-order mark
			first = false
			if opts.Header {
				if err := rows.setHeader(record, line); err != nil {
					return Dataset{}, err
				}
				continue
			}
		}
		if err := rows.add(record, line); err != nil {
			return Dataset{}, err
		}
	}
	return rows.finish()
}

// csvRows collects the rows of a CSV file.
type csvRows struct {
	opts      CSVOptions
	scale     float64
	names     []string // header names, nil without a header
	width     int      // columns of every row, 0 until known
	widthLine int      // the line width was taken from
	label     int      // resolved label column
	group     int      // resolved group column, -1 for none
	x         []float64
	labels    textColumn
	groups    textColumn
}

// setHeader takes the column names from the header at line.
func (c *csvRows) setHeader(record []string, line int) error {
	c.names = make([]string, len(record))
	for i, name := range record {
		c.names[i] = strings.TrimSpace(name)
	}
	return c.setWidth(len(record), line)
}

// setWidth fixes the number of columns and resolves the label and group
// columns.
func (c *csvRows) setWidth(width, line int) error {
	c.width, c.widthLine = width, line
	var err error
	label, _ := parseColumnRef(c.opts.LabelColumn, c.opts.Header, "label") // checked by Validate
	if c.label, err = label.resolve(c.names, width); err != nil {
		return fmt.Errorf("line %d: %w", line, err)
	}
	c.group = -1
	if c.opts.GroupColumn != "" {
		group, _ := parseColumnRef(c.opts.GroupColumn, c.opts.Header, "group")
		if c.group, err = group.resolve(c.names, width); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		if c.group == c.label {
			return fmt.Errorf("line %d: the label and group columns are both column %d", line, c.label)
		}
	}
	if c.features() < 1 {
		return fmt.Errorf("line %d has %d columns, leaving no feature column besides the label and group", line, width)
	}
	c.labels = textColumn{role: "label", where: c.column(c.label), max: MaxClasses - 1}
	if c.group >= 0 {
		c.groups = textColumn{role: "group", where: c.column(c.group), max: math.MaxInt, emptyAllowed: true}
	}
	return nil
}

// features is the number of feature columns.
func (c *csvRows) features() int {
	if c.group >= 0 {
		return c.width - 2
	}
	return c.width - 1
}

// add parses the data row at line.
func (c *csvRows) add(record []string, line int) error {
	if c.width == 0 {
		if err := c.setWidth(len(record), line); err != nil {
			return err
		}
	}
	if len(record) != c.width {
		return fmt.Errorf("line %d has %d columns, expected %d as on line %d", line, len(record), c.width, c.widthLine)
	}
	if rows := c.labels.len() + 1; rows > MaxValues/c.features() {
		return fmt.Errorf("line %d: more than %d feature values", line, MaxValues)
	}
	for i, field := range record {
		field = strings.TrimSpace(field)
		var err error
		switch i {
		case c.label:
			err = c.labels.add(field, line)
		case c.group:
			err = c.groups.add(field, line)
		default:
			err = c.addFeature(field)
		}
		if err != nil {
			return fmt.Errorf("line %d, %s: %w", line, c.column(i), err)
		}
	}
	return nil
}

// addFeature parses one feature.
func (c *csvRows) addFeature(field string) error {
	x, err := strconv.ParseFloat(field, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("%q is not a number", field)
	}
	scaled := x / c.scale
	if err != nil || math.IsNaN(scaled) || math.IsInf(scaled, 0) {
		return fmt.Errorf("%q is not a finite number after dividing by the scale %v", field, c.scale)
	}
	c.x = append(c.x, scaled)
	return nil
}

// column names column i for messages.
func (c *csvRows) column(i int) string {
	if c.names != nil && c.names[i] != "" {
		return fmt.Sprintf("column %d (%q)", i, c.names[i])
	}
	return fmt.Sprintf("column %d", i)
}

// finish turns the collected rows into a data set.
func (c *csvRows) finish() (Dataset, error) {
	n := c.labels.len()
	if n == 0 {
		return Dataset{}, errors.New("the csv has no data rows")
	}
	y, classNames, err := c.labels.resolve()
	if err != nil {
		return Dataset{}, err
	}
	classes := len(classNames)
	if classNames == nil {
		classes = 2
		for _, label := range y {
			classes = max(classes, label+1)
		}
	}
	if classes > MaxClasses {
		return Dataset{}, fmt.Errorf("%d class names, more than the limit of %d classes", classes, MaxClasses)
	}
	ds := Dataset{Features: c.features(), Classes: classes, X: c.x, Y: y, ClassNames: classNames}
	if c.group >= 0 {
		if ds.Groups, ds.GroupNames, err = c.groups.resolve(); err != nil {
			return Dataset{}, err
		}
	}
	return ds, nil
}

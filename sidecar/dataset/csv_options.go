package dataset

import (
	"fmt"
	"math"
	"strconv"
)

// CSVOptions say how ReadCSV reads a CSV file.
type CSVOptions struct {
	// Header says the first record names the columns.
	Header bool
	// LabelColumn is the label's column: a 0-based index such as "64", a
	// column name when Header is set, or "" or "last" for the last column.
	// An index or "last" wins over a header name spelled the same.
	LabelColumn string
	// Scale divides every feature (e.g. 16 for pixels 0..16); 0 means 1.
	Scale float64
	// GroupColumn is an optional column of group ids (writer, source),
	// with the syntax of LabelColumn except that "" means none. It is not
	// a feature.
	GroupColumn string
}

// Validate checks the scale and the column references' syntax.
func (o CSVOptions) Validate() error {
	if math.IsNaN(o.Scale) || math.IsInf(o.Scale, 0) || o.Scale < 0 {
		return fmt.Errorf("scale must be a finite number > 0 (or 0 for 1), got %v", o.Scale)
	}
	if _, err := parseColumnRef(o.LabelColumn, o.Header, "label"); err != nil {
		return err
	}
	if o.GroupColumn != "" {
		if _, err := parseColumnRef(o.GroupColumn, o.Header, "group"); err != nil {
			return err
		}
	}
	return nil
}

// scale is the divisor of the features.
func (o CSVOptions) scale() float64 {
	if o.Scale == 0 {
		return 1
	}
	return o.Scale
}

// columnRef is a parsed LabelColumn or GroupColumn.
type columnRef struct {
	role  string // "label" or "group", for messages
	last  bool
	index int    // when name == "" and !last
	name  string // a header name
}

// parseColumnRef parses a column reference; "" means the last column.
func parseColumnRef(spec string, header bool, role string) (columnRef, error) {
	if spec == "" || spec == "last" {
		return columnRef{role: role, last: true}, nil
	}
	if isDigits(spec) {
		index, err := strconv.Atoi(spec)
		if err != nil {
			return columnRef{}, fmt.Errorf("the %s column %q is too large", role, spec)
		}
		return columnRef{role: role, index: index}, nil
	}
	if !header {
		return columnRef{}, fmt.Errorf("the %s column %q is not a 0-based index or \"last\", and without a header it cannot be a column name", role, spec)
	}
	return columnRef{role: role, name: spec}, nil
}

// resolve returns the 0-based column of c in rows of width columns, names
// being the header (nil without one).
func (c columnRef) resolve(names []string, width int) (int, error) {
	switch {
	case c.last:
		return width - 1, nil
	case c.name == "":
		if c.index >= width {
			return 0, fmt.Errorf("the %s column is %d (counted from 0) but rows have %d columns", c.role, c.index, width)
		}
		return c.index, nil
	}
	found := -1
	for i, name := range names {
		if name != c.name {
			continue
		}
		if found >= 0 {
			return 0, fmt.Errorf("the %s column %q is ambiguous: the header names columns %d and %d so", c.role, c.name, found, i)
		}
		found = i
	}
	if found < 0 {
		return 0, fmt.Errorf("the %s column %q is not in the header", c.role, c.name)
	}
	return found, nil
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
